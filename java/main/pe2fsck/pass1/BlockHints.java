package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.Arrays;
import pe2fsck.check.IoTuning;
import pe2fsck.fs.ExtentEntry;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.io.BlockDevice;

/**
 * Prefetch for pass 1: looks through an inode-table batch as soon as it is read for the blocks
 * a consumer will later read one at a time (a slow symlink's target, a hashed directory's
 * root, extent tree nodes below the inode, indirect blocks) and tells the device they will be
 * needed. The kernel then reads them in the background, many at once, while the batch waits in
 * the ring; the consumer's read finds them cached. A batch's blocks are sorted and neighbours
 * hinted as one range, through gaps as the read-ahead engine reads through them, so a batch's
 * scattered symlink targets cost a few requests rather than one each. Only a hint: it never
 * fails and the consumers check everything themselves. With O_DIRECT the device ignores hints.
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
    /** This batch's blocks to hint; reused from batch to batch. */
    private long[] wanted = new long[256];
    private int count;

    BlockHints(FileSystem fs) {
        this.device = fs.device();
        this.blockSize = fs.blockSize();
        this.blocksCount = fs.geometry().blocksCount();
        this.inodeSize = fs.geometry().inodeSize();
        this.inode = new Inode(inodeSize);
    }

    /** Hints the blocks the first {@code inodes} inodes of {@code table} will need. */
    void hint(ByteBuffer table, int inodes) {
        count = 0;
        for (int i = 0; i < inodes; i++) {
            inode.at(table, i * inodeSize);
            if (inode.linksCount() == 0 || inode.mode() == 0 || inode.dtime() != 0) {
                continue;
            }
            int flags = inode.flags();
            if ((flags & Inode.FL_INLINE_DATA) != 0) {
                continue;
            }
            int type = inode.type();
            boolean firstBlock = (type == Inode.S_IFLNK && inode.size() >= Inode.BLOCK_BYTES)
                    || (type == Inode.S_IFDIR && (flags & Inode.FL_INDEX) != 0);
            if ((flags & Inode.FL_EXTENTS) != 0) {
                extents(firstBlock);
            } else if (type == Inode.S_IFREG || type == Inode.S_IFDIR || type == Inode.S_IFLNK) {
                if (firstBlock) {
                    block(inode.block(0));
                }
                for (int k = 12; k < 15; k++) {
                    block(inode.block(k));
                }
            }
        }
        flush();
    }

    /** The tree's nodes below the inode, or for a leaf in the inode its first extent's start. */
    private void extents(boolean firstBlock) {
        header.at(inode.buffer(), inode.blockAreaOffset());
        if (!header.hasMagic()) {
            return;
        }
        int entries = Math.min(header.entries(), ExtentHeader.capacity(Inode.BLOCK_BYTES));
        for (int e = 0; e < entries; e++) {
            entry.at(header, e);
            if (header.depth() > 0) {
                block(entry.childBlock());
            } else if (firstBlock && e == 0) {
                block(entry.physicalStart());
            }
        }
    }

    private void block(long blk) {
        if (blk > 0 && blk < blocksCount) {
            if (count == wanted.length) {
                wanted = Arrays.copyOf(wanted, 2 * count);
            }
            wanted[count++] = blk;
        }
    }

    /** Hints the collected blocks in disk order, neighbours (gaps included) as one range. */
    private void flush() {
        Arrays.sort(wanted, 0, count);
        long gapBlocks = IoTuning.MERGE_GAP_BYTES / blockSize;
        long maxBlocks = Math.max(1, IoTuning.DEFAULT_MERGE_BYTES / blockSize);
        int i = 0;
        while (i < count) {
            long start = wanted[i];
            long end = start + 1;
            i++;
            while (i < count && wanted[i] - end <= gapBlocks && wanted[i] + 1 - start <= maxBlocks) {
                end = Math.max(end, wanted[i] + 1);
                i++;
            }
            device.willNeed(start * blockSize, (end - start) * blockSize);
        }
    }
}
