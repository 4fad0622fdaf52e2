package pe2fsck.pass1;

import java.util.Arrays;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;

/**
 * The list of inode-table reads pass 1 will make, in inode order. A batch is a run of whole
 * inode-table blocks of one group. With group checksums (uninit_bg or metadata_csum), groups
 * flagged INODE_UNINIT are skipped and only the inodes before the group's unused tail
 * (bg_itable_unused) are read, as e2fsck does.
 */
public final class BatchPlan {

    private int size;
    private long[] tableBlock = new long[64];
    private long[] firstIno = new long[64];
    private int[] inodes = new int[64];
    /** Inodes in the largest batch planned (the last batch of a group is often short). */
    private int largest;
    private final int maxInodes;
    private final int inodeSize;
    private final int blockSize;

    private BatchPlan(int maxInodes, int inodeSize, int blockSize) {
        this.maxInodes = maxInodes;
        this.inodeSize = inodeSize;
        this.blockSize = blockSize;
    }

    /**
     * @param maxBatchBytes upper bound on one batch's read; rounded down to whole blocks
     */
    public static BatchPlan of(FileSystem fs, int maxBatchBytes) {
        Geometry geo = fs.geometry();
        int bs = geo.blockSize();
        int isz = geo.inodeSize();
        int blocksPerBatch = Math.max(1, maxBatchBytes / bs);
        int inodesPerBlock = bs / isz;
        BatchPlan plan = new BatchPlan(blocksPerBatch * inodesPerBlock, isz, bs);
        boolean csum = fs.superblock().hasGroupDescChecksums();
        GroupDescriptor gd = fs.descriptors();
        long ipg = geo.inodesPerGroup();
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            long wanted = ipg;
            if (csum) {
                if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                    continue;
                }
                long unused = gd.itableUnused();
                if (unused <= ipg) {
                    wanted = ipg - unused;
                }
            }
            long table = gd.inodeTable();
            long first = g * ipg + 1;
            long done = 0;
            while (done < wanted) {
                int n = (int) Math.min(plan.maxInodes, wanted - done);
                // Round the read up to whole blocks; the consumer looks only at the first n inodes.
                plan.add(table + done * isz / bs, first + done, n);
                done += n;
            }
        }
        return plan;
    }

    private void add(long block, long ino, int n) {
        if (size == tableBlock.length) {
            tableBlock = Arrays.copyOf(tableBlock, size * 2);
            firstIno = Arrays.copyOf(firstIno, size * 2);
            inodes = Arrays.copyOf(inodes, size * 2);
        }
        tableBlock[size] = block;
        firstIno[size] = ino;
        inodes[size] = n;
        largest = Math.max(largest, n);
        size++;
    }

    public int size() { return size; }
    public long tableBlock(int i) { return tableBlock[i]; }
    public long firstIno(int i) { return firstIno[i]; }
    public int inodes(int i) { return inodes[i]; }
    /** Whole blocks batch i reads. */
    public int blocks(int i) { return (int) (((long) inodes[i] * inodeSize + blockSize - 1) / blockSize); }
    /**
     * Largest batch planned, in whole blocks' bytes (at least one block): the size of each ring
     * slot's buffer. A small file system gets small buffers.
     */
    public int maxBytes() { return (int) Math.max(1, ((long) largest * inodeSize + blockSize - 1) / blockSize) * blockSize; }
    public int maxInodes() { return maxInodes; }

    /** Total inodes the plan reads. */
    public long totalInodes() {
        long t = 0;
        for (int i = 0; i < size; i++) {
            t += inodes[i];
        }
        return t;
    }
}
