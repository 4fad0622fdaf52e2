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

    /**
     * Where the limit/count word of an index block would be, judged from the block's first
     * entries alone: 8 (relative to the block) for an interior node (one empty entry spanning
     * the block), 32 for a root ('.' of 12 bytes, '..' spanning the rest, dx_root_info with
     * reserved word 0 and info length 8), or -1 if the block looks like neither.
     */
    public static int countOffsetOf(ByteBuffer b, int blockOff, int blockSize) {
        int rec = DirEntry.decodeRecLen(Le.u16(b, blockOff + 4), blockSize);
        if (rec == blockSize && Le.u16(b, blockOff + 6) == 0) {
            return DxNode.COUNT_OFFSET;
        }
        if (rec == 12 && blockSize >= 40) {
            int rec2 = DirEntry.decodeRecLen(Le.u16(b, blockOff + 16), blockSize);
            if (rec2 == blockSize - 12 && Le.u32(b, blockOff + DxRoot.INFO_OFFSET) == 0
                    && Le.u8(b, blockOff + DxRoot.INFO_OFFSET + 5) == DxRoot.INFO_LENGTH) {
                return DxRoot.INFO_OFFSET + DxRoot.INFO_LENGTH;
            }
        }
        return -1;
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
