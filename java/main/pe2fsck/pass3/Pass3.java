package pe2fsck.pass3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import pe2fsck.run.CheckContext;
import pe2fsck.state.DirBlockList;
import pe2fsck.state.DirInfo;
import pe2fsck.state.InodeSet;
import pe2fsck.run.LostAndFound;
import pe2fsck.run.Pass;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * Pass 3: directory connectivity.
 *
 * <p>What it checks, in e2fsck's order:
 * <ol>
 *   <li>The root inode is in use ({@link Problem#NO_ROOT_INODE}; declining ends the run with
 *       {@link Problem#NO_ROOT_INODE_ABORT}) and is a directory (otherwise
 *       {@link Problem#ROOT_NOT_DIR_ABORT}: pass 1 already offered to clear it, so a root that is
 *       still not a directory here means the user said no).</li>
 *   <li>Every directory, taken in increasing inode order, can be traced to the root by
 *       following the parent pass 2 recorded. The walk marks each directory it passes as
 *       visited and stops at the first one already visited, so a chain is walked once; a
 *       directory without a parent is reported as {@link Problem#UNCONNECTED_DIR} (once per
 *       disconnected subtree: the top of it). Like e2fsck, a closed loop of directories is
 *       not reported here (the walk meets a visited directory), only its wrong '..' entries
 *       are, and a chain longer than 2049 parents ends the walk silently.</li>
 *   <li>Every directory's '..' entry names the parent found by pass 2
 *       ({@link Problem#BAD_DOT_DOT}); this includes disconnected directories, whose expected
 *       parent is then 0, exactly as e2fsck reports them.</li>
 *   <li>/lost+found: only looked up when the run may write. e2fsck does the same: under -n a
 *       missing or non-directory /lost+found is never reported, and exits 0 for it.</li>
 * </ol>
 *
 * <p>Reads from the context: {@code inodeUsed}, {@code inodeDir}, {@code dirInfo} (every
 * directory with its '..' target and the parent pass 2 found, root's parent being root) and,
 * in writing runs only, {@code dirBlocks} to find /lost+found in the root directory.
 *
 * <p>Repairs: an unconnected directory is linked into /lost+found ({@link LostAndFound}) and
 * its '..' pointed there; a wrong '..' is pointed at the parent found ({@link DotDot}).
 *
 * <p>Left for later: creating the root or /lost+found and unlinking a non-directory one (each
 * "yes" branch below marks the place), path names in messages, and the
 * directory-rehash step that e2fsck runs at the end of this pass.
 */
public final class Pass3 implements Pass {

    static final long ROOT_INO = 2;
    /** e2fsck gives up following parents after this many steps and starts over, which ends the walk. */
    static final int MAX_PARENT_STEPS = 2048;
    private static final byte[] LOST_FOUND = "lost+found".getBytes(StandardCharsets.ISO_8859_1);

    /** The /lost+found inode found by this pass (0 if none or not looked up). */
    private long lostAndFound;
    /** True once /lost+found was looked up (at the first reconnection, or at the end). */
    private boolean lookedUp;

    @Override
    public String name() {
        return "Pass 3";
    }

    /** The /lost+found directory inode found (writing runs only), or 0. */
    public long lostAndFound() {
        return lostAndFound;
    }

    @Override
    public void run(CheckContext ctx) {
        Problems problems = ctx.problems();
        if (!checkRoot(ctx, problems)) {
            return;
        }
        DirInfo dirs = ctx.dirInfo;
        InodeSet done = new InodeSet();
        done.add(ROOT_INO);
        for (int i = 0; i < dirs.size(); i++) {
            long dir = dirs.inoAt(i);
            if (ctx.inodeDir.contains(dir)) {
                checkDirectory(ctx, problems, done, dir);
            }
            ctx.progress().update(3, i + 1L, dirs.size());
        }
        if (ctx.options().mode().writes()) {
            lookUpLostAndFound(ctx, problems);
        }
    }

    /** Finds /lost+found once, as e2fsck does: at the first reconnection or at the end. */
    private long lookUpLostAndFound(CheckContext ctx, Problems problems) {
        if (!lookedUp) {
            lookedUp = true;
            lostAndFound = findLostAndFound(ctx, problems);
            ctx.lostAndFoundTo(lostAndFound);
        }
        return lostAndFound;
    }

    /** Returns false when the check cannot go on. */
    private static boolean checkRoot(CheckContext ctx, Problems problems) {
        if (ctx.inodeUsed.contains(ROOT_INO)) {
            if (!ctx.inodeDir.contains(ROOT_INO)) {
                problems.ask(Finding.of(Problem.ROOT_NOT_DIR_ABORT).ino(ROOT_INO).build());
                return false;
            }
            return true;
        }
        if (!problems.ask(Finding.of(Problem.NO_ROOT_INODE).ino(ROOT_INO).build())) {
            problems.ask(Finding.of(Problem.NO_ROOT_INODE_ABORT).ino(ROOT_INO).build());
            return false;
        }
        // Repair: allocate a block and write a new root directory, then record it in
        // inodeUsed, inodeDir, dirInfo (parent = dotdot = root), linkCount and refCount (2).
        throw new UnsupportedOperationException("creating a root directory is not implemented yet");
    }

    private void checkDirectory(CheckContext ctx, Problems problems, InodeSet done, long dir) {
        DirInfo dirs = ctx.dirInfo;
        long ino = dir;
        int steps = 0;
        while (done.addIfAbsent(ino)) {
            if (!dirs.contains(ino)) {
                break; // a parent that is not a recorded directory: nothing to follow
            }
            long parent = dirs.parent(ino);
            if (parent == 0) {
                Finding f = Finding.of(Problem.UNCONNECTED_DIR).ino(ino).dir(dirs.dotdot(ino)).build();
                if (problems.ask(f)) {
                    // Linked into /lost+found, its '..' then names /lost+found.
                    long lf = lookUpLostAndFound(ctx, problems);
                    if (lf != 0 && new LostAndFound(ctx).connect(ino)) {
                        DotDot.point(ctx, ino, lf);
                    } else if (lf == 0) {
                        problems.ask(Finding.of(Problem.NO_LPF).ino(ino).build());
                    }
                }
                break;
            }
            ino = parent;
            if (steps++ > MAX_PARENT_STEPS) {
                break;
            }
        }
        long dotdot = dirs.dotdot(dir);
        long parent = dirs.parent(dir);
        if (dotdot != parent) {
            Finding f = Finding.of(Problem.BAD_DOT_DOT).ino(dir).num(parent).num2(dotdot).dir(parent).build();
            if (problems.ask(f)) {
                DotDot.point(ctx, dir, parent);
            }
        }
    }

    /**
     * Finds /lost+found among the root directory's entries. Reports a non-directory one and a
     * missing one as e2fsck does when it may write. Returns its inode, or 0.
     */
    private static long findLostAndFound(CheckContext ctx, Problems problems) {
        long ino = lookupInRoot(ctx, LOST_FOUND);
        if (ino != 0 && ctx.inodeDir.contains(ino)) {
            return ino;
        }
        if (ino != 0) {
            if (!problems.ask(Finding.of(Problem.LPF_NOTDIR).ino(ino).build())) {
                return 0;
            }
            // Repair: unlink the entry, drop a reference from refCount, clear its parent.
            throw new UnsupportedOperationException("unlinking /lost+found is not implemented yet");
        }
        if (!problems.ask(Finding.of(Problem.NO_LF_DIR).build())) {
            return 0;
        }
        // Repair: allocate an inode and a block, write the directory, link it into the root.
        throw new UnsupportedOperationException("creating /lost+found is not implemented yet");
    }

    /** Scans the root directory's blocks (as listed by pass 1) for a name; 0 if absent. */
    static long lookupInRoot(CheckContext ctx, byte[] name) {
        DirBlockList blocks = ctx.dirBlocks;
        int bs = ctx.fs().blockSize();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.ino(i) != ROOT_INO || blocks.physical(i) == 0) {
                continue;
            }
            ByteBuffer b = ctx.fs().readBlock(blocks.physical(i));
            long found = findEntry(b, bs, name);
            if (found != 0) {
                return found;
            }
        }
        return 0;
    }

    /** Walks a linear directory block; returns the inode of the first entry named {@code name}. */
    static long findEntry(ByteBuffer b, int blockSize, byte[] name) {
        int off = 0;
        while (off + 8 <= blockSize) {
            long ino = Le.u32(b, off);
            int recLen = Le.u16(b, off + 4);
            if (blockSize >= 65536) {
                recLen = recLen == 0 || recLen == 65535 ? blockSize : (recLen & 65532) | ((recLen & 3) << 16);
            }
            if (recLen < 8 || off + recLen > blockSize) {
                return 0;
            }
            int nameLen = Le.u8(b, off + 6);
            if (ino != 0 && nameLen == name.length && 8 + nameLen <= recLen) {
                boolean same = true;
                for (int k = 0; k < nameLen && same; k++) {
                    same = b.get(off + 8 + k) == name[k];
                }
                if (same) {
                    return ino;
                }
            }
            off += recLen;
        }
        return 0;
    }
}
