package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.differential.Harness.Case;
import pe2fsck.differential.Harness.Run;

/**
 * The repairs pe2fsck makes, case by case from the damage table, judged by the system's e2fsck:
 * <ul>
 *   <li>{@code pe2fsck -fy} exits as {@code e2fsck -fy} does (1, or 0 where e2fsck only
 *       processes an orphan list), then {@code e2fsck -fn} finds nothing, and a second
 *       {@code pe2fsck -fy} exits 0;</li>
 *   <li>{@code pe2fsck -fp} exits as {@code e2fsck -fp} does on the same damage (1 where
 *       e2fsck preens it), and where it exits 1, {@code e2fsck -fn} then finds nothing.</li>
 * </ul>
 * The cases are those whose every problem has a repair today; the list grows with them.
 */
class RepairSuiteTest {

    /** Damage cases whose repair pe2fsck makes in full. */
    static final List<String> REPAIRED = List.of(
            // pass 1: size, block count, deletion time; an orphan list of live files
            "ext2-1k-size-small", "ext4-4k-size-small", "ext4-4k-iblocks-wrong", "ext3-4k-dtime-live",
            "ext4-1k-orphan-chain-live",
            // pass 2: an entry naming a cleared inode, a wrong file type, a leaf checksum
            "ext4-4k-clri-file", "ext4-4k-filetype-wrong", "ext4-4k-dirblock-checksum",
            // pass 3: an unconnected directory reconnected, a wrong '..'
            "ext4-4k-unconnected-dir", "ext3-1k-dotdot-wrong",
            // pass 4: link counts
            "ext2-1k-links-low", "ext4-4k-links-high", "ext4-noflex-dir-links",
            // pass 4: an unattached empty file is cleared
            "ext3-4k-unattached-empty",
            // pass 4: an unattached file is linked into /lost+found
            "ext4-2k-unattached-inode",
            // pass 5: bitmaps, counts, flags, checksums
            "ext2-1k-freeb-used", "ext4-4k-setb-free", "ext3-4k-freei-used", "ext4-1k-seti-unused",
            "ext3-1k-seti-unused", "ext4-4k-gd-free-blocks", "ext2-1k-gd-free-inodes",
            "ext4-noflex-gd-used-dirs", "ext4-4k-block-bitmap-checksum", "ext4-4k-inode-bitmap-checksum",
            "ext4-uninit-block-uninit-used", "ext4-bigalloc-freeb-used");

    @TempDir
    static Path work;

    private static Map<String, Case> table;
    private static Map<String, String> buildFailures;

    static List<String> cases() {
        return REPAIRED;
    }

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        table = Harness.cases().stream().collect(Collectors.toMap(Case::name, c -> c, (a, b) -> a));
        List<Case> chosen = new ArrayList<>();
        for (String n : REPAIRED) {
            if (table.containsKey(n)) {
                chosen.add(table.get(n));
            }
        }
        buildFailures = Harness.buildCases(chosen, work);
    }

    private static Path fresh(String name, String suffix) throws Exception {
        return Harness.freshCopy(table, buildFailures, work, name, suffix);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void yesRepairsWhatE2fsckFinds(String name) throws Exception {
        Path img = fresh(name, "fy");
        Run e2 = Harness.e2fsck(fresh(name, "e2fy"), "-fy");
        Run first = Harness.pe2fsck(img, "-fy");
        assertFalse(Harness.hasStackTrace(first.out() + first.err()), first.out() + first.err());
        assertEquals(e2.exit(), first.exit(), Harness.sideBySide("e2fsck -fy", e2, "pe2fsck -fy", first));
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
        if (pe.exit() == 1) {
            Run oracle = Harness.e2fsck(mine, "-fn");
            assertEquals(0, oracle.exit(), "e2fsck -fn after pe2fsck -fp:\n" + oracle.out());
        }
    }
}
