package pe2fsck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.state.CheckOptions;
import pe2fsck.state.RunMode;
import pe2fsck.fs.TestImages;

class MainTest {

    @TempDir
    Path tmp;

    /** Result of one in-process run. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), () -> false);
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Runs only the superblock and descriptor check, to test its repairs on their own. */
    static Run runPass0(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), () -> false,
                java.util.List.of(new pe2fsck.pass0.SuperblockCheck()));
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static CheckOptions parse(String... args) throws Exception {
        return Main.toCheckOptions(CommandLineSpec.parse(CommandLineSpec.commandLine(), args));
    }

    // ---- parsing ----

    @Test
    void clusteredOptions() throws Exception {
        CheckOptions o = parse("-fn", "img");
        assertEquals(RunMode.NO, o.mode());
        assertTrue(o.force());
        o = parse("-fy", "img");
        assertEquals(RunMode.YES, o.mode());
        o = parse("-pf", "img");
        assertEquals(RunMode.PREEN, o.mode());
        assertTrue(o.force());
        o = parse("-fnv", "img");
        assertTrue(o.verbose());
        o = parse("-a", "img");
        assertEquals(RunMode.PREEN, o.mode());
        assertFalse(o.debug());
        assertTrue(parse("-fnd", "img").debug());
    }

    @Test
    void progressFdForms() throws Exception {
        assertEquals(0, parse("-C0", "-n", "img").progressFd());
        assertEquals(-5, parse("-C-5", "-n", "img").progressFd());
        assertEquals(3, parse("-C", "3", "-n", "img").progressFd());
        assertEquals(0, parse("-fnC0", "img").progressFd());
        assertEquals(-1, parse("-n", "img").progressFd());
    }

    @Test
    void repeatedTimingAndOtherValues() throws Exception {
        CheckOptions o = parse("-tt", "-n", "-b", "32768", "-B", "4096", "-m", "3", "-j", "jdev", "-z", "undo", "img");
        assertEquals(2, o.timing());
        assertEquals(32768, o.superblock());
        assertEquals(4096, o.blockSize());
        assertEquals(3, o.threads());
        assertEquals("jdev", o.journalPath());
        assertEquals("undo", o.undoFile());
        assertEquals(0, parse("-n", "img").threads()); // chosen later, from the machine and the device
    }

    @Test
    void extendedOptions() throws Exception {
        CheckOptions o = parse("-n", "-E", "readahead_kb=512,io_depth=8,merge_gap_kb=0", "-E", "direct", "img");
        assertEquals(Map.of("readahead_kb", "512", "io_depth", "8", "merge_gap_kb", "0", "direct", ""), o.extended());
        assertTrue(o.direct());
        assertFalse(parse("-n", "-E", "buffered", "img").direct());
        assertThrows(Main.UsageException.class, () -> parse("-n", "-E", "nosuch", "img"));
        assertThrows(Main.UsageException.class, () -> parse("-n", "-E", "readahead_kb", "img"));
        assertThrows(Main.UsageException.class, () -> parse("-n", "-E", "readahead_kb=x", "img"));
        assertThrows(Main.UsageException.class, () -> parse("-n", "-E", "merge_gap_kb=-1", "img"));
        assertEquals("0", parse("-n", "-E", "hint_ahead=0", "img").extended().get("hint_ahead"));
        assertThrows(Main.UsageException.class, () -> parse("-n", "-E", "direct,buffered", "img"));
    }

    @Test
    void modesAreExclusive() {
        for (String[] args : new String[][] {{"-n", "-y", "img"}, {"-pn", "img"}, {"-a", "-y", "img"}, {"-fny", "img"}}) {
            Run r = run(args);
            assertEquals(16, r.status(), String.join(" ", args));
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("only one of"), r.err());
        }
    }

    @Test
    void boundsAndRefusedOptionsAreOneLineUsageErrors() {
        // -m 99999 used to start that many threads before failing; e2fsck's -c, -l, -L, -k, -D
        // and -F were unknown options
        for (String[] args : new String[][] {{"-n", "-m", "99999", "img"}, {"-n", "-m257", "img"},
                {"-n", "-E", "io_depth=5000", "img"}, {"-n", "-E", "readahead_kb=99999999", "img"},
                {"-fnc", "img"}, {"-n", "-l", "bad.txt", "img"}, {"-n", "-L", "bad.txt", "img"}, {"-nk", "img"},
                {"-n", "-D", "img"}, {"-nF", "img"}}) {
            Run r = run(args);
            assertEquals(16, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertEquals("", r.out());
        }
        assertTrue(run("-n", "-c", "img").err().contains("bad block scans (-c)"));
        assertTrue(run("-n", "-m", "99999", "img").err().contains("1 to 256"));
    }

    @Test
    void boundsAreInclusiveAndMinusRIsIgnored() throws Exception {
        assertEquals(256, parse("-n", "-m", "256", "img").threads());
        assertEquals("1024", parse("-n", "-E", "io_depth=1024", "img").extended().get("io_depth"));
        assertEquals(RunMode.NO, parse("-rn", "img").mode());
    }

    @Test
    void usageErrors() {
        for (String[] args : new String[][] {{"-Q", "img"}, {"-n"}, {"-n", "-E", "bogus", "img"}, {"-n", "a", "b"},
                {"-n", "-m", "0", "img"}, {"-n", "-B", "1000", "img"}, {"-C"}, {"-n", "-E", "prefetch_dirs_mb=lots", "img"}}) {
            Run r = run(args);
            assertEquals(16, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("pe2fsck: "), r.err());
            assertTrue(r.err().contains("pe2fsck -h"), r.err());
            assertEquals("", r.out());
        }
        Run r = run("-n", "-E", "bogus", "img");
        assertTrue(r.err().contains("readahead_kb=N, merge_gap_kb=N, hint_ahead=N, io_depth=N, prefetch_dirs_mb=N, direct, buffered"), r.err());
    }

    @Test
    void helpAndVersion() {
        Run h = run("-h");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("device"), h.out());
        Run v = run("-V");
        assertEquals(0, v.status());
        assertEquals("pe2fsck " + Main.VERSION + "\n", v.out());
    }

    @Test
    void needsATerminalWithoutAMode() throws IOException {
        Path img = tmp.resolve("x.img");
        Files.write(img, new byte[4096]);
        Run r = run(img.toString());
        assertEquals(8, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("terminal"), r.err());
    }

    @Test
    void writesDetection() {
        assertTrue(Main.writes(new String[] {"-fy", "x"}));
        assertTrue(Main.writes(new String[] {"-p", "x"}));
        assertFalse(Main.writes(new String[] {"-fn", "x"}));
        assertFalse(Main.writes(new String[] {"-n", "-jy", "x"}));
    }

    // ---- bad input: one line on stderr, exit 8, file untouched ----

    private void assertOperationalError(Path p, String... extra) throws Exception {
        for (String mode : new String[] {"-n", "-fy", "-p"}) {
            byte[] before = Files.exists(p) && Files.isRegularFile(p) ? sha(p) : null;
            String[] args = new String[extra.length + 2];
            args[0] = mode;
            System.arraycopy(extra, 0, args, 1, extra.length);
            args[args.length - 1] = p.toString();
            Run r = run(args);
            assertEquals(8, r.status(), mode + " " + p + ": " + r.err() + r.out());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("pe2fsck: "), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            if (before != null) {
                assertArrayEquals(before, sha(p), "file changed");
            }
        }
    }

    @Test
    void missingPath() throws Exception {
        assertOperationalError(tmp.resolve("does-not-exist"));
    }

    @Test
    void directory() throws Exception {
        assertOperationalError(tmp);
    }

    @Test
    void zeroLengthFile() throws Exception {
        Path p = tmp.resolve("empty.img");
        Files.createFile(p);
        assertOperationalError(p);
    }

    @Test
    void randomMegabyte() throws Exception {
        Path p = tmp.resolve("random.img");
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        Files.write(p, data);
        assertOperationalError(p);
        assertOperationalError(p, "-b", "8193");
    }

    @Test
    void truncatedImage() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path p = TestImages.mkfs(tmp.resolve("trunc.img"), "ext4", 0, null, null, 8192);
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(2 << 20);
        }
        // As e2fsck does: -n answers "no" to stopping and checks what is there (nothing beyond the
        // end is in use here), -y stops (exit 8) and preen leaves it to a manual run (exit 4).
        byte[] before = sha(p);
        Run n = run("-fn", p.toString());
        assertTrue(n.out().contains("says the file system has 8192 blocks, but the device holds only 2048"), n.out());
        assertEquals(0, n.status(), n.out() + n.err());
        Run y = run("-fy", p.toString());
        assertEquals(8, y.status(), y.out() + y.err());
        assertTrue(y.out().contains("Abort? yes"), y.out());
        assertArrayEquals(before, sha(p));
        // Preen stops for a manual run and, as e2fsck -p does, marks the file system as having
        // errors (the superblock's state), so that the next boot checks it again.
        assertEquals(4, run("-p", p.toString()).status());
        byte[] sb = new byte[2];
        try (var ch = java.nio.channels.FileChannel.open(p)) {
            ch.read(java.nio.ByteBuffer.wrap(sb), 1024 + 0x3A);
        }
        assertEquals(2, sb[0] & 2, "state has the error bit");
    }

    // ---- real images ----

    @Test
    void cleanImageTakesTheFastPath() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path p = TestImages.mkfs(tmp.resolve("clean.img"), "ext4", 0, null, null, 8192);
        byte[] before = sha(p);
        Run r = run("-n", p.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().matches(java.util.regex.Pattern.quote(p.toString())
                + ": clean, 11/2048 files, \\d+/8192 blocks\n"), r.out());
        assertEquals("", r.err());
        Run p2 = run("-p", p.toString());
        assertEquals(0, p2.status(), p2.err() + p2.out());
        assertTrue(p2.out().contains(": clean, "), p2.out());
        Run f = run("-fn", p.toString());
        assertEquals(0, f.status(), f.err() + f.out());
        assertTrue(f.out().contains("Pass 5: "), f.out());
        assertTrue(f.out().contains(": 11/2048 files (0.0% non-contiguous), "), f.out());
        assertArrayEquals(before, sha(p));
    }

    @Test
    void damagedDescriptorIsFoundReadOnly() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        Path p = TestImages.mkfs(tmp.resolve("gd.img"), "ext4", 1024, null, null, 32768);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", "set_bg 1 checksum 0x1234", p.toString()));
        byte[] before = sha(p);
        Run r = run("-fn", p.toString());
        assertEquals(4, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Checksum of group descriptor 1 is 0x1234"), r.out());
        assertTrue(r.out().contains("  Fix? no"), r.out());
        Run unforced = run("-n", p.toString());
        assertEquals(4, unforced.status(), unforced.out());
        assertArrayEquals(before, sha(p));
    }

    @Test
    void preenRepairsTheDescriptorChecksum() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        Path p = TestImages.mkfs(tmp.resolve("gdp.img"), "ext4", 1024, null, null, 32768);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", "set_bg 2 checksum 0x1234", p.toString()));
        Run r = runPass0("-p", p.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("[fixed]"), r.out());
        Run again = runPass0("-fn", p.toString());
        assertEquals(0, again.status(), again.out());
    }

    @Test
    void freeCountAboveTotalForcesACheckButIsNoError() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null && TestImages.tool("debugfs") != null, "e2fsprogs not installed");
        Path p = TestImages.mkfs(tmp.resolve("free.img"), "ext4", 0, null, null, 8192);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", "ssv free_blocks_count 99999", p.toString()));
        Run r = run("-n", p.toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("contains a file system with errors; checking it now."), r.out());
    }

    @Test
    void verboseAndTimingExtras() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path p = TestImages.mkfs(tmp.resolve("v.img"), "ext4", 0, null, null, 8192);
        Run r = run("-fnvt", "-C1", p.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Block size: "), r.out());
        assertTrue(r.out().contains("Features: "), r.out());
        assertTrue(r.out().contains("Threads: "), r.out());
        assertTrue(r.out().contains("Total: "), r.out());
        assertTrue(r.out().matches("(?s).*Reads: \\d+ in flight, gaps up to \\d+ KiB read through \\(.*"), r.out());
        Run chosen = run("-fnv", "-E", "io_depth=6,merge_gap_kb=32", p.toString());
        assertTrue(chosen.out().contains("Reads: 6 in flight, gaps up to 32 KiB read through ("), chosen.out());
    }

    static byte[] sha(Path p) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
    }

    @Test
    void debugIsSeenAloneAndInClusters() {
        assertTrue(Main.mayAskForDebug(new String[] {"-d", "img"}));
        assertTrue(Main.mayAskForDebug(new String[] {"-fnd", "img"}));
        assertFalse(Main.mayAskForDebug(new String[] {"-fn", "-C", "0", "/dev/sdd1"}));
    }
}
