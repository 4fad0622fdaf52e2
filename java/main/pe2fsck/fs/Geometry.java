package pe2fsck.fs;

/**
 * Block-group arithmetic derived from a superblock: where each group starts, which groups carry
 * superblock backups, where descriptor blocks live (including meta_bg), and inode locations.
 * Immutable; shared freely between threads.
 */
public final class Geometry {

    private final int blockSize;
    private final long blocksCount;
    private final long firstDataBlock;
    private final long blocksPerGroup;
    private final long inodesPerGroup;
    private final long inodesCount;
    private final int inodeSize;
    private final int descSize;
    private final long groupCount;
    private final boolean sparseSuper;
    private final boolean sparseSuper2;
    private final long backupBg0;
    private final long backupBg1;
    private final boolean metaBg;
    private final long firstMetaBg;
    private final int clusterRatioBits;

    public Geometry(Superblock sb) {
        this.blockSize = sb.blockSize();
        this.blocksCount = sb.blocksCount();
        this.firstDataBlock = sb.firstDataBlock();
        this.blocksPerGroup = sb.blocksPerGroup();
        this.inodesPerGroup = sb.inodesPerGroup();
        this.inodesCount = sb.inodesCount();
        this.inodeSize = sb.inodeSize();
        this.descSize = sb.descSize();
        this.groupCount = blocksPerGroup == 0 ? 0
                : (blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup;
        this.sparseSuper = sb.has(Feature.SPARSE_SUPER);
        this.sparseSuper2 = sb.has(Feature.SPARSE_SUPER2);
        this.backupBg0 = sb.backupBg(0);
        this.backupBg1 = sb.backupBg(1);
        this.metaBg = sb.has(Feature.META_BG);
        this.firstMetaBg = sb.firstMetaBg();
        int cs = sb.clusterSize();
        this.clusterRatioBits = cs > 0 && blockSize > 0 ? Integer.numberOfTrailingZeros(cs / blockSize) : 0;
    }

    public int blockSize() { return blockSize; }
    public long blocksCount() { return blocksCount; }
    public long firstDataBlock() { return firstDataBlock; }
    public long blocksPerGroup() { return blocksPerGroup; }
    public long inodesPerGroup() { return inodesPerGroup; }
    public long inodesCount() { return inodesCount; }
    public int inodeSize() { return inodeSize; }
    public int descSize() { return descSize; }
    public long groupCount() { return groupCount; }
    /** log2(blocks per cluster): 0 without bigalloc. */
    public int clusterRatioBits() { return clusterRatioBits; }

    public int descPerBlock() { return blockSize / descSize; }

    /** Blocks the descriptor table fills (without meta_bg). */
    public long descBlocks() {
        return (groupCount + descPerBlock() - 1) / descPerBlock();
    }

    public long groupFirstBlock(long g) { return firstDataBlock + g * blocksPerGroup; }

    /** Last block of group g (the last group may be short). */
    public long groupLastBlock(long g) {
        return g == groupCount - 1 ? blocksCount - 1 : groupFirstBlock(g) + blocksPerGroup - 1;
    }

    public long groupOfBlock(long block) { return (block - firstDataBlock) / blocksPerGroup; }

    public long groupOfInode(long ino) { return (ino - 1) / inodesPerGroup; }

    public long indexInGroup(long ino) { return (ino - 1) % inodesPerGroup; }

    public int inodesPerBlock() { return blockSize / inodeSize; }

    /** Blocks each group's inode table spans. */
    public long inodeTableBlocks() {
        return (inodesPerGroup * inodeSize + blockSize - 1) / blockSize;
    }

    /** True if group g holds a superblock backup (or the primary). */
    public boolean hasSuperblock(long g) {
        if (g == 0) {
            return true;
        }
        if (sparseSuper2) {
            return g == backupBg0 || g == backupBg1;
        }
        if (g <= 1 || !sparseSuper) {
            return true;
        }
        if ((g & 1) == 0) {
            return false;
        }
        return isPower(g, 3) || isPower(g, 5) || isPower(g, 7);
    }

    private static boolean isPower(long n, int base) {
        long p = base;
        while (p < n) {
            p *= base;
        }
        return p == n;
    }

    /** Block holding the primary superblock: block 1 with 1 KiB blocks even when the first data block is 0. */
    public long primarySuperblockBlock() {
        return firstDataBlock == 0 && blockSize == 1024 ? 1 : firstDataBlock;
    }

    /**
     * Block number of descriptor-table block {@code i} (0-based) of the copy that goes with the
     * superblock at {@code sbBlock}. Without meta_bg (and below the first meta group) the table
     * follows that superblock. A meta group's descriptor block has copies in its first, second
     * and last group: the primary copy is the first group's, and a check that started from a
     * backup superblock reads the second group's (as e2fsck does), unless that group lies past
     * the end of the file system.
     */
    public long descriptorBlock(long sbBlock, long i) {
        if (!metaBg || i < firstMetaBg) {
            return sbBlock + 1 + i;
        }
        long g = i * descPerBlock();
        long start = groupFirstBlock(g);
        long hasSuper = hasSuperblock(g) ? 1 : 0;
        long zeroAdjust = i == 0 && blockSize == 1024 && clusterRatioBits > 0 ? 1 : 0;
        if (sbBlock != primarySuperblockBlock() && start + hasSuper + blocksPerGroup < blocksCount) {
            start += blocksPerGroup;
            hasSuper = hasSuperblock(g + 1) ? 1 : 0;
        }
        return start + hasSuper + zeroAdjust;
    }
}
