package pe2fsck.pass4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
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

class Pass4Test {

    @TempDir
    static Path dir;
    static Path img;

    private CheckContext ctx;
    private final Recorder rec = new Recorder();

    /**
     * 12 = empty file and 13 = five-byte file, both unlinked; 14 = file with one entry but
     * i_links_count 5; 15 = directory with i_links_count 7.
     */
    @BeforeAll
    static void image() throws Exception {
        Images.requireTools();
        img = Images.ext4(dir, "p4.img");
        Path data = Files.writeString(dir.resolve("hello.txt"), "hello");
        Images.debugfs(img, "write /dev/null empty", "write " + data + " full", "write " + data + " multi",
                "mkdir d", "unlink empty", "unlink full", "sif multi links_count 5", "sif d links_count 7");
    }

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.fs().close();
        }
    }

    /** In-use inodes 1..15 with on-disk link counts and the given references (index = inode). */
    private CheckContext context(int... refs) {
        ctx = Images.context(img, rec);
        for (int i = 1; i <= 15; i++) {
            ctx.inodeUsed.add(i);
            ctx.linkCount.set(i, ctx.fs().readInode(i).linksCount());
            ctx.refCount.set(i, i < refs.length ? refs[i] : 0);
        }
        ctx.inodeDir.add(2);
        ctx.inodeDir.add(11);
        ctx.inodeDir.add(15);
        return ctx;
    }

    @Test
    void matchesTheReferenceChecker() throws Exception {
        // root: '.', '..', and the '..' of lost+found and d; 11: root entry and '.'; 15 likewise.
        new Pass4().run(context(0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 2));
        assertEquals(List.of(Problem.ZERO_LEN_INODE, Problem.UNATTACHED_INODE, Problem.UNATTACHED_INODE,
                Problem.BAD_REF_COUNT, Problem.BAD_REF_COUNT), rec.problems(), rec.toString());
        assertEquals(12, rec.findings.get(0).ino());
        assertEquals(12, rec.findings.get(1).ino());
        assertEquals(13, rec.findings.get(2).ino());
        Finding f14 = rec.findings.get(3);
        assertEquals(14, f14.ino());
        assertEquals(1, f14.num());
        assertEquals(5, f14.num2());
        Finding f15 = rec.findings.get(4);
        assertEquals(15, f15.ino());
        assertEquals(2, f15.num());
        assertEquals(7, f15.num2());
        Images.Verdict v = Images.e2fsck(img);
        if (v != null) {
            assertEquals(4, v.rc());
            for (String s : new String[] {"Unattached zero-length inode 12.", "Unattached inode 12",
                    "Unattached inode 13", "Inode 14 ref count is 5, should be 1.",
                    "Inode 15 ref count is 7, should be 2."}) {
                assertTrue(v.output().contains(s), v.output());
            }
        }
    }

    @Test
    void agreeingCountsAreQuietAndReservedInodesSkipped() {
        CheckContext c = context(0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 2);
        c.inodeUsed.remove(12);
        c.inodeUsed.remove(13);
        c.linkCount.set(14, 1);
        c.linkCount.set(15, 2);
        new Pass4().run(c);
        assertEquals(List.of(), rec.findings, rec.toString());
    }

    @Test
    void directoryOverLinkMaxCountsAsOne() {
        CheckContext c = context(0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 2);
        c.inodeUsed.remove(12);
        c.inodeUsed.remove(13);
        c.linkCount.set(14, 1);
        c.refCount.set(15, 65001);
        c.linkCount.set(15, 1);
        new Pass4().run(c);
        assertEquals(List.of(), rec.findings, rec.toString()); // the image has dir_nlink
        c.linkCount.set(15, 3);
        new Pass4().run(c);
        assertEquals(List.of(Problem.BAD_REF_COUNT), rec.problems());
        assertEquals(1, rec.findings.get(0).num());
        assertEquals(3, rec.findings.get(0).num2());
    }
}
