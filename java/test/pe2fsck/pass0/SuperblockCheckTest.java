package pe2fsck.pass0;

import pe2fsck.state.BlockSet;
import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.checker.Checker;
import pe2fsck.run.Pass;
import pe2fsck.state.RunMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;
import pe2fsck.problem.FixDecider;
import pe2fsck.problem.Report;

class SuperblockCheckTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    private Path image(String name) throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        return TestImages.mkfs(tmp.resolve(name), "ext4", 1024, null, null, 32768);
    }

    private void debugfs(Path img, String request) throws Exception {
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", request, img.toString()));
    }

    /** The full check, passes 1-5 included, for findings whose verdict later passes decide. */
    private Checker fullChecker(Path img, RunMode mode, boolean force) {
        CheckOptions o = new CheckOptions(img.toString(), mode, force, false, 0, 1, -1, -1, 0, null, null,
                java.util.Map.of(), false, false);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Checker(o, new Report(out, "img", mode == RunMode.PREEN), err).onBattery(false);
    }

    private Checker checker(Path img, RunMode mode, boolean force) {
        CheckOptions o = new CheckOptions(img.toString(), mode, force, false, 0, 1, -1, -1, 0, null, null,
                java.util.Map.of(), false, false);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // Pass 0 on its own: these tests are about its findings and repairs.
        return new Checker(o, new Report(out, "img", mode == RunMode.PREEN), err, java.util.List.of(new SuperblockCheck()))
                .onBattery(false);
    }

    private String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void metadataMapCoversSuperblocksDescriptorsBitmapsAndTables() throws Exception {
        Path img = image("meta.img");
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            FixDecider d = new FixDecider(RunMode.NO, new Report(out, "img", false));
            CheckContext ctx = new CheckContext(fs, CheckOptions.readOnly(img.toString(), 1), d);
            SuperblockCheck pass0 = new SuperblockCheck();
            pass0.run(ctx);
            assertFalse(d.errorsLeft(), text());
            assertFalse(pass0.fullCheckNeeded());
            BlockSet meta = ctx.blockMeta;
            assertTrue(meta.contains(1), "primary superblock");
            assertTrue(meta.contains(2), "descriptor block");
            assertTrue(meta.contains(2 + fs.superblock().reservedGdtBlocks()), "last reserved descriptor block");
            assertTrue(meta.contains(8193), "backup superblock in group 1");
            assertTrue(meta.contains(8194), "backup descriptors in group 1");
            assertFalse(meta.contains(16385), "group 2 holds no superblock backup");
            GroupDescriptor gd = fs.descriptors();
            long itBlocks = fs.geometry().inodeTableBlocks();
            for (int g = 0; g < fs.groupCount(); g++) {
                gd.at(g);
                assertTrue(meta.contains(gd.blockBitmap()));
                assertTrue(meta.contains(gd.inodeBitmap()));
                assertTrue(meta.contains(gd.inodeTable()));
                assertTrue(meta.contains(gd.inodeTable() + itBlocks - 1));
            }
            long expected = 0;
            for (long g = 0; g < fs.groupCount(); g++) {
                if (fs.geometry().hasSuperblock(g)) {
                    expected += 1 + fs.geometry().descBlocks() + fs.superblock().reservedGdtBlocks();
                }
            }
            expected += fs.groupCount() * (2 + itBlocks);
            assertEquals(expected, meta.cardinality());
        }
    }

    @Test
    void mountCountForcesACheckUnlessOnBattery() throws Exception {
        Path img = image("mnt.img");
        debugfs(img, "ssv max_mnt_count 20");
        debugfs(img, "ssv mnt_count 20");
        assertEquals(0, checker(img, RunMode.NO, false).run());
        assertTrue(text().contains("img has been mounted 20 times since its last check; checking it now."), text());
        buf.reset();
        assertEquals(0, checker(img, RunMode.NO, false).onBattery(true).run());
        assertTrue(text().contains(": clean, ") && text().contains("(check deferred: running on battery)"), text());
    }

    @Test
    void fewMountsLeftAreAnnounced() throws Exception {
        Path img = image("few.img");
        debugfs(img, "ssv max_mnt_count 20");
        debugfs(img, "ssv mnt_count 18");
        assertEquals(0, checker(img, RunMode.NO, false).run());
        assertTrue(text().endsWith("blocks (check due in 2 mounts)\n"), text());
    }

    @Test
    void checkIntervalExpired() throws Exception {
        Path img = image("interval.img");
        debugfs(img, "ssv checkinterval 86400");
        debugfs(img, "ssv lastcheck 20200101");
        long jan2020 = 1577836800L;
        assertEquals(0, checker(img, RunMode.NO, false).now(jan2020 + 10 * 86400).run());
        assertTrue(text().contains("has gone 10 days without being checked"), text());
    }

    @Test
    void notCleanlyUnmounted() throws Exception {
        Path img = image("dirty.img");
        debugfs(img, "ssv state 0");
        assertEquals(0, checker(img, RunMode.NO, false).run());
        assertTrue(text().contains("was not cleanly unmounted"), text());
    }

    @Test
    void aReadOnlyRunLeavesTheJournalAndAWritingRunReplaysItBeforeRepairing() throws Exception {
        Path img = image("recover.img");
        debugfs(img, "feature needs_recovery");
        debugfs(img, "set_bg 1 checksum 0x1234");
        byte[] before = java.nio.file.Files.readAllBytes(img);
        assertEquals(0, checker(img, RunMode.NO, true).run());
        assertTrue(text().contains("journal needs recovery"), text());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, java.nio.file.Files.readAllBytes(img));
        buf.reset();
        // As e2fsck -fy: the (empty) journal is replayed, then the descriptor checksum repaired.
        assertEquals(1, checker(img, RunMode.YES, true).run(), text());
        assertTrue(text().contains("recovering the journal"), text());
        assertTrue(text().contains("Fix? yes"), text());
        java.nio.ByteBuffer sb = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(img), 1024, 1024)
                .slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, sb.getInt(0x60) & 0x4, "needs_recovery is cleared");
    }

    @Test
    void yesRepairsDescriptorFlagsAndChecksum() throws Exception {
        Path img = image("fix.img");
        debugfs(img, "set_bg 3 itable_unused 5000");
        assertEquals(1, checker(img, RunMode.YES, true).run(), text());
        // As in e2fsck, accepting the checksum repair also resets the unused inode count.
        assertTrue(text().contains("Checksum of group descriptor 3 is"), text());
        assertTrue(text().contains("  Fix? yes"), text());
        buf.reset();
        assertEquals(0, checker(img, RunMode.NO, true).run(), text());
    }

    @Test
    void recoverWithoutJournalIsReported() throws Exception {
        Path img = image("nojournal.img");
        debugfs(img, "feature -has_journal");
        debugfs(img, "feature needs_recovery");
        // As with e2fsck, a recovery flag left set without a journal stops the check: exit 8 | 4.
        assertEquals(12, fullChecker(img, RunMode.NO, true).run(), text());
        assertTrue(text().contains("asks for journal recovery, but the file system has no journal"), text());
    }

    @Test
    void passNumbers() {
        Pass p3 = new Pass() {
            @Override public String name() { return "Pass 3"; }
            @Override public void run(CheckContext ctx) { }
        };
        assertEquals(3, Checker.passNumber(p3));
        assertEquals(0, Checker.passNumber(new SuperblockCheck()));
        Pass other = new Pass() {
            @Override public String name() { return "Pass 1B"; }
            @Override public void run(CheckContext ctx) { }
        };
        assertEquals(-1, Checker.passNumber(other));
    }

    /** A reserved block count whose high half has its top bit set is huge, not negative. */
    @Test
    void reservedBlockCountIsComparedUnsigned() throws Exception {
        Path img = image("rblocks.img");
        debugfs(img, "ssv r_blocks_count 0xffffffff00000010");
        assertEquals(8, checker(img, RunMode.NO, true).run());
        assertTrue(text().contains("s_r_blocks_count has an impossible value (18446744069414584336)"), text());
    }

    /** An inode count too big for the per-inode tables is reported, not an internal error. */
    @Test
    void hugeInodeCountIsAFindingNotACrash() throws Exception {
        // One group: no backup superblock to fall back on, so the primary's count is judged.
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        Path img = TestImages.mkfs(tmp.resolve("icount.img"), "ext4", 4096, null, null, 8192);
        debugfs(img, "ssv inodes_count 3745121280");
        assertEquals(12, fullChecker(img, RunMode.NO, true).run());
        assertTrue(text().contains("s_inodes_count has an impossible value (3745121280)"), text());
    }

    /** A journal UUID names an external journal even beside a journal inode; missing, e2fsck stops. */
    @Test
    void externalJournalThatCannotBeFoundStopsTheCheck() throws Exception {
        Path img = image("extj.img");
        debugfs(img, "ssv journal_uuid 0badc0de-0000-4000-8000-00000000f00d");
        assertEquals(12, checker(img, RunMode.NO, true).run());
        assertTrue(text().contains("external journal (UUID 0badc0de-0000-4000-8000-00000000f00d) cannot be found"), text());
    }
}
