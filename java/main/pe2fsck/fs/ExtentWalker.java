package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Visits every leaf extent of an extent-mapped inode, at any depth, reading tree blocks through
 * the {@link FileSystem}. One walker per thread: it keeps one block buffer per tree level and
 * reuses them for every inode.
 *
 * <p>Corruption never makes it loop or recurse without bound: depth is capped at
 * {@link ExtentHeader#MAX_DEPTH} at the root and drops by one per level (a tree block's own depth
 * field is ignored, as e2fsck ignores it), child blocks must lie
 * inside the file system, and the number of tree blocks read for one inode cannot exceed the
 * number of blocks in the file system. Each problem goes to {@link Visitor#badNode}, which throws
 * {@link FormatException} unless the visitor chooses to skip the subtree.
 */
public final class ExtentWalker {

    /** Receives the extents of one inode in tree order. */
    public interface Visitor {

        /** One leaf extent: {@code length} blocks from {@code logical} at {@code physical}. */
        void extent(long logical, long physical, int length, boolean uninit);

        /**
         * A tree block was read and its header accepted ({@code depth} 0 = leaf block). Not called
         * for the root in i_block.
         */
        default void node(long block, int depth, int entries) {
        }

        /**
         * A node (block 0 = the root in i_block) cannot be walked. Return normally to skip that
         * subtree; the default throws.
         */
        default void badNode(long block, int depth, String why) {
            throw new FormatException(why);
        }

        /** A tree block's tail checksum is wrong (only when verifying). The default throws. */
        default void checksumMismatch(long block, int stored, int expected) {
            throw new FormatException(String.format("extent block %d has checksum 0x%08x, expected 0x%08x",
                    block, stored, expected));
        }
    }

    private final FileSystem fs;
    private final Checksums ck;
    private final ExtentHeader header = new ExtentHeader();
    private final ExtentEntry entry = new ExtentEntry();
    private final ByteBuffer[] levels = new ByteBuffer[ExtentHeader.MAX_DEPTH];
    private final boolean csum;
    private int inodeSeed;
    private boolean verify;
    private long budget;

    public ExtentWalker(FileSystem fs) {
        this.fs = fs;
        this.ck = fs.checksums();
        this.csum = fs.has(Feature.METADATA_CSUM);
    }

    /**
     * Walks inode {@code ino} (viewed by {@code inode}). With {@code verifyChecksums} and
     * metadata_csum, every tree block's tail is checked against the inode's seed.
     */
    public void walk(long ino, Inode inode, boolean verifyChecksums, Visitor v) {
        this.verify = verifyChecksums && csum;
        this.inodeSeed = verify ? ck.inodeSeedValue(ino, inode.generation()) : 0;
        this.budget = fs.geometry().blocksCount();
        ByteBuffer b = inode.buffer();
        int rootOff = inode.blockAreaOffset();
        header.at(b, rootOff);
        String why = header.problem(Inode.BLOCK_BYTES);
        if (why != null) {
            v.badNode(0, -1, "inode " + ino + ": " + why);
            return;
        }
        walkNode(ino, b, rootOff, header.depth(), v);
    }

    private void walkNode(long ino, ByteBuffer b, int hoff, int depth, Visitor v) {
        header.at(b, hoff);
        int n = header.entries();
        if (depth == 0) {
            for (int i = 0; i < n; i++) {
                entry.at(b, header.entryOffset(i));
                v.extent(entry.logicalBlock(), entry.physicalStart(), entry.length(), entry.isUninit());
                header.at(b, hoff);
            }
            return;
        }
        long first = fs.geometry().firstDataBlock();
        long count = fs.geometry().blocksCount();
        int bs = fs.blockSize();
        for (int i = 0; i < n; i++) {
            entry.at(b, hoff + ExtentHeader.SIZE + i * ExtentEntry.SIZE);
            long child = entry.childBlock();
            if (child == 0 || child < first || child >= count) {
                v.badNode(child, depth - 1, "inode " + ino + ": extent index points to block " + child
                        + ", outside the file system");
                continue;
            }
            if (--budget < 0) {
                throw new FormatException("inode " + ino + ": extent tree references more blocks than the file system has");
            }
            ByteBuffer cb = level(depth - 1, bs);
            cb.clear();
            fs.readBlock(child, cb);
            header.at(cb, 0);
            // A tree block's own depth field is not read: as e2fsck, the level comes from the root.
            String why = header.blockProblem(bs);
            if (why != null) {
                v.badNode(child, depth - 1, "inode " + ino + ": " + why);
                continue;
            }
            if (verify && ExtentTail.fits(header.max(), bs)) {
                int max = header.max();
                int stored = ExtentTail.stored(cb, 0, max);
                int expected = ExtentTail.expected(ck, inodeSeed, cb, 0, max);
                if (stored != expected) {
                    v.checksumMismatch(child, stored, expected);
                }
            }
            header.at(cb, 0);
            v.node(child, depth - 1, header.entries());
            walkNode(ino, cb, 0, depth - 1, v);
        }
    }

    private ByteBuffer level(int depth, int bs) {
        ByteBuffer b = levels[depth];
        if (b == null) {
            b = ByteBuffer.allocate(bs).order(ByteOrder.LITTLE_ENDIAN);
            levels[depth] = b;
        }
        return b;
    }
}
