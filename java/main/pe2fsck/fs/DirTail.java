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

    /** {@link #find} result: the entries end exactly at a well-formed tail. */
    public static final int FOUND = 0;
    /** {@link #find} result: the entries do not leave a tail, or the last 12 bytes are no tail. */
    public static final int NO_SPACE = 1;
    /** {@link #find} result: a rec_len on the way is unusable, so the question has no answer. */
    public static final int CORRUPTED = 2;

    /**
     * Follows the rec_len chain from the block start to where a tail would begin and says
     * whether a tail sits there ({@link #FOUND}), whether the chain skips past that point or
     * the bytes there are no tail ({@link #NO_SPACE}), or whether a rec_len on the way is below
     * 8 or not a multiple of 4 ({@link #CORRUPTED}).
     */
    public static int find(ByteBuffer b, int blockOff, int blockSize) {
        int top = offset(blockOff, blockSize);
        int p = blockOff;
        while (p < top) {
            int rec = DirEntry.decodeRecLen(Le.u16(b, p + 4), blockSize);
            if (rec < DirEntry.HEADER || (rec & 3) != 0) {
                return CORRUPTED;
            }
            p += rec;
        }
        if (p > blockOff + blockSize) {
            return CORRUPTED;
        }
        if (p != top || !present(b, blockOff, blockSize)) {
            return NO_SPACE;
        }
        return FOUND;
    }

    public static int stored(ByteBuffer b, int blockOff, int blockSize) {
        return Le.s32(b, offset(blockOff, blockSize) + 8);
    }

    public static int expected(Checksums ck, int inodeSeed, ByteBuffer b, int blockOff, int blockSize) {
        return ck.seeded(inodeSeed, b, blockOff, blockSize - SIZE);
    }
}
