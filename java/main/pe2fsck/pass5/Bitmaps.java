package pe2fsck.pass5;

import java.nio.ByteBuffer;
import java.util.Arrays;
import pe2fsck.run.IoTuning;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Superblock;
import pe2fsck.io.ReadAhead;

/**
 * The on-disk block and inode bitmaps, one block each per group, read the way e2fsck's
 * library reads them: a group flagged uninitialised (with a valid descriptor checksum) or
 * whose bitmap lies outside the file system is left all zeros, the rest are read as they are.
 * The reads go through the read-ahead engine in disk order, several in flight, neighbours
 * merged. As in e2fsck, the bytes of every bitmap block read past its group's bits must be
 * all ones.
 */
final class Bitmaps {

    final long clustersPerGroup;
    final byte[][] block;
    final byte[][] inode;
    /** A bitmap block read from disk has bytes past its group's bits that are not all ones. */
    boolean blockTailProblem;
    boolean inodeTailProblem;

    private Bitmaps(int groups, long clustersPerGroup) {
        this.clustersPerGroup = clustersPerGroup;
        this.block = new byte[groups][];
        this.inode = new byte[groups][];
    }

    /** Reads with up to {@code depth} reads in flight. */
    static Bitmaps read(FileSystem fs, int depth) {
        return read(fs, depth, null);
    }

    /** Like {@link #read(FileSystem, int)}; {@code threads}, when not null, hears from each reading thread. */
    static Bitmaps read(FileSystem fs, int depth, ReadAhead.ThreadReport threads) {
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
        // Which bitmap blocks to read, in order: (group, kind) packed as group * 2 + kind.
        long[] where = new long[2 * groups];
        int[] what = new int[2 * groups];
        int n = 0;
        for (int g = 0; g < groups; g++) {
            gd.at(g);
            boolean gdValid = !csumFlag || checksums.groupDescriptor(gd, g, metadataCsum) == gd.checksum();
            m.block[g] = new byte[bs];
            m.inode[g] = new byte[bs];
            // 64-bit descriptors: a damaged high half makes the block number negative as a long
            long bb = gd.blockBitmap();
            if (!(csumFlag && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT) && gdValid) && bb > 0 && bb < blocks) {
                where[n] = bb;
                what[n++] = 2 * g;
            }
            long ib = gd.inodeBitmap();
            if (!(csumFlag && gd.has(GroupDescriptor.FLAG_INODE_UNINIT) && gdValid) && ib > 0 && ib < blocks) {
                where[n] = ib;
                what[n++] = 2 * g + 1;
            }
        }
        // Read in disk order: with flex_bg a flex group's bitmaps sit side by side, and the
        // engine merges neighbours into one request. Which bitmap lands where is in what[].
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(where[x], where[y]));
        long[] blockNos = new long[n];
        int[] dest = new int[n];
        for (int i = 0; i < n; i++) {
            blockNos[i] = where[order[i]];
            dest[i] = what[order[i]];
        }
        try (ReadAhead ra = new ReadAhead(fs.device(), ReadAhead.Ranges.ofBlocks(blockNos, bs), depth, 2 * depth, bs,
                IoTuning.DEFAULT_MERGE_BYTES, IoTuning.MERGE_GAP_BYTES, threads, fs.buffers())) {
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ra.take();
                int g = dest[i] >>> 1;
                boolean isBlock = (dest[i] & 1) == 0;
                byte[] dst = isBlock ? m.block[g] : m.inode[g];
                b.get(dst);
                if (!allOnes(dst, isBlock ? blockBytes : inodeBytes)) {
                    if (isBlock) {
                        m.blockTailProblem = true;
                    } else {
                        m.inodeTailProblem = true;
                    }
                }
            }
        }
        return m;
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
