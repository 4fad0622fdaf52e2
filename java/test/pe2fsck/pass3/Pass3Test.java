package pe2fsck.pass3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.run.CheckContext;
import pe2fsck.pass5.Images;
import pe2fsck.pass5.Recorder;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

class Pass3Test {

    @TempDir
    static Path dir;
    static Path healthy;

    private CheckContext ctx;
    private final Recorder rec = new Recorder();

    @BeforeAll
    static void image() throws Exception {
        Images.requireTools();
        healthy = Images.ext4(dir, "p3.img");
    }

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.fs().close();
        }
    }

    /** Root and lost+found as a fresh file system has them, plus the given (dir, parent, dotdot) triples. */
    private CheckContext context(Path img, long[]... dirs) {
        ctx = Images.context(img, rec);
        for (int i = 1; i <= 11; i++) {
            ctx.inodeUsed.add(i);
        }
        ctx.inodeDir.add(2);
        ctx.inodeDir.add(11);
        ctx.dirInfo.add(2);
        ctx.dirInfo.setParent(2, 2);
        ctx.dirInfo.setDotdot(2, 2);
        ctx.dirInfo.add(11);
        ctx.dirInfo.setParent(11, 2);
        ctx.dirInfo.setDotdot(11, 2);
        for (long[] d : dirs) {
            ctx.inodeUsed.add(d[0]);
            ctx.inodeDir.add(d[0]);
            ctx.dirInfo.add(d[0]);
            ctx.dirInfo.setParent(d[0], d[1]);
            ctx.dirInfo.setDotdot(d[0], d[2]);
        }
        return ctx;
    }

    @Test
    void connectedTreeIsQuiet() {
        new Pass3().run(context(healthy, new long[] {12, 2, 2}, new long[] {13, 12, 12}));
        assertEquals(List.of(), rec.findings, rec.toString());
    }

    @Test
    void unconnectedSubtreeReportedOnceAtItsTop() throws Exception {
        // mkdir a; mkdir a/b; unlink a: a (12) has no parent, its '..' still names the root.
        Path img = Images.copy(healthy, "uc.img");
        Images.debugfs(img, "mkdir a", "mkdir a/b", "unlink a");
        new Pass3().run(context(img, new long[] {12, 0, 2}, new long[] {13, 12, 12}));
        assertEquals(List.of(Problem.UNCONNECTED_DIR, Problem.BAD_DOT_DOT), rec.problems(), rec.toString());
        Finding u = rec.findings.get(0);
        assertEquals(12, u.ino());
        assertEquals(2, u.dir());
        Finding d = rec.findings.get(1);
        assertEquals(12, d.ino());
        assertEquals(0, d.num());
        assertEquals(2, d.num2());
        Images.Verdict v = Images.e2fsck(img);
        if (v != null) {
            assertEquals(4, v.rc());
            assertTrue(v.output().contains("Unconnected directory inode 12 (was in /)"), v.output());
            assertTrue(v.output().contains("(12) is / (2), should be <The NULL inode> (0)"), v.output());
        }
    }

    @Test
    void shortLoopOnlyShowsAsWrongDotDot() throws Exception {
        // a (12) and a/b (13) name each other; e2fsck reports only a's '..'.
        Path img = Images.copy(healthy, "loop.img");
        Images.debugfs(img, "mkdir a", "mkdir a/b", "mkdir c", "link a a/b/x", "unlink a");
        new Pass3().run(context(img, new long[] {12, 13, 2}, new long[] {13, 12, 12}, new long[] {14, 2, 2}));
        assertEquals(List.of(Problem.BAD_DOT_DOT), rec.problems(), rec.toString());
        assertEquals(12, rec.findings.get(0).ino());
        assertEquals(13, rec.findings.get(0).num());
        assertEquals(2, rec.findings.get(0).num2());
        Images.Verdict v = Images.e2fsck(img);
        if (v != null) {
            assertEquals(4, v.rc());
            assertTrue(v.output().contains("(12) is / (2), should be /???/b (13)"), v.output());
            assertTrue(!v.output().contains("Unconnected"), v.output());
        }
    }

    @Test
    void longChainWalkedIterativelyAndTopReportedOnce() {
        int n = 3000;
        long[][] dirs = new long[n][];
        for (int i = 0; i < n; i++) {
            long ino = 12 + i;
            long parent = i == n - 1 ? 0 : ino + 1;
            dirs[i] = new long[] {ino, parent, i == n - 1 ? 2 : parent};
        }
        new Pass3().run(context(healthy, dirs));
        assertEquals(List.of(Problem.UNCONNECTED_DIR, Problem.BAD_DOT_DOT), rec.problems(), rec.toString());
        assertEquals(12 + n - 1, rec.findings.get(0).ino());
        assertEquals(12 + n - 1, rec.findings.get(1).ino());
    }

    @Test
    void missingRootStopsTheCheck() {
        CheckContext c = context(healthy);
        c.inodeUsed.remove(2);
        c.inodeDir.remove(2);
        new Pass3().run(c);
        assertEquals(List.of(Problem.NO_ROOT_INODE, Problem.NO_ROOT_INODE_ABORT), rec.problems());
    }

    @Test
    void rootNotDirectoryStopsTheCheck() {
        CheckContext c = context(healthy);
        c.inodeDir.remove(2);
        new Pass3().run(c);
        assertEquals(List.of(Problem.ROOT_NOT_DIR_ABORT), rec.problems());
    }

    @Test
    void missingLostAndFoundIsNotReportedReadOnly() throws Exception {
        Path img = Images.copy(healthy, "nolf.img");
        Images.debugfs(img, "rmdir lost+found");
        CheckContext c = Images.context(img, rec);
        ctx = c;
        for (int i = 1; i <= 10; i++) {
            c.inodeUsed.add(i);
        }
        c.inodeDir.add(2);
        c.dirInfo.add(2);
        c.dirInfo.setParent(2, 2);
        c.dirInfo.setDotdot(2, 2);
        new Pass3().run(c);
        assertEquals(List.of(), rec.findings);
        Images.Verdict v = Images.e2fsck(img);
        if (v != null) {
            assertEquals(0, v.rc(), v.output());
        }
    }

    @Test
    void findsEntriesInADirectoryBlock() throws Exception {
        CheckContext c = context(healthy);
        c.dirBlocks.add(2, 0, rootBlock(c));
        assertEquals(11, Pass3.lookupInRoot(c, "lost+found".getBytes()));
        assertEquals(0, Pass3.lookupInRoot(c, "nothing".getBytes()));
    }

    private static long rootBlock(CheckContext c) {
        // A fresh root directory is one extent; its first block is the extent's start.
        pe2fsck.fs.Inode root = c.fs().readInode(2);
        return root.block(5) | (root.block(4) & 0xFFFF0000L) << 16;
    }
}
