package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Case;
import pe2fsck.differential.Harness.Run;

/**
 * The repairs of passes 1 and 2, case by case from the damage table, judged by the system's
 * e2fsck: after {@code pe2fsck -fy}, {@code e2fsck -fn} finds nothing and a second
 * {@code pe2fsck -fy} exits 0; {@code pe2fsck -fp} exits as {@code e2fsck -fp} does and leaves
 * what e2fsck's preen leaves (as judged by {@code e2fsck -fn}). Pass-1 repairs are made by the publisher in inode order,
 * so the repaired image must not depend on the number of pass-1 threads: {@code -fy} with
 * {@code -m} 1, 2, 4 and 8 must leave the same bytes everywhere but in the primary
 * superblock, which holds the run's times.
 */
class InodeAndEntryRepairTest {

    /** Damage cases whose every problem is repaired by pass 1. */
    static final List<String> PASS1 = List.of(
            "ext2-1k-size-small", "ext4-4k-size-small", "ext4-4k-iblocks-wrong", "ext3-4k-dtime-live",
            "ext4-4k-inode-checksum", "ext4-4k-blockdev-index-flag", "ext4-4k-fifo-append-size",
            "ext4-4k-dir-size-high", "ext4-4k-reserved-inode-mode");
    /** Damage cases whose every problem is repaired by pass 2. */
    static final List<String> PASS2 = List.of("ext4-4k-filetype-wrong", "ext4-4k-dirblock-checksum", "ext4-4k-faddr",
            "ext2-4k-blocks-hi", "ext3-1k-dot-missing",
            "ext4-4k-dir-hardlink");
    /**
     * Damage cases whose pass-1 and pass-2 problems are repaired here while later passes
     * (lost+found, bitmaps) still find something: after {@code -fy}, e2fsck's first message
     * must come from pass 3 or later.
     */
    static final List<String> UP_TO_PASS2 = List.of("ext4-4k-clri-file", "ext4-1k-entry-bad-inode", "ext2-4k-kill-file",
            "ext4-4k-dotdot-missing");

    private static final List<String> THREADS = List.of("1", "2", "4", "8");
    private static final int SUPERBLOCK_OFFSET = 1024;
    private static final int SUPERBLOCK_SIZE = 1024;

    @TempDir
    static Path work;

    private static Map<String, Case> table;
    private static Map<String, String> buildFailures;

    static Stream<String> cases() {
        return Stream.concat(PASS1.stream(), PASS2.stream());
    }

    static Stream<String> partialCases() {
        return UP_TO_PASS2.stream();
    }

    static Stream<String> pass1Cases() {
        return PASS1.stream();
    }

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        table = Harness.cases().stream().collect(Collectors.toMap(Case::name, c -> c, (a, b) -> a));
        List<Case> chosen = new ArrayList<>();
        Stream.concat(cases(), partialCases()).filter(table::containsKey).forEach(n -> chosen.add(table.get(n)));
        buildFailures = Harness.buildCases(chosen, work);
    }

    private static Path fresh(String name, String suffix) throws Exception {
        return Harness.freshCopy(table, buildFailures, work, name, suffix);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void yesRepairsWhatE2fsckFinds(String name) throws Exception {
        Path img = fresh(name, "fy");
        Run first = Harness.pe2fsck(img, "-fy");
        assertFalse(Harness.hasStackTrace(first.out() + first.err()), first.out() + first.err());
        assertEquals(1, first.exit(), "pe2fsck -fy:\n" + first.out() + first.err());
        Harness.assertCleanAndSettled(img, first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preenDoesWhatE2fsckDoes(String name) throws Exception {
        Path mine = fresh(name, "fp");
        Path theirs = fresh(name, "e2fp");
        Run e2 = Harness.e2fsck(theirs, "-fp");
        Run pe = Harness.pe2fsck(mine, "-fp");
        assertEquals(e2.exit(), pe.exit(), Harness.sideBySide("e2fsck -fp", e2, "pe2fsck -fp", pe));
        // What preen leaves (some problems it leaves alone, as e2fsck does) is what e2fsck's leaves.
        Run afterTheirs = Harness.e2fsck(theirs, "-fn");
        Run afterMine = Harness.e2fsck(mine, "-fn");
        assertEquals(afterTheirs.exit(), afterMine.exit(),
                Harness.sideBySide("e2fsck -fn after e2fsck -fp", afterTheirs, "e2fsck -fn after pe2fsck -fp", afterMine));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partialCases")
    void yesLeavesNothingForPassesOneAndTwo(String name) throws Exception {
        Path img = fresh(name, "partial");
        Run first = Harness.pe2fsck(img, "-fy");
        assertFalse(Harness.hasStackTrace(first.out() + first.err()), first.out() + first.err());
        assertTrue(first.out().contains("***** THE FILE SYSTEM WAS MODIFIED *****"),
                "pe2fsck -fy changed nothing:\n" + first.out() + first.err());
        Run oracle = Harness.e2fsck(img, "-fn");
        String pass = Harness.firstPass(oracle.out());
        assertTrue(pass.equals("-") || pass.compareTo("3") >= 0, "e2fsck -fn after pe2fsck -fy reports in pass "
                + pass + ":\n" + oracle.out() + "\npe2fsck -fy said:\n" + first.out());
    }

    /** A '..' entry with its name but inode 0 is a missing '..' (as e2fsck says), not a valid one. */
    @org.junit.jupiter.api.Test
    void dotDotWithInodeZeroIsMissing() throws Exception {
        Path img = fresh("ext4-4k-dotdot-missing", "fn");
        Run run = Harness.pe2fsck(img, "-fn");
        String firstProblem = run.out().lines().filter(l -> !l.startsWith("Pass ")).findFirst().orElse("");
        assertTrue(firstProblem.matches("Directory inode [0-9]+ has no '\\.\\.' entry\\."), run.out());
    }

    /** A second name of a directory left alone still counts as a reference, as in e2fsck -n. */
    @org.junit.jupiter.api.Test
    void secondDirectoryNameLeftAloneIsCounted() throws Exception {
        Path img = fresh("ext4-4k-dir-hardlink", "fn");
        Run run = Harness.pe2fsck(img, "-fn");
        assertTrue(run.out().contains("has link count 3, should be 4."), run.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pass1Cases")
    void sameRepairForEveryThreadCount(String name) throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String m : THREADS) {
            Path copy = fresh(name, "m" + m);
            runs.put(m, Harness.pe2fsck(copy, "-fy", "-m", m));
            hashes.put(m, hashOutsideSuperblock(copy));
            Files.delete(copy);
        }
        String first = hashes.get(THREADS.get(0));
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            if (!e.getValue().equals(first)) {
                fail(name + ": repaired with -m " + e.getKey() + " differs from -m " + THREADS.get(0) + "\n"
                        + Harness.sideBySide("-m " + THREADS.get(0), runs.get(THREADS.get(0)),
                                "-m " + e.getKey(), runs.get(e.getKey())));
            }
        }
    }

    /** SHA-256 of the image with the primary superblock (the run's times) left out. */
    private static String hashOutsideSuperblock(Path img) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long pos = 0;
            while (true) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    long at = pos + i;
                    if (at >= SUPERBLOCK_OFFSET && at < SUPERBLOCK_OFFSET + SUPERBLOCK_SIZE) {
                        buf.put(i, (byte) 0);
                    }
                }
                md.update(buf.array(), 0, n);
                pos += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
