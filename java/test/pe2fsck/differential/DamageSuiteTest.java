package pe2fsck.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pe2fsck.differential.Harness.Case;
import pe2fsck.differential.Harness.Run;

/**
 * Every case of the damage table (test-images/damage/list.sh), checked by the real
 * {@code e2fsck -fn} and by pe2fsck -fn in-process, on the same freshly built image:
 * <ul>
 * <li>{@code verdict}: both say clean, or both say errors are left (exit bit 4); controls exit 0;</li>
 * <li>{@code crash}: pe2fsck exits below 8 (or with the same operational bit 8 as e2fsck, where
 * e2fsck itself cannot go on) and prints no stack trace;</li>
 * <li>{@code modified}: the image is byte-identical (SHA-256) after pe2fsck -fn;</li>
 * <li>{@code pass}: pe2fsck's first message comes under the same pass as e2fsck's.</li>
 * </ul>
 * The table itself is checked against e2fsck too ({@code table}), so a stale table shows up
 * as such rather than as a pe2fsck bug.
 */
class DamageSuiteTest {

    /**
     * Disagreements that were known when this suite was written, as "CASE KIND" (KIND is one of
     * verdict, crash, modified, pass, table). Each is a checker gap to close; a listed gap is
     * reported as skipped, with the full disagreement. Any disagreement not listed fails, and so
     * does a listed one that no longer happens, so that the list only shrinks.
     */
    static final Set<String> KNOWN_GAPS = Set.of();

    /** The kinds of disagreement a case can show. */
    static final Set<String> KINDS = Set.of("verdict", "crash", "modified", "pass", "table");

    @TempDir
    static Path work;

    private static List<Case> table;
    private static Map<String, String> buildFailures;
    private static final Map<String, String> NEW = new TreeMap<>();
    private static final Map<String, String> KNOWN = new TreeMap<>();
    private static final Map<String, String> STALE = new TreeMap<>();

    static Stream<String> caseNames() throws Exception {
        return table().stream().map(Case::name);
    }

    private static synchronized List<Case> table() throws Exception {
        if (table == null) {
            assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
            table = Harness.cases();
        }
        return table;
    }

    @BeforeAll
    static void buildImages() throws Exception {
        assumeTrue(Harness.toolsPresent(), "e2fsck or the image scripts are not available");
        System.out.println("DamageSuiteTest: known gaps listed: " + new java.util.TreeSet<>(KNOWN_GAPS));
        buildFailures = Harness.buildCases(table(), work);
    }

    @AfterAll
    static void summary() {
        StringBuilder b = new StringBuilder("DamageSuiteTest summary\n");
        b.append(Harness.listing("new disagreements", NEW));
        b.append(Harness.listing("known gaps seen", KNOWN));
        b.append(Harness.listing("known gaps no longer seen (remove them from KNOWN_GAPS)", STALE));
        System.out.print(b);
    }

    @Test
    void knownGapsNameRealCasesAndKinds() throws Exception {
        Set<String> names = table().stream().map(Case::name).collect(Collectors.toSet());
        List<String> bad = KNOWN_GAPS.stream().filter(k -> {
            String[] p = k.split(" ");
            return p.length != 2 || !names.contains(p[0]) || !KINDS.contains(p[1]);
        }).sorted().toList();
        assertEquals(List.of(), bad, "KNOWN_GAPS entries must be 'CASE KIND' with KIND one of " + KINDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void agreesWithE2fsck(String name) throws Exception {
        Case c = table().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        String buildLog = buildFailures.get(name);
        if (buildLog != null) {
            fail(name + ": the image could not be built:\n" + buildLog);
        }
        Path img = Harness.image(work, name);
        Run e2 = Harness.e2fsck(img, "-fn");
        String before = Harness.sha256(img);
        Run pe = Harness.pe2fsck(img, "-fn");
        String after = Harness.sha256(img);

        String both = Harness.sideBySide("e2fsck -fn", e2, "pe2fsck -fn", pe);
        Map<String, String> found = new LinkedHashMap<>();

        // The oracle against the table: a mismatch here is a stale table, not a pe2fsck bug.
        boolean e2Ok = c.control() ? e2.exit() == 0 : e2.errorsLeft();
        if (!e2Ok || !e2.firstPass().equals(c.pass())) {
            found.put("table", "the table says pass " + c.pass() + (c.control() ? ", clean" : ", errors")
                    + " but e2fsck exited " + e2.exit() + " with its first message under pass " + e2.firstPass());
        }
        // (a) clean versus damaged.
        boolean verdictOk = c.control() ? pe.exit() == 0 && e2.exit() == 0 : pe.errorsLeft() == e2.errorsLeft();
        if (!verdictOk) {
            found.put("verdict", "e2fsck exit " + e2.exit() + " (" + verdict(e2) + "), pe2fsck exit " + pe.exit()
                    + " (" + verdict(pe) + ")");
        }
        // (b) orderly, and read-only. Where e2fsck itself gives up (exit bit 8: "Cannot proceed
        // without a root inode", an aborted -n run), pe2fsck may give up the same way.
        boolean gaveUpAlone = pe.exit() >= 8 && (pe.exit() >= 16 || (e2.exit() & 8) == 0);
        if (gaveUpAlone || Harness.hasStackTrace(pe.out()) || Harness.hasStackTrace(pe.err())) {
            found.put("crash", "pe2fsck exit " + pe.exit()
                    + (Harness.hasStackTrace(pe.out() + pe.err()) ? " with a stack trace" : ""));
        }
        if (!before.equals(after)) {
            found.put("modified", "pe2fsck -fn changed the image: SHA-256 " + before + " became " + after);
        }
        // (c) the same first pass (only meaningful when the verdicts agree).
        if (verdictOk && !pe.firstPass().equals(e2.firstPass())) {
            found.put("pass", "e2fsck's first message is under pass " + e2.firstPass() + ", pe2fsck's under pass "
                    + pe.firstPass());
        }
        judge(name, c.description(), found, both);
    }

    private static String verdict(Run r) {
        return r.exit() == 0 ? "clean" : r.errorsLeft() ? "errors left" : "no errors-left bit";
    }

    /** Splits the findings into known and new, and fails, skips or passes accordingly. */
    private static void judge(String name, String description, Map<String, String> found, String both) {
        List<String> fresh = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Map.Entry<String, String> f : found.entrySet()) {
            String key = name + " " + f.getKey();
            String line = f.getKey() + ": " + f.getValue();
            if (KNOWN_GAPS.contains(key)) {
                known.add(line);
                KNOWN.put(key, f.getValue());
            } else {
                fresh.add(line);
                NEW.put(key, f.getValue());
            }
        }
        List<String> stale = KNOWN_GAPS.stream().filter(k -> k.startsWith(name + " "))
                .filter(k -> !found.containsKey(k.substring(name.length() + 1))).sorted().toList();
        stale.forEach(k -> STALE.put(k, "now agrees"));
        String head = name + " (" + description + ")";
        if (!fresh.isEmpty() || !stale.isEmpty()) {
            StringBuilder b = new StringBuilder(head).append('\n');
            fresh.forEach(l -> b.append("  NEW ").append(l).append('\n'));
            known.forEach(l -> b.append("  known ").append(l).append('\n'));
            stale.forEach(k -> b.append("  listed in KNOWN_GAPS but no longer happens: ").append(k)
                    .append(" (remove it)\n"));
            fail(b + both);
        }
        if (!known.isEmpty()) {
            String msg = head + ": known gap(s): " + known.stream().collect(Collectors.joining("; "));
            System.out.println(msg + "\n" + both);
            Assumptions.abort(msg);
        }
    }
}
