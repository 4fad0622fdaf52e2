package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * The 12-byte fake entry that ends each leaf directory block under metadata_csum: inode 0,
 * rec_len 12, name_len 0, file_type 0xDE, then crc32c (from the directory inode's seed) of the
 * block up to the tail.
 */
public final class DirTail {

    public static final int SIZE = 12;

    private DirTail() {
    }

    /** Buffer offset of the tail of the block at {@code blockOff}. */
    public static int offset(int blockOff, int blockSize) { return blockOff + blockSize - SIZE; }

    /** True if the last 12 bytes of the block look like a checksum tail. */
    public static boolean present(ByteBuffer b, int blockOff, int blockSize) {
        int t = offset(blockOff, blockSize);
        return Le.s32(b, t) == 0 && Le.u16(b, t + 4) == SIZE && Le.u8(b, t + 6) == 0
                && Le.u8(b, t + 7) == DirEntry.FT_TAIL;
    }

    public static int stored(ByteBuffer b, int blockOff, int blockSize) {
        return Le.s32(b, offset(blockOff, blockSize) + 8);
    }

    public static int expected(Checksums ck, int inodeSeed, ByteBuffer b, int blockOff, int blockSize) {
        return ck.seeded(inodeSeed, b, blockOff, blockSize - SIZE);
    }
}
