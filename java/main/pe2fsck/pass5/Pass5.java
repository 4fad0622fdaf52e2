package pe2fsck.pass5;

import java.nio.ByteBuffer;
import org.roaringbitmap.RoaringBitmap;
import pe2fsck.state.BlockSet;
import pe2fsck.run.CheckContext;
import pe2fsck.run.Pass;
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
 * Pass 5: group summaries. Compares what passes 1-4 found in use with the on-disk bitmaps and
 * counters, in e2fsck's order:
 * <ol>
 *   <li>Block bitmaps (one bit per cluster) against {@code blockUsed}: all differences go into
 *       one {@link Problem#BLOCK_BITMAP_DIFFERENCES} whose text lists runs as e2fsck prints
 *       them ({@code " +(700--702) -5000"}, block numbers, '+' = in use but not marked).
 *       A group marked BLOCK_UNINIT (on a file system with group checksums) is not read: its
 *       bitmap is taken to hold exactly the group's own superblock and descriptor copies and
 *       those of its bitmaps and inode table that lie inside it; every used block beyond that
 *       is reported as {@link Problem#BLOCK_UNINIT} first. Then each group's free count
 *       ({@link Problem#FREE_BLOCK_COUNT_GROUP}) and the superblock's
 *       ({@link Problem#FREE_BLOCK_COUNT}), counted from the on-disk bitmap unless the
 *       differences were fixed.</li>
 *   <li>Inode bitmaps against {@code inodeUsed} (reserved inodes below s_first_ino always
 *       count as used), likewise: {@link Problem#INODE_BITMAP_DIFFERENCES},
 *       {@link Problem#INODE_UNINIT}, per group free inodes and directories, then the
 *       superblock's free inodes.</li>
 *   <li>Padding: inode bits past s_inodes_count and the bytes of each read inode bitmap block
 *       past inodes_per_group/8 must be all ones ({@link Problem#INODE_BMAP_PADDING}, asked
 *       once); the same for block bitmaps ({@link Problem#BLOCK_BMAP_PADDING}).</li>
 *   <li>With metadata_csum and bitmaps left as they are, each initialised group's inode and
 *       block bitmap checksum ({@link Problem#INODE_BITMAP_CSUM_INVALID},
 *       {@link Problem#BLOCK_BITMAP_CSUM_INVALID}).</li>
 * </ol>
 * e2fsck treats the superblock's free counts as advisory: its "no" answers there leave the
 * exit code alone; that policy belongs to the problem flags, not to this class.
 *
 * <p>Reads from the context: {@code blockUsed} (block numbers; converted to clusters here
 * under bigalloc), {@code inodeUsed}, {@code inodeDir}, the superblock and descriptors.
 *
 * <p>The on-disk bitmaps are read while passes 2 to 4 run ({@link BitmapPreload}); only the
 * comparison waits for them.
 *
 * <p>Repairs, in a writing run: a "yes" to a count or flag changes the descriptor or superblock
 * in memory (the write path stamps its checksum and writes it); a "yes" to bitmap differences,
 * padding or a bitmap checksum, or to clearing an uninitialised flag, rewrites the bitmap
 * blocks that change ({@link BitmapWriter}), from what passes 1-4 found when the differences
 * were accepted and from the bitmap as read otherwise; an inode table whose INODE_UNINIT flag
 * is cleared gets its unused-inode count from the bitmap it now has, as the library does when
 * it closes a file system with group checksums.
 */
public final class Pass5 implements Pass {

    private final boolean[] fixed = new boolean[2];
    /** Groups whose BLOCK_UNINIT flag a yes cleared, and the bitmap the flag implied for them. */
    private final java.util.Map<Long, byte[]> blockFlagCleared = new java.util.TreeMap<>();
    /** Groups whose INODE_UNINIT flag a yes cleared. */
    private final java.util.BitSet inodeFlagCleared = new java.util.BitSet();

    @Override
    public String name() {
        return "Pass 5";
    }

    /** True if the block bitmap differences were accepted for fixing (repair will write them). */
    public boolean blockBitmapFixed() {
        return fixed[0];
    }

    /** True if the inode bitmap differences were accepted for fixing. */
    public boolean inodeBitmapFixed() {
        return fixed[1];
    }

    /** The bitmaps' reads, started while passes 2 to 4 run. */
    private BitmapPreload preload;

    @Override
    public void afterPass1(CheckContext ctx) {
        preload = BitmapPreload.start(ctx);
    }

    @Override
    public void run(CheckContext ctx) {
        Bitmaps disk = preload == null ? null : preload.take();
        preload = null;
        if (disk == null) {
            disk = Bitmaps.read(ctx.fs(), pe2fsck.run.IoTuning.depth(ctx), ctx.threadFigures().readAhead());
        }
        Problems problems = ctx.problems();
        java.util.BitSet released = takeReleasedInodes(ctx, disk);
        checkBlockBitmaps(ctx, problems, disk);
        checkInodeBitmaps(ctx, problems, disk);
        boolean inodePadFixed = checkInodeEnd(ctx, problems, disk);
        boolean blockPadFixed = checkBlockEnd(ctx, problems, disk);
        boolean inodeCsumFixed = false;
        boolean blockCsumFixed = false;
        if (ctx.fs().has(Feature.METADATA_CSUM)) {
            if (!fixed[1] && !inodePadFixed) {
                inodeCsumFixed = checkInodeBitmapChecksums(ctx, problems, disk);
            }
            if (!fixed[0] && !blockPadFixed) {
                blockCsumFixed = checkBlockBitmapChecksums(ctx, problems, disk);
            }
        }
        if (ctx.writes() != null) {
            BitmapWriter writer = new BitmapWriter(ctx.fs(), ctx.writes());
            if (fixed[0] || blockPadFixed || blockCsumFixed || !blockFlagCleared.isEmpty()) {
                writeBlockBitmaps(ctx, disk, writer);
            }
            if (fixed[1] || inodePadFixed || inodeCsumFixed || !inodeFlagCleared.isEmpty() || !released.isEmpty()) {
                writeInodeBitmaps(ctx, disk, writer, released);
            }
        }
        OrphanFileCheck.run(ctx);
        QuotaCheck.run(ctx);
    }

    // ---------------------------------------------------------------- blocks

    private void checkBlockBitmaps(CheckContext ctx, Problems problems, Bitmaps disk) {
        FileSystem fs = ctx.fs();
        Geometry geo = fs.geometry();
        int bits = geo.clusterRatioBits();
        long cpg = disk.clustersPerGroup;
        long groups = geo.groupCount();
        long firstCluster = geo.firstDataBlock() >>> bits;
        long lastCluster = (geo.blocksCount() - 1) >>> bits;
        BlockSet used = ctx.blockUsed;
        GroupDescriptor gd = fs.descriptors();
        boolean csumFlag = fs.superblock().hasGroupDescChecksums();

        RangeList diffs = new RangeList(1L << bits);
        long[] free = new long[(int) groups];
        byte[] actualBits = new byte[(int) ((cpg + 7) / 8)];
        for (long g = 0; g < groups; g++) {
            ctx.progress().update(5, g + 1, 2 * groups);
            gd.at((int) g);
            boolean skip = csumFlag && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT);
            // What the group's bitmap should say: the implied bitmap of an uninitialised group
            // (the same after a yes to BLOCK_UNINIT, which only clears the flag), else the
            // one on disk.
            byte[] bm = skip ? impliedBytes(uninitGroupClusters(fs, gd, g), cpg) : disk.block[(int) g];
            long start = firstCluster + g * cpg;
            long end = Math.min(start + cpg - 1, lastCluster);
            int n = (int) (end - start + 1);
            java.util.Arrays.fill(actualBits, (byte) 0);
            used.markRange(start << bits, (end + 1) << bits, bits, actualBits);
            long zeros = 0;
            for (int k = 0; k < (n + 7) >>> 3; k++) {
                int width = Math.min(8, n - 8 * k);
                int mask = (1 << width) - 1;
                int have = bm[k] & mask;
                int want = actualBits[k] & mask;
                zeros += width - Integer.bitCount(have);
                if (have == want) {
                    continue;
                }
                for (int bit = 0; bit < width; bit++) {
                    if (((have ^ want) >>> bit & 1) == 0) {
                        continue;
                    }
                    boolean actual = (want >>> bit & 1) != 0;
                    long blk = (start + 8L * k + bit) << bits;
                    if (actual && skip) {
                        Finding f = Finding.of(Problem.BLOCK_UNINIT).blk(blk).group(g).build();
                        if (problems.ask(f)) {
                            // Repair: clear BLOCK_UNINIT in the descriptor; the rest of the group
                            // is then compared against the library-style implied bitmap.
                            skip = false;
                            gd.setFlags(gd.flags() & ~GroupDescriptor.FLAG_BLOCK_UNINIT);
                            blockFlagCleared.put(g, bm);
                        }
                    }
                    diffs.add(actual, blk);
                }
            }
            free[(int) g] = zeros;
        }
        if (!diffs.isEmpty()) {
            if (problems.ask(Finding.of(Problem.BLOCK_BITMAP_DIFFERENCES).text(diffs.text()).build())) {
                // Repair: the block bitmaps become blockUsed (with padding set); recount from it.
                fixed[0] = true;
                for (long g = 0; g < groups; g++) {
                    long start = firstCluster + g * cpg;
                    long end = Math.min(start + cpg - 1, lastCluster);
                    long n = 0;
                    for (long c = start; c <= end; c++) {
                        if (!clusterUsed(used, c, bits)) {
                            n++;
                        }
                    }
                    free[(int) g] = n;
                }
            }
        }
        long total = 0;
        for (long g = 0; g < groups; g++) {
            gd.at((int) g);
            total += free[(int) g];
            if (free[(int) g] != gd.freeBlocksCount()) {
                Finding f = Finding.of(Problem.FREE_BLOCK_COUNT_GROUP).group(g)
                        .num(free[(int) g]).num2(gd.freeBlocksCount()).build();
                if (problems.ask(f)) {
                    // Repair: bg_free_blocks_count = counted (descriptor checksum follows).
                    gd.setFreeBlocksCount(free[(int) g]);
                }
            }
        }
        long totalBlocks = total << bits;
        Superblock sb = fs.superblock();
        if (totalBlocks != sb.freeBlocksCount()) {
            Finding f = Finding.of(Problem.FREE_BLOCK_COUNT).num(totalBlocks).num2(sb.freeBlocksCount()).build();
            if (problems.ask(f)) {
                // Repair: s_free_blocks_count = counted (in blocks, not clusters).
                sb.setFreeBlocksCount(totalBlocks);
            }
        }
    }

    private static boolean clusterUsed(BlockSet used, long cluster, int bits) {
        if (bits == 0) {
            return used.contains(cluster);
        }
        long first = cluster << bits;
        return used.rangeCardinality(first, first + (1L << bits)) > 0;
    }

    /**
     * The clusters (relative to the group's first) that a BLOCK_UNINIT group implicitly has in
     * use: its superblock and descriptor copies, and those of its own block bitmap, inode
     * bitmap and inode table blocks that lie inside the group.
     */
    static RoaringBitmap uninitGroupClusters(FileSystem fs, GroupDescriptor gd, long g) {
        Geometry geo = fs.geometry();
        Superblock sb = fs.superblock();
        int bits = geo.clusterRatioBits();
        long cpg = sb.clustersPerGroup();
        long groupStart = (geo.firstDataBlock() >>> bits) + g * cpg; // first cluster
        long groupEnd = Math.min(groupStart + cpg - 1, (geo.blocksCount() - 1) >>> bits);
        RoaringBitmap r = new RoaringBitmap();
        long groupBlock = geo.groupFirstBlock(g);
        if (groupBlock == 0 && geo.blockSize() == 1024) {
            groupBlock = 1;
        }
        boolean metaBg = sb.has(Feature.META_BG);
        long oldDescBlocks = metaBg ? sb.firstMetaBg() : geo.descBlocks() + sb.reservedGdtBlocks();
        boolean hasSuper = geo.hasSuperblock(g);
        long perMeta = geo.descPerBlock();
        if (hasSuper) {
            addBlock(r, groupBlock, groupStart, groupEnd, bits);
        }
        if (!metaBg || g / perMeta < sb.firstMetaBg()) {
            if (hasSuper && oldDescBlocks > 0) {
                for (long b = groupBlock + 1; b < groupBlock + 1 + oldDescBlocks; b++) {
                    addBlock(r, b, groupStart, groupEnd, bits);
                }
            }
        } else {
            long m = g % perMeta;
            if (m == 0 || m == 1 || m == perMeta - 1) {
                addBlock(r, groupBlock + (hasSuper ? 1 : 0), groupStart, groupEnd, bits);
            }
        }
        addBlock(r, gd.blockBitmap(), groupStart, groupEnd, bits);
        addBlock(r, gd.inodeBitmap(), groupStart, groupEnd, bits);
        long it = gd.inodeTable();
        for (long b = it; b < it + geo.inodeTableBlocks(); b++) {
            addBlock(r, b, groupStart, groupEnd, bits);
        }
        return r;
    }

    private static void addBlock(RoaringBitmap r, long block, long groupStart, long groupEnd, int bits) {
        long c = block >>> bits;
        if (block != 0 && c >= groupStart && c <= groupEnd) {
            r.add((int) (c - groupStart));
        }
    }

    private static byte[] impliedBytes(RoaringBitmap implied, long cpg) {
        byte[] b = new byte[(int) ((cpg + 7) / 8)];
        implied.forEach((org.roaringbitmap.IntConsumer) j -> b[j >>> 3] |= (byte) (1 << (j & 7)));
        return b;
    }

    // ---------------------------------------------------------------- inodes

    private void checkInodeBitmaps(CheckContext ctx, Problems problems, Bitmaps disk) {
        FileSystem fs = ctx.fs();
        Geometry geo = fs.geometry();
        long ipg = geo.inodesPerGroup();
        long groups = geo.groupCount();
        long inodes = geo.inodesCount();
        long firstIno = fs.superblock().firstIno();
        GroupDescriptor gd = fs.descriptors();
        boolean csumFlag = fs.superblock().hasGroupDescChecksums();

        RangeList diffs = new RangeList(1);
        long[] free = new long[(int) groups];
        long[] dirs = new long[(int) groups];
        byte[] usedBits = new byte[(int) ((ipg + 7) / 8)];
        byte[] dirBits = new byte[usedBits.length];
        for (long g = 0; g < groups; g++) {
            ctx.progress().update(5, groups + g + 1, 2 * groups);
            gd.at((int) g);
            boolean skip = csumFlag && gd.has(GroupDescriptor.FLAG_INODE_UNINIT);
            byte[] bm = disk.inode[(int) g];
            long first = g * ipg + 1;
            long last = Math.min(first + ipg - 1, inodes);
            int n = (int) (last - first + 1);
            java.util.Arrays.fill(usedBits, (byte) 0);
            java.util.Arrays.fill(dirBits, (byte) 0);
            ctx.inodeUsed.markRange(first, last + 1, usedBits);
            for (long ino = first; ino < Math.min(firstIno, last + 1); ino++) {
                int j = (int) (ino - first);
                usedBits[j >>> 3] |= (byte) (1 << (j & 7));
            }
            if (skip) {
                if (isZero(usedBits)) {
                    free[(int) g] = n; // nothing in use, nothing marked: all agree
                    continue;
                }
                if (compareUninitInodes(ctx, problems, diffs, g, bm, first, last, firstIno, free, dirs)) {
                    gd.at((int) g);
                    gd.setFlags(gd.flags() & ~GroupDescriptor.FLAG_INODE_UNINIT);
                    inodeFlagCleared.set((int) g);
                }
                continue;
            }
            ctx.inodeDir.markRange(first, last + 1, dirBits);
            long zeros = 0;
            long dirCount = 0;
            for (int k = 0; k < (n + 7) >>> 3; k++) {
                int width = Math.min(8, n - 8 * k);
                int mask = (1 << width) - 1;
                int have = bm[k] & mask;
                int want = usedBits[k] & mask;
                zeros += width - Integer.bitCount(have);
                dirCount += Integer.bitCount(have & dirBits[k]);
                if (have == want) {
                    continue;
                }
                for (int bit = 0; bit < width; bit++) {
                    if (((have ^ want) >>> bit & 1) != 0) {
                        diffs.add((want >>> bit & 1) != 0, first + 8L * k + bit);
                    }
                }
            }
            free[(int) g] = zeros;
            dirs[(int) g] = dirCount;
        }
        if (!diffs.isEmpty()) {
            if (problems.ask(Finding.of(Problem.INODE_BITMAP_DIFFERENCES).text(diffs.text()).build())) {
                // Repair: the inode bitmaps become inodeUsed (reserved inodes set, padding set).
                fixed[1] = true;
                for (long g = 0; g < groups; g++) {
                    long first = g * ipg + 1;
                    long last = Math.min(first + ipg - 1, inodes);
                    long f = 0;
                    long d = 0;
                    for (long ino = first; ino <= last; ino++) {
                        if (ino < firstIno || ctx.inodeUsed.contains(ino)) {
                            if (ctx.inodeDir.contains(ino)) {
                                d++;
                            }
                        } else {
                            f++;
                        }
                    }
                    free[(int) g] = f;
                    dirs[(int) g] = d;
                }
            }
        }
        long total = 0;
        for (long g = 0; g < groups; g++) {
            gd.at((int) g);
            total += free[(int) g];
            if (free[(int) g] != gd.freeInodesCount()) {
                Finding f = Finding.of(Problem.FREE_INODE_COUNT_GROUP).group(g)
                        .num(free[(int) g]).num2(gd.freeInodesCount()).build();
                if (problems.ask(f)) {
                    // Repair: bg_free_inodes_count = counted.
                    gd.setFreeInodesCount(free[(int) g]);
                }
            }
            if (dirs[(int) g] != gd.usedDirsCount()) {
                Finding f = Finding.of(Problem.FREE_DIR_COUNT_GROUP).group(g)
                        .num(dirs[(int) g]).num2(gd.usedDirsCount()).build();
                if (problems.ask(f)) {
                    // Repair: bg_used_dirs_count = counted.
                    gd.setUsedDirsCount(dirs[(int) g]);
                }
            }
        }
        Superblock sb = fs.superblock();
        if (total != sb.freeInodesCount()) {
            Finding f = Finding.of(Problem.FREE_INODE_COUNT).num(total).num2(sb.freeInodesCount()).build();
            if (problems.ask(f)) {
                // Repair: s_free_inodes_count = counted.
                sb.setFreeInodesCount(total);
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Inodes an earlier repair released are free in the on-disk bitmap as far as this pass is
     * concerned (the repair already gave them back in the counts): their bits are cleared in the
     * copy as read. Returns the groups so changed, whose bitmaps must be written.
     */
    private static java.util.BitSet takeReleasedInodes(CheckContext ctx, Bitmaps disk) {
        java.util.BitSet groups = new java.util.BitSet();
        Geometry geo = ctx.geometry();
        for (long ino = ctx.inodesReleased.nextMember(0); ino >= 0; ino = ctx.inodesReleased.nextMember(ino + 1)) {
            int g = (int) geo.groupOfInode(ino);
            int j = (int) geo.indexInGroup(ino);
            disk.inode[g][j >>> 3] &= (byte) ~(1 << (j & 7));
            groups.set(g);
        }
        return groups;
    }

    /**
     * Rewrites every initialised group's block bitmap that changes: from {@code blockUsed} when
     * the differences were accepted, else from the bitmap as read (or, for a group whose
     * BLOCK_UNINIT flag was cleared, the bitmap the flag implied), padding set.
     */
    private void writeBlockBitmaps(CheckContext ctx, Bitmaps disk, BitmapWriter writer) {
        FileSystem fs = ctx.fs();
        Geometry geo = fs.geometry();
        int bits = geo.clusterRatioBits();
        long cpg = disk.clustersPerGroup;
        long firstCluster = geo.firstDataBlock() >>> bits;
        long lastCluster = (geo.blocksCount() - 1) >>> bits;
        GroupDescriptor gd = fs.descriptors();
        boolean csumFlag = fs.superblock().hasGroupDescChecksums();
        byte[] found = new byte[(int) ((cpg + 7) / 8)];
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            if (csumFlag && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
                continue;
            }
            long start = firstCluster + g * cpg;
            long end = Math.min(start + cpg - 1, lastCluster);
            byte[] implied = blockFlagCleared.get(g);
            byte[] bitsOut;
            if (fixed[0]) {
                java.util.Arrays.fill(found, (byte) 0);
                ctx.blockUsed.markRange(start << bits, (end + 1) << bits, bits, found);
                bitsOut = found;
            } else {
                bitsOut = implied != null ? implied : disk.block[(int) g];
            }
            writer.write(g, gd.blockBitmap(), false, bitsOut, end - start + 1, cpg,
                    implied != null ? null : disk.block[(int) g]);
        }
    }

    /**
     * The same for inode bitmaps (reserved inodes always in use); a group whose INODE_UNINIT
     * flag was cleared also gets its unused-inode count from the bitmap it now has.
     */
    private void writeInodeBitmaps(CheckContext ctx, Bitmaps disk, BitmapWriter writer, java.util.BitSet released) {
        FileSystem fs = ctx.fs();
        Geometry geo = fs.geometry();
        long ipg = geo.inodesPerGroup();
        long inodes = geo.inodesCount();
        long firstIno = fs.superblock().firstIno();
        GroupDescriptor gd = fs.descriptors();
        boolean csumFlag = fs.superblock().hasGroupDescChecksums();
        byte[] found = new byte[(int) ((ipg + 7) / 8)];
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            if (csumFlag && gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                continue;
            }
            long first = g * ipg + 1;
            long last = Math.min(first + ipg - 1, inodes);
            byte[] bitsOut = disk.inode[(int) g];
            if (fixed[1]) {
                java.util.Arrays.fill(found, (byte) 0);
                ctx.inodeUsed.markRange(first, last + 1, found);
                for (long ino = first; ino < Math.min(firstIno, last + 1); ino++) {
                    int j = (int) (ino - first);
                    found[j >>> 3] |= (byte) (1 << (j & 7));
                }
                bitsOut = found;
            }
            boolean cleared = inodeFlagCleared.get((int) g);
            // A group with released inodes differs from the disk although its copy was changed.
            writer.write(g, gd.inodeBitmap(), true, bitsOut, last - first + 1, ipg,
                    cleared || released.get((int) g) ? null : disk.inode[(int) g]);
            if (cleared && csumFlag) {
                long lastUsed = -1;
                for (long j = 0; j < last - first + 1; j++) {
                    if (testBit(bitsOut, (int) j)) {
                        lastUsed = j;
                    }
                }
                gd.at((int) g);
                gd.setItableUnused(ipg - (lastUsed + 1));
            }
        }
    }

    // ---------------------------------------------------------------- padding

    /** Returns true if a padding fix was accepted (the inode bitmaps will be rewritten). */
    private boolean checkInodeEnd(CheckContext ctx, Problems problems, Bitmaps disk) {
        Geometry geo = ctx.geometry();
        long ipg = geo.inodesPerGroup();
        long groups = geo.groupCount();
        long end = ipg * groups;
        long real = geo.inodesCount();
        boolean bad = false;
        if (end > real && groups > 0) {
            byte[] last = disk.inode[(int) (groups - 1)];
            long first = (groups - 1) * ipg + 1;
            for (long ino = real + 1; ino <= end && !bad; ino++) {
                bad = !testBit(last, (int) (ino - first));
            }
        }
        if (!bad) {
            bad = disk.inodeTailProblem;
        }
        return bad && problems.ask(Finding.of(Problem.INODE_BMAP_PADDING).build());
    }

    private boolean checkBlockEnd(CheckContext ctx, Problems problems, Bitmaps disk) {
        Geometry geo = ctx.geometry();
        int bits = geo.clusterRatioBits();
        long cpg = disk.clustersPerGroup;
        long groups = geo.groupCount();
        long firstCluster = geo.firstDataBlock() >>> bits;
        long end = firstCluster + cpg * groups - 1;
        long real = (geo.blocksCount() - 1) >>> bits;
        boolean bad = false;
        if (end > real && groups > 0) {
            byte[] last = disk.block[(int) (groups - 1)];
            long first = firstCluster + (groups - 1) * cpg;
            for (long c = real + 1; c <= end && !bad; c++) {
                bad = !testBit(last, (int) (c - first));
            }
        }
        if (!bad) {
            bad = disk.blockTailProblem;
        }
        return bad && problems.ask(Finding.of(Problem.BLOCK_BMAP_PADDING).build());
    }

    // ---------------------------------------------------------------- checksums

    /** Returns true if a yes asked for the inode bitmaps to be rewritten with their checksums. */
    private static boolean checkInodeBitmapChecksums(CheckContext ctx, Problems problems, Bitmaps disk) {
        FileSystem fs = ctx.fs();
        GroupDescriptor gd = fs.descriptors();
        Checksums cs = fs.checksums();
        int nbytes = (int) (fs.geometry().inodesPerGroup() / 8);
        boolean full = fs.geometry().descSize() >= 64;
        for (int g = 0; g < fs.groupCount(); g++) {
            gd.at(g);
            if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                continue;
            }
            long want = Integer.toUnsignedLong(cs.bitmap(ByteBuffer.wrap(disk.inode[g]), 0, nbytes));
            long have = gd.inodeBitmapChecksum();
            if (!full) {
                want &= 0xFFFF;
            }
            if (want != have) {
                Finding f = Finding.of(Problem.INODE_BITMAP_CSUM_INVALID).group(g).num(want).num2(have).build();
                if (problems.ask(f)) {
                    // Repair: rewriting the inode bitmaps rewrites every checksum.
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns true if a yes asked for the block bitmaps to be rewritten with their checksums. */
    private static boolean checkBlockBitmapChecksums(CheckContext ctx, Problems problems, Bitmaps disk) {
        FileSystem fs = ctx.fs();
        GroupDescriptor gd = fs.descriptors();
        Checksums cs = fs.checksums();
        int nbytes = (int) (disk.clustersPerGroup / 8);
        boolean full = fs.geometry().descSize() >= 64;
        for (int g = 0; g < fs.groupCount(); g++) {
            gd.at(g);
            if (gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
                continue;
            }
            long want = Integer.toUnsignedLong(cs.bitmap(ByteBuffer.wrap(disk.block[g]), 0, nbytes));
            long have = gd.blockBitmapChecksum();
            if (!full) {
                want &= 0xFFFF;
            }
            if (want != have) {
                Finding f = Finding.of(Problem.BLOCK_BITMAP_CSUM_INVALID).group(g).num(want).num2(have).build();
                if (problems.ask(f)) {
                    // Repair: rewriting the block bitmaps rewrites every checksum.
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An INODE_UNINIT group with inodes in use, inode by inode: each one in use is reported
     * until a yes clears the flag; after that the rest of the group is compared with its
     * bitmap as read. Returns true if the flag is to be cleared.
     */
    private static boolean compareUninitInodes(CheckContext ctx, Problems problems, RangeList diffs, long g,
            byte[] bm, long first, long last, long firstIno, long[] free, long[] dirs) {
        boolean skip = true;
        for (long ino = first; ino <= last; ino++) {
            boolean actual = ino < firstIno || ctx.inodeUsed.contains(ino);
            boolean bit = !skip && testBit(bm, (int) (ino - first));
            if (actual != bit) {
                if (actual && skip) {
                    Finding f = Finding.of(Problem.INODE_UNINIT).ino(ino).group(g).build();
                    if (problems.ask(f)) {
                        // Repair: clear INODE_UNINIT in the descriptor; compare the rest as read.
                        skip = false;
                    }
                }
                diffs.add(actual, ino);
            }
            if (bit) {
                if (ctx.inodeDir.contains(ino)) {
                    dirs[(int) g]++;
                }
            } else {
                free[(int) g]++;
            }
        }
        return !skip;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean testBit(byte[] bm, int j) {
        return (bm[j >>> 3] & (1 << (j & 7))) != 0;
    }

    /**
     * Collects bitmap differences in ascending order and renders them the way e2fsck does:
     * a lone number as " +N" / " -N", a run of consecutive ones as " +(A--B)".
     */
    static final class RangeList {
        private final long step;
        private final StringBuilder text = new StringBuilder();
        private boolean open;
        private boolean used;
        private long from;
        private long to;

        RangeList(long step) {
            this.step = step;
        }

        void add(boolean isUsed, long n) {
            if (open && isUsed == used && n == to + step) {
                to = n;
                return;
            }
            flush();
            open = true;
            used = isUsed;
            from = n;
            to = n;
        }

        private void flush() {
            if (!open) {
                return;
            }
            text.append(' ').append(used ? '+' : '-');
            if (from == to) {
                text.append(from);
            } else {
                text.append('(').append(from).append("--").append(to).append(')');
            }
            open = false;
        }

        boolean isEmpty() {
            return !open && text.length() == 0;
        }

        String text() {
            flush();
            return text.toString();
        }
    }
}
