package pe2fsck.checker;

import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.state.DebugLog;
import pe2fsck.state.RunMode;
import pe2fsck.run.IoTuning;
import pe2fsck.run.Pass;
import pe2fsck.state.Stats;
import pe2fsck.pass0.OrphanRelease;
import pe2fsck.pass0.SuperblockCheck;
import pe2fsck.state.ThreadFigures;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FileSystemOpener;
import pe2fsck.fs.Superblock;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.DeviceGeometry;
import pe2fsck.io.DeviceException;
import pe2fsck.fs.FormatException;
import pe2fsck.io.Devices;
import pe2fsck.io.MeteredDevice;
import pe2fsck.io.IoMode;
import pe2fsck.problem.ExitCodes;
import pe2fsck.problem.FatalProblemException;
import pe2fsck.problem.FixDecider;
import pe2fsck.problem.PreenHaltException;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Report;
import pe2fsck.write.Bookkeeping;
import pe2fsck.write.E2UndoFile;
import pe2fsck.write.UndoLog;
import pe2fsck.write.WriteCache;

/**
 * Runs one check: opens the device (read-only under -n), opens the file system (honouring -b and
 * -B), runs pass 0, takes the fast path for a clean file system unless -f, otherwise runs the
 * remaining passes in order, then prints the summary and the -v / -t extras and returns the
 * exit status. A writing run collects its repairs in a {@link WriteCache} and writes them at
 * the end, with e2fsck's bookkeeping ({@link Bookkeeping}) after a completed check.
 * Operational failures ({@code DeviceException}, {@code FormatException}) are not caught here:
 * the command line turns them into exit 8.
 */
public final class Checker {

    private static final long DAY = 86_400;
    /** Test hook: milliseconds to pause before every device write, so a test can kill a run mid-write. */
    private static final String WRITE_DELAY_ENV = "PE2FSCK_TEST_WRITE_DELAY_MS";
    /** A fixed clock, as e2fsck's (see {@link #fixedClock}). */
    private static final String FIXED_TIME_ENV = "E2FSCK_TIME";

    /** Set by the command line's SIGINT handler; checked between passes. */
    private static volatile boolean cancelRequested;

    private final CheckOptions options;
    private final DebugLog log;
    private final Report report;
    private final PrintStream err;
    private final List<Pass> passes;
    private long nowSeconds = -1;
    private Boolean onBattery;
    private MeteredDevice metered;
    private boolean mountedReadOnly;
    private boolean mountedRoot;
    /** A writing run found a journal to replay and could not replay it. */
    private boolean noReplay;
    /** Blocks and inodes the orphan list gave back to the groups' free counts. */
    private long orphanBlocksFreed;
    private long orphanInodesFreed;

    /**
     * @param options what the command line asked for
     * @param report  where user-facing output goes
     * @param err     standard error, for warnings that are not part of the report
     * @param passes  the passes to run, in order; a {@link SuperblockCheck} among them decides
     *                the fast path
     */
    public Checker(CheckOptions options, Report report, PrintStream err, List<Pass> passes) {
        this.options = options;
        this.log = new DebugLog(Checker.class, options.debug());
        this.report = report;
        this.err = err;
        this.passes = List.copyOf(passes);
    }

    /** A checker with the default pass list. */
    public Checker(CheckOptions options, Report report, PrintStream err) {
        this(options, report, err, defaultPasses());
    }

    /** The full check: superblock and descriptors, then passes 1 to 5. */
    public static List<Pass> defaultPasses() {
        return List.of(new SuperblockCheck(), new pe2fsck.pass1.Pass1(), new pe2fsck.pass2.Pass2(),
                new pe2fsck.pass3.Pass3(), new pe2fsck.pass4.Pass4(), new pe2fsck.pass5.Pass5());
    }

    /** Uses a fixed clock (tests). */
    public Checker now(long epochSeconds) {
        this.nowSeconds = epochSeconds;
        return this;
    }

    /** Overrides the battery probe (tests). */
    public Checker onBattery(boolean battery) {
        this.onBattery = battery;
        return this;
    }

    /**
     * Says the file system is mounted read-only (on "/" when {@code root}): the device is opened
     * without O_EXCL, and a run that changes it exits with the reboot bit.
     */
    public Checker mountedReadOnly(boolean root) {
        this.mountedReadOnly = true;
        this.mountedRoot = root;
        return this;
    }

    /** Asks the running check to stop at the next pass boundary. */
    public static void requestCancel() {
        cancelRequested = true;
    }

    public static boolean cancelRequested() {
        return cancelRequested;
    }

    /** Bytes read from the device so far in this run. */
    public long bytesRead() {
        return metered == null ? 0 : metered.snapshot().bytesRead();
    }

    /** Runs the check and returns the exit status. */
    public int run() {
        long runStart = System.nanoTime();
        long cpuStart = cpuNow();
        FixDecider decider = new FixDecider(options.mode(), report, options.verbose(), FixDecider.DEFAULT_FOLD_AFTER);
        boolean writes = options.mode().writes();
        BlockDevice raw = Devices.open(options.device(), writes, options.direct(), mountedReadOnly);
        // As e2fsck -p does, a preen run never goes looking for backup copies.
        boolean mayUseBackup = options.mode() != RunMode.PREEN;
        try (FileSystem opened = FileSystemOpener.open(metered = new MeteredDevice(raw, !writes),
                options.superblock(), options.blockSize(), mayUseBackup)) {
            FileSystem fs = opened;
            UndoLog undo = writes ? openUndo(fs) : UndoLog.none();
            try {
                JournalRecoveryStep.Outcome journal = new JournalRecoveryStep(options, report, err, decider, log)
                        .run(fs, now(), ReplayToDevice.of(fs.device(), fs.blockSize(), undo));
                if (journal.exitStatus() != null) {
                    report.flush();
                    return journal.exitStatus();
                }
                if (journal.replayed()) {
                    // The replay may have rewritten the superblock and the descriptors: read them
                    // again. The device stays open; closing the first view closes it at the end.
                    fs = FileSystemOpener.open(metered, options.superblock(), options.blockSize(), mayUseBackup);
                }
                noReplay = journal.noReplay();
                WriteCache cache = writes ? new WriteCache(fs, undo, writeDelayMillis()) : null;
                int status = check(fs, decider, cache, runStart, cpuStart);
                report.flush();
                return status;
            } finally {
                undo.close();
            }
        }
    }

    /** The undo file of -z, or a log that keeps nothing. Made before the first write of the run. */
    private UndoLog openUndo(FileSystem fs) {
        if (options.undoFile() == null) {
            return UndoLog.none();
        }
        UndoLog undo = E2UndoFile.create(Path.of(options.undoFile()), fs.blockSize(), WriteCache.primarySuperblock(fs));
        report.line("Every block this run overwrites is saved first; to undo the run: e2undo "
                + options.undoFile() + " " + options.device());
        return undo;
    }

    /** The test hook's pause before each device write (0 in real runs). */
    private static long writeDelayMillis() {
        String hook = System.getenv(WRITE_DELAY_ENV);
        if (hook != null) {
            try {
                return Long.parseLong(hook.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private long now() {
        if (nowSeconds < 0) {
            nowSeconds = fixedClock();
        }
        return nowSeconds >= 0 ? nowSeconds : System.currentTimeMillis() / 1000;
    }

    /**
     * The clock e2fsck's own tests use: E2FSCK_TIME, seconds since the epoch, makes every time a
     * run stamps the same (repaired images can then be compared byte for byte); in-process tests
     * set the system property of the same name instead. -1 when neither is set.
     */
    private static long fixedClock() {
        String v = System.getenv(FIXED_TIME_ENV);
        if (v == null) {
            v = System.getProperty(FIXED_TIME_ENV);
        }
        if (v == null) {
            return -1;
        }
        try {
            return Long.decode(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Tells the cache about the repairs pass 0 recorded as dirty (checksum-only ones included). */
    private static void takePass0Repairs(SuperblockCheck pass0, WriteCache cache) {
        if (pass0 == null) {
            return;
        }
        if (pass0.superblockDirty()) {
            cache.superblockChanged();
        }
        java.util.BitSet groups = pass0.dirtyGroups();
        for (int g = groups.nextSetBit(0); g >= 0; g = groups.nextSetBit(g + 1)) {
            cache.descriptorChanged(g);
        }
    }

    private int check(FileSystem fs, FixDecider decider, WriteCache cache, long runStart, long cpuStart) {
        Superblock sb = fs.superblock();
        CheckContext ctx = new CheckContext(fs, options, decider);
        ctx.writesTo(cache);
        ctx.nowTo(now());
        ctx.progressTo(report::progress);
        if (options.verbose()) {
            printFacts(ctx);
        }
        if (noReplay) {
            // Repairing around an unreplayed journal could undo what a replay will write:
            // whatever this run finds, it repairs nothing.
            decider.refuseRepairs();
        }
        List<String[]> timings = new ArrayList<>();
        List<Report.Timing> timingValues = new ArrayList<>();
        List<List<ThreadFigures.Entry>> threadValues = new ArrayList<>();
        ThreadFigures figures = ctx.threadFigures();
        SuperblockCheck pass0 = null;
        boolean fastPathDecided = false;
        boolean anyFullPass = false;
        try {
            for (Pass pass : passes) {
                if (cancelRequested) {
                    return cancelled(decider);
                }
                if (pass instanceof SuperblockCheck sc) {
                    pass0 = sc;
                } else if (!fastPathDecided) {
                    fastPathDecided = true;
                    Integer clean = fastPath(ctx, decider, pass0, cache);
                    if (clean != null) {
                        return clean;
                    }
                    if (pass0 != null) {
                        pass0.beforePass1(ctx);
                    }
                }
                int number = passNumber(pass);
                if (number > 0) {
                    report.passHeader(number);
                    anyFullPass = true;
                    if (number == 1 && pass0 != null) {
                        pass0.reportForPass1(decider);
                    }
                } else if (!(pass instanceof SuperblockCheck)) {
                    report.passHeader(pass.name());
                    anyFullPass = true;
                }
                long t0 = System.nanoTime();
                long c0 = cpuNow();
                MeteredDevice.Snapshot io0 = metered.snapshot();
                long mainCpu0 = figures.enabled() ? ThreadFigures.thisThreadCpuNanos() : 0;
                figures.drain();
                log.debug("starting {}", pass.name());
                pass.run(ctx);
                report.progressEnd(number);
                timings.add(new String[] {pass.name()});
                timingValues.add(new Report.Timing(System.nanoTime() - t0, cpuNow() - c0, peakRssNow(),
                        metered.snapshot().minus(io0)));
                if (figures.enabled()) {
                    figures.add(ThreadFigures.Entry.main(Thread.currentThread().getName(),
                            cpuSince(mainCpu0, ThreadFigures.thisThreadCpuNanos())));
                }
                threadValues.add(figures.drain());
                if (number == 1) {
                    for (Pass later : passes.subList(passes.indexOf(pass) + 1, passes.size())) {
                        later.afterPass1(ctx);
                    }
                }
            }
            if (!fastPathDecided) {
                Integer clean = fastPath(ctx, decider, pass0, cache);
                if (clean != null) {
                    return clean;
                }
                if (pass0 != null) {
                    pass0.beforePass1(ctx);
                }
            }
        } catch (PreenHaltException e) {
            log.debug("preen stopped at {}", e.finding().problem());
            if (cache != null && !decider.refusingRepairs()) {
                // As e2fsck: the file system is marked as having errors, and what was repaired
                // before the stop is written with it.
                takePass0Repairs(pass0, cache);
                sb.setState(sb.state() | Superblock.STATE_ERROR);
                cache.superblockChanged();
                cache.flush(now());
            }
            report.flush();
            return ExitCodes.UNCORRECTED;
        } catch (DeviceException | FormatException e) {
            if (!(options.mode().writes() && decider.declinedForLackOfRepair())) {
                throw e;
            }
            // A structure a missing repair should have fixed (say, an inode table that needed
            // relocating) could not be read: the errors stay, but the run itself did not fail.
            log.debug("stopped after a declined repair", e);
            report.line("pe2fsck stopped here: " + e.getMessage() + "; the repair that would avoid this is not implemented yet.");
            report.flush();
            return ExitCodes.UNCORRECTED;
        } catch (FatalProblemException e) {
            log.debug("fatal problem {}", e.finding().problem());
            if (options.mode().writes() && decider.declinedForLackOfRepair()) {
                // The run had to stop because a repair it needed does not exist yet: the
                // errors stay, but nothing failed.
                report.line("pe2fsck stopped here: the repair this needs is not implemented yet.");
                report.flush();
                return ExitCodes.UNCORRECTED;
            }
            report.flush();
            return ExitCodes.OPERATIONAL | (decider.errorsLeft() ? ExitCodes.UNCORRECTED : 0);
        }

        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            final int want = n;
            if (passes.stream().noneMatch(p -> passNumber(p) == want)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            report.line(missing.size() == 5
                    ? "Note: passes 1-5 were not run; only the superblock and group descriptors were checked."
                    : "Note: pass(es) " + missing + " were not run.");
        }

        boolean repaired = decider.changed();
        // e2fsck tells a mounted root to reboot after any change, fix or not, but not for its
        // own bookkeeping below.
        boolean changedOnDisk = repaired;
        if (cache != null && !decider.refusingRepairs()) {
            takePass0Repairs(pass0, cache);
            changedOnDisk |= cache.pending();
            if (missing.isEmpty()) {
                // A completed check: e2fsck's bookkeeping. A file system that was not marked
                // valid and now is counts as corrected, as for e2fsck.
                if (Bookkeeping.afterCompletedCheck(fs.superblockBuffer(), decider.errorsLeft(), now())) {
                    decider.noteChanged();
                }
                cache.superblockChanged();
            }
            long n = cache.flush(now());
            log.debug("wrote {} bytes in {} writes", n, cache.writes());
        }

        if (repaired) {
            report.modified();
        }
        if (changedOnDisk && mountedReadOnly && mountedRoot) {
            report.line("***** the mounted root file system was changed: reboot now *****");
        }
        if (decider.errorsLeft()) {
            report.errorsRemain();
        }
        if (anyFullPass) {
            // Like e2fsck, the summary quotes the superblock's counters, which pass 5 corrects
            // when it is allowed to; -n shows them as found.
            Stats s = ctx.stats;
            long filesUsed = sb.inodesCount() - sb.freeInodesCount();
            long blocksUsed = sb.blocksCount() - sb.freeBlocksCount();
            report.summary(filesUsed, sb.inodesCount(), s.fragmented, blocksUsed, sb.blocksCount());
            if (options.verbose()) {
                report.statistics(s, filesUsed, sb.inodesCount(), blocksUsed, sb.blocksCount());
            }
        } else {
            long filesUsed = sb.inodesCount() - sb.freeInodesCount();
            long blocksUsed = sb.blocksCount() - sb.freeBlocksCount();
            report.summary(filesUsed, sb.inodesCount(), 0, blocksUsed, sb.blocksCount());
        }
        if (options.timing() > 0) {
            for (int i = 0; i < timings.size(); i++) {
                report.timing(timings.get(i)[0], timingValues.get(i));
                if (options.timing() > 1) {
                    report.threadTimings(threadValues.get(i));
                }
            }
            report.timing("Total", new Report.Timing(System.nanoTime() - runStart, processCpuNanos() - cpuStart,
                    peakRssBytes(), metered.snapshot().minus(new MeteredDevice.Snapshot(0, 0, 0, 0, runStart))));
        }
        if (cancelRequested) {
            return cancelled(decider);
        }
        int status = decider.exitCode();
        if (changedOnDisk && mountedReadOnly) {
            // The kernel holds the file system with what it read before the repairs.
            status |= ExitCodes.REBOOT;
        }
        return status;
    }

    private int cancelled(FixDecider decider) {
        report.line("check cancelled by the user.");
        report.flush();
        return ExitCodes.compose(false, decider.errorsLeft(), false, true);
    }

    /**
     * Decides whether a check can stop after pass 0. Returns the exit status when it can (after
     * printing the "clean" line), or null when the remaining passes must run.
     */
    private Integer fastPath(CheckContext ctx, FixDecider decider, SuperblockCheck pass0, WriteCache cache) {
        FileSystem fs = ctx.fs();
        Superblock sb = fs.superblock();
        if (cache != null && !decider.refusingRepairs()) {
            // As e2fsck: the orphan list is processed before the clean check and before pass 1,
            // which must read the inodes as they are now.
            OrphanRelease orphans = new OrphanRelease(ctx);
            if (orphans.run(decider::noteRepairMissing) && cache.pending()) {
                cache.flush(now());
            }
            orphanBlocksFreed = orphans.blocksFreed();
            orphanInodesFreed = orphans.inodesFreed();
        }
        boolean recover = sb.has(Feature.RECOVER) && sb.has(Feature.HAS_JOURNAL);
        String reason = null;
        long now = now();
        boolean battery = onBattery != null ? onBattery : onBatteryPower();
        if (options.force() || decider.changed()) {
            // As e2fsck: a fix made before pass 1 (not a correction that is no fix, such as a
            // time in the future) means a full check, without a line saying why.
            reason = "";
        } else if ((sb.state() & Superblock.STATE_ERROR) != 0 || decider.errorsLeft()
                || (pass0 != null && pass0.fullCheckNeeded())) {
            reason = "contains a file system with errors";
        } else if ((sb.state() & Superblock.STATE_VALID) == 0) {
            reason = "was not cleanly unmounted";
        } else if (sb.maxMountCount() > 0 && sb.mountCount() >= sb.maxMountCount()) {
            if (!battery || sb.mountCount() >= 2L * sb.maxMountCount()) {
                reason = "has been mounted " + sb.mountCount() + " times since its last check";
            }
        } else if (sb.checkInterval() != 0 && now < sb.lastCheckTime()) {
            if (!battery) {
                reason = "was last checked at a time in the future";
            }
        } else if (sb.checkInterval() != 0 && now - sb.lastCheckTime() >= sb.checkInterval()) {
            if (!battery || now - sb.lastCheckTime() >= 2 * sb.checkInterval()) {
                reason = "has gone " + (now - sb.lastCheckTime()) / DAY + " days without being checked";
            }
        }
        if (reason == null) {
            long next = 100_000;
            if (sb.maxMountCount() > 0) {
                next = Math.max(1, sb.maxMountCount() - sb.mountCount());
            }
            if (sb.checkInterval() != 0 && now - sb.lastCheckTime() >= sb.checkInterval()) {
                next = 1;
            }
            String note = null;
            if (next == 1) {
                note = battery ? "(check deferred: running on battery)" : "(check due at the next mount)";
            } else if (next <= 5) {
                note = "(check due in " + next + " mounts)";
            }
            if (recover && noReplay) {
                report.line("the journal will be replayed by the kernel when the file system is mounted.");
            }
            if (cache != null && !decider.refusingRepairs()) {
                skippedCheckCounts(sb, decider, pass0, cache);
            }
            report.clean(sb.inodesCount() - sb.freeInodesCount(), sb.inodesCount(),
                    sb.blocksCount() - sb.freeBlocksCount(), sb.blocksCount(), note);
            report.flush();
            return ExitCodes.OK;
        }
        if (!reason.isEmpty()) {
            report.checkForced(reason);
        }
        return null;
    }

    /**
     * On the way out of a skipped check, like e2fsck: the superblock's free counts take the
     * groups' sums (the kernel keeps only the groups' up to date), silently, and the exit
     * status stays 0.
     */
    private void skippedCheckCounts(Superblock sb, FixDecider decider, SuperblockCheck pass0, WriteCache cache) {
        if (pass0 == null || pass0.groupFreeBlocks() < 0) {
            return;
        }
        // The groups' sums as pass 0 found them, plus what the orphans gave back since.
        long blocks = pass0.groupFreeBlocks() + orphanBlocksFreed;
        long inodes = pass0.groupFreeInodes() + orphanInodesFreed;
        if (blocks > sb.blocksCount() || inodes > sb.inodesCount()) {
            return;
        }
        if (inodes != sb.freeInodesCount()
                && decider.ask(Finding.of(Problem.SB_FREE_INODE_COUNT).num(inodes).num2(sb.freeInodesCount()).build())) {
            sb.setFreeInodesCount(inodes);
            cache.superblockChanged();
        }
        if (blocks != sb.freeBlocksCount()
                && decider.ask(Finding.of(Problem.SB_FREE_BLOCK_COUNT).num(blocks).num2(sb.freeBlocksCount()).build())) {
            sb.setFreeBlocksCount(blocks);
            cache.superblockChanged();
        }
        takePass0Repairs(pass0, cache);
        if (cache.pending()) {
            cache.flush(now());
        }
    }

    private void printFacts(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        Superblock sb = fs.superblock();
        BlockDevice dev = fs.device();
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"I/O", dev.mode().description()});
        facts.add(new String[] {"Shim", pe2fsck.io.Devices.nativeStatus()});
        facts.add(new String[] {"Block size", Integer.toString(fs.blockSize())});
        facts.add(new String[] {"Features", String.join(" ", sb.featureLabels())});
        facts.add(new String[] {"Groups", Long.toString(fs.groupCount())});
        facts.add(new String[] {"Threads", Integer.toString(IoTuning.consumers(ctx))});
        facts.add(new String[] {"Reads", IoTuning.describe(ctx)});
        report.facts(facts);
    }

    /** The pass number a pass's name announces ("Pass 3" is 3), or -1. */
    public static int passNumber(Pass p) {
        String n = p.name();
        if (n != null && n.startsWith("Pass ") && n.length() == 6 && Character.isDigit(n.charAt(5))) {
            return n.charAt(5) - '0';
        }
        return -1;
    }

    // ---- measurements ----

    /**
     * Process CPU time for -t, or 0 without it: reading it loads the management classes,
     * about 15 ms of every run's start-up.
     */
    private long cpuNow() {
        return options.timing() > 0 ? processCpuNanos() : 0;
    }

    /** Peak RSS for -t, or -1 without it. */
    private long peakRssNow() {
        return options.timing() > 0 ? peakRssBytes() : -1;
    }

    /** CPU used between two readings of one thread's clock, or -1 when either is unknown. */
    private static long cpuSince(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** Peak resident set size (VmHWM), or -1 where /proc is not available. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: -t prints it as such
        }
        return -1;
    }

    /** True if the machine runs on battery: it has mains adapters and none is online. */
    static boolean onBatteryPower() {
        Path dir = Path.of("/sys/class/power_supply");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        boolean sawMains = false;
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Path type = p.resolve("type");
                Path online = p.resolve("online");
                if (Files.isReadable(type) && Files.readString(type).trim().equals("Mains") && Files.isReadable(online)) {
                    sawMains = true;
                    if (Files.readString(online).trim().equals("1")) {
                        return false;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return sawMains;
    }
}
