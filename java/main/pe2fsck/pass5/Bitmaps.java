package pe2fsck.pass5;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Superblock;

/**
 * The on-disk block and inode bitmaps, one block each per group, read the way e2fsck's
 * library reads them: a group flagged uninitialised (with a valid descriptor checksum) or
 * whose bitmap lies outside the file system is left all zeros, the rest are read as they are,
 * and a read bitmap whose bytes past the group's bits are not all ones marks a tail problem.
 */
final class Bitmaps {

    final long clustersPerGroup;
    final byte[][] block;
    final byte[][] inode;
    boolean blockTailProblem;
    boolean inodeTailProblem;

    private Bitmaps(int groups, long clustersPerGroup) {
        this.clustersPerGroup = clustersPerGroup;
        this.block = new byte[groups][];
        this.inode = new byte[groups][];
    }

    static Bitmaps read(FileSystem fs) {
        Superblock sb = fs.superblock();
        int groups = (int) fs.groupCount();
        int bs = fs.blockSize();
        long cpg = sb.has(Feature.BIGALLOC) ? sb.clustersPerGroup() : sb.blocksPerGroup();
        Bitmaps m = new Bitmaps(groups, cpg);
        boolean csumFlag = sb.hasGroupDescChecksums();
        boolean metadataCsum = sb.has(Feature.METADATA_CSUM);
        GroupDescriptor gd = fs.descriptors();
        var checksums = fs.checksums();
        long blocks = fs.geometry().blocksCount();
        int blockBytes = (int) (cpg / 8);
        int inodeBytes = (int) (fs.geometry().inodesPerGroup() / 8);
        ByteBuffer buf = ByteBuffer.allocate(bs);
        for (int g = 0; g < groups; g++) {
            gd.at(g);
            boolean gdValid = !csumFlag || checksums.groupDescriptor(gd, g, metadataCsum) == gd.checksum();
            m.block[g] = new byte[bs];
            long bb = gd.blockBitmap();
            if (!(csumFlag && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT) && gdValid) && bb != 0 && bb < blocks) {
                readInto(fs, bb, buf, m.block[g]);
                if (!allOnes(m.block[g], blockBytes)) {
                    m.blockTailProblem = true;
                }
            }
            m.inode[g] = new byte[bs];
            long ib = gd.inodeBitmap();
            if (!(csumFlag && gd.has(GroupDescriptor.FLAG_INODE_UNINIT) && gdValid) && ib != 0 && ib < blocks) {
                readInto(fs, ib, buf, m.inode[g]);
                if (!allOnes(m.inode[g], inodeBytes)) {
                    m.inodeTailProblem = true;
                }
            }
        }
        return m;
    }

    private static void readInto(FileSystem fs, long blk, ByteBuffer buf, byte[] dst) {
        buf.clear();
        fs.readBlock(blk, buf);
        buf.flip();
        buf.get(dst);
    }

    private static boolean allOnes(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
