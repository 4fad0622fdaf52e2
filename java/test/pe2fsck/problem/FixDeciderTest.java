package pe2fsck.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import pe2fsck.state.RunMode;

class FixDeciderTest {

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    /** A decider for which every repair exists, to test the decision rules on their own. */
    private FixDecider decider(RunMode mode) {
        return new FixDecider(mode, new Report(out, "img", mode == RunMode.PREEN), false,
                FixDecider.DEFAULT_FOLD_AFTER, p -> true);
    }

    private String output() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static Finding gdtCsum(long group) {
        return Finding.of(Problem.GDT_CSUM).group(group).num(0x9dbe).num2(0x1234).build();
    }

    @Test
    void noAnswersNoAndLeavesErrors() {
        FixDecider d = decider(RunMode.NO);
        assertFalse(d.ask(Finding.of(Problem.BAD_I_SIZE).ino(12).num(4096).num2(1).build()));
        assertTrue(d.errorsLeft());
        assertFalse(d.changed());
        assertEquals(ExitCodes.UNCORRECTED, d.exitCode());
        assertEquals("Inode 12: size is 1, should be 4096.\n  Fix? no\n", output());
    }

    @Test
    void noOkProblemAnsweredNoIsNotAnError() {
        FixDecider d = decider(RunMode.NO);
        assertFalse(d.ask(Finding.of(Problem.FREE_BLOCK_COUNT).num(10).num2(20).build()));
        assertFalse(d.errorsLeft());
        assertEquals(ExitCodes.OK, d.exitCode());
    }

    @Test
    void yesAnswersYesAndCountsAChange() {
        FixDecider d = decider(RunMode.YES);
        assertTrue(d.ask(gdtCsum(2)));
        assertTrue(d.changed());
        assertFalse(d.errorsLeft());
        assertEquals(ExitCodes.CORRECTED, d.exitCode());
        assertTrue(output().endsWith("  Fix? yes\n"));
    }

    @Test
    void preenFixesPreenOkProblemsWithDevicePrefix() {
        FixDecider d = decider(RunMode.PREEN);
        assertTrue(d.ask(gdtCsum(3)));
        assertEquals("img: Checksum of group descriptor 3 is 0x1234, should be 0x9dbe. [fixed]\n", output());
        assertEquals(ExitCodes.CORRECTED, d.exitCode());
    }

    @Test
    void preenHidesNoMessageProblems() {
        FixDecider d = decider(RunMode.PREEN);
        assertTrue(d.ask(Finding.of(Problem.FREE_BLOCK_COUNT_GROUP).group(0).num(1).num2(2).build()));
        assertEquals("", output());
        assertTrue(d.changed());
    }

    @Test
    void preenStopsOnAProblemItMayNotFix() {
        FixDecider d = decider(RunMode.PREEN);
        Finding f = Finding.of(Problem.BB_NOT_GROUP).group(4).blk(99).build();
        PreenHaltException e = assertThrows(PreenHaltException.class, () -> d.ask(f));
        assertEquals(f, e.finding());
        assertTrue(d.errorsLeft());
        String text = output();
        assertTrue(text.startsWith("img: Block bitmap of group 4 lies outside"), text);
        assertTrue(text.contains("img: cannot be repaired automatically. Run pe2fsck by hand, without -a or -p."), text);
    }

    @Test
    void preenNoLeavesTheProblemWithoutStopping() {
        FixDecider d = decider(RunMode.PREEN);
        assertFalse(d.ask(Problem.SET_IMMUTABLE, 12));
        assertFalse(d.errorsLeft());
        assertTrue(output().endsWith("[left alone]\n"), output());
    }

    @Test
    void informationalProblemsAnswerByModeAndAreNoErrors() {
        FixDecider no = decider(RunMode.NO);
        assertFalse(no.ask(Finding.of(Problem.NEEDS_RECOVERY).build()));
        assertEquals(ExitCodes.OK, no.exitCode());
        FixDecider yes = decider(RunMode.YES);
        assertTrue(yes.ask(Finding.of(Problem.JOURNAL_RECOVERY_CLEAR).build()));
        assertFalse(yes.changed());
    }

    @Test
    void noNoMsgIsSilentUnderNo() {
        FixDecider d = decider(RunMode.NO);
        d.ask(Finding.of(Problem.SET_FILETYPE).dir(2).text("a").num(1).build());
        assertEquals("", output());
    }

    @Test
    void verboseOnlyProblemsNeedVerbose() {
        FixDecider quiet = decider(RunMode.YES);
        quiet.ask(Finding.of(Problem.SB_FREE_BLOCK_COUNT).num(1).num2(2).build());
        assertEquals("", output());
        FixDecider loud = new FixDecider(RunMode.YES, new Report(out, "img", false), true, 10);
        loud.ask(Finding.of(Problem.SB_FREE_BLOCK_COUNT).num(1).num2(2).build());
        assertTrue(output().contains("set to 1 (it was 2)"), output());
    }

    @Test
    void aYesWithoutARepairLeavesAnErrorEvenWhereNoIsAllowed() {
        // A problem whose "no" is acceptable to e2fsck (no NO_OK_IS_ERROR) but whose repair is
        // missing: the inconsistency stays on disk, so the run must not exit 1 alone.
        FixDecider d = new FixDecider(RunMode.YES, new Report(out, "img", false), false,
                FixDecider.DEFAULT_FOLD_AFTER, p -> p == Problem.GDT_CSUM);
        assertTrue(d.ask(gdtCsum(0)));
        assertFalse(d.ask(Finding.of(Problem.INODE_COUNT_WRONG).num(10).num2(20).build()));
        assertTrue(d.errorsLeft());
        assertEquals(ExitCodes.UNCORRECTED, d.exitCode());
    }

    @Test
    void fatalProblemsThrowAndMakeExit8() {
        FixDecider d = decider(RunMode.NO);
        assertThrows(FatalProblemException.class,
                () -> d.ask(Finding.of(Problem.MISC_CORRUPT_SUPER).text("s_first_ino").num(3).build()));
        assertTrue(d.fatal());
        assertEquals(ExitCodes.OPERATIONAL, d.exitCode());
    }

    @Test
    void abortAnsweredYesIsFatal() {
        FixDecider d = decider(RunMode.YES);
        assertThrows(FatalProblemException.class, () -> d.ask(Finding.of(Problem.JOURNAL_UNSUPP_VERSION).num(9).build()));
        FixDecider n = decider(RunMode.NO);
        assertFalse(n.ask(Finding.of(Problem.JOURNAL_UNSUPP_VERSION).num(9).build()));
        assertTrue(n.errorsLeft());
    }

    @Test
    void repeatedProblemsForOneInodeAreFolded() {
        FixDecider d = new FixDecider(RunMode.YES, new Report(out, "img", false), false, 3, p -> true);
        for (int i = 0; i < 8; i++) {
            assertTrue(d.ask(Finding.of(Problem.ILLEGAL_BLOCK_NUM).ino(20).blk(1000 + i).text("x").build()));
        }
        assertTrue(d.ask(Finding.of(Problem.ILLEGAL_BLOCK_NUM).ino(21).blk(5).text("x").build()));
        String text = output();
        assertEquals(4, text.split("refers to illegal block", -1).length - 1, text);
        assertEquals(1, text.split("further occurrences", -1).length - 1, text);
        assertEquals(9, d.count(Problem.ILLEGAL_BLOCK_NUM));
    }

    @Test
    void exitCodesCompose() {
        assertEquals(0, ExitCodes.compose(false, false, false, false));
        assertEquals(1, ExitCodes.compose(true, false, false, false));
        assertEquals(4, ExitCodes.compose(true, true, false, false));
        assertEquals(12, ExitCodes.compose(false, true, true, false));
        assertEquals(32, ExitCodes.compose(false, false, false, true));
        assertEquals(36, ExitCodes.compose(true, true, false, true));
    }

    @Test
    void aRepairThatDoesNotExistYetIsAnsweredNo() {
        FixDecider yes = new FixDecider(RunMode.YES, new Report(out, "img", false), false, 10, p -> false);
        assertFalse(yes.ask(Finding.of(Problem.BAD_I_SIZE).ino(12).num(4096).num2(1).build()));
        assertTrue(yes.errorsLeft());
        assertFalse(yes.changed());
        assertTrue(output().contains("not implemented yet"), output());
        FixDecider preen = new FixDecider(RunMode.PREEN, new Report(out, "img", true), false, 10, p -> false);
        assertThrows(PreenHaltException.class,
                () -> preen.ask(Finding.of(Problem.FREE_BLOCK_COUNT_GROUP).group(0).num(1).num2(2).build()));
    }

    @Test
    void aStopCausedByAMissingRepairIsTracked() {
        FixDecider yes = new FixDecider(RunMode.YES, new Report(out, "img", false), false, 10, p -> false);
        assertFalse(yes.declinedForLackOfRepair());
        assertFalse(yes.ask(Finding.of(Problem.BAD_I_SIZE).ino(12).num(4096).num2(1).build()));
        assertTrue(yes.declinedForLackOfRepair());
        FixDecider replay = decider(RunMode.YES);
        replay.refuseRepairs();
        assertFalse(replay.ask(Finding.of(Problem.BAD_I_SIZE).ino(12).num(4096).num2(1).build()));
        assertTrue(replay.declinedForLackOfRepair());
        assertTrue(replay.errorsLeft());
        FixDecider noFix = decider(RunMode.YES);
        noFix.noteRepairMissing();
        assertTrue(noFix.declinedForLackOfRepair());
        assertEquals(ExitCodes.UNCORRECTED, noFix.exitCode());
    }
}
