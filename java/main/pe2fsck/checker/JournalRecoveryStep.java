package pe2fsck.checker;

import java.io.PrintStream;
import pe2fsck.fs.FileSystem;
import pe2fsck.journal.JournalReplay;
import pe2fsck.journal.RecoveryPlan;
import pe2fsck.problem.ExitCodes;
import pe2fsck.problem.Finding;
import pe2fsck.problem.FixDecider;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Report;
import pe2fsck.run.IoTuning;
import pe2fsck.state.CheckOptions;
import pe2fsck.state.DebugLog;

/**
 * The step before pass 0 that deals with a journal needing recovery, as e2fsck does: a writing
 * run replays it (then the file system must be opened again, since the replay may have rewritten
 * the superblock and descriptors); a read-only run leaves it and checks the file system as it is;
 * {@code -E journal_only} stops after this step unless {@code -f} asks for the check as well. An
 * external journal is refused (exit 8). A journal too damaged to read a log from is not replayed:
 * the run checks without repairing, and pass 0 says what is wrong with the journal.
 */
final class JournalRecoveryStep {

    /**
     * What happens next.
     *
     * @param exitStatus the run ends here with this status, or null to go on
     * @param replayed   the journal was replayed: open the file system again
     * @param noReplay   a writing run could not replay the journal: check without repairing
     */
    record Outcome(Integer exitStatus, boolean replayed, boolean noReplay) {
        static final Outcome GO_ON = new Outcome(null, false, false);

        static Outcome stop(int status) {
            return new Outcome(status, false, false);
        }
    }

    private final CheckOptions options;
    private final Report report;
    private final PrintStream err;
    private final FixDecider decider;
    private final DebugLog log;

    JournalRecoveryStep(CheckOptions options, Report report, PrintStream err, FixDecider decider, DebugLog log) {
        this.options = options;
        this.report = report;
        this.err = err;
        this.decider = decider;
        this.log = log;
    }

    private boolean journalOnly() {
        return options.extended().containsKey("journal_only") && !options.force();
    }

    Outcome run(FileSystem fs, long now, pe2fsck.journal.ReplaySink sink) {
        String dev = options.device();
        if (!JournalReplay.needed(fs.superblock())) {
            return journalOnly() ? Outcome.stop(ExitCodes.OK) : Outcome.GO_ON;
        }
        if (!options.mode().writes()) {
            if (journalOnly()) {
                report.line("Warning: the journal needs recovery, which a read-only run does not do.");
                return Outcome.stop(ExitCodes.OK);
            }
            return Outcome.GO_ON; // pass 0 says the journal was left as it is
        }
        if (JournalReplay.external(fs.superblock())) {
            err.println("pe2fsck: " + dev + ": the journal needs recovery, but it is on another device and external"
                    + " journals are not supported yet; nothing was written");
            return Outcome.stop(ExitCodes.OPERATIONAL);
        }
        if (options.superblock() >= 0) {
            err.println("pe2fsck: " + dev + ": the journal needs recovery, which is not done from a backup superblock;"
                    + " checking without repairing");
            return new Outcome(null, false, true);
        }
        JournalReplay.Result result;
        try {
            result = JournalReplay.recover(fs, sink, IoTuning.depth(options, fs), now,
                    () -> report.raw(dev + ": recovering the journal"));
        } catch (JournalReplay.Refused e) {
            err.println("pe2fsck: " + dev + ": cannot recover the journal: " + e.getMessage() + "; nothing was written");
            return Outcome.stop(ExitCodes.OPERATIONAL);
        } catch (JournalReplay.Unusable e) {
            log.debug("journal not replayed", e);
            err.println("pe2fsck: " + dev + ": the journal needs recovery but cannot be read (" + e.getMessage()
                    + "); checking without repairing");
            return new Outcome(null, false, true);
        }
        RecoveryPlan plan = result.plan();
        log.debug("journal: transactions {} to {}, {} blocks written, {} revoked, {} bad checksums, {} out of range;"
                + " scan {} ms, replay {} ms", plan.startTransaction(), plan.endTransaction(), result.blocksWritten(),
                plan.revoked(), plan.badChecksums(), plan.outOfRange(), result.scanNanos() / 1_000_000,
                result.replayNanos() / 1_000_000);
        if (plan.failedCommit() != 0) {
            decider.ask(Finding.of(Problem.JOURNAL_TXN_CORRUPT).num(plan.failedCommit()).build());
        }
        switch (plan.outcome()) {
            case BLOCK_ERRORS -> report.raw(dev + ": the journal had blocks with bad checksums; they were not"
                    + " replayed, and the file system will be checked in full");
            case CORRUPT -> report.raw(dev + ": the journal is corrupt inside a committed transaction; nothing was"
                    + " replayed, and the file system will be checked in full");
            default -> { }
        }
        if (journalOnly()) {
            // As e2fsck's: the replay is all that was asked for, whatever it left for the next check
            // (measured: a transaction whose commit failed its checksum still exits 0).
            return Outcome.stop(ExitCodes.OK);
        }
        return new Outcome(null, true, false);
    }
}
