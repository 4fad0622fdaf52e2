package pe2fsck.pass2;

import org.roaringbitmap.RoaringBitmap;
import pe2fsck.run.CheckContext;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.FixDecider;
import pe2fsck.run.InodeEditor;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;
import java.nio.ByteBuffer;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Applies pass 2's results to the run: the single place they meet, on one thread, in order.
 * It is also where pass 2's repairs are made: a finding a walker sent with an {@link EntryFix}
 * is asked here, and on a "yes" the change is made in the write cache, in directory order.
 */
final class Pass2Apply implements Pass2Sink {

    private final CheckContext ctx;
    /** Bad inodes already reported through some entry: each is reported once. */
    private final RoaringBitmap badReported = new RoaringBitmap();

    /** The last directory block changed by a fix (its checksum tail is restamped anyway). */
    private long lastChangedBlock = -1;
    /** Where fixes of inline directories are made (null in a read-only run). */
    private final InodeEditor editor;

    Pass2Apply(CheckContext ctx) {
        this.ctx = ctx;
        this.editor = ctx.writes() == null ? null : new InodeEditor(ctx.fs(), ctx.writes());
    }

    @Override
    public void ask(Finding f, EntryFix fix) {
        fixed(f, fix);
    }

    /** Asks {@code f}; true if the answer was "yes" and {@code fix} was made. */
    private boolean fixed(Finding f, EntryFix fix) {
        WriteCache cache = ctx.writes();
        if (cache != null && fix != null && fix.kind() == EntryFix.Kind.RESTAMP && fix.block() == lastChangedBlock) {
            // e2fsck writes a block it changed with a fresh checksum and asks nothing about it
            return true;
        }
        if (!ctx.problems().ask(f) || cache == null) {
            return false;
        }
        if (fix == null) {
            // "yes", but this entry has no repair (see DirWalker): the problem stays
            if (ctx.problems() instanceof FixDecider d) {
                d.noteRepairMissing();
            }
            return false;
        }
        if (fix.block() == 0) {
            Inode record = editor.open(fix.dir());
            change(record.buffer(), record.blockAreaOffset() - Inode.BLOCK_OFFSET + fix.offset(), fix);
            editor.changed(fix.dir());
            return true;
        }
        ByteBuffer b = cache.block(fix.block());
        change(b, fix.offset(), fix);
        cache.markDirty(fix.block(), fix.index() ? BlockKind.DIR_INDEX : BlockKind.DIR_LEAF, fix.dir());
        lastChangedBlock = fix.block();
        if (fix.kind() == EntryFix.Kind.DOT || fix.kind() == EntryFix.Kind.DOT_INODE) {
            ctx.refCount.increment(fix.dir()); // the repaired '.' names its directory
        }
        return true;
    }

    /** Gives the entry at {@code at} inode {@code ino}, file type {@code type} and a dot name. */
    private static void name(ByteBuffer b, int at, long ino, int type, String dots) {
        Le.put32(b, at, ino);
        b.put(at + EntryFix.NAME_LEN_OFFSET, (byte) dots.length());
        b.put(at + EntryFix.FILE_TYPE_OFFSET, (byte) type);
        for (int i = 0; i < dots.length(); i++) {
            b.put(at + EntryFix.NAME_OFFSET + i, (byte) '.');
        }
        b.put(at + EntryFix.NAME_OFFSET + dots.length(), (byte) 0);
    }

    /** Makes {@code fix}'s change to the entry at {@code at} of {@code b}. */
    private static void change(ByteBuffer b, int at, EntryFix fix) {
        switch (fix.kind()) {
            case CLEAR -> Le.put32(b, at, 0);
            case DOT -> {
                int rec = Le.u16(b, at + EntryFix.REC_LEN_OFFSET);
                name(b, at, fix.dir(), fix.value(), ".");
                int rest = rec - EntryFix.SHORT_RECORD;
                if (rest > EntryFix.SHORT_RECORD) {
                    Le.put16(b, at + EntryFix.REC_LEN_OFFSET, EntryFix.SHORT_RECORD);
                    int next = at + EntryFix.SHORT_RECORD;
                    Le.put32(b, next, 0);
                    Le.put16(b, next + EntryFix.REC_LEN_OFFSET, rest);
                    Le.put16(b, next + EntryFix.NAME_LEN_OFFSET, 0);
                }
            }
            case DOT_INODE -> Le.put32(b, at, fix.dir());
            case DOTDOT -> name(b, at, Pass2.ROOT, fix.value(), "..");
            case FILE_TYPE -> b.put(at + EntryFix.FILE_TYPE_OFFSET, (byte) fix.value());
            case RESTAMP -> {
                // the write path restamps the tail of every block marked changed
            }
        }
    }

    @Override
    public boolean ask(Finding f) {
        return ctx.problems().ask(f);
    }

    @Override
    public void reference(long ino) {
        ctx.refCount.increment(ino);
    }

    /**
     * The first entry naming a directory is its parent; any later one is a second hard link,
     * cleared on a "yes" and otherwise counted as a reference, as e2fsck counts it.
     */
    @Override
    public void subdirectory(long dir, long child, String name, EntryFix clear) {
        if (ctx.dirInfo.parent(child) != 0) {
            if (!fixed(Finding.of(Problem.LINK_DIR).dir(dir).ino(child).text(name).build(), clear)) {
                ctx.refCount.increment(child);
            }
            return;
        }
        ctx.dirInfo.setParent(child, dir);
        ctx.refCount.increment(child);
    }

    /**
     * e2fsck's second look at an inode pass 1 marked, through the first entry that names it:
     * first the rule of its type, then each field that should be zero, every one asked.
     */
    @Override
    public void badInode(long dir, long ino, String name, boolean badType) {
        if (badReported.contains((int) ino)) {
            return;
        }
        badReported.add((int) ino);
        if (badType) {
            Problem p = switch (ctx.fileType[(int) ino]) {
                case 3 -> Problem.BAD_CHAR_DEV;
                case 4 -> Problem.BAD_BLOCK_DEV;
                case 5 -> Problem.BAD_FIFO;
                case 6 -> Problem.BAD_SOCKET;
                case 7 -> Problem.INVALID_SYMLINK;
                default -> Problem.BAD_MODE;
            };
            Finding.Builder fb = Finding.of(p).dir(dir).ino(ino).text(name);
            if (p == Problem.BAD_MODE) {
                fb.num(ctx.fs().readInode(ino).mode()); // rare: only inodes pass 1 found bad
            }
            ask(fb.build());
        }
        if (!ctx.inodeOddFields.contains(ino)) {
            return;
        }
        // In a writing run, the record as earlier repairs left it, changed in place on a "yes".
        Inode inode = editor != null ? editor.open(ino) : ctx.fs().readInode(ino);
        boolean changed = false;
        if (inode.faddr() != 0
                && ask(Finding.of(Problem.FADDR_ZERO).dir(dir).ino(ino).text(name).num(inode.faddr()).build())) {
            inode.setFaddr(0);
            changed = true;
        }
        if (!ctx.fs().has(Feature.HUGE_FILE) && inode.blocksHigh() != 0
                && ask(Finding.of(Problem.BLOCKS_HI_ZERO).dir(dir).ino(ino).text(name).num(inode.blocksHigh()).build())) {
            inode.setBlocksRaw(inode.blocksLo());
            changed = true;
        }
        if (inode.isDir() && inode.sizeHigh() != 0 && !ctx.fs().has(Feature.LARGEDIR)
                && ask(Finding.of(Problem.DIR_SIZE_HIGH_ZERO).dir(dir).ino(ino).text(name).num(inode.sizeHigh()).build())) {
            inode.setSize(inode.sizeLo());
            changed = true;
        }
        if (changed && editor != null) {
            editor.changed(ino);
        }
    }
}
