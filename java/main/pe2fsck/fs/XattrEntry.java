package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over one extended-attribute entry, in an inode body or an xattr block: name length,
 * name index (the prefix), value offset, value inode (ea_inode), value size, hash, then the name
 * padded to four bytes. A zero 32-bit word where an entry would start ends the list.
 */
public final class XattrEntry {

    public static final int HEADER = 16;

    public static final int INDEX_USER = 1;
    public static final int INDEX_POSIX_ACL_ACCESS = 2;
    public static final int INDEX_POSIX_ACL_DEFAULT = 3;
    public static final int INDEX_TRUSTED = 4;
    public static final int INDEX_LUSTRE = 5;
    public static final int INDEX_SECURITY = 6;
    public static final int INDEX_SYSTEM = 7;
    public static final int INDEX_RICHACL = 8;

    private ByteBuffer b;
    private int off;

    public XattrEntry at(ByteBuffer buffer, int offset) {
        this.b = buffer;
        this.off = offset;
        return this;
    }

    public ByteBuffer buffer() { return b; }
    public int offset() { return off; }

    public int nameLen() { return Le.u8(b, off); }
    public int nameIndex() { return Le.u8(b, off + 1); }
    public int valueOffs() { return Le.u16(b, off + 2); }
    public long valueInum() { return Le.u32(b, off + 4); }
    public long valueSize() { return Le.u32(b, off + 8); }
    public int hash() { return Le.s32(b, off + 12); }
    public int nameOffset() { return off + HEADER; }

    /** Bytes this entry occupies, name padding included. */
    public int size() { return entrySize(nameLen()); }

    public static int entrySize(int nameLen) { return (HEADER + nameLen + 3) & ~3; }

    public byte[] name() {
        byte[] n = new byte[nameLen()];
        b.get(nameOffset(), n);
        return n;
    }

    /** True if the name index and name bytes equal the given ones. */
    public boolean is(int index, byte[] name) {
        if (nameIndex() != index || nameLen() != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (b.get(nameOffset() + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The name with its prefix, as getfattr prints it (name bytes decoded as UTF-8). */
    public String fullName() {
        return prefix(nameIndex()) + new String(name(), StandardCharsets.UTF_8);
    }

    /** The attribute-name prefix a name index stands for ("" for unknown indexes). */
    public static String prefix(int index) {
        return switch (index) {
            case INDEX_USER -> "user.";
            case INDEX_POSIX_ACL_ACCESS -> "system.posix_acl_access";
            case INDEX_POSIX_ACL_DEFAULT -> "system.posix_acl_default";
            case INDEX_TRUSTED -> "trusted.";
            case INDEX_LUSTRE -> "lustre.";
            case INDEX_SECURITY -> "security.";
            case INDEX_SYSTEM -> "system.";
            case INDEX_RICHACL -> "system.richacl";
            default -> "";
        };
    }
}
