package pe2fsck.pass4;

import pe2fsck.run.CheckContext;
import pe2fsck.run.InodeEditor;
import pe2fsck.run.LostAndFound;
import pe2fsck.run.Pass;
import pe2fsck.state.QuotaUsage;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * Pass 4: reference counts.
 *
 * <p>For every in-use inode that is the root or at least the first non-reserved inode, in
 * ascending inode order, compares the links counted in directories (pass 2) with
 * i_links_count as pass 1 found it:
 * <ul>
 *   <li>No reference at all: the inode is unattached. A regular file or directory with no
 *       blocks (i_blocks low word 0) and no in-inode extended attributes is first offered for
 *       clearing ({@link Problem#ZERO_LEN_INODE}); otherwise, or when that is declined, it is
 *       offered for reconnection ({@link Problem#UNATTACHED_INODE}). Declining reconnection
 *       skips the link count comparison for it, as e2fsck does.</li>
 *   <li>A directory counted more than 65000 times: the count is taken as 1 (the dir_nlink
 *       convention), after offering to set the feature if it is missing
 *       ({@link Problem#DIR_NLINK_FEATURE}).</li>
 *   <li>Otherwise a difference is {@link Problem#BAD_REF_COUNT} (num = counted, num2 = on
 *       disk), except for an indexed directory whose disk count is the overflow value 1: only a
 *       writing run offers to set the exact count ({@link Problem#DIR_OVERFLOW_REF_COUNT}),
 *       -n says nothing, like e2fsck.</li>
 * </ul>
 *
 * <p>Reads from the context: {@code inodeUsed}, {@code inodeDir}, {@code linkCount},
 * {@code refCount}; it reads an inode from disk only when it needs flags, i_blocks or the
 * in-inode attribute magic (unattached inodes, indexed directories with count 1).
 *
 * <p>Repairs: a link count is rewritten to the count found ({@link InodeEditor}); an
 * unattached empty inode is cleared and given back ({@link #release}); another unattached
 * inode is linked into /lost+found ({@link LostAndFound}).
 *
 * <p>Left for later: setting dir_nlink, growing a full /lost+found, the second
 * look at inodes pass 1 found bad (e2fsck re-examines an unattached inode in its bad map
 * first), inodes in bad blocks and imagic inodes (skipped by e2fsck; pass 1 does not record
 * them yet), and reference counts of extended-attribute inodes (skipped here).
 */
public final class Pass4 implements Pass {

    static final long BAD_INO = 1;
    static final long ROOT_INO = 2;
    /** Most links a directory may have before the dir_nlink convention (count 1) applies. */
    static final int LINK_MAX = 65000;
    private static final long EA_MAGIC = 0xEA020000L;

    @Override
    public String name() {
        return "Pass 4";
    }

    @Override
    public void run(CheckContext ctx) {
        Problems problems = ctx.problems();
        long firstIno = ctx.fs().superblock().firstIno();
        long prjQuota = ctx.fs().has(Feature.PROJECT) ? ctx.fs().superblock().prjQuotaInum() : 0;
        // The orphan file is a hidden system file like the quota files: no directory names it.
        long orphanFile = ctx.fs().superblock().orphanFileInum();
        boolean dirNlink = ctx.fs().has(Feature.DIR_NLINK);
        for (long ino = ctx.inodeUsed.nextMember(0); ino >= 0; ino = ctx.inodeUsed.nextMember(ino + 1)) {
            if (ino == BAD_INO || (ino > ROOT_INO && ino < firstIno) || ino == prjQuota || ino == orphanFile) {
                continue;
            }
            if (ino > ctx.geometry().inodesCount()) {
                break;
            }
            ctx.progress().update(4, ctx.geometry().groupOfInode(ino), ctx.geometry().groupCount());
            int onDisk = ctx.linkCount.get(ino);
            int counted = ctx.refCount.get(ino);
            Inode inode = null;
            if (counted == 0) {
                inode = ctx.fs().readInode(ino);
                if (inode.hasFlag(Inode.FL_EA_INODE)) {
                    continue; // referenced from attributes, not directories
                }
                if (!disconnected(ctx, problems, ino, inode)) {
                    continue;
                }
                onDisk = ctx.linkCount.get(ino);
                counted = ctx.refCount.get(ino);
            }
            boolean isDir = ctx.inodeDir.contains(ino);
            if (isDir && counted > LINK_MAX) {
                if (!dirNlink && problems.ask(Finding.of(Problem.DIR_NLINK_FEATURE).ino(ino).build())) {
                    // Repair: set the dir_nlink feature in the superblock.
                    throw new UnsupportedOperationException("setting dir_nlink is not implemented yet");
                }
                counted = 1;
            }
            if (counted == onDisk) {
                continue;
            }
            if (isDir && counted > 1 && onDisk == 1) {
                if (inode == null) {
                    inode = ctx.fs().readInode(ino);
                }
                if (inode.hasFlag(Inode.FL_INDEX)) {
                    if (ctx.options().mode().writes()
                            && problems.ask(Finding.of(Problem.DIR_OVERFLOW_REF_COUNT).ino(ino).num(counted).build())) {
                        setLinkCount(ctx, ino, counted);
                    }
                    continue;
                }
            }
            if (problems.ask(Finding.of(Problem.BAD_REF_COUNT).ino(ino).num(counted).num2(onDisk).build())) {
                setLinkCount(ctx, ino, counted);
            }
        }
    }

    /** The repair of a link count: i_links_count becomes what the directories say. */
    private static void setLinkCount(CheckContext ctx, long ino, int counted) {
        ctx.linkCount.set(ino, counted);
        if (ctx.writes() == null) {
            return;
        }
        InodeEditor editor = new InodeEditor(ctx.fs(), ctx.writes());
        editor.open(ino).setLinksCount(counted);
        editor.changed(ino);
    }

    /**
     * Handles an inode no directory names. Returns true if the link count comparison should
     * still be made for it (after a repair), false to skip it.
     */
    private static boolean disconnected(CheckContext ctx, Problems problems, long ino, Inode inode) {
        boolean noBlocks = inode.blocksLo() == 0;
        if (noBlocks && !hasInodeAttributes(ctx, inode) && (inode.isRegular() || inode.isDir())) {
            if (problems.ask(Finding.of(Problem.ZERO_LEN_INODE).ino(ino).build())) {
                release(ctx, ino, inode);
                return false;
            }
        }
        if (problems.ask(Finding.of(Problem.UNATTACHED_INODE).ino(ino).build())) {
            // Linked into /lost+found as #ino, the counts are compared as usual.
            return new LostAndFound(ctx).connect(ino);
        }
        return false;
    }

    /**
     * Clears an unattached empty inode as e2fsck does: no links, deleted now, out of the in-use
     * maps, and given back in its group's and the superblock's free counts; pass 5 then finds
     * its bitmap bit clear as well ({@code inodesReleased}) and writes that group's bitmap.
     */
    private static void release(CheckContext ctx, long ino, Inode asRead) {
        boolean dir = asRead.isDir();
        ctx.inodeUsed.remove(ino);
        ctx.inodeDir.remove(ino);
        ctx.inodeReg.remove(ino);
        ctx.linkCount.set(ino, 0);
        ctx.inodesReleased.add(ino);
        FileSystem fs = ctx.fs();
        if (fs.has(Feature.QUOTA)) {
            ctx.quota.charge(QuotaUsage.USER, Integer.toUnsignedLong(asRead.uid()), 0, -1);
            ctx.quota.charge(QuotaUsage.GROUP, Integer.toUnsignedLong(asRead.gid()), 0, -1);
            ctx.quota.charge(QuotaUsage.PROJECT, asRead.projid(), 0, -1);
        }
        if (ctx.writes() == null) {
            return;
        }
        InodeEditor editor = new InodeEditor(fs, ctx.writes());
        Inode inode = editor.open(ino);
        inode.setLinksCount(0);
        inode.setDtime(ctx.now());
        editor.changed(ino);
        GroupDescriptor gd = fs.descriptors().at((int) ctx.geometry().groupOfInode(ino));
        gd.setFreeInodesCount(gd.freeInodesCount() + 1);
        if (dir) {
            gd.setUsedDirsCount(gd.usedDirsCount() - 1);
        }
        fs.superblock().setFreeInodesCount(fs.superblock().freeInodesCount() + 1);
    }

    /** True if the inode's extra space starts with the in-inode extended attribute magic. */
    static boolean hasInodeAttributes(CheckContext ctx, Inode inode) {
        int size = ctx.geometry().inodeSize();
        int extra = inode.extraIsize();
        int at = Inode.GOOD_OLD_SIZE + extra;
        if (size <= Inode.GOOD_OLD_SIZE || at + 4 > size) {
            return false;
        }
        return Le.u32(inode.buffer(), inode.offset() + at) == EA_MAGIC;
    }
}
