package pe2fsck.pass0;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import pe2fsck.fs.BlockMapWalker;
import pe2fsck.fs.ExtentWalker;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.fs.XattrBlock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;
import pe2fsck.run.CheckContext;
import pe2fsck.run.InodeEditor;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;

/**
 * The orphan list, processed as e2fsck does before pass 1, in a writing run only (forced or
 * not): the files the kernel still had open when they lost their last name (or were being
 * truncated) are chained from the superblock's s_last_orphan through each inode's i_dtime.
 * Each one, head first, is announced ({@link Problem#ORPHAN_CLEAR_INODE}, no question) and:
 * <ul>
 *   <li>with no links left, released: its data blocks, extent-tree or indirect blocks and
 *       (when its last user) attribute block are freed in the block bitmaps and the group and
 *       superblock counts, its inode in the inode bitmap and counts, its block map emptied and
 *       its deletion time set to now;</li>
 *   <li>with links, kept: its deletion time (the list link) is cleared. Blocks past its size
 *       would have to be cut off; that truncation is not implemented, so a list holding such a
 *       file is left entirely alone and the run says so.</li>
 * </ul>
 * The list head is cleared whatever happens, as in e2fsck; a file system marked as having
 * errors has its list dropped unprocessed (the full check that follows sorts it out), and an
 * inode number outside the valid range ends the walk ({@link Problem#ORPHAN_ILLEGAL_HEAD_INODE},
 * {@link Problem#ORPHAN_ILLEGAL_INODE}). The changes go through the write cache; the caller
 * flushes them before pass 1 reads the inode tables. The orphan file (orphan_file feature) is
 * not processed yet.
 */
public final class OrphanRelease {

    private final CheckContext ctx;
    private final FileSystem fs;
    private final WriteCache cache;
    private final InodeEditor editor;
    private final Geometry geo;
    private long blocksFreed;
    private long inodesFreed;

    public OrphanRelease(CheckContext ctx) {
        this.ctx = ctx;
        this.fs = ctx.fs();
        this.cache = ctx.writes();
        this.editor = new InodeEditor(fs, cache);
        this.geo = fs.geometry();
    }

    /** Processes the list. Returns true if anything was changed. */
    public boolean run(Runnable repairMissing) {
        Superblock sb = fs.superblock();
        long ino = sb.lastOrphan();
        if (ino == 0) {
            return false;
        }
        Problems problems = ctx.problems();
        sb.setLastOrphan(0);
        cache.superblockChanged();
        if ((sb.state() & Superblock.STATE_ERROR) != 0) {
            return true;
        }
        if (!valid(ino)) {
            problems.ask(Finding.of(Problem.ORPHAN_ILLEGAL_HEAD_INODE).ino(ino).build());
            return true;
        }
        // First the whole list, so that nothing changes when a member cannot be processed.
        List<Long> chain = new ArrayList<>();
        for (long at = ino; at != 0; ) {
            if (chain.contains(at) || chain.size() > geo.inodesCount()) {
                break;
            }
            chain.add(at);
            Inode inode = fs.readInode(at);
            if (inode.linksCount() != 0 && hasBlocksPastEnd(at, inode)) {
                ctx.problems().ask(Finding.of(Problem.ORPHAN_CLEAR_INODE).ino(at).text("Not truncating")
                        .num(Integer.toUnsignedLong(inode.uid())).num2(Integer.toUnsignedLong(inode.gid()))
                        .blk(inode.mode()).dir(inode.size()).build());
                repairMissing.run();
                return true;
            }
            long next = inode.dtime();
            if (next != 0 && !valid(next)) {
                break;
            }
            at = next;
        }
        for (long at : chain) {
            Inode inode = editor.open(at);
            boolean keep = inode.linksCount() != 0;
            problems.ask(Finding.of(Problem.ORPHAN_CLEAR_INODE).ino(at).text(keep ? "Truncating" : "Clearing")
                    .num(Integer.toUnsignedLong(inode.uid())).num2(Integer.toUnsignedLong(inode.gid()))
                    .blk(inode.mode()).dir(inode.size()).build());
            long next = inode.dtime();
            if (next != 0 && !valid(next)) {
                problems.ask(Finding.of(Problem.ORPHAN_ILLEGAL_INODE).ino(next).build());
                return true;
            }
            if (keep) {
                inode.setDtime(0);
            } else {
                releaseBlocks(at, inode);
                releaseInode(at, inode.isDir());
                inode.setDtime(ctx.now());
            }
            editor.changed(at);
        }
        return true;
    }

    /** Blocks (not clusters) given back to the free counts. */
    public long blocksFreed() {
        return blocksFreed;
    }

    /** Inodes given back to the free counts. */
    public long inodesFreed() {
        return inodesFreed;
    }

    private boolean valid(long ino) {
        return ino >= fs.superblock().firstIno() && ino <= geo.inodesCount();
    }

    /** True if the inode maps a block at or past the block holding its last byte. */
    private boolean hasBlocksPastEnd(long ino, Inode inode) {
        long firstPast = (inode.size() + geo.blockSize() - 1) / geo.blockSize();
        boolean[] past = new boolean[1];
        if (!mapsBlocks(inode)) {
            return false;
        }
        if (inode.hasFlag(Inode.FL_EXTENTS)) {
            new ExtentWalker(fs).walk(ino, inode, false, (logical, physical, length, uninit) -> {
                past[0] |= logical + length > firstPast;
            });
        } else {
            new BlockMapWalker(fs).walk(inode, (logical, physical) -> past[0] |= logical >= firstPast);
        }
        return past[0];
    }

    private static boolean mapsBlocks(Inode inode) {
        if (inode.hasFlag(Inode.FL_INLINE_DATA)) {
            return false;
        }
        // A fast symlink keeps its target where the block map would be.
        return !(inode.isSymlink() && inode.blocksRaw() == 0);
    }

    /** Frees every block the inode owns and empties its map. */
    private void releaseBlocks(long ino, Inode inode) {
        if (mapsBlocks(inode)) {
            if (inode.hasFlag(Inode.FL_EXTENTS)) {
                new ExtentWalker(fs).walk(ino, inode, false, new ExtentWalker.Visitor() {
                    @Override
                    public void extent(long logical, long physical, int length, boolean uninit) {
                        for (int i = 0; i < length; i++) {
                            freeBlock(physical + i);
                        }
                    }

                    @Override
                    public void node(long block, int depth, int entries) {
                        freeBlock(block);
                    }
                });
                ByteBuffer b = inode.buffer();
                int root = inode.blockAreaOffset();
                Le.put16(b, root + 2, 0); // no entries
                Le.put16(b, root + 6, 0); // depth 0
            } else {
                new BlockMapWalker(fs).walk(inode, new BlockMapWalker.Visitor() {
                    @Override
                    public void block(long logical, long physical) {
                        freeBlock(physical);
                    }

                    @Override
                    public void indirect(long block, int level, long firstLogical) {
                        freeBlock(block);
                    }
                });
                for (int i = 0; i < 15; i++) {
                    inode.setBlock(i, 0);
                }
            }
        }
        long acl = inode.fileAcl();
        if (acl != 0 && acl < geo.blocksCount()) {
            ByteBuffer b = cache.block(acl);
            XattrBlock x = new XattrBlock().at(b, 0);
            if (x.hasMagic()) {
                long refs = x.refcount();
                if (refs <= 1) {
                    freeBlock(acl);
                } else {
                    Le.put32(b, 4, refs - 1);
                    cache.markDirty(acl, BlockKind.XATTR, ino);
                }
            }
            inode.setFileAcl(0);
        }
    }

    /** Clears a block's cluster in its group's bitmap and counts it free, once. */
    private void freeBlock(long blk) {
        if (blk < geo.firstDataBlock() || blk >= geo.blocksCount()) {
            return;
        }
        int bits = geo.clusterRatioBits();
        long cpg = fs.superblock().clustersPerGroup();
        long cluster = (blk >>> bits) - (geo.firstDataBlock() >>> bits);
        long g = cluster / cpg;
        int j = (int) (cluster % cpg);
        GroupDescriptor gd = fs.descriptors().at((int) g);
        if (fs.superblock().hasGroupDescChecksums() && gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
            return;
        }
        long bb = gd.blockBitmap();
        if (!clearBit(bb, j, BlockKind.BLOCK_BITMAP, g)) {
            return;
        }
        gd.at((int) g);
        gd.setFreeBlocksCount(gd.freeBlocksCount() + 1);
        Superblock sb = fs.superblock();
        sb.setFreeBlocksCount(sb.freeBlocksCount() + (1L << bits));
        blocksFreed += 1L << bits;
    }

    /** Clears the inode's bit and counts it free. */
    private void releaseInode(long ino, boolean dir) {
        long g = geo.groupOfInode(ino);
        GroupDescriptor gd = fs.descriptors().at((int) g);
        if (!clearBit(gd.inodeBitmap(), (int) geo.indexInGroup(ino), BlockKind.INODE_BITMAP, g)) {
            return;
        }
        gd.at((int) g);
        gd.setFreeInodesCount(gd.freeInodesCount() + 1);
        if (dir) {
            gd.setUsedDirsCount(gd.usedDirsCount() - 1);
        }
        Superblock sb = fs.superblock();
        sb.setFreeInodesCount(sb.freeInodesCount() + 1);
        inodesFreed++;
    }

    /** Clears bit {@code j} of bitmap block {@code blk}; false if it was clear already. */
    private boolean clearBit(long blk, int j, BlockKind kind, long g) {
        if (blk == 0 || blk >= geo.blocksCount()) {
            return false;
        }
        ByteBuffer b = cache.block(blk);
        int at = j >>> 3;
        int mask = 1 << (j & 7);
        int v = b.get(at) & 0xFF;
        if ((v & mask) == 0) {
            return false;
        }
        b.put(at, (byte) (v & ~mask));
        cache.markDirty(blk, kind, g);
        return true;
    }
}
