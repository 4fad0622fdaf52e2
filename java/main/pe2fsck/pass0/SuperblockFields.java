package pe2fsck.pass0;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * The superblock's own fields, beyond what opening insisted on: values that make the rest
 * meaningless (fatal, as for e2fsck), a file system longer than its device, feature combinations
 * e2fsck corrects, extra inode sizes, timestamps in the future, the checksum and the quota inode
 * numbers. Accepted repairs change the in-memory superblock and mark it dirty.
 */
final class SuperblockFields {

    private static final long FUTURE_FUDGE_SECONDS = 86_400;
    /** Reserved inodes no quota file may be: bad blocks, root, boot loader, undelete, resize, journal, exclude, replica. */
    private static final long[] NOT_QUOTA = {1, 2, 5, 6, 7, 8, 9, 10};

    private final Pass0Context c;
    private final Problems problems;
    private final ByteBuffer b;
    private final Superblock sb;

    SuperblockFields(Pass0Context c) {
        this.c = c;
        this.problems = c.problems();
        this.b = c.fs().superblockBuffer();
        this.sb = c.fs().superblock();
    }

    void run() {
        FileSystem fs = c.fs();
        Geometry geo = fs.geometry();
        int bs = geo.blockSize();

        // Revision 0 cannot have features; the view hides them, so read the raw words.
        if (sb.revLevel() == 0 && (Le.s32(b, 0x5C) != 0 || Le.s32(b, 0x60) != 0 || Le.s32(b, 0x64) != 0)) {
            if (problems.ask(Finding.of(Problem.FS_REV_LEVEL).build())) {
                Le.put32(b, 0x5C, 0);
                Le.put32(b, 0x60, 0);
                Le.put32(b, 0x64, 0);
                c.superblockDirty();
            }
        }

        // Fields whose bad values make the rest meaningless: fatal, as for e2fsck.
        long ratio = 1L << geo.clusterRatioBits();
        long bpgShould = sb.clustersPerGroup() * ratio;
        if (sb.blocksPerGroup() != bpgShould) {
            problems.ask(Finding.of(Problem.BLOCKS_PER_GROUP).num(bpgShould).num2(sb.blocksPerGroup()).build());
        }
        int inodesPerBlock = bs / sb.inodeSize();
        long ipgMax = Math.min((long) inodesPerBlock * (sb.blocksPerGroup() - 4), 65536L - inodesPerBlock);
        if (sb.inodesPerGroup() < inodesPerBlock || sb.inodesPerGroup() > ipgMax) {
            corrupt("s_inodes_per_group", sb.inodesPerGroup());
        }
        // Unsigned, as e2fsck compares it: a high half with its top bit set is not "small".
        if (Long.compareUnsigned(sb.reservedBlocksCount(), sb.blocksCount() / 2) > 0) {
            corrupt("s_r_blocks_count", sb.reservedBlocksCount());
        }
        if (sb.revLevel() > 0 && (sb.firstIno() < 11 || sb.firstIno() > sb.inodesCount())) {
            corrupt("s_first_ino", sb.firstIno());
        }
        if (sb.reservedGdtBlocks() > bs / 4) {
            corrupt("s_reserved_gdt_blocks", sb.reservedGdtBlocks());
        }
        if (sb.has(Feature.METADATA_CSUM) && sb.checksumType() != 1) {
            corrupt("s_checksum_type", sb.checksumType());
        }
        long inodesShould = geo.groupCount() * sb.inodesPerGroup();
        if (inodesShould > 0xFFFF_FFFFL) {
            problems.ask(Finding.of(Problem.INODE_COUNT_BIG).num(inodesShould).build());
        }

        // Longer than its device: e2fsck offers to stop; going on reads only what is there.
        long deviceBlocks = fs.device().size() / bs;
        if (fs.device().size() > 0 && sb.blocksCount() > deviceBlocks) {
            problems.ask(Finding.of(Problem.FS_SIZE_WRONG).num(sb.blocksCount()).num2(deviceBlocks).build());
        }

        if (sb.inodesCount() != inodesShould) {
            if (problems.ask(Finding.of(Problem.INODE_COUNT_WRONG).num(inodesShould).num2(sb.inodesCount()).build())) {
                Le.put32(b, 0x00, inodesShould);
                c.superblockDirty();
            } else {
                corrupt("s_inodes_count", sb.inodesCount()); // left wrong, nothing after it can be trusted
            }
        }
        checkFeatureCombinations(geo);
        checkExtraIsize();
        checkTimes();
        checkChecksum(fs);
        checkQuotaInodes();
    }

    private void checkFeatureCombinations(Geometry geo) {
        if (sb.has(Feature.METADATA_CSUM) && sb.has(Feature.GDT_CSUM)
                && problems.ask(Finding.of(Problem.META_AND_GDT_CSUM_SET).build())) {
            Features.clear(c, Feature.GDT_CSUM);
        }
        if (sb.has(Feature.CSUM_SEED) && !sb.has(Feature.METADATA_CSUM)
                && problems.ask(Finding.of(Problem.CSUM_SEED_WITHOUT_META_CSUM).build())) {
            Features.clear(c, Feature.CSUM_SEED);
            Le.put32(b, 0x270, 0);
        }
        if (sb.has(Feature.INCOMPAT_64BIT) && !sb.has(Feature.EXTENTS)
                && problems.ask(Finding.of(Problem.SIXTY_FOUR_BIT_WITHOUT_EXTENTS).build())) {
            Features.set(c, Feature.EXTENTS);
        }
        if (sb.has(Feature.META_BG) && sb.has(Feature.RESIZE_INODE)
                && problems.ask(Finding.of(Problem.DISABLE_RESIZE_INODE).build())) {
            Features.clear(c, Feature.RESIZE_INODE);
            Le.put16(b, 0xCE, 0);
        }
        if (!sb.has(Feature.RESIZE_INODE) && sb.reservedGdtBlocks() != 0
                && problems.ask(Finding.of(Problem.NONZERO_RESERVED_GDT_BLOCKS).num(0).num2(sb.reservedGdtBlocks()).build())) {
            Le.put16(b, 0xCE, 0);
            c.superblockDirty();
        }
        if (sb.has(Feature.META_BG) && sb.firstMetaBg() > geo.descBlocks()
                && problems.ask(Finding.of(Problem.FIRST_META_BG_TOO_BIG).num(geo.descBlocks()).num2(sb.firstMetaBg()).build())) {
            Le.put32(b, 0x104, 0);
            c.superblockDirty();
        }
    }

    private void checkExtraIsize() {
        if (sb.inodeSize() <= Inode.GOOD_OLD_SIZE) {
            return;
        }
        int min = 4;
        int max = sb.inodeSize() - Inode.GOOD_OLD_SIZE;
        int minExtra = sb.minExtraIsize();
        if (minExtra != 0 && (minExtra < min || minExtra > max || (minExtra & 3) != 0)
                && problems.ask(Finding.of(Problem.BAD_MIN_EXTRA_ISIZE).num2(minExtra).build())) {
            Le.put16(b, 0x15C, 32);
            c.superblockDirty();
        }
        int want = sb.wantExtraIsize();
        if (want != 0 && (want < min || want > max || (want & 3) != 0)
                && problems.ask(Finding.of(Problem.BAD_WANT_EXTRA_ISIZE).num2(want).build())) {
            Le.put16(b, 0x15E, 32);
            c.superblockDirty();
        }
    }

    private void checkTimes() {
        long t = c.now();
        if (sb.mountTime() > t + FUTURE_FUDGE_SECONDS
                && problems.ask(Finding.of(Problem.FUTURE_SB_LAST_MOUNT).num(t).num2(sb.mountTime()).build())) {
            Le.put32(b, 0x2C, t);
            b.put(0x275, (byte) 0);
            c.superblockDirty();
        }
        if (sb.writeTime() > t + FUTURE_FUDGE_SECONDS
                && problems.ask(Finding.of(Problem.FUTURE_SB_LAST_WRITE).num(t).num2(sb.writeTime()).build())) {
            Le.put32(b, 0x30, t);
            b.put(0x274, (byte) 0);
            c.superblockDirty();
        }
    }

    /**
     * Opening already refuses a superblock whose checksum is wrong; this remains for a superblock
     * whose checksum went wrong in memory (never on a healthy run).
     */
    private void checkChecksum(FileSystem fs) {
        if (!sb.has(Feature.METADATA_CSUM)) {
            return;
        }
        int expected = fs.checksums().superblock(b);
        if (expected != sb.checksum()) {
            if (problems.ask(Finding.of(Problem.SB_CSUM_INVALID)
                    .num(Integer.toUnsignedLong(expected)).num2(Integer.toUnsignedLong(sb.checksum())).build())) {
                c.superblockDirty();
            }
            c.needFullCheck();
        }
    }

    /**
     * With the quota feature, each quota inode number must be 0 or an inode that may hold a
     * quota file; without it e2fsck does not look at them, and neither does this.
     */
    private void checkQuotaInodes() {
        if (!sb.has(Feature.QUOTA)) {
            return;
        }
        String[] names = {"user", "group", "project"};
        int[] offsets = {0x240, 0x244, 0x26C};
        for (int q = 0; q < names.length; q++) {
            long ino = Le.u32(b, offsets[q]);
            if (ino != 0 && (ino > sb.inodesCount() || isReservedNonQuota(ino))
                    && problems.ask(Finding.of(Problem.INVALID_QUOTA_INO).ino(ino).text(names[q]).build())) {
                Le.put32(b, offsets[q], 0);
                c.superblockDirty();
            }
        }
    }

    private static boolean isReservedNonQuota(long ino) {
        for (long r : NOT_QUOTA) {
            if (ino == r) {
                return true;
            }
        }
        return false;
    }

    private void corrupt(String field, long value) {
        problems.ask(Finding.of(Problem.MISC_CORRUPT_SUPER).text(field).num(value).build());
    }
}
