package pe2fsck.problem;

import java.util.HashMap;
import java.util.Map;
import pe2fsck.state.RunMode;

/**
 * The one place that decides whether a problem gets fixed. Passes call {@link #ask(Finding)} and
 * act only on a "yes"; this class prints the finding through the {@link Report}, answers it from
 * the run mode and keeps the facts the exit status is made of.
 *
 * <ul>
 *   <li>{@link RunMode#NO} (-n): every question is answered "no".</li>
 *   <li>{@link RunMode#YES} (-y): every question is answered "yes", except problems flagged
 *       {@link Flag#NO_DEFAULT}.</li>
 *   <li>{@link RunMode#PREEN} (-p/-a): problems flagged {@link Flag#PREEN_OK} are fixed (quietly
 *       when also {@link Flag#PREEN_NOMSG}); any other question stops the run: the message and
 *       the advice to run by hand are printed and {@link PreenHaltException} is thrown.</li>
 * </ul>
 *
 * <p>Problems without a question ({@link Prompt#NONE}) are only reported; {@code ask} returns
 * true for them unless the run is read-only, so a pass may still make the routine change they
 * announce. A "no" to a problem flagged {@link Flag#NO_OK_IS_ERROR} leaves an error behind
 * (exit bit 4); a "yes" to a real question means the file system changes (exit bit 1). A
 * problem flagged {@link Flag#FATAL}, or a "yes" to an {@link Prompt#ABORT} question, throws
 * {@link FatalProblemException} (exit 8).
 *
 * <p>The same problem reported for the same inode more than {@link #foldAfter()} times is still
 * answered but no longer printed; one line says so. Thread-safe.
 */
public final class FixDecider implements Problems {

    /** Default number of times one problem (per inode) is printed before it is folded. */
    public static final int DEFAULT_FOLD_AFTER = 10;

    private final RunMode mode;
    private final Report report;
    private final boolean verbose;
    private final int foldAfter;
    private final java.util.function.Predicate<Problem> repairable;

    private final Map<Problem, Integer> counts = new HashMap<>();
    private final Map<Long, Integer> printed = new HashMap<>();
    private boolean errorsLeft;
    private boolean refusing;
    private boolean declinedForLackOfRepair;
    private boolean changed;
    private boolean fatal;
    private int questions;

    public FixDecider(RunMode mode, Report report) {
        this(mode, report, false, DEFAULT_FOLD_AFTER);
    }

    /**
     * @param verbose   print problems flagged {@link Flag#VERBOSE_ONLY}
     * @param foldAfter print one problem for one inode at most this many times (0 = no limit)
     */
    public FixDecider(RunMode mode, Report report, boolean verbose, int foldAfter) {
        this(mode, report, verbose, foldAfter, Repairs::implemented);
    }

    /**
     * @param repairable which problems have a repair behind their "yes" ({@link Repairs} in
     *                   real runs; tests of the decision rules may say all of them)
     */
    public FixDecider(RunMode mode, Report report, boolean verbose, int foldAfter,
                      java.util.function.Predicate<Problem> repairable) {
        this.mode = mode;
        this.report = report;
        this.verbose = verbose;
        this.foldAfter = foldAfter;
        this.repairable = repairable;
    }

    public RunMode mode() {
        return mode;
    }

    public int foldAfter() {
        return foldAfter;
    }

    /**
     * From now on, answer every question "no" as -n does, and count the run as leaving errors:
     * for a run that may not write after all (a journal that needs a replay pe2fsck cannot do).
     */
    public synchronized void refuseRepairs() {
        refusing = true;
        declinedForLackOfRepair = true; // the replay that would allow repairs is what is missing
        errorsLeft = true;
        changed = false; // fixes accepted so far were in memory only and will not be written
    }

    /**
     * True if a repair the mode would have made was declined because it is not implemented
     * yet: a stop that follows is pe2fsck's limit, not a failure of the check.
     */
    public synchronized boolean declinedForLackOfRepair() {
        return declinedForLackOfRepair;
    }

    /** Records that a fix the mode calls for (one with no question) has no implementation yet. */
    public synchronized void noteRepairMissing() {
        declinedForLackOfRepair = true;
        errorsLeft = true;
    }

    /** True once {@link #refuseRepairs()} was called. */
    public synchronized boolean refusingRepairs() {
        return refusing;
    }

    @Override
    public synchronized boolean ask(Finding f) {
        // Once repairs are refused for the run, every question is answered as under -n.
        RunMode mode = refusing ? RunMode.NO : this.mode;
        Problem p = f.problem();
        int n = counts.merge(p, 1, Integer::sum);
        boolean show = shouldPrint(f) && !folded(f);
        String message = show ? p.format(f) : null;

        if (p.has(Flag.FATAL)) {
            fatal = true;
            if (message != null) {
                report.problem(message);
            }
            throw new FatalProblemException(f, p.format(f));
        }

        if (!p.asks()) {
            if (message != null) {
                report.problem(message);
            }
            return mode != RunMode.NO;
        }

        questions++;
        if (mode == RunMode.PREEN && !p.has(Flag.PREEN_OK)) {
            errorsLeft = true;
            report.preenHalt(p.format(f));
            throw new PreenHaltException(f);
        }

        boolean answer = switch (mode) {
            case NO -> false;
            case YES -> !p.has(Flag.NO_DEFAULT);
            case PREEN -> !p.has(Flag.NO_DEFAULT) && !p.has(Flag.PREEN_NO);
        };
        // A "yes" without a repair behind it would claim a fix that never happens: say no.
        boolean unimplemented = answer && p.prompt() != Prompt.ABORT && !p.has(Flag.NOT_A_FIX) && !repairable.test(p);
        if (unimplemented) {
            // The inconsistency stays on disk whatever the problem's flags say: an error left.
            declinedForLackOfRepair = true;
            errorsLeft = true;
            if (mode == RunMode.PREEN) {
                errorsLeft = true;
                report.preenHalt(p.format(f));
                throw new PreenHaltException(f);
            }
            answer = false;
        }
        if (message != null) {
            report.asked(message, p.prompt(), answer);
            if (unimplemented) {
                report.line("  (this repair is not implemented yet; left as it is)");
            }
        }
        if (!answer && p.has(Flag.NO_OK_IS_ERROR)) {
            errorsLeft = true;
        }
        if (answer && !p.has(Flag.NOT_A_FIX)) {
            changed = true;
        }
        if (answer && p.prompt() == Prompt.ABORT) {
            fatal = true;
            throw new FatalProblemException(f, "check aborted: " + p.format(f));
        }
        assert n > 0;
        return answer;
    }

    private boolean shouldPrint(Finding f) {
        Problem p = f.problem();
        if (p.has(Flag.VERBOSE_ONLY) && !verbose) {
            return false;
        }
        if (p.has(Flag.PREEN_NOMSG) && mode == RunMode.PREEN) {
            return false;
        }
        return !(p.has(Flag.NO_NOMSG) && mode == RunMode.NO);
    }

    /** Counts the printing of {@code f}; true once it has been printed {@link #foldAfter} times. */
    private boolean folded(Finding f) {
        if (foldAfter <= 0) {
            return false;
        }
        long key = ((long) f.problem().ordinal() << 40) ^ Math.max(f.ino(), 0);
        int shown = printed.merge(key, 1, Integer::sum);
        if (shown == foldAfter + 1) {
            report.folded(f.problem(), f.ino(), foldAfter);
        }
        return shown > foldAfter;
    }

    /** Records a change made without a question (routine housekeeping a pass did on a "yes"). */
    public synchronized void noteChanged() {
        changed = true;
    }

    /** Records an inconsistency left alone without a question (for example, a refused repair). */
    public synchronized void noteErrorLeft() {
        errorsLeft = true;
    }

    /** How many times {@code p} was reported in this run. */
    public synchronized int count(Problem p) {
        return counts.getOrDefault(p, 0);
    }

    /** Number of questions asked (problems with a prompt). */
    public synchronized int questions() {
        return questions;
    }

    /** True if something was (to be) written to repair the file system. */
    public synchronized boolean changed() {
        return changed;
    }

    /** True if an inconsistency was left uncorrected. */
    public synchronized boolean errorsLeft() {
        return errorsLeft;
    }

    /** True if a fatal problem ended the check. */
    public synchronized boolean fatal() {
        return fatal;
    }

    /** The exit status these facts add up to (see {@link ExitCodes#compose}). */
    public synchronized int exitCode() {
        return ExitCodes.compose(changed, errorsLeft, fatal, false);
    }
}
