package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * The 8-byte tail after the last possible entry (limit) of an htree index block under
 * metadata_csum: a reserved word and a crc32c from the directory inode's seed. The checksum
 * covers the block from its start through the used entries (count), then the reserved word,
 * then the checksum field taken as zero.
 */
public final class DxTail {

    public static final int SIZE = 8;

    private DxTail() {
    }

    /** Absolute offset of the tail for entries viewed by {@code e}. */
    public static int offset(DxEntries e) { return e.limitEnd(); }

    /** True if the tail lies inside the block starting at {@code blockOff}. */
    public static boolean fits(DxEntries e, int blockOff, int blockSize) {
        return e.limitEnd() + SIZE <= blockOff + blockSize;
    }

    public static long reserved(ByteBuffer b, DxEntries e) { return Le.u32(b, offset(e)); }

    public static int stored(ByteBuffer b, DxEntries e) { return Le.s32(b, offset(e) + 4); }

    /** Expected checksum; {@code count} is clamped to {@code limit} so corrupt counts stay in bounds. */
    public static int expected(Checksums ck, int inodeSeed, ByteBuffer b, int blockOff, DxEntries e) {
        int count = Math.min(e.count(), e.limit());
        return ck.dxNode(inodeSeed, b, blockOff, e.countOffset() - blockOff, count, offset(e));
    }
}
