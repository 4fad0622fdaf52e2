package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Run;

/**
 * The orphan list a kernel leaves behind when files are unlinked while still open
 * (test-images/make-orphan-image.sh, ext4 with extent trees and ext3 with indirect blocks and
 * an attribute block): every writing mode, forced or not, processes it before pass 1 exactly
 * as e2fsck does (same exit code, the same inodes cleared, the same counts after), after which
 * e2fsck -fn is clean and a second pe2fsck -fy exits 0; -n writes nothing.
 */
class OrphanListTest {

    private static final Pattern COUNTS = Pattern.compile("(\\d+)/(\\d+) files.*?(\\d+)/(\\d+) blocks");
    private static final Pattern CLEARED = Pattern.compile("Clearing orphaned inode (\\d+)");

    @TempDir
    static Path work;

    private static final Map<String, Path> IMAGES = new HashMap<>();

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        for (String type : List.of("ext4", "ext3")) {
            Path img = work.resolve("orphans-" + type + ".img");
            Run r = Harness.exec(Map.of(), 300, "bash", Harness.scripts().resolve("make-orphan-image.sh").toString(),
                    img.toString(), type);
            assumeTrue(r.exit() != 77, "cannot make a kernel-written image here: " + r.err());
            assertEquals(0, r.exit(), "make-orphan-image.sh " + type + ":\n" + r.out() + r.err());
            IMAGES.put(type, img);
        }
    }

    static Stream<Arguments> runs() {
        return Stream.of("ext4", "ext3").flatMap(t -> Stream.of("-p", "-fp", "-fy", "-y").map(m -> Arguments.of(t, m)));
    }

    private static Path copy(String type, String suffix) throws Exception {
        Path to = work.resolve(type + "." + suffix + ".img");
        Files.copy(IMAGES.get(type), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void processedAsE2fsckDoes(String type, String mode) throws Exception {
        Path mine = copy(type, "pe" + mode);
        Path theirs = copy(type, "e2" + mode);
        Run e2 = Harness.e2fsck(theirs, mode);
        Run pe = Harness.pe2fsck(mine, mode);
        String both = Harness.sideBySide("e2fsck " + mode, e2, "pe2fsck " + mode, pe);
        assertEquals(e2.exit(), pe.exit(), both);
        assertEquals(cleared(e2.out()), cleared(pe.out()), both);
        assertEquals(counts(e2.out()), counts(pe.out()), both);
        Run oracle = Harness.e2fsck(mine, "-fn");
        assertEquals(0, oracle.exit(), "e2fsck -fn after pe2fsck " + mode + ":\n" + oracle.out());
        Run again = Harness.pe2fsck(mine, "-fy");
        assertEquals(0, again.exit(), again.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void readOnlyRunWritesNothing(String type) throws Exception {
        Path mine = copy(type, "n");
        String before = Harness.sha256(mine);
        Run pe = Harness.pe2fsck(mine, "-n");
        Run e2 = Harness.e2fsck(copy(type, "e2n"), "-n");
        assertEquals(e2.exit(), pe.exit(), Harness.sideBySide("e2fsck -n", e2, "pe2fsck -n", pe));
        assertEquals(before, Harness.sha256(mine));
    }

    static Stream<String> types() {
        return Stream.of("ext4", "ext3");
    }

    private static List<String> cleared(String out) {
        Matcher m = CLEARED.matcher(out);
        List<String> inodes = new java.util.ArrayList<>();
        while (m.find()) {
            inodes.add(m.group(1));
        }
        return inodes;
    }

    private static String counts(String out) {
        Matcher m = COUNTS.matcher(out);
        return m.find() ? m.group(1) + "/" + m.group(2) + " " + m.group(3) + "/" + m.group(4) : "(none)";
    }
}
