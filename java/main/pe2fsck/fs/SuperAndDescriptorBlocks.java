package pe2fsck.fs;

/**
 * Where each group keeps its copy of the superblock and of the descriptor table: the blocks a
 * group gives up before its bitmaps and inode table. A group with a superblock copy has it at its
 * first block (group 0: the primary superblock's block). Below the first meta group, the table
 * and the reserved descriptor blocks follow each superblock copy; with meta_bg, the first, second
 * and last group of each meta group hold one copy of that meta group's descriptor block.
 */
public final class SuperAndDescriptorBlocks {

    /** Receives ranges of blocks. */
    @FunctionalInterface
    public interface RangeSink {
        void range(long start, long count);
    }

    private SuperAndDescriptorBlocks() {
    }

    /**
     * Sends every group's superblock and descriptor blocks to {@code sink}, clipped to the file
     * system, in group order. With 1 KiB blocks and clusters, block 0 is sent too.
     */
    public static void forEach(Superblock sb, Geometry geo, RangeSink sink) {
        long total = geo.blocksCount();
        boolean metaBg = sb.has(Feature.META_BG);
        long descPerBlock = geo.descPerBlock();
        long oldDescBlocks = metaBg ? sb.firstMetaBg() : geo.descBlocks() + sb.reservedGdtBlocks();
        if (geo.firstDataBlock() == 0 && geo.blockSize() == 1024 && geo.clusterRatioBits() > 0) {
            sink.range(0, 1);
        }
        for (long g = 0; g < geo.groupCount(); g++) {
            long start = g == 0 ? geo.primarySuperblockBlock() : geo.groupFirstBlock(g);
            boolean hasSuper = geo.hasSuperblock(g);
            if (hasSuper) {
                clipped(sink, start, 1, total);
            }
            if (!metaBg || g / descPerBlock < sb.firstMetaBg()) {
                if (hasSuper) {
                    clipped(sink, start + 1, oldDescBlocks, total);
                }
            } else {
                long r = g % descPerBlock;
                if (r == 0 || r == 1 || r == descPerBlock - 1) {
                    clipped(sink, start + (hasSuper ? 1 : 0), 1, total);
                }
            }
        }
    }

    private static void clipped(RangeSink sink, long from, long count, long total) {
        long end = Math.min(from + count, total);
        if (from < end) {
            sink.range(from, end - from);
        }
    }
}
