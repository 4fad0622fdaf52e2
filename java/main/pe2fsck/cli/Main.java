package pe2fsck.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import pe2fsck.state.CheckOptions;
import pe2fsck.checker.Checker;
import pe2fsck.run.Pass;
import pe2fsck.state.RunMode;
import pe2fsck.fs.FormatException;
import pe2fsck.io.DeviceException;
import pe2fsck.io.NativeLib;
import pe2fsck.problem.ExitCodes;
import pe2fsck.problem.Report;
import picocli.CommandLine;

/**
 * The command line: {@code pe2fsck [options] device}, with the option letters fsck front ends
 * pass (clustered as getopt allows: {@code -fn}, {@code -pf}, {@code -C0}). Exit statuses follow
 * fsck's contract (see {@link ExitCodes}). Only {@link #main} calls {@code System.exit}; tests
 * use {@link #run(String[], PrintStream, PrintStream)}.
 */
public final class Main {

    static {
        // Keep Log4j's start-up cheap; must run before the first logger is created.
        setIfAbsent("log4j2.disable.jmx", "true");
        setIfAbsent("log4j2.skipJansi", "true");
        setIfAbsent("log4j2.is.webapp", "false");
        setIfAbsent("log4j2.enable.threadlocals", "true");
    }

    public static final String VERSION = "0.1.0";

    /** Keys -E understands, with the form shown in messages. */
    static final Map<String, String> EXTENDED_KEYS = new LinkedHashMap<>();

    static {
        EXTENDED_KEYS.put("readahead_kb", "readahead_kb=N");
        EXTENDED_KEYS.put("merge_gap_kb", "merge_gap_kb=N");
        EXTENDED_KEYS.put("hint_ahead", "hint_ahead=N");
        EXTENDED_KEYS.put("io_depth", "io_depth=N");
        EXTENDED_KEYS.put("prefetch_dirs_mb", "prefetch_dirs_mb=N");
        EXTENDED_KEYS.put("direct", "direct");
        EXTENDED_KEYS.put("buffered", "buffered");
        EXTENDED_KEYS.put("journal_only", "journal_only");
    }

    /** e2fsck's options without a value that pe2fsck does not do, with what they would do. */
    static final Map<String, String> REFUSED_FLAGS = new LinkedHashMap<>();
    /** e2fsck's options with a value that pe2fsck does not do. */
    static final Map<String, String> REFUSED_VALUED = new LinkedHashMap<>();

    static {
        REFUSED_FLAGS.put("-c", "bad block scans (-c)");
        REFUSED_FLAGS.put("-k", "keeping the bad block list (-k)");
        REFUSED_FLAGS.put("-D", "directory optimisation (-D)");
        REFUSED_FLAGS.put("-F", "flushing the device's buffers (-F)");
        REFUSED_VALUED.put("-l", "adding to the bad block list (-l)");
        REFUSED_VALUED.put("-L", "setting the bad block list (-L)");
    }

    /** The most pass-1 threads -m takes: more only costs memory and start-up. */
    static final int MAX_THREADS = 256;

    /** Upper bounds of the numeric -E options (reads in flight, KiB, requests, MiB). */
    static final Map<String, Long> EXTENDED_LIMITS = Map.of("io_depth", 1024L, "readahead_kb", 65_536L,
            "merge_gap_kb", 65_536L, "hint_ahead", 65_536L, "prefetch_dirs_mb", 1_048_576L);

    /** Thrown for bad usage found after picocli's parsing; turned into exit 16. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line, before its combinations are checked ({@link #toCheckOptions}). */
    static final class Options {
        boolean preen;
        boolean no;
        boolean yes;
        boolean force;
        boolean verbose;
        boolean[] timing = new boolean[0];
        Integer progressFd;
        Long superblock;
        Integer blockSize;
        String journal;
        List<String> extended = new ArrayList<>();
        String undo;
        Integer threads;
        boolean debug;
        boolean version;
        boolean help;
        String device;
        /** The first e2fsck option given that pe2fsck does not do, or null. */
        String refused;
    }

    private Main() {
    }

    public static void main(String[] args) {
        if (!mayAskForDebug(args)) {
            lightLogging();
        }
        preloadNativeShim();
        Signals signals = Signals.install(writes(args));
        int status = run(args, System.out, System.err, () -> System.console() != null, null, signals);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Runs one invocation; never exits the JVM. Stdin is taken as a terminal if a console exists. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, () -> System.console() != null);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the terminal test supplied. */
    public static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier interactiveTerminal) {
        return run(args, out, err, interactiveTerminal, null);
    }

    /**
     * The full entry point: {@code passes} replaces the default pass list when not null (the
     * lead wires passes 1-5 in through here or through {@link Checker#defaultPasses()}).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier interactiveTerminal,
                          List<Pass> passes) {
        return run(args, out, err, interactiveTerminal, passes, null);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, BooleanSupplier interactiveTerminal,
                           List<Pass> passes, Signals signals) {
        CommandLine cl = CommandLineSpec.commandLine();
        Options o;
        try {
            o = CommandLineSpec.parse(cl, args);
        } catch (CommandLine.ParameterException e) {
            return usage(err, firstLine(e.getMessage()));
        }
        if (o.help) {
            cl.usage(new PrintWriter(out, true, StandardCharsets.UTF_8), CommandLine.Help.Ansi.OFF);
            return ExitCodes.OK;
        }
        if (o.version) {
            out.println("pe2fsck " + VERSION);
            return ExitCodes.OK;
        }
        CheckOptions options;
        try {
            options = toCheckOptions(o);
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        }
        if (o.debug) {
            Logging.enableDebug();
        }
        if (!o.preen && !o.no && !o.yes && !interactiveTerminal.getAsBoolean()) {
            err.println("pe2fsck: interactive repair needs a terminal; use -n, -p or -y");
            return ExitCodes.OPERATIONAL;
        }
        if (!o.preen && !o.no && !o.yes) {
            err.println("pe2fsck: interactive repair is not supported; checking read-only, as with -n");
        }
        try {
            return check(options, o, out, err, passes, signals, interactiveTerminal.getAsBoolean());
        } catch (DeviceException | FormatException | UncheckedIOException | IllegalStateException e) {
            return operational(err, e, o.debug);
        } catch (UnsatisfiedLinkError e) {
            err.println("pe2fsck: a native library failed to load: " + firstLine(e.getMessage()));
            if (o.debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.LIBRARY;
        } catch (RuntimeException e) {
            return operational(err, e, o.debug);
        } catch (IOException e) {
            return operational(err, e, o.debug);
        } catch (OutOfMemoryError e) {
            err.println("pe2fsck: out of memory; try fewer threads (-m) or a larger heap");
            return ExitCodes.OPERATIONAL;
        }
    }

    private static int check(CheckOptions options, Options o, PrintStream out, PrintStream err, List<Pass> passes,
                             Signals signals, boolean interactive) throws IOException {
        String device = options.device();
        Optional<MountTable.Mount> mount = MountTable.mountOf(device);
        if (mount.isPresent()) {
            String on = mount.get().mountPoint();
            if (options.mode().writes() && !mount.get().readOnly()) {
                err.println("pe2fsck: " + device + " is mounted read-write on " + on
                        + "; refusing to repair a mounted file system");
                return ExitCodes.OPERATIONAL;
            }
            if (!options.mode().writes()) {
                err.println("pe2fsck: warning: " + device + " is mounted on " + on
                        + "; a read-only check of a live file system may report false errors");
            }
        }
        if (o.journal != null) {
            err.println("pe2fsck: external journals (-j " + o.journal + ") are not supported yet; nothing was checked");
            return ExitCodes.OPERATIONAL;
        }
        Integer fd = o.progressFd;
        PrintStream lines = fd != null && fd != 0 ? Report.openProgress(Math.abs(fd), out, err) : null;
        boolean forceInteractive = System.getenv("E2FSCK_FORCE_INTERACTIVE") != null;
        ProgressOutput progress = new ProgressOutput(out, lines, device, interactive || forceInteractive,
                fd != null && fd >= 0, System::nanoTime);
        Report report = new Report(progress.guard(out), device, options.mode() == RunMode.PREEN);
        if (signals != null) {
            signals.attach(progress, report, device);
        }
        report.progressTo(progress);
        Checker checker = passes == null ? new Checker(options, report, err)
                : new Checker(options, report, err, passes);
        if (mount.isPresent() && options.mode().writes()) {
            // Mounted read-only (the root at boot): checked and repaired in place, as e2fsck does.
            checker.mountedReadOnly(mount.get().root());
        }
        try {
            return checker.run();
        } finally {
            progress.clear();
            report.flush();
            if (lines != null && lines != out && lines != err) {
                lines.close();
            }
        }
    }

    /** Builds the immutable options; bad combinations become {@link UsageException}. */
    static CheckOptions toCheckOptions(Options o) throws UsageException {
        if (o.refused != null) {
            String what = REFUSED_FLAGS.getOrDefault(o.refused, REFUSED_VALUED.get(o.refused));
            throw new UsageException("not supported: " + what + "; use e2fsck for that");
        }
        int modes = (o.preen ? 1 : 0) + (o.no ? 1 : 0) + (o.yes ? 1 : 0);
        if (modes > 1) {
            throw new UsageException("only one of -p/-a, -n and -y may be given");
        }
        if (o.device == null || o.device.isEmpty()) {
            throw new UsageException("no device given");
        }
        Map<String, String> ext = parseExtended(o.extended);
        boolean direct = ext.containsKey("direct");
        if (direct && ext.containsKey("buffered")) {
            throw new UsageException("-E direct and -E buffered contradict each other");
        }
        for (String key : new String[] {"readahead_kb", "merge_gap_kb", "hint_ahead", "io_depth", "prefetch_dirs_mb"}) {
            String v = ext.get(key);
            if (v != null) {
                long limit = EXTENDED_LIMITS.get(key);
                try {
                    long n = Long.parseLong(v);
                    if (n < 0 || n > limit) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new UsageException("-E " + key + " needs a number from 0 to " + limit + ", not '" + v + "'");
                }
            }
        }
        int threads = o.threads != null ? o.threads : 0;
        if (o.threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new UsageException("-m needs 1 to " + MAX_THREADS + " threads, not " + threads);
        }
        if (o.blockSize != null && (o.blockSize < 1024 || o.blockSize > 65536 || Integer.bitCount(o.blockSize) != 1)) {
            throw new UsageException("-B needs a power of two between 1024 and 65536, not " + o.blockSize);
        }
        if (o.superblock != null && o.superblock < 0) {
            throw new UsageException("-b needs a non-negative block number");
        }
        RunMode mode = o.yes ? RunMode.YES : o.preen ? RunMode.PREEN : RunMode.NO;
        int fd = o.progressFd != null ? o.progressFd : -1;
        return new CheckOptions(o.device, mode, o.force, o.verbose, o.timing.length, threads, fd,
                o.superblock != null ? o.superblock : -1, o.blockSize != null ? o.blockSize : 0,
                o.journal, o.undo, ext, direct, o.debug);
    }

    /** Parses -E values: comma lists of key or key=value, checked against {@link #EXTENDED_KEYS}. */
    static Map<String, String> parseExtended(List<String> values) throws UsageException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                String key = eq < 0 ? item : item.substring(0, eq);
                String val = eq < 0 ? "" : item.substring(eq + 1);
                if (!EXTENDED_KEYS.containsKey(key)) {
                    throw new UsageException("unknown extended option '" + key + "' (known: "
                            + String.join(", ", EXTENDED_KEYS.values()) + ")");
                }
                boolean wantsValue = EXTENDED_KEYS.get(key).contains("=");
                if (wantsValue && eq < 0) {
                    throw new UsageException("extended option '" + key + "' needs a value (" + EXTENDED_KEYS.get(key) + ")");
                }
                if (!wantsValue && eq >= 0) {
                    throw new UsageException("extended option '" + key + "' takes no value");
                }
                out.put(key, val);
            }
        }
        return out;
    }

    private static int usage(PrintStream err, String message) {
        err.println("pe2fsck: " + message + " (run 'pe2fsck -h' for help)");
        return ExitCodes.USAGE;
    }

    private static int operational(PrintStream err, Throwable e, boolean debug) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        } else if (!(e instanceof DeviceException) && !(e instanceof FormatException) && !(e instanceof IOException)
                && !(e instanceof UncheckedIOException)) {
            msg = "internal error: " + e.getClass().getSimpleName() + ": " + msg;
        }
        err.println("pe2fsck: " + firstLine(msg));
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitCodes.OPERATIONAL;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /**
     * True if some argument could be -d (alone or in a cluster such as -fnd). Errs towards yes:
     * a false yes only costs the start-up time {@link #lightLogging} saves.
     */
    static boolean mayAskForDebug(String[] args) {
        for (String a : args) {
            if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('d') > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Without -d nothing below a warning is logged, so the run uses Log4j's own small logger
     * (warnings to stderr) instead of starting Log4j's core, whose configuration and plugin
     * scan cost about 0.13 s of every run. Must run before the first logger is created.
     */
    private static void lightLogging() {
        setIfAbsent("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        setIfAbsent("org.apache.logging.log4j.simplelog.level", "WARN");
        setIfAbsent("org.apache.logging.log4j.simplelog.logFile", "system.err");
        setIfAbsent("org.apache.logging.log4j.simplelog.showContextMap", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Loads JNA and the native shim on a second thread while this one parses the command line
     * and reads the mount table: about 20 ms of every run's start-up that the second core would
     * otherwise spend idle. Loading never throws (see {@link NativeLib}); whoever opens the
     * device first waits for it to finish, through the JVM's class initialisation.
     */
    private static void preloadNativeShim() {
        Thread t = new Thread(NativeLib::available, "native-preload");
        t.setDaemon(true);
        t.start();
    }

    /** True if the arguments ask for a writing mode (-p, -a or -y, also inside clusters). */
    static boolean writes(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-") && !a.startsWith("--")) {
                for (int i = 1; i < a.length(); i++) {
                    char c = a.charAt(i);
                    if (c == 'p' || c == 'a' || c == 'y') {
                        return true;
                    }
                    if ("CbBjEzm".indexOf(c) >= 0) {
                        break; // the rest of the cluster is that option's value
                    }
                }
            }
        }
        return false;
    }
}
