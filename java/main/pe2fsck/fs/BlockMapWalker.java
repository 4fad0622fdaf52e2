package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Visits the mapped blocks of an inode that uses the classic ext2/ext3 block map: twelve direct
 * pointers in i_block, then single, double and triple indirect blocks. Zero pointers are holes
 * and are skipped with their whole subtree. One walker per thread (it keeps three reusable
 * buffers, one per indirection level).
 */
public final class BlockMapWalker {

    public static final int DIRECT = 12;
    public static final int IND = 12;
    public static final int DIND = 13;
    public static final int TIND = 14;

    /** Receives mapped blocks in logical order. */
    public interface Visitor {

        /** Logical block {@code logical} lives at {@code physical}. */
        void block(long logical, long physical);

        /**
         * An indirect block at {@code level} (1 = single, 2 = double, 3 = triple) whose subtree
         * starts at logical block {@code firstLogical}; called before its pointers are read.
         */
        default void indirect(long block, int level, long firstLogical) {
        }

        /**
         * A pointer lies outside the file system. {@code level} is 0 for a data pointer, else the
         * level of the indirect block it names. Return normally to skip it; the default throws.
         */
        default void badPointer(long logical, long pointer, int level) {
            throw new FormatException("block map entry for logical block " + logical + " points to block "
                    + pointer + ", outside the file system");
        }
    }

    private final FileSystem fs;
    private final ByteBuffer[] levels = new ByteBuffer[4];
    private final int perBlock;
    private final long first;
    private final long count;

    public BlockMapWalker(FileSystem fs) {
        this.fs = fs;
        this.perBlock = fs.blockSize() / 4;
        this.first = fs.geometry().firstDataBlock();
        this.count = fs.geometry().blocksCount();
    }

    /** Pointers per indirect block. */
    public int pointersPerBlock() { return perBlock; }

    /** Logical blocks one pointer at {@code level} covers (1, p, p^2, p^3). */
    public long span(int level) {
        long s = 1;
        for (int i = 0; i < level; i++) {
            s *= perBlock;
        }
        return s;
    }

    public void walk(Inode inode, Visitor v) {
        for (int i = 0; i < DIRECT; i++) {
            pointer(inode.block(i), i, 0, v);
        }
        long logical = DIRECT;
        for (int level = 1; level <= 3; level++) {
            pointer(inode.block(DIRECT + level - 1), logical, level, v);
            logical += span(level);
        }
    }

    private void pointer(long p, long logical, int level, Visitor v) {
        if (p == 0) {
            return;
        }
        if (p < first || p >= count) {
            v.badPointer(logical, p, level);
            return;
        }
        if (level == 0) {
            v.block(logical, p);
            return;
        }
        v.indirect(p, level, logical);
        ByteBuffer b = levels[level];
        if (b == null) {
            b = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
            levels[level] = b;
        }
        b.clear();
        fs.readBlock(p, b);
        long step = span(level - 1);
        for (int i = 0; i < perBlock; i++) {
            pointer(Le.u32(b, 4 * i), logical + i * step, level - 1, v);
        }
    }
}
