package pe2fsck.differential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import pe2fsck.cli.Main;

/**
 * Shared plumbing of the differential tests: the image scripts of {@code test-images/}, the
 * real e2fsck as a child process, pe2fsck in-process, and the rule that finds the pass under
 * which a checker printed its first message.
 *
 * <p>Healthy base images are built once per JVM into a private temporary cache (removed at
 * exit), so the test classes share them; every test works on its own copies.
 */
final class Harness {

    /** Longest a single pe2fsck or e2fsck run may take. */
    static final long CHECK_TIMEOUT_SECONDS = 120;
    /** Longest an image build may take. */
    static final long BUILD_TIMEOUT_MINUTES = 10;

    private static final Pattern STACK_FRAME =
            Pattern.compile("(?m)^\\s+at [\\w$.]+\\.[\\w$<>]+\\(|^Caused by: |Exception in thread ");

    private static Path cache;
    private static final Set<String> BUILT = new TreeSet<>();

    private Harness() {
    }

    /** One row of the damage table (damage/list.sh). */
    record Case(String name, String base, String pass, int fyPasses, String description) {
        boolean control() {
            return "-".equals(pass);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The outcome of one checker run. */
    record Run(int exit, String out, String err) {
        String firstPass() {
            return Harness.firstPass(out);
        }

        boolean errorsLeft() {
            return (exit & 4) != 0;
        }
    }

    // ---- locations and tools ----

    static Path root() {
        return Path.of(System.getProperty("pe2fsck.root", ".")).toAbsolutePath().normalize();
    }

    static Path scripts() {
        return root().resolve("test-images");
    }

    static String e2fsck() {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "e2fsck");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** True when the scripts and the oracle are there to run. */
    static boolean toolsPresent() {
        return e2fsck() != null && Files.isRegularFile(scripts().resolve("damage/list.sh"));
    }

    // ---- child processes ----

    /** Runs a command with e2fsck's config switched off and the C locale; output and exit code. */
    static Run exec(Map<String, String> env, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pe2diff", ".out");
        Path err = Files.createTempFile("pe2diff", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("E2FSCK_CONFIG", "/dev/null");
            pb.environment().put("LC_ALL", "C");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code e2fsck ARGS IMG}, with stdout and stderr kept apart. */
    static Run e2fsck(Path img, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(e2fsck());
        cmd.addAll(Arrays.asList(args));
        cmd.add(img.toString());
        return exec(Map.of(), CHECK_TIMEOUT_SECONDS, cmd.toArray(String[]::new));
    }

    /** pe2fsck in-process ({@link Main#run}), stopped with a failure after the time-out. */
    static Run pe2fsck(Path img, String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] argv = Stream.concat(Arrays.stream(args), Stream.of(img.toString())).toArray(String[]::new);
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pe2fsck-" + img.getFileName());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Integer> f = one.submit(() -> Main.run(argv, o, e, () -> false));
            int rc;
            try {
                rc = f.get(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException t) {
                f.cancel(true);
                throw new AssertionError("pe2fsck " + String.join(" ", argv) + " did not finish in "
                        + CHECK_TIMEOUT_SECONDS + " s; output so far:\n" + trim(out.toString(StandardCharsets.UTF_8)));
            } catch (ExecutionException x) {
                throw new AssertionError("pe2fsck " + String.join(" ", argv) + " threw", x.getCause());
            }
            o.flush();
            e.flush();
            return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            one.shutdownNow();
        }
    }

    // ---- the image scripts ----

    /** The damage table, in its order. */
    static List<Case> cases() throws IOException, InterruptedException {
        Run r = exec(Map.of(), 120, "bash", scripts().resolve("damage/list.sh").toString());
        if (r.exit() != 0) {
            throw new IOException("damage/list.sh failed (" + r.exit() + "): " + r.err());
        }
        List<Case> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", 5);
            if (c.length < 5) {
                throw new IOException("damage/list.sh: short line: " + line);
            }
            out.add(new Case(c[0], c[1], c[2], Integer.parseInt(c[3]), c[4]));
        }
        return out;
    }

    /** Every feature profile the healthy-image builder knows, from lib.sh. */
    static List<String> profiles() throws IOException, InterruptedException {
        Run r = exec(Map.of(), 60, "bash", "-c", ". \"$1\" && printf '%s\\n' \"${TI_PROFILES[@]}\"", "_",
                scripts().resolve("lib.sh").toString());
        if (r.exit() != 0) {
            throw new IOException("reading the profile list failed (" + r.exit() + "): " + r.err());
        }
        return r.out().lines().filter(s -> !s.isBlank()).toList();
    }

    /**
     * The JVM-wide cache of healthy base images, with at least {@code profiles} built in it
     * (make-healthy.sh, two at a time). Returns the cache directory ({@code PROFILE.img}).
     */
    static synchronized Path bases(Collection<String> profiles) throws IOException, InterruptedException {
        if (cache == null) {
            cache = Files.createTempDirectory("pe2diff-bases");
            Path dir = cache;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        }
        List<String> missing = profiles.stream().distinct().filter(p -> !BUILT.contains(p)).sorted().toList();
        if (!missing.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("bash", scripts().resolve("make-healthy.sh").toString(),
                    cache.toString()));
            cmd.addAll(missing);
            Run r = exec(Map.of("TI_JOBS", "2"), BUILD_TIMEOUT_MINUTES * 60, cmd.toArray(String[]::new));
            if (r.exit() != 0) {
                throw new IOException("make-healthy.sh " + missing + " failed (" + r.exit() + "):\n" + trim(r.err()));
            }
            BUILT.addAll(missing);
        }
        return cache;
    }

    /**
     * Builds the damaged image of each case as {@code dir/NAME.img} (run-case.sh, two at a
     * time, bases from {@link #bases}). Returns the build log of every case that failed.
     */
    static Map<String, String> buildCases(List<Case> cases, Path dir) throws IOException, InterruptedException {
        Path base = bases(cases.stream().map(Case::base).toList());
        Map<String, String> failed = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (Case c : cases) {
                jobs.add(pool.submit(() -> {
                    try {
                        Run r = exec(Map.of("TI_CACHE", base.toString()), BUILD_TIMEOUT_MINUTES * 60, "bash",
                                scripts().resolve("damage/run-case.sh").toString(), c.name(),
                                image(dir, c.name()).toString());
                        if (r.exit() != 0) {
                            failed.put(c.name(), "run-case.sh exit " + r.exit() + "\n" + trim(r.out() + r.err()));
                        }
                    } catch (IOException | InterruptedException e) {
                        failed.put(c.name(), "run-case.sh: " + e);
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                try {
                    j.get();
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }

    /**
     * After {@code first}, a {@code pe2fsck -fy} of {@code img}: the system e2fsck finds nothing
     * left, and a second {@code pe2fsck -fy} changes nothing (exit 0).
     */
    static void assertCleanAndSettled(Path img, Run first) throws IOException, InterruptedException {
        Run oracle = e2fsck(img, "-fn");
        org.junit.jupiter.api.Assertions.assertEquals(0, oracle.exit(), "e2fsck -fn after pe2fsck -fy:\n"
                + oracle.out() + "\npe2fsck -fy said:\n" + first.out());
        Run second = pe2fsck(img, "-fy");
        org.junit.jupiter.api.Assertions.assertEquals(0, second.exit(), "second pe2fsck -fy:\n" + second.out()
                + second.err());
    }

    /**
     * A fresh copy of damage case {@code name}'s image, built into {@code dir} by
     * {@link #buildCases} (whose failures are {@code buildFailures}): skips the test when the
     * table has no such case, fails it when the image could not be built.
     */
    static Path freshCopy(Map<String, Case> table, Map<String, String> buildFailures, Path dir, String name,
                          String suffix) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(table.containsKey(name), name + " is not in the damage table");
        String log = buildFailures.get(name);
        if (log != null) {
            org.junit.jupiter.api.Assertions.fail(name + ": the image could not be built:\n" + log);
        }
        Path copy = dir.resolve(name + "." + suffix + ".img");
        Files.copy(image(dir, name), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    static Path image(Path dir, String name) {
        return dir.resolve(name + ".img");
    }

    /** Copies a healthy base image into {@code dir} (sparse), so tests never touch the cache. */
    static Path copyBase(String profile, Path dir) throws IOException, InterruptedException {
        Path src = bases(List.of(profile)).resolve(profile + ".img");
        Path dst = dir.resolve(profile + ".img");
        Run r = exec(Map.of(), 300, "cp", "--sparse=always", src.toString(), dst.toString());
        if (r.exit() != 0) {
            throw new IOException("cp failed: " + r.err());
        }
        return dst;
    }

    // ---- reading the output ----

    /**
     * The pass under whose header the first message appeared: "1".."5" (1B-1D count as 1),
     * "0" for a message before "Pass 1", "-" for none. The rule of test-images/lib.sh's
     * {@code first_pass}, applied to standard output only: skipped are pass headers, blank
     * lines, the version banner, the closing "N/M files (" summary and the closing banners, in
     * e2fsck's and in pe2fsck's words.
     */
    static String firstPass(String stdout) {
        String p = "";
        for (String line : stdout.split("\n", -1)) {
            if (line.matches("Pass [1-5][A-E]?:.*")) {
                p = line.substring(5, 6);
                continue;
            }
            if (line.isBlank()
                    || line.matches("e2fsck [0-9].*") || line.matches("pe2fsck [0-9].*")
                    || line.matches(".*: [0-9]+/[0-9]+ files \\(.*")
                    || line.contains(": ********** WARNING: Filesystem still has errors")
                    || line.contains(": ***** FILE SYSTEM WAS MODIFIED")
                    || line.contains(": ***** THE FILE SYSTEM STILL HAS ERRORS *****")
                    || line.contains(": ***** THE FILE SYSTEM WAS MODIFIED *****")) {
                continue;
            }
            return p.isEmpty() ? "0" : p;
        }
        return "-";
    }

    static boolean hasStackTrace(String text) {
        return STACK_FRAME.matcher(text).find();
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At most 60 lines and 6,000 characters of a tool's output, for assertion messages. */
    static String trim(String s) {
        List<String> lines = s.strip().lines().toList();
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String l : lines) {
            if (shown == 60 || b.length() + l.length() > 6000) {
                break;
            }
            b.append("    | ").append(l).append('\n');
            shown++;
        }
        if (shown < lines.size()) {
            b.append("    | ... (").append(lines.size() - shown).append(" more lines)\n");
        }
        return b.length() == 0 ? "    | (nothing)\n" : b.toString();
    }

    /** Both sides of a comparison, each trimmed. */
    static String sideBySide(String leftTitle, Run left, String rightTitle, Run right) {
        StringBuilder b = new StringBuilder();
        b.append("--- ").append(leftTitle).append(" (exit ").append(left.exit()).append(", first pass ")
                .append(left.firstPass()).append(") ---\n").append(trim(left.out()));
        if (!left.err().isBlank()) {
            b.append("  stderr:\n").append(trim(left.err()));
        }
        b.append("--- ").append(rightTitle).append(" (exit ").append(right.exit()).append(", first pass ")
                .append(right.firstPass()).append(") ---\n").append(trim(right.out()));
        if (!right.err().isBlank()) {
            b.append("  stderr:\n").append(trim(right.err()));
        }
        return b.toString();
    }

    /** Groups lines under headings, for the summaries printed after a class. */
    static String listing(String title, Map<String, String> items) {
        StringBuilder b = new StringBuilder(title).append(" (").append(items.size()).append(")\n");
        new LinkedHashMap<>(items).forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort at exit
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }
}
