package pe2fsck.pass0;

import pe2fsck.fs.Checksums;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * Every group descriptor: where its bitmaps and inode table lie, its counts, its flags and its
 * checksum; then the superblock's free counts against the groups' sums. Accepted repairs change
 * the in-memory descriptors and mark their groups dirty.
 */
final class DescriptorCheck {

    private DescriptorCheck() {
    }

    static void run(Pass0Context c) {
        FileSystem fs = c.fs();
        Problems problems = c.problems();
        Superblock sb = fs.superblock();
        Geometry geo = fs.geometry();
        GroupDescriptor gd = fs.descriptors();
        Checksums sums = fs.checksums();
        boolean csumFlag = sb.hasGroupDescChecksums();
        boolean metadataCsum = sb.has(Feature.METADATA_CSUM);
        boolean flexBg = sb.has(Feature.FLEX_BG);
        long groups = geo.groupCount();
        long itableBlocks = geo.inodeTableBlocks();
        long freeBlocks = 0;
        long freeInodes = 0;
        int uninit = GroupDescriptor.FLAG_BLOCK_UNINIT | GroupDescriptor.FLAG_INODE_UNINIT;

        for (long g = 0; g < groups; g++) {
            gd.at((int) g);
            // With flex_bg a group's metadata may live anywhere in the file system.
            long first = flexBg ? geo.firstDataBlock() : geo.groupFirstBlock(g);
            long last = flexBg ? geo.blocksCount() - 1 : geo.groupLastBlock(g);

            long bb = gd.blockBitmap();
            if (bb < first || bb > last) {
                problems.ask(Finding.of(Problem.BB_NOT_GROUP).group(g).blk(bb).build());
            }
            long ib = gd.inodeBitmap();
            if (ib < first || ib > last) {
                problems.ask(Finding.of(Problem.IB_NOT_GROUP).group(g).blk(ib).build());
            }
            long it = gd.inodeTable();
            if (it < first || it > last || itableBlocks - 1 > last - it) {
                problems.ask(Finding.of(Problem.ITABLE_NOT_GROUP).group(g).blk(it).build());
            }
            // Relocation is not implemented: a "yes" above cannot be honoured yet. The answer
            // is recorded by the decider; pass 1 will see the bad locations and skip them.

            freeBlocks += gd.freeBlocksCount();
            freeInodes += gd.freeInodesCount();
            if (gd.freeBlocksCount() > sb.blocksPerGroup() || gd.freeInodesCount() > sb.inodesPerGroup()
                    || gd.usedDirsCount() > sb.inodesPerGroup()) {
                c.needFullCheck();
            }

            if (csumFlag) {
                int expected = sums.groupDescriptor(gd, g, metadataCsum);
                if (expected != gd.checksum()) {
                    if (problems.ask(Finding.of(Problem.GDT_CSUM).group(g).num(expected).num2(gd.checksum()).build())) {
                        gd.setFlags(gd.flags() & ~uninit);
                        gd.setItableUnused(0);
                        c.groupDirty(g);
                    }
                    c.needFullCheck();
                }
            }
            if (!csumFlag && ((gd.flags() & uninit) != 0 || gd.itableUnused() != 0)) {
                if (problems.ask(Finding.of(Problem.GDT_UNINIT_FLAGS).group(g).build())) {
                    gd.setFlags(gd.flags() & ~uninit);
                    gd.setItableUnused(0);
                    c.groupDirty(g);
                }
                c.needFullCheck();
            }
            if (g == groups - 1 && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
                if (problems.ask(Finding.of(Problem.BB_UNINIT_LAST).group(g).build())) {
                    gd.setFlags(gd.flags() & ~GroupDescriptor.FLAG_BLOCK_UNINIT);
                    c.groupDirty(g);
                }
                c.needFullCheck();
            }
            if (csumFlag && (gd.itableUnused() > gd.freeInodesCount() || gd.itableUnused() > sb.inodesPerGroup())) {
                if (problems.ask(Finding.of(Problem.GDT_ITABLE_UNUSED).group(g).num2(gd.itableUnused()).build())) {
                    gd.setItableUnused(0);
                    c.groupDirty(g);
                }
                c.needFullCheck();
            }
        }
        checkTotals(c, freeBlocks, freeInodes);
    }

    /**
     * The superblock's totals should be the sums of the groups' (counted in clusters; the
     * superblock counts blocks). Like e2fsck 1.47, a writing run corrects them only when it skips
     * the full check (the checker does, from the sums kept here); a full check leaves them to
     * pass 5. A read-only run leaves them and does not force a check for them: the kernel writes
     * these totals only now and then, so e2fsck -n calls a file system whose only fault they are
     * clean (a crashed ext4's usual state).
     */
    private static void checkTotals(Pass0Context c, long freeBlocks, long freeInodes) {
        Superblock sb = c.fs().superblock();
        c.groupTotals(freeBlocks << c.fs().geometry().clusterRatioBits(), freeInodes);
        if (sb.freeBlocksCount() > sb.blocksCount() || sb.freeInodesCount() > sb.inodesCount()) {
            c.needFullCheck();
        }
    }
}
