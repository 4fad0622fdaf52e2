package pe2fsck.pass0;

import pe2fsck.state.BlockSet;
import pe2fsck.run.CheckContext;
import pe2fsck.run.IoTuning;
import pe2fsck.run.Pass;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.Crc32c;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.journal.JournalSuperblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.FixDecider;
import pe2fsck.problem.Flag;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * "Pass 0": what has to hold before inodes are read. Validates the superblock fields that
 * opening the file system did not already insist on, every group descriptor (where its bitmaps
 * and inode table lie, its counts, its flags, its checksum), and the presence of the journal
 * superblock. Fills {@link CheckContext#blockMeta} with every metadata block: superblock and
 * descriptor copies (with reserved descriptor blocks), bitmaps, inode tables and the MMP block.
 *
 * <p>Repairs answered "yes" are made in the in-memory superblock and descriptor table and
 * recorded as dirty ({@link #superblockDirty()}, {@link #dirtyGroups()}); the checker hands them
 * to the run's write path ({@code pe2fsck.write}), which writes them at the end of the run.
 *
 * <p>Some inconsistencies e2fsck does not report but which make a file system that claims to be
 * clean need a full check anyway (free counts that disagree with the groups', counts above
 * their totals); {@link #fullCheckNeeded()} says so.
 */
public final class SuperblockCheck implements Pass {

    /** JBD2 magic number, big-endian at the start of the journal superblock. */
    /** s_jnl_backup_type value saying s_jnl_blocks holds a copy of the journal inode's map. */
    private static final int JNL_BACKUP_BLOCKS = 1;
    static final int JBD2_MAGIC = 0xC03B3998;
    /** Journals smaller than this many blocks are refused by the kernel. */
    static final long JBD2_MIN_BLOCKS = 1024;
    private static final int JOURNAL_INO = 8;
    /** Bytes of a version 1 journal superblock; everything after belongs to version 2. */
    private static final int JOURNAL_V1_SIZE = 0x24;
    static final int MMP_MAGIC = 0x004D4D50;
    private static final int MMP_CHECKSUM_OFFSET = 0x3FC;
    private static final long FUTURE_FUDGE_SECONDS = 86_400;

    private boolean fullCheckNeeded;
    private boolean declined;
    /** The run's decider, behind the tracking wrapper this pass asks through. */
    private Problems decider;
    private boolean superblockDirty;
    private final BitSet dirtyGroups = new BitSet();
    private long now = -1;
    private long groupFreeBlocks = -1;
    private long groupFreeInodes = -1;

    @Override
    public String name() {
        return "Pass 0";
    }

    /** Uses {@code epochSeconds} as "now" for the future-timestamp checks (tests). */
    public SuperblockCheck now(long epochSeconds) {
        this.now = epochSeconds;
        return this;
    }

    /** True if something was found that makes a "clean" file system need a full check anyway. */
    public boolean fullCheckNeeded() {
        return fullCheckNeeded;
    }

    /** The groups' free clusters added up and converted to blocks (-1 before the pass ran). */
    public long groupFreeBlocks() {
        return groupFreeBlocks;
    }

    /** The groups' free inodes added up (-1 before the pass ran). */
    public long groupFreeInodes() {
        return groupFreeInodes;
    }

    /** True if an accepted repair changed the in-memory superblock. */
    public boolean superblockDirty() {
        return superblockDirty;
    }

    /** Groups whose in-memory descriptors an accepted repair changed. */
    public BitSet dirtyGroups() {
        return (BitSet) dirtyGroups.clone();
    }

    @Override
    public void run(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        Problems problems = tracking(ctx.problems());
        boolean readOnly = !ctx.options().mode().writes();
        checkSuperblock(fs, problems);
        checkDescriptors(ctx, fs, problems, readOnly);
        markMetadata(ctx, fs, problems);
        checkJournal(fs, problems, readOnly);
        new ResizeInodeCheck(fs, problems, IoTuning.depth(ctx), ctx.threadFigures().readAhead()).run();
        if (declined) {
            fullCheckNeeded = true;
        }
    }

    /**
     * Like e2fsck, a question of this pass answered "no" does not by itself leave the file system
     * with errors (e2fsck marks it valid again once the superblock checks are done; most
     * pre-pass-1 problems therefore carry no {@link Flag#NO_OK_IS_ERROR}). It does force the full
     * check, and if the check then cannot go on, the refused repair counts: the run ends with
     * both the operational and the "errors left" bits, as e2fsck's does.
     */
    private Problems tracking(Problems inner) {
        decider = inner;
        return f -> {
            if (f.problem().has(Flag.FATAL) && declined) {
                markErrorsLeft(inner);
            }
            boolean yes = inner.ask(f);
            if (!yes && f.problem().asks()) {
                declined = true;
            }
            return yes;
        };
    }

    /** Tells the decider a repair the run should make here does not exist yet. */
    private void repairMissing(Problems problems) {
        Problems target = decider != null ? decider : problems;
        if (target instanceof FixDecider d) {
            d.noteRepairMissing();
        }
    }

    private void markErrorsLeft(Problems problems) {
        Problems target = decider != null ? decider : problems;
        if (target instanceof FixDecider d) {
            d.noteErrorLeft();
        }
    }

    // ---- superblock ----

    private void checkSuperblock(FileSystem fs, Problems problems) {
        Superblock sb = fs.superblock();
        ByteBuffer b = fs.superblockBuffer();
        Geometry geo = fs.geometry();
        int bs = geo.blockSize();

        // Revision 0 cannot have features; the view hides them, so read the raw words.
        if (sb.revLevel() == 0 && (Le.s32(b, 0x5C) != 0 || Le.s32(b, 0x60) != 0 || Le.s32(b, 0x64) != 0)) {
            if (problems.ask(Finding.of(Problem.FS_REV_LEVEL).build())) {
                Le.put32(b, 0x5C, 0);
                Le.put32(b, 0x60, 0);
                Le.put32(b, 0x64, 0);
                superblockDirty = true;
            }
        }

        // Fields whose bad values make the rest meaningless: fatal, as for e2fsck.
        if (!sb.has(Feature.BIGALLOC) && sb.logClusterSize() != sb.logBlockSize()) {
            corrupt(problems, "s_log_cluster_size", sb.logClusterSize());
        }
        if (sb.has(Feature.BIGALLOC) && sb.logClusterSize() < sb.logBlockSize()) {
            corrupt(problems, "s_log_cluster_size", sb.logClusterSize());
        }
        long ratio = 1L << geo.clusterRatioBits();
        long bpgShould = sb.clustersPerGroup() * ratio;
        if (sb.blocksPerGroup() != bpgShould) {
            problems.ask(Finding.of(Problem.BLOCKS_PER_GROUP).num(bpgShould).num2(sb.blocksPerGroup()).build());
        }
        if (sb.blocksPerGroup() < 8) {
            corrupt(problems, "s_blocks_per_group", sb.blocksPerGroup());
        }
        int inodesPerBlock = bs / sb.inodeSize();
        long ipgMax = Math.min((long) inodesPerBlock * (sb.blocksPerGroup() - 4), 65536L - inodesPerBlock);
        if (sb.inodesPerGroup() < inodesPerBlock || sb.inodesPerGroup() > ipgMax) {
            corrupt(problems, "s_inodes_per_group", sb.inodesPerGroup());
        }
        if (sb.reservedBlocksCount() > sb.blocksCount() / 2) {
            corrupt(problems, "s_r_blocks_count", sb.reservedBlocksCount());
        }
        if (sb.revLevel() > 0 && (sb.firstIno() < 11 || sb.firstIno() > sb.inodesCount())) {
            corrupt(problems, "s_first_ino", sb.firstIno());
        }
        if (sb.reservedGdtBlocks() > bs / 4) {
            corrupt(problems, "s_reserved_gdt_blocks", sb.reservedGdtBlocks());
        }
        if (sb.has(Feature.FLEX_BG) && sb.logGroupsPerFlex() >= 32) {
            corrupt(problems, "s_log_groups_per_flex", sb.logGroupsPerFlex());
        }
        if (sb.has(Feature.METADATA_CSUM) && sb.checksumType() != 1) {
            corrupt(problems, "s_checksum_type", sb.checksumType());
        }

        long inodesShould = geo.groupCount() * sb.inodesPerGroup();
        if (inodesShould > 0xFFFF_FFFFL) {
            problems.ask(Finding.of(Problem.INODE_COUNT_BIG).num(inodesShould).build());
        }
        if (sb.inodesCount() != inodesShould
                && problems.ask(Finding.of(Problem.INODE_COUNT_WRONG).num(inodesShould).num2(sb.inodesCount()).build())) {
            Le.put32(b, 0x00, inodesShould);
            superblockDirty = true;
        }

        // Feature combinations e2fsck corrects.
        if (sb.has(Feature.METADATA_CSUM) && sb.has(Feature.GDT_CSUM)
                && problems.ask(Finding.of(Problem.META_AND_GDT_CSUM_SET).build())) {
            clearFeature(b, Feature.GDT_CSUM);
        }
        if (sb.has(Feature.CSUM_SEED) && !sb.has(Feature.METADATA_CSUM)
                && problems.ask(Finding.of(Problem.CSUM_SEED_WITHOUT_META_CSUM).build())) {
            clearFeature(b, Feature.CSUM_SEED);
            Le.put32(b, 0x270, 0);
        }
        if (sb.has(Feature.INCOMPAT_64BIT) && !sb.has(Feature.EXTENTS)
                && problems.ask(Finding.of(Problem.SIXTY_FOUR_BIT_WITHOUT_EXTENTS).build())) {
            setFeature(b, Feature.EXTENTS);
        }
        if (sb.has(Feature.META_BG) && sb.has(Feature.RESIZE_INODE)
                && problems.ask(Finding.of(Problem.DISABLE_RESIZE_INODE).build())) {
            clearFeature(b, Feature.RESIZE_INODE);
            Le.put16(b, 0xCE, 0);
        }
        if (!sb.has(Feature.RESIZE_INODE) && sb.reservedGdtBlocks() != 0
                && problems.ask(Finding.of(Problem.NONZERO_RESERVED_GDT_BLOCKS).num(0).num2(sb.reservedGdtBlocks()).build())) {
            Le.put16(b, 0xCE, 0);
            superblockDirty = true;
        }
        if (sb.has(Feature.META_BG) && sb.firstMetaBg() > geo.descBlocks()
                && problems.ask(Finding.of(Problem.FIRST_META_BG_TOO_BIG).num(geo.descBlocks()).num2(sb.firstMetaBg()).build())) {
            Le.put32(b, 0x104, 0);
            superblockDirty = true;
        }

        if (sb.inodeSize() > Inode.GOOD_OLD_SIZE) {
            int min = 4;
            int max = sb.inodeSize() - Inode.GOOD_OLD_SIZE;
            int minExtra = sb.minExtraIsize();
            if (minExtra != 0 && (minExtra < min || minExtra > max || (minExtra & 3) != 0)
                    && problems.ask(Finding.of(Problem.BAD_MIN_EXTRA_ISIZE).num2(minExtra).build())) {
                Le.put16(b, 0x15C, 32);
                superblockDirty = true;
            }
            int want = sb.wantExtraIsize();
            if (want != 0 && (want < min || want > max || (want & 3) != 0)
                    && problems.ask(Finding.of(Problem.BAD_WANT_EXTRA_ISIZE).num2(want).build())) {
                Le.put16(b, 0x15E, 32);
                superblockDirty = true;
            }
        }

        long t = now >= 0 ? now : System.currentTimeMillis() / 1000;
        if (sb.mountTime() > t + FUTURE_FUDGE_SECONDS
                && problems.ask(Finding.of(Problem.FUTURE_SB_LAST_MOUNT).num(t).num2(sb.mountTime()).build())) {
            Le.put32(b, 0x2C, t);
            b.put(0x275, (byte) 0);
            superblockDirty = true;
        }
        if (sb.writeTime() > t + FUTURE_FUDGE_SECONDS
                && problems.ask(Finding.of(Problem.FUTURE_SB_LAST_WRITE).num(t).num2(sb.writeTime()).build())) {
            Le.put32(b, 0x30, t);
            b.put(0x274, (byte) 0);
            superblockDirty = true;
        }

        if (sb.has(Feature.METADATA_CSUM)) {
            int expected = fs.checksums().superblock(b);
            if (expected != sb.checksum()) {
                if (problems.ask(Finding.of(Problem.SB_CSUM_INVALID)
                        .num(Integer.toUnsignedLong(expected)).num2(Integer.toUnsignedLong(sb.checksum())).build())) {
                    superblockDirty = true;
                }
                fullCheckNeeded = true;
            }
        }
    }

    private void corrupt(Problems problems, String field, long value) {
        problems.ask(Finding.of(Problem.MISC_CORRUPT_SUPER).text(field).num(value).build());
    }

    private void clearFeature(ByteBuffer b, Feature f) {
        int off = featureOffset(f);
        Le.put32(b, off, Le.u32(b, off) & ~Integer.toUnsignedLong(f.mask()));
        superblockDirty = true;
    }

    private void setFeature(ByteBuffer b, Feature f) {
        int off = featureOffset(f);
        Le.put32(b, off, Le.u32(b, off) | Integer.toUnsignedLong(f.mask()));
        superblockDirty = true;
    }

    private static int featureOffset(Feature f) {
        return switch (f.kind()) {
            case COMPAT -> 0x5C;
            case INCOMPAT -> 0x60;
            case RO_COMPAT -> 0x64;
        };
    }

    // ---- group descriptors ----

    private void checkDescriptors(CheckContext ctx, FileSystem fs, Problems problems, boolean readOnly) {
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
            if (it < first || it + itableBlocks - 1 > last) {
                problems.ask(Finding.of(Problem.ITABLE_NOT_GROUP).group(g).blk(it).build());
            }
            // Relocation is not implemented: a "yes" above cannot be honoured yet. The answer
            // is recorded by the decider; pass 1 will see the bad locations and skip them.

            freeBlocks += gd.freeBlocksCount();
            freeInodes += gd.freeInodesCount();
            if (gd.freeBlocksCount() > sb.blocksPerGroup() || gd.freeInodesCount() > sb.inodesPerGroup()
                    || gd.usedDirsCount() > sb.inodesPerGroup()) {
                fullCheckNeeded = true;
            }

            if (csumFlag) {
                int expected = sums.groupDescriptor(gd, g, metadataCsum);
                if (expected != gd.checksum()) {
                    if (problems.ask(Finding.of(Problem.GDT_CSUM).group(g).num(expected).num2(gd.checksum()).build())) {
                        gd.setFlags(gd.flags() & ~(GroupDescriptor.FLAG_BLOCK_UNINIT | GroupDescriptor.FLAG_INODE_UNINIT));
                        gd.setItableUnused(0);
                        dirtyGroups.set((int) g);
                    }
                    fullCheckNeeded = true;
                }
            }
            if (!csumFlag && (gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT) || gd.has(GroupDescriptor.FLAG_INODE_UNINIT)
                    || gd.itableUnused() != 0)) {
                if (problems.ask(Finding.of(Problem.GDT_UNINIT_FLAGS).group(g).build())) {
                    gd.setFlags(gd.flags() & ~(GroupDescriptor.FLAG_BLOCK_UNINIT | GroupDescriptor.FLAG_INODE_UNINIT));
                    gd.setItableUnused(0);
                    dirtyGroups.set((int) g);
                }
                fullCheckNeeded = true;
            }
            if (g == groups - 1 && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
                if (problems.ask(Finding.of(Problem.BB_UNINIT_LAST).group(g).build())) {
                    gd.setFlags(gd.flags() & ~GroupDescriptor.FLAG_BLOCK_UNINIT);
                    dirtyGroups.set((int) g);
                }
                fullCheckNeeded = true;
            }
            if (csumFlag && (gd.itableUnused() > gd.freeInodesCount() || gd.itableUnused() > sb.inodesPerGroup())) {
                if (problems.ask(Finding.of(Problem.GDT_ITABLE_UNUSED).group(g).num2(gd.itableUnused()).build())) {
                    gd.setItableUnused(0);
                    dirtyGroups.set((int) g);
                }
                fullCheckNeeded = true;
            }
        }

        // The superblock's totals should be the sums of the groups' (counted in clusters; the
        // superblock counts blocks). Like e2fsck 1.47, a writing run corrects them only when it
        // skips the full check (the checker does, from groupFreeBlocks and groupFreeInodes); a
        // full check leaves them to pass 5, and a read-only run must check in full.
        groupFreeBlocks = freeBlocks << geo.clusterRatioBits();
        groupFreeInodes = freeInodes;
        if (readOnly && (groupFreeBlocks != sb.freeBlocksCount() || freeInodes != sb.freeInodesCount())) {
            fullCheckNeeded = true;
        }
        if (sb.freeBlocksCount() > sb.blocksCount() || sb.freeInodesCount() > sb.inodesCount()) {
            fullCheckNeeded = true;
        }
    }

    // ---- metadata map ----

    private void markMetadata(CheckContext ctx, FileSystem fs, Problems problems) {
        Superblock sb = fs.superblock();
        Geometry geo = fs.geometry();
        BlockSet meta = ctx.blockMeta;
        long total = geo.blocksCount();
        boolean metaBg = sb.has(Feature.META_BG);
        long descPerBlock = geo.descPerBlock();
        long oldDescBlocks = metaBg ? sb.firstMetaBg() : geo.descBlocks() + sb.reservedGdtBlocks();

        if (geo.firstDataBlock() == 0 || geo.clusterRatioBits() > 0) {
            meta.add(0);
        }
        for (long g = 0; g < geo.groupCount(); g++) {
            // Group 0's superblock is block 1 with 1 KiB blocks even when the first data block is 0.
            long start = g == 0 ? FileSystem.primarySuperblockBlock(sb) : geo.groupFirstBlock(g);
            boolean hasSuper = geo.hasSuperblock(g);
            if (hasSuper) {
                addRange(meta, start, 1, total);
            }
            long metaBgIndex = g / descPerBlock;
            if (!metaBg || metaBgIndex < sb.firstMetaBg()) {
                if (hasSuper) {
                    addRange(meta, start + 1, oldDescBlocks, total);
                }
            } else {
                long r = g % descPerBlock;
                if (r == 0 || r == 1 || r == descPerBlock - 1) {
                    addRange(meta, start + (hasSuper ? 1 : 0), 1, total);
                }
            }
        }

        GroupDescriptor gd = fs.descriptors();
        long itableBlocks = geo.inodeTableBlocks();
        for (long g = 0; g < geo.groupCount(); g++) {
            gd.at((int) g);
            long bb = gd.blockBitmap();
            if (bb > 0 && bb < total && meta.checkedAdd(bb)) {
                problems.ask(Finding.of(Problem.BB_CONFLICT).group(g).blk(bb).build());
            }
            long ib = gd.inodeBitmap();
            if (ib > 0 && ib < total && meta.checkedAdd(ib)) {
                problems.ask(Finding.of(Problem.IB_CONFLICT).group(g).blk(ib).build());
            }
            long it = gd.inodeTable();
            if (it > 0 && it + itableBlocks <= total) {
                boolean reported = false;
                for (long blk = it; blk < it + itableBlocks; blk++) {
                    if (meta.checkedAdd(blk) && !reported) {
                        problems.ask(Finding.of(Problem.ITABLE_CONFLICT).group(g).blk(blk).build());
                        reported = true;
                    }
                }
            }
        }

        if (sb.has(Feature.MMP)) {
            long mmp = sb.mmpBlock();
            if (mmp < geo.firstDataBlock() || mmp >= total) {
                problems.ask(Finding.of(Problem.MMP_INVALID_BLK).blk(mmp).build());
            } else {
                meta.add(mmp);
                checkMmp(fs, problems, mmp);
            }
        }
    }

    /**
     * The MMP block's checksum (metadata_csum only): crc32c from the file system seed over the
     * block up to the checksum field in its last four bytes. e2fsck checks it before anything
     * else and, if the repair is refused, stops with errors left.
     */
    private void checkMmp(FileSystem fs, Problems problems, long block) {
        if (!fs.has(Feature.METADATA_CSUM)) {
            return;
        }
        ByteBuffer b = fs.readBlock(block);
        if (Le.u32(b, 0) != MMP_MAGIC) {
            return;
        }
        int expected = Crc32c.of(fs.csumSeed(), b, 0, MMP_CHECKSUM_OFFSET);
        int stored = (int) Le.u32(b, MMP_CHECKSUM_OFFSET);
        if (expected != stored && !problems.ask(Finding.of(Problem.MMP_CSUM_INVALID).blk(block)
                .num(Integer.toUnsignedLong(expected)).num2(Integer.toUnsignedLong(stored)).build())) {
            markErrorsLeft(problems);
            problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the multiple-mount protection block is corrupt").build());
        }
    }

    private static void addRange(BlockSet set, long from, long count, long total) {
        long end = Math.min(from + count, total);
        if (from < end) {
            set.addRange(from, end - from);
        }
    }

    // ---- journal ----

    private void checkJournal(FileSystem fs, Problems problems, boolean readOnly) {
        Superblock sb = fs.superblock();
        ByteBuffer b = fs.superblockBuffer();
        boolean hasJournal = sb.has(Feature.HAS_JOURNAL);
        boolean recover = sb.has(Feature.RECOVER);

        if (!hasJournal) {
            if (recover) {
                if (problems.ask(Finding.of(Problem.JOURNAL_RECOVER_SET).build())) {
                    clearFeature(b, Feature.RECOVER);
                } else {
                    // Left set, the flag asks for a journal that is not there: e2fsck gives up.
                    markErrorsLeft(problems);
                    problems.ask(Finding.of(Problem.CANNOT_PROCEED)
                            .text("the superblock asks for journal recovery without a journal").build());
                }
            }
            if (sb.journalInum() != 0 && sb.journalDev() == 0
                    && problems.ask(Finding.of(Problem.JOURNAL_HAS_JOURNAL).ino(sb.journalInum()).build())) {
                Le.put32(b, 0xE0, 0);
                superblockDirty = true;
            }
            return;
        }
        if (recover && readOnly) {
            problems.ask(Finding.of(Problem.NEEDS_RECOVERY).build());
        }
        boolean external = sb.journalDev() != 0 || sb.journalInum() == 0 && !isZero(sb.journalUuid());
        if (external) {
            return; // an external journal is looked at only with -j, which is not supported yet
        }
        long ino = sb.journalInum();
        boolean badInode = ino == 0 || ino > sb.inodesCount() || (ino != JOURNAL_INO && ino < sb.firstIno());
        long first = -1;
        long blocks = 0;
        if (!badInode) {
            Inode inode = fs.readInode(ino);
            if (!usableJournalInode(fs, inode) && sb.jnlBackupType() == JNL_BACKUP_BLOCKS) {
                // Like e2fsck, fall back on the copy of the journal inode's block map that the
                // superblock keeps; pass 1 reports the damaged inode itself.
                inode = backupJournalInode(sb);
            }
            blocks = inode.size() / fs.blockSize();
            badInode = !usableJournalInode(fs, inode);
            if (!badInode) {
                first = firstBlock(fs, ino, inode);
                badInode = first <= 0 || first >= fs.geometry().blocksCount();
            }
        }
        int magic = 0;
        int type = 0;
        if (!badInode) {
            ByteBuffer jsb = fs.readBlock(first).order(ByteOrder.BIG_ENDIAN);
            magic = jsb.getInt(0);
            type = jsb.getInt(4);
            badInode = magic != JBD2_MAGIC;
        }
        if (badInode) {
            if (problems.ask(Finding.of(Problem.JOURNAL_BAD_INODE).ino(ino).build())) {
                clearFeature(b, Feature.HAS_JOURNAL);
                clearFeature(b, Feature.RECOVER);
                Le.put32(b, 0xE0, 0);
            } else {
                // Kept, the journal cannot be loaded: e2fsck stops here.
                markErrorsLeft(problems);
                problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal cannot be loaded").build());
            }
            return;
        }
        if (type == 3 || type == 4) {
            checkJournalSuperblock(fs, problems, first, blocks);
            return;
        }
        switch (type) {
            case 1, 2, 5 -> problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER)
                    .text(" (block type " + type + " where the superblock should be)").build());
            default -> problems.ask(Finding.of(Problem.JOURNAL_UNSUPP_VERSION).num(type).build());
        }
    }

    /**
     * The journal superblock's own fields, as e2fsck looks at them when loading the journal. A
     * failure here stops e2fsck before it has marked the file system valid, so a fatal outcome
     * also counts as errors left (exit 12).
     */
    private void checkJournalSuperblock(FileSystem fs, Problems problems, long block, long inodeBlocks) {
        JournalSuperblock jsb = JournalSuperblock.wrap(fs.readBlock(block), 0);
        // The journal's geometry must fit the journal inode: same block size, no longer than the
        // inode, and a first log block inside it. Otherwise the journal cannot be loaded at all.
        String geometry = null;
        if (jsb.blockSize() != fs.blockSize()) {
            geometry = " (block size " + jsb.blockSize() + ", the file system uses " + fs.blockSize() + ")";
        } else if (jsb.maxLen() > inodeBlocks) {
            geometry = " (it claims " + jsb.maxLen() + " blocks, the journal inode holds " + inodeBlocks + ")";
        } else if (jsb.first() == 0 || jsb.first() >= Math.min(jsb.maxLen(), inodeBlocks)) {
            geometry = " (first log block " + jsb.first() + " is outside the journal)";
        }
        if (geometry != null) {
            if (!problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER).text(geometry).build())) {
                markErrorsLeft(problems);
                problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal superblock is corrupt").build());
            }
            return;
        }
        if (!jsb.isV2()) {
            ByteBuffer raw = fs.readBlock(block);
            boolean v2Fields = false;
            for (int i = JOURNAL_V1_SIZE; i < JournalSuperblock.SIZE && !v2Fields; i++) {
                v2Fields = raw.get(i) != 0;
            }
            if (v2Fields) {
                if (problems.ask(Finding.of(Problem.CLEAR_V2_JOURNAL).build())) {
                    repairMissing(problems);
                }
            }
        }
        // An internal journal cannot have several users: the version 2 fields should be
        // cleared. Until they are (never under -n; the journal repair is not implemented yet),
        // the journal cannot be used and e2fsck gives up.
        if (jsb.isV2() && jsb.nrUsers() > 1) {
            if (problems.ask(Finding.of(Problem.CLEAR_V2_JOURNAL).build())) {
                repairMissing(problems);
            }
            markErrorsLeft(problems);
            problems.ask(Finding.of(Problem.JOURNAL_UNSUPP_MULTIFS).num(jsb.nrUsers()).build());
        }
        if (jsb.isV2() && jsb.hasChecksum()) {
            int expected = jsb.expectedChecksum();
            if (expected != jsb.checksum()) {
                boolean fix = problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER)
                        .text(String.format(java.util.Locale.ROOT, " (checksum 0x%08x, should be 0x%08x)",
                                jsb.checksum(), expected))
                        .build());
                if (!fix) {
                    markErrorsLeft(problems);
                    problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal superblock is corrupt").build());
                }
            }
        }
    }

    private static boolean usableJournalInode(FileSystem fs, Inode inode) {
        return inode.isRegular() && inode.linksCount() != 0 && inode.size() / fs.blockSize() >= JBD2_MIN_BLOCKS;
    }

    /**
     * A journal inode rebuilt from the superblock's backup (s_jnl_blocks: i_block[0..14], then
     * i_size_high and i_size), marked as using extents when the copy starts with an extent header.
     */
    private static Inode backupJournalInode(Superblock sb) {
        ByteBuffer buf = ByteBuffer.allocate(Inode.GOOD_OLD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        Inode inode = new Inode(Inode.GOOD_OLD_SIZE).at(buf, 0);
        inode.setMode(Inode.S_IFREG | 0600);
        inode.setLinksCount(1);
        for (int i = 0; i < 15; i++) {
            inode.setBlock(i, sb.jnlBlock(i));
        }
        inode.setSize(sb.jnlBlock(16) | sb.jnlBlock(15) << 32);
        // e2fsck 1.47 does not mark the copy as using extents, so an extent-mapped journal's
        // backup reads as a block map and fails; doing the same keeps the verdicts equal.
        return inode;
    }

    /** Physical block of the inode's logical block 0, or -1 if it cannot be found. */
    static long firstBlock(FileSystem fs, long ino, Inode inode) {
        try {
            return new FileReader(fs).physicalBlock(ino, inode, 0);
        } catch (FormatException e) {
            return -1; // a map that cannot be walked: the journal is unusable
        }
    }

    private static boolean isZero(byte[] a) {
        for (byte x : a) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
