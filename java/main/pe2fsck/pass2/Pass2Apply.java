package pe2fsck.pass2;

import org.roaringbitmap.RoaringBitmap;
import pe2fsck.run.CheckContext;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Inode;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/** Applies pass 2's results to the run: the single place they meet, on one thread, in order. */
final class Pass2Apply implements Pass2Sink {

    private final CheckContext ctx;
    /** Bad inodes already reported through some entry: each is reported once. */
    private final RoaringBitmap badReported = new RoaringBitmap();
    /** Directory blocks an accepted entry repair rewrites. */
    private final java.util.Set<Long> rewritten = new java.util.HashSet<>();

    Pass2Apply(CheckContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean ask(Finding f) {
        return ctx.problems().ask(f);
    }

    @Override
    public boolean askToFix(Finding f, EntryFix fix) {
        if (ask(f)) {
            fix.apply(ctx);
            rewritten.add(fix.block());
        }
        return false; // the walker goes on as with a "no": the entry's reference is not counted either way
    }

    @Override
    public boolean askToRestamp(Finding f, EntryFix restamp) {
        if (!rewritten.contains(restamp.block()) && ask(f)) {
            restamp.apply(ctx);
        }
        return false;
    }

    @Override
    public void reference(long ino) {
        ctx.refCount.increment(ino);
    }

    /** The first entry naming a directory is its parent; any later one is a second hard link. */
    @Override
    public void subdirectory(long dir, long child, String name) {
        if (ctx.dirInfo.parent(child) != 0) {
            ask(Finding.of(Problem.LINK_DIR).dir(dir).ino(child).text(name).build());
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
        Inode inode = ctx.fs().readInode(ino);
        if (inode.faddr() != 0) {
            ask(Finding.of(Problem.FADDR_ZERO).dir(dir).ino(ino).text(name).num(inode.faddr()).build());
        }
        if (!ctx.fs().has(Feature.HUGE_FILE) && inode.blocksHigh() != 0) {
            ask(Finding.of(Problem.BLOCKS_HI_ZERO).dir(dir).ino(ino).text(name).num(inode.blocksHigh()).build());
        }
        if (inode.isDir() && inode.sizeHigh() != 0 && !ctx.fs().has(Feature.LARGEDIR)) {
            ask(Finding.of(Problem.DIR_SIZE_HIGH_ZERO).dir(dir).ino(ino).text(name).num(inode.sizeHigh()).build());
        }
    }
}
