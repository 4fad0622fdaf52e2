package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import pe2fsck.run.IoTuning;
import pe2fsck.fs.ExtentEntry;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.io.BlockDevice;

/**
 * Prefetch for pass 1: looks through an inode-table batch as soon as it is read for the blocks
 * a consumer will later read one at a time (a slow symlink's target, a hashed directory's
 * root, extent tree nodes below the inode, indirect blocks), and for the extended attribute
 * blocks that pass 1 checks once the scan is over, and tells the device they will be needed.
 * The kernel then reads them in the background, many at once, while the batch waits in the
 * ring (or the scan goes on); the later read finds them cached. A batch's blocks are sorted
 * and neighbours hinted as one range, through gaps as the read-ahead engine reads through
 * them, so a batch's scattered symlink targets cost a few requests rather than one each. Only
 * a hint: it never fails and the consumers check everything themselves. With O_DIRECT the
 * device ignores hints.
 * One instance per reader thread.
 */
final class BlockHints {

    private final BlockDevice device;
    private final int blockSize;
    private final long blocksCount;
    private final int inodeSize;
    private final Inode inode;
    private final ExtentHeader header = new ExtentHeader();
    private final ExtentEntry entry = new ExtentEntry();
    /** This batch's blocks to hint now. */
    private final HintRanges wanted = new HintRanges();
    /** This batch's directory blocks, for the prefetcher; null without one. */
    private final HintRanges dirBlocks;
    private final Consumer<long[]> dirRanges;

    /**
     * @param dirRanges takes each batch's directory blocks as (first block, count) pairs in disk
     *                  order (a {@link DirectoryPrefetch}), or null to leave them to pass 2
     */
    BlockHints(FileSystem fs, Consumer<long[]> dirRanges) {
        this.dirRanges = dirRanges;
        this.dirBlocks = dirRanges == null ? null : new HintRanges();
        this.device = fs.device();
        this.blockSize = fs.blockSize();
        this.blocksCount = fs.geometry().blocksCount();
        this.inodeSize = fs.geometry().inodeSize();
        this.inode = new Inode(inodeSize);
    }

    /** Hints the blocks the first {@code inodes} inodes of {@code table} will need. */
    void hint(ByteBuffer table, int inodes) {
        wanted.clear();
        if (dirBlocks != null) {
            dirBlocks.clear();
        }
        for (int i = 0; i < inodes; i++) {
            inode.at(table, i * inodeSize);
            if (inode.linksCount() == 0 || inode.mode() == 0 || inode.dtime() != 0) {
                continue;
            }
            long xattrBlock = inode.fileAcl();
            if (xattrBlock != 0) {
                block(xattrBlock);
            }
            int flags = inode.flags();
            if ((flags & Inode.FL_INLINE_DATA) != 0) {
                continue;
            }
            int type = inode.type();
            boolean firstBlock = (type == Inode.S_IFLNK && inode.size() >= Inode.BLOCK_BYTES)
                    || (type == Inode.S_IFDIR && (flags & Inode.FL_INDEX) != 0);
            boolean dir = type == Inode.S_IFDIR && dirBlocks != null;
            if ((flags & Inode.FL_EXTENTS) != 0) {
                extents(firstBlock, dir);
            } else if (type == Inode.S_IFREG || type == Inode.S_IFDIR || type == Inode.S_IFLNK) {
                if (firstBlock) {
                    block(inode.block(0));
                }
                for (int k = 12; k < 15; k++) {
                    block(inode.block(k));
                }
                for (int k = 0; dir && k < 12; k++) {
                    dirBlocks.add(inode.block(k), 1, blocksCount);
                }
            }
        }
        flush();
    }

    /**
     * The tree's nodes below the inode; for a leaf in the inode, its first extent's start, or for
     * a directory ({@code dir}) all its initialized extents.
     */
    private void extents(boolean firstBlock, boolean dir) {
        header.at(inode.buffer(), inode.blockAreaOffset());
        if (!header.hasMagic()) {
            return;
        }
        int entries = Math.min(header.entries(), ExtentHeader.capacity(Inode.BLOCK_BYTES));
        for (int e = 0; e < entries; e++) {
            entry.at(header, e);
            if (header.depth() > 0) {
                block(entry.childBlock());
            } else if (dir) {
                if (!entry.isUninit()) {
                    dirBlocks.add(entry.physicalStart(), entry.length(), blocksCount);
                }
            } else if (firstBlock && e == 0) {
                block(entry.physicalStart());
            }
        }
    }

    private void block(long blk) {
        wanted.add(blk, 1, blocksCount);
    }

    /**
     * Hints the collected blocks in disk order, neighbours (gaps included) as one range, and
     * hands the directory ranges, joined the same way, on.
     */
    private void flush() {
        long gapBlocks = IoTuning.MERGE_GAP_BYTES / blockSize;
        long maxBlocks = Math.max(1, IoTuning.DEFAULT_MERGE_BYTES / blockSize);
        int n = wanted.join(gapBlocks, maxBlocks);
        for (int i = 0; i < n; i++) {
            device.willNeed(wanted.start(i) * blockSize, wanted.length(i) * blockSize);
        }
        if (dirBlocks != null && dirBlocks.join(gapBlocks, maxBlocks) > 0) {
            dirRanges.accept(dirBlocks.toPairs());
        }
    }
}
