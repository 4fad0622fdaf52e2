package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * The hash an extended-attribute entry stores in e_hash: the name bytes rotated in five bits
 * at a time, then the value's little-endian 32-bit words (the value padded to four bytes)
 * sixteen bits at a time. Some writers fed the name bytes in as signed chars, so a stored hash
 * is accepted when it matches either way of reading them. Values kept in an EA inode are not
 * hashed here (their entry hash covers the EA inode's own hash instead).
 */
public final class XattrHash {

    private static final int NAME_SHIFT = 5;
    private static final int VALUE_SHIFT = 16;

    private XattrHash() {
    }

    /**
     * The hash of entry {@code e} whose value starts at absolute offset {@code valueAt} of the
     * entry's buffer, with name bytes read as unsigned ({@code signedNames} false) or signed.
     */
    public static int of(XattrEntry e, int valueAt, boolean signedNames) {
        ByteBuffer b = e.buffer();
        int hash = 0;
        int nameAt = e.nameOffset();
        for (int i = 0, n = e.nameLen(); i < n; i++) {
            byte c = b.get(nameAt + i);
            int v = signedNames ? c : c & 0xFF;
            hash = (hash << NAME_SHIFT) ^ (hash >>> (32 - NAME_SHIFT)) ^ v;
        }
        long size = e.valueSize();
        if (e.valueInum() == 0 && size != 0) {
            long words = (size + 3) >>> 2;
            for (long w = 0; w < words; w++) {
                int v = word(b, (int) (valueAt + 4 * w));
                hash = (hash << VALUE_SHIFT) ^ (hash >>> (32 - VALUE_SHIFT)) ^ v;
            }
        }
        return hash;
    }

    /** The little-endian word at {@code at}, bytes past the buffer's limit read as zero. */
    private static int word(ByteBuffer b, int at) {
        if (at + 4 <= b.limit()) {
            return Le.s32(b, at);
        }
        int v = 0;
        for (int i = 0; i < 4 && at + i < b.limit(); i++) {
            v |= (b.get(at + i) & 0xFF) << (8 * i);
        }
        return v;
    }

    /** True if the stored hash of {@code e} matches its name and value, read either way. */
    public static boolean matches(XattrEntry e, int valueAt) {
        int stored = e.hash();
        return stored == of(e, valueAt, false) || stored == of(e, valueAt, true);
    }
}
