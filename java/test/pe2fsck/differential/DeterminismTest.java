package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Case;
import pe2fsck.differential.Harness.Run;

/**
 * The thread count must not show: pe2fsck -fn with -m 1, 2, 4 and 8 gives byte-identical
 * standard output and the same exit code, on a few healthy images and on damaged images whose
 * first problems fall in every pass; and pe2fsck -fy with each of them, on copies of the same
 * damaged image and with one fixed clock, leaves byte-identical images.
 */
class DeterminismTest {

    static final List<String> THREADS = List.of("1", "2", "4", "8");

    /** Healthy profiles checked: the big-directory image and other layouts. */
    static final List<String> HEALTHY = List.of("ext4-4k", "ext2-1k", "ext3-1k", "ext4-2k");

    /**
     * Damage cases checked, chosen to cover passes 0-5 (by the table's pass column) and
     * shared blocks (passes 1B-1D), over the same few base profiles.
     */
    static final List<String> DAMAGED = List.of(
            "ext4-4k-resize-inode-dind",    // 0
            "ext3-1k-journal-inode-clri",   // 1, plus a superblock question
            "ext2-4k-dup-blocks",           // 1, 1B-1D
            "ext4-4k-extent-dup",           // 1, 1B-1D with a checksum problem
            "ext4-4k-inode-checksum",       // 1
            "ext2-1k-htree-depth",          // 1
            "ext4-4k-clri-dir",             // 2
            "ext2-1k-dir-reclen",           // 2
            "ext4-4k-dirblock-checksum",    // 2
            "ext4-4k-unconnected-dir",      // 3
            "ext3-1k-dotdot-wrong",         // 3
            "ext2-1k-links-low",            // 4
            "ext4-2k-unattached-inode",     // 4
            "ext2-1k-freeb-used",           // 5
            "ext3-1k-seti-unused",          // 5
            "ext4-4k-gd-free-blocks");      // 5

    private static final String HEALTHY_PREFIX = "healthy-";
    /** The fixed clock of a run (the system property the checker reads like e2fsck's E2FSCK_TIME). */
    private static final String FIXED_TIME = "E2FSCK_TIME";

    @TempDir
    static Path work;

    private static Map<String, Case> table;
    private static Map<String, String> buildFailures;

    static Stream<String> images() {
        return Stream.concat(HEALTHY.stream().map(p -> HEALTHY_PREFIX + p), DAMAGED.stream());
    }

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        table = Harness.cases().stream().collect(Collectors.toMap(Case::name, c -> c, (a, b) -> a, LinkedHashMap::new));
        List<Case> chosen = new ArrayList<>();
        for (String n : DAMAGED) {
            if (table.containsKey(n)) {
                chosen.add(table.get(n));
            }
        }
        Harness.bases(HEALTHY);
        buildFailures = Harness.buildCases(chosen, work);
    }

    @Test
    void selectionCoversEveryPass() {
        List<String> unknown = DAMAGED.stream().filter(n -> !table.containsKey(n)).toList();
        assertEquals(List.of(), unknown, "DAMAGED names cases the damage table no longer has");
        Set<String> passes = DAMAGED.stream().map(n -> table.get(n).pass())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(passes.containsAll(List.of("1", "2", "3", "4", "5")),
                "the damaged selection covers passes " + passes + ", not all of 1-5");
        assertTrue(DAMAGED.size() >= 10, "fewer than 10 damaged cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void sameOutputForEveryThreadCount(String image) throws Exception {
        Path img;
        if (image.startsWith(HEALTHY_PREFIX)) {
            String profile = image.substring(HEALTHY_PREFIX.length());
            img = Harness.copyBase(profile, Files.createDirectories(work.resolve("healthy")));
        } else {
            assumeTrue(table.containsKey(image), image + " is not in the damage table (see selectionCoversEveryPass)");
            String log = buildFailures.get(image);
            if (log != null) {
                fail(image + ": the image could not be built:\n" + log);
            }
            img = Harness.image(work, image);
        }
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String m : THREADS) {
            runs.put(m, Harness.pe2fsck(img, "-fn", "-m", m));
        }
        Run first = runs.get(THREADS.get(0));
        List<String> differ = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            Run r = e.getValue();
            boolean sameExit = r.exit() == first.exit();
            boolean sameOut = r.out().equals(first.out());
            if (!sameExit || !sameOut) {
                differ.add("-m " + e.getKey()
                        + (sameExit ? "" : " (exit " + r.exit() + " vs " + first.exit() + ")")
                        + (sameOut ? "" : " (stdout differs" + firstDifference(first.out(), r.out()) + ")"));
                detail.append(Harness.sideBySide("pe2fsck -fn -m " + THREADS.get(0), first,
                        "pe2fsck -fn -m " + e.getKey(), r));
            }
        }
        if (!differ.isEmpty()) {
            fail(image + ": output depends on the thread count, against -m " + THREADS.get(0) + ": "
                    + String.join("; ", differ) + "\n" + detail);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedImages")
    void sameRepairForEveryThreadCount(String image) throws Exception {
        assumeTrue(table.containsKey(image), image + " is not in the damage table (see selectionCoversEveryPass)");
        String log = buildFailures.get(image);
        if (log != null) {
            fail(image + ": the image could not be built:\n" + log);
        }
        Path src = Harness.image(work, image);
        Path dir = Files.createDirectories(work.resolve("repaired"));
        String clock = Long.toString(System.currentTimeMillis() / 1000);
        String before = System.getProperty(FIXED_TIME);
        System.setProperty(FIXED_TIME, clock);
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, Run> runs = new LinkedHashMap<>();
        try {
            for (String m : THREADS) {
                Path copy = dir.resolve(image + ".m" + m + ".img");
                Files.copy(src, copy, StandardCopyOption.REPLACE_EXISTING);
                runs.put(m, Harness.pe2fsck(copy, "-fy", "-m", m));
                hashes.put(m, Harness.sha256(copy));
                Files.delete(copy);
            }
        } finally {
            if (before == null) {
                System.clearProperty(FIXED_TIME);
            } else {
                System.setProperty(FIXED_TIME, before);
            }
        }
        String first = hashes.get(THREADS.get(0));
        List<String> differ = hashes.entrySet().stream().filter(e -> !e.getValue().equals(first))
                .map(e -> "-m " + e.getKey()).toList();
        if (!differ.isEmpty()) {
            fail(image + ": the image repaired with " + differ + " differs from the one repaired with -m "
                    + THREADS.get(0) + "\n" + Harness.sideBySide("pe2fsck -fy -m " + THREADS.get(0),
                            runs.get(THREADS.get(0)), "pe2fsck -fy " + differ.get(0), runs.get(differ.get(0).substring(3))));
        }
    }

    static Stream<String> damagedImages() {
        return DAMAGED.stream();
    }

    /** ", first at line N: 'a' vs 'b'" for two texts that differ. */
    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "(end)";
            String r = i < y.length ? y[i] : "(end)";
            if (!l.equals(r)) {
                return ", first at line " + (i + 1) + ": '" + l + "' vs '" + r + "'";
            }
        }
        return "";
    }
}
