package pe2fsck.pass5;

import pe2fsck.run.CheckContext;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stands in for passes 1-2 on a consistent image: takes the in-use sets from the image's own
 * bitmaps (uninitialised groups as implied by their descriptors) and the directories from
 * the inodes. Only valid for images nothing has damaged yet.
 */
public final class Truth {

    private Truth() {
    }

    public static void fill(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        Bitmaps disk = Bitmaps.read(fs, 4);
        GroupDescriptor gd = fs.descriptors();
        int bits = fs.geometry().clusterRatioBits();
        long cpg = disk.clustersPerGroup;
        long first = fs.geometry().firstDataBlock() >>> bits;
        long last = (fs.geometry().blocksCount() - 1) >>> bits;
        long ipg = fs.geometry().inodesPerGroup();
        for (int g = 0; g < fs.groupCount(); g++) {
            gd.at(g);
            long start = first + g * cpg;
            long end = Math.min(start + cpg - 1, last);
            RoaringBitmap implied = gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)
                    ? Pass5.uninitGroupClusters(fs, gd, g) : null;
            for (long c = start; c <= end; c++) {
                int j = (int) (c - start);
                if (implied != null ? implied.contains(j) : Pass5.testBit(disk.block[g], j)) {
                    ctx.blockUsed.addRange(c << bits, 1L << bits);
                }
            }
            if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                continue;
            }
            for (int j = 0; j < ipg; j++) {
                if (Pass5.testBit(disk.inode[g], j)) {
                    long ino = g * ipg + j + 1;
                    ctx.inodeUsed.add(ino);
                    Inode inode = fs.readInode(ino);
                    if (inode.isDir()) {
                        ctx.inodeDir.add(ino);
                    }
                }
            }
        }
    }
}
