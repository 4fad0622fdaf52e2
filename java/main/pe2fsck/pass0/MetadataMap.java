package pe2fsck.pass0;

import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.SuperAndDescriptorBlocks;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.state.BlockSet;

/**
 * Fills the run's map of metadata blocks: every superblock and descriptor copy (with the reserved
 * descriptor blocks), then each group's bitmaps and inode table, noting those that collide
 * with something already in the map. As in e2fsck, whose first pass builds this map, the
 * collisions are reported when pass 1 starts (a clean file system that is not checked in full
 * never hears of them). Pass 1 then treats a file's claim on any of them as a collision with
 * metadata.
 */
final class MetadataMap {

    private MetadataMap() {
    }

    static void run(Pass0Context c, BlockSet meta) {
        FileSystem fs = c.fs();
        Geometry geo = fs.geometry();
        long total = geo.blocksCount();
        if (geo.firstDataBlock() == 0 || geo.clusterRatioBits() > 0) {
            meta.add(0);
        }
        SuperAndDescriptorBlocks.forEach(fs.superblock(), geo, meta::addRange);

        GroupDescriptor gd = fs.descriptors();
        long itableBlocks = geo.inodeTableBlocks();
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            long bb = gd.blockBitmap();
            if (bb > 0 && bb < total && meta.checkedAdd(bb)) {
                c.deferToPass1(Finding.of(Problem.BB_CONFLICT).group(g).blk(bb).build());
            }
            long ib = gd.inodeBitmap();
            if (ib > 0 && ib < total && meta.checkedAdd(ib)) {
                c.deferToPass1(Finding.of(Problem.IB_CONFLICT).group(g).blk(ib).build());
            }
            long it = gd.inodeTable();
            if (it > 0 && it < total && itableBlocks <= total - it) {
                boolean reported = false;
                for (long blk = it; blk < it + itableBlocks; blk++) {
                    if (meta.checkedAdd(blk) && !reported) {
                        c.deferToPass1(Finding.of(Problem.ITABLE_CONFLICT).group(g).blk(blk).build());
                        reported = true;
                    }
                }
            }
        }
    }
}
