package pe2fsck.pass5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.fs.FileSystem;
import pe2fsck.io.Devices;
import pe2fsck.io.MeteredDevice;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

class Pass5Test {

    @TempDir
    static Path dir;
    static Path healthy;

    @BeforeAll
    static void image() throws Exception {
        Images.requireTools();
        healthy = Images.ext4(dir, "healthy.img");
    }

    /** Runs pass 5 on {@code img} with in-use sets taken from the undamaged image. */
    private static Recorder check(Path img) {
        Recorder truthRec = new Recorder();
        CheckContext truth = Images.context(healthy, truthRec);
        Truth.fill(truth);
        Recorder rec = new Recorder();
        CheckContext ctx = Images.context(img, rec);
        copy(truth, ctx);
        new Pass5().run(ctx);
        truth.fs().close();
        ctx.fs().close();
        return rec;
    }

    private static void copy(CheckContext from, CheckContext to) {
        from.blockUsed.forEach(to.blockUsed::add);
        to.inodeUsed.or(from.inodeUsed);
        to.inodeDir.or(from.inodeDir);
    }

    private static Path damaged(String name, String... cmds) throws Exception {
        Path p = Images.copy(healthy, name);
        Images.debugfs(p, cmds);
        return p;
    }

    private static void assertFinding(Finding f, Problem p, long group, long num, long num2) {
        assertEquals(p, f.problem(), f.toString());
        assertEquals(group, f.group(), f.toString());
        assertEquals(num, f.num(), f.toString());
        assertEquals(num2, f.num2(), f.toString());
    }

    /** The reference checker reports each line and exits with rc (skipped if it is missing). */
    private static void reference(Path img, int rc, String... lines) throws Exception {
        Images.Verdict v = Images.e2fsck(img);
        if (v == null) {
            return;
        }
        assertEquals(rc, v.rc(), v.output());
        for (String l : lines) {
            assertTrue(v.output().contains(l), "missing '" + l + "' in\n" + v.output());
        }
    }

    @Test
    void healthyImageHasNoFindings() throws Exception {
        Recorder rec = check(healthy);
        assertEquals(List.of(), rec.findings, rec.toString());
        reference(healthy, 0);
    }

    @Test
    void usedBlocksClearedInBitmap() throws Exception {
        Path img = damaged("freeb.img", "freeb 700 3");
        Recorder rec = check(img);
        assertEquals(List.of(Problem.BLOCK_BITMAP_DIFFERENCES, Problem.FREE_BLOCK_COUNT_GROUP,
                Problem.FREE_BLOCK_COUNT), rec.problems(), rec.toString());
        assertEquals(" +(700--702)", rec.findings.get(0).text());
        Finding g0 = rec.findings.get(1);
        assertFinding(g0, Problem.FREE_BLOCK_COUNT_GROUP, 0, g0.num2() + 3, g0.num2());
        Finding sb = rec.findings.get(2);
        assertEquals(sb.num2() + 3, sb.num());
        reference(img, 4, "Block bitmap differences:  +(700--702)",
                "Free blocks count wrong for group #0 (" + g0.num2() + ", counted=" + g0.num() + ")",
                "Free blocks count wrong (" + sb.num2() + ", counted=" + sb.num() + ")");
    }

    @Test
    void freeBlocksMarkedInBitmap() throws Exception {
        Path img = damaged("setb.img", "setb 5000", "setb 5002", "setb 5003");
        Recorder rec = check(img);
        assertEquals(List.of(Problem.BLOCK_BITMAP_DIFFERENCES, Problem.FREE_BLOCK_COUNT_GROUP,
                Problem.FREE_BLOCK_COUNT), rec.problems(), rec.toString());
        assertEquals(" -5000 -(5002--5003)", rec.findings.get(0).text());
        reference(img, 4, "Block bitmap differences:  -5000 -(5002--5003)");
    }

    @Test
    void wrongGroupCounts() throws Exception {
        Path img = damaged("bg.img", "set_bg 0 free_blocks_count 100", "set_bg 0 free_inodes_count 5",
                "set_bg 0 used_dirs_count 9", "set_bg 0 checksum calc");
        Recorder rec = check(img);
        assertEquals(List.of(Problem.FREE_BLOCK_COUNT_GROUP, Problem.FREE_INODE_COUNT_GROUP,
                Problem.FREE_DIR_COUNT_GROUP), rec.problems(), rec.toString());
        Finding b = rec.findings.get(0);
        assertFinding(b, Problem.FREE_BLOCK_COUNT_GROUP, 0, b.num(), 100);
        assertFinding(rec.findings.get(2), Problem.FREE_DIR_COUNT_GROUP, 0, 2, 9);
        reference(img, 4, "Free blocks count wrong for group #0 (100, counted=" + b.num() + ")",
                "Free inodes count wrong for group #0 (5, counted=" + rec.findings.get(1).num() + ")",
                "Directories count wrong for group #0 (9, counted=2)");
    }

    @Test
    void wrongSuperblockCountsOnly() throws Exception {
        Path img = damaged("sb.img", "ssv free_blocks_count 123", "ssv free_inodes_count 12");
        Recorder rec = check(img);
        assertEquals(List.of(Problem.FREE_BLOCK_COUNT, Problem.FREE_INODE_COUNT), rec.problems(), rec.toString());
        assertEquals(123, rec.findings.get(0).num2());
        assertEquals(12, rec.findings.get(1).num2());
        // e2fsck reports both but does not count them as errors.
        reference(img, 0, "Free blocks count wrong (123, counted=", "Free inodes count wrong (12, counted=");
    }

    @Test
    void inodeBitmapFlips() throws Exception {
        Path img = damaged("ibm.img", "freei <11>", "seti <20>", "seti <21>");
        Recorder rec = check(img);
        assertEquals(Problem.INODE_BITMAP_DIFFERENCES, rec.findings.get(0).problem(), rec.toString());
        assertEquals(" +11 -(20--21)", rec.findings.get(0).text());
        reference(img, 4, "Inode bitmap differences:  +11 -(20--21)");
    }

    @Test
    void blockBitmapChecksum() throws Exception {
        Path img = damaged("bcsum.img", "set_bg 0 block_bitmap_csum 0x1234", "set_bg 0 checksum calc");
        Recorder rec = check(img);
        assertEquals(List.of(Problem.BLOCK_BITMAP_CSUM_INVALID), rec.problems(), rec.toString());
        assertEquals(0, rec.findings.get(0).group());
        assertEquals(0x1234, rec.findings.get(0).num2());
        reference(img, 4, "Group 0 block bitmap does not match checksum");
    }

    @Test
    void inodeBitmapPadding() throws Exception {
        Path img = Images.copy(healthy, "pad.img");
        CheckContext probe = Images.context(img, new Recorder());
        long ib = probe.fs().descriptors().at(0).inodeBitmap();
        probe.fs().close();
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), ib * 1024 + 1000);
        }
        Recorder rec = check(img);
        assertEquals(List.of(Problem.INODE_BMAP_PADDING), rec.problems(), rec.toString());
        reference(img, 4, "Padding at end of inode bitmap is not set.");
    }

    // The early bitmap reads (BitmapPreload): what pass 5 gets, and when it must read again.

    private static CheckContext preloadContext(FileSystem fs) {
        return new CheckContext(fs, CheckOptions.readOnly(fs.device().path(), 1), new Recorder());
    }

    @Test
    void readOnlyDeviceGetsTheBitmapsPassFiveWouldRead() {
        try (FileSystem fs = FileSystem.open(Devices.open(healthy.toString(), false, false))) {
            BitmapPreload p = BitmapPreload.start(preloadContext(fs));
            assertNotNull(p);
            Bitmaps early = p.take();
            assertNotNull(early);
            Bitmaps late = Bitmaps.read(fs, 4);
            assertArrayEquals(late.block, early.block);
            assertArrayEquals(late.inode, early.inode);
        }
    }

    @Test
    void aWriteInBetweenSendsPassFiveBackToTheDevice() throws Exception {
        Path copy = Images.copy(healthy, "preload-rw.img");
        MeteredDevice dev = new MeteredDevice(Devices.open(copy.toString(), true, false), false);
        try (FileSystem fs = FileSystem.open(dev)) {
            assertNotNull(BitmapPreload.start(preloadContext(fs)).take(), "nothing written");
            BitmapPreload p = BitmapPreload.start(preloadContext(fs));
            ByteBuffer b = ByteBuffer.allocate(fs.blockSize());
            fs.device().read(0, b);
            fs.device().write(0, b.flip()); // same bytes, but a write all the same
            assertNull(p.take());
        }
    }

    @Test
    void writesThatCannotBeCountedMeanNoPreload() throws Exception {
        Path copy = Images.copy(healthy, "preload-raw.img");
        try (FileSystem fs = FileSystem.open(Devices.open(copy.toString(), true, false))) {
            assertNull(BitmapPreload.start(preloadContext(fs)));
        }
    }
}
