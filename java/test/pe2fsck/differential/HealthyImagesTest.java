package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Run;

/**
 * Zero false alarms: every healthy profile of make-healthy.sh, and the images the kernel wrote
 * (make-kernel-written.sh; skipped where that script cannot mount), checks clean with
 * pe2fsck -fn and with -f -n -m 1: exit 0, no message besides the pass headers and the
 * summary, no stack trace, and the image left byte-identical. e2fsck -fn is run as well, so a
 * message shows both sides.
 */
class HealthyImagesTest {

    /** The kernel-written images' names among the parameters (make-kernel-written.sh). */
    static final List<String> KERNEL = List.of("ext4-kernel", "ext4-kernel-new");

    /**
     * False alarms known when this test was written, as "IMAGE OPTIONS" (OPTIONS as in
     * {@link #OPTION_SETS}, e.g. "ext4-bigalloc -fn"). Each is a checker bug to fix; a listed
     * one is reported as skipped. Anything not listed fails, and so does a listed entry that no
     * longer happens, so that the list only shrinks.
     */
    static final Set<String> KNOWN_GAPS = Set.of();

    /** The option sets every healthy image is checked with. */
    static final List<List<String>> OPTION_SETS = List.of(List.of("-fn"), List.of("-f", "-n", "-m", "1"));

    @TempDir
    static Path work;

    private static Path kernelDir;
    private static String kernelSkip;
    private static final Map<String, String> NEW = new TreeMap<>();
    private static final Map<String, String> KNOWN = new TreeMap<>();

    static Stream<String> images() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        List<String> all = new ArrayList<>(Harness.profiles());
        all.addAll(KERNEL);
        return all.stream();
    }

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        System.out.println("HealthyImagesTest: known gaps listed: " + new java.util.TreeSet<>(KNOWN_GAPS));
        Harness.bases(Harness.profiles());
        Path dir = Files.createDirectories(work.resolve("kernel"));
        Run r = Harness.exec(Map.of(), Harness.BUILD_TIMEOUT_MINUTES * 60, "bash",
                Harness.scripts().resolve("make-kernel-written.sh").toString(), dir.toString());
        if (r.exit() == 77) {
            kernelSkip = "make-kernel-written.sh skipped (exit 77): " + r.err().strip();
        } else if (r.exit() != 0) {
            throw new AssertionError("make-kernel-written.sh failed (" + r.exit() + "):\n" + Harness.trim(r.out() + r.err()));
        } else {
            kernelDir = dir;
        }
    }

    @AfterAll
    static void summary() {
        System.out.print("HealthyImagesTest summary\n" + Harness.listing("false alarms not listed", NEW)
                + Harness.listing("known false alarms seen", KNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void checksClean(String image) throws Exception {
        Path img;
        if (KERNEL.contains(image)) {
            assumeTrue(kernelDir != null, kernelSkip);
            img = kernelDir.resolve(image + ".img");
        } else {
            img = Harness.copyBase(image, Files.createDirectories(work.resolve("healthy")));
        }
        Run e2 = Harness.e2fsck(img, "-fn");
        List<String> fresh = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (List<String> opts : OPTION_SETS) {
            String label = String.join(" ", opts);
            String before = Harness.sha256(img);
            Run pe = Harness.pe2fsck(img, opts.toArray(String[]::new));
            String after = Harness.sha256(img);
            List<String> wrong = new ArrayList<>();
            if (pe.exit() != 0) {
                wrong.add("exit " + pe.exit());
            }
            if (!pe.firstPass().equals("-")) {
                wrong.add("a message under pass " + pe.firstPass());
            }
            if (Harness.hasStackTrace(pe.out() + pe.err())) {
                wrong.add("a stack trace");
            }
            if (!before.equals(after)) {
                wrong.add("the image changed");
            }
            String key = image + " " + label;
            if (!wrong.isEmpty()) {
                String what = String.join(", ", wrong);
                (KNOWN_GAPS.contains(key) ? known : fresh).add("pe2fsck " + label + ": " + what);
                (KNOWN_GAPS.contains(key) ? KNOWN : NEW).put(key, what);
                detail.append(Harness.sideBySide("e2fsck -fn", e2, "pe2fsck " + label, pe));
            } else if (KNOWN_GAPS.contains(key)) {
                stale.add(key);
            }
        }
        String head = image + ": ";
        if (e2.exit() != 0) {
            fresh.add("e2fsck -fn exit " + e2.exit() + " on an image that should be healthy");
            detail.append("--- e2fsck -fn ---\n").append(Harness.trim(e2.out() + e2.err()));
        }
        if (!fresh.isEmpty() || !stale.isEmpty()) {
            StringBuilder b = new StringBuilder(head).append("false alarm(s)\n");
            fresh.forEach(l -> b.append("  NEW ").append(l).append('\n'));
            known.forEach(l -> b.append("  known ").append(l).append('\n'));
            stale.forEach(k -> b.append("  listed in KNOWN_GAPS but no longer happens: ").append(k).append(" (remove it)\n"));
            fail(b.toString() + detail);
        }
        if (!known.isEmpty()) {
            System.out.println(head + "known false alarm(s): " + known + "\n" + detail);
            Assumptions.abort(head + "known false alarm(s): " + known);
        }
    }
}
