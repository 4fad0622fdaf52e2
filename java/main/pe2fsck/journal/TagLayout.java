package pe2fsck.journal;

import java.nio.ByteBuffer;

/**
 * How a journal lays out its descriptor tags, decided by its feature flags: a tag is 8 bytes
 * (32-bit block numbers), 12 (64bit), 10 or 14 with checksum v2 (a 16-bit checksum), and always
 * 16 with checksum v3 (flags and checksum 32 bits wide). In every layout the block number's low
 * word is at 0, the flags' low 16 bits at 6 and the high word at 8; the v2 checksum is at 4, the
 * v3 one at 12. A tag without {@link LogBlock#FLAG_SAME_UUID} is followed by a 16-byte UUID.
 *
 * @param tagBytes   bytes of one tag, UUID not included
 * @param is64       block numbers have a high word
 * @param csumV2     per-block checksums of 16 bits
 * @param csumV3     per-block checksums of 32 bits
 * @param v1Checksum commit blocks carry a crc32 of the transaction (the compat checksum feature)
 */
public record TagLayout(int tagBytes, boolean is64, boolean csumV2, boolean csumV3, boolean v1Checksum) {

    public static TagLayout of(JournalSuperblock jsb) {
        boolean is64 = jsb.hasIncompat(JournalSuperblock.INCOMPAT_64BIT);
        boolean v3 = jsb.hasIncompat(JournalSuperblock.INCOMPAT_CSUM_V3);
        boolean v2 = !v3 && jsb.hasIncompat(JournalSuperblock.INCOMPAT_CSUM_V2);
        boolean v1 = (jsb.featureCompat() & JournalSuperblock.COMPAT_CHECKSUM) != 0;
        int bytes = v3 ? 16 : (is64 ? 12 : 8) + (v2 ? 2 : 0);
        return new TagLayout(bytes, is64, v2, v3, v1);
    }

    /** Checksums of v2 or v3: descriptor, revoke and commit blocks carry one too. */
    public boolean blockChecksums() {
        return csumV2 || csumV3;
    }

    /** Where the tags of a descriptor block of {@code blockSize} bytes must end. */
    public int tagSpaceEnd(int blockSize) {
        return blockSize - (blockChecksums() ? LogBlock.TAIL_BYTES : 0);
    }

    public long blockNumber(ByteBuffer b, int tag) {
        long low = b.getInt(tag) & 0xFFFFFFFFL;
        return is64 ? low | (b.getInt(tag + 8) & 0xFFFFFFFFL) << 32 : low;
    }

    public int flags(ByteBuffer b, int tag) {
        return b.getShort(tag + 6) & 0xFFFF;
    }

    /** The tag's stored checksum: 32 bits under v3, 16 under v2. */
    public int storedChecksum(ByteBuffer b, int tag) {
        return csumV3 ? b.getInt(tag + 12) : b.getShort(tag + 4) & 0xFFFF;
    }

    /** Offset of the tag after the one at {@code tag}. */
    public int next(ByteBuffer b, int tag) {
        return tag + tagBytes + ((flags(b, tag) & LogBlock.FLAG_SAME_UUID) != 0 ? 0 : 16);
    }

    /** Number of tags in a descriptor block (the data blocks that follow it in the log). */
    public int count(ByteBuffer b, int blockSize) {
        int end = tagSpaceEnd(blockSize);
        int n = 0;
        for (int t = LogBlock.HEADER_BYTES; t + tagBytes <= end; t = next(b, t)) {
            n++;
            if ((flags(b, t) & LogBlock.FLAG_LAST_TAG) != 0) {
                break;
            }
        }
        return n;
    }
}
