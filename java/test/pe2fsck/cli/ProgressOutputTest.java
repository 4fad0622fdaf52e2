package pe2fsck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressOutputTest {

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fd = new ByteArrayOutputStream();
    private final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final PrintStream lines = new PrintStream(fd, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private ProgressOutput output(PrintStream to, boolean interactive, boolean on) {
        return new ProgressOutput(terminal, to, "dev", interactive, on, clock::get);
    }

    @Test
    void linesKeepTheFirstMaximumAndNeverGoBack() {
        ProgressOutput p = output(lines, false, true);
        p.update(1, 1, 4);
        p.update(1, 3, 4);
        p.update(1, 2, 4);      // late update from another thread: dropped
        p.update(1, 4, 9);      // a changed maximum does not show
        p.update(2, 5, 10);
        p.update(2, 50, 10);    // clamped to the maximum
        p.update(1, 4, 4);      // an earlier pass: dropped
        p.update(3, 0, 0);      // no maximum: dropped
        assertEquals("1 1 4 dev\n1 3 4 dev\n1 4 4 dev\n2 5 10 dev\n2 10 10 dev\n", fd.toString(StandardCharsets.UTF_8));
        assertEquals("", screen.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passEndedTakesThePassToItsMaximumOnce() {
        ProgressOutput p = output(lines, false, true);
        p.update(2, 1, 3);
        p.passEnded(2);
        p.passEnded(2);
        p.passEnded(3);         // never reported: nothing to finish
        assertEquals("2 1 3 dev\n2 3 3 dev\n", fd.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stepToWritesALinePerUnit() {
        ProgressOutput p = output(lines, false, true);
        long done = p.stepTo(1, 0, 3, 5);
        done = p.stepTo(1, done, 3, 5);
        assertEquals(3, done);
        assertEquals("1 1 5 dev\n1 2 5 dev\n1 3 5 dev\n", fd.toString(StandardCharsets.UTF_8));
    }

    @Test
    void signalsTurnOutputOnAndOff() {
        ProgressOutput p = output(lines, false, false);  // -C -N: lines only after SIGUSR1
        p.update(1, 1, 4);
        p.start();
        p.update(1, 2, 4);
        p.stop();
        p.update(1, 3, 4);
        assertEquals("1 2 4 dev\n", fd.toString(StandardCharsets.UTF_8));
        assertFalse(p.on());
    }

    @Test
    void barSpendsEachPassShareAndIsWrappedOffATerminal() {
        ProgressOutput p = output(null, false, true);
        p.update(1, 1, 2);                     // pass 1 half done: 35%
        String first = screen.toString(StandardCharsets.UTF_8);
        assertTrue(first.startsWith("\001dev: |"), first);
        assertTrue(first.endsWith(" 35.0%   \r\002"), first);
        // the bar is 56 wide for a 3-letter device (66 less the name, in eighths): 35% of it filled
        assertEquals(20, first.chars().filter(c -> c == '=').count(), first);
        clock.addAndGet(1_000_000_000L);
        p.update(2, 1, 1);                     // end of pass 2: 90%
        assertTrue(screen.toString(StandardCharsets.UTF_8).endsWith(" 90.0%   \r\002"));
        clock.addAndGet(1_000_000_000L);
        p.update(5, 1, 1);
        assertTrue(screen.toString(StandardCharsets.UTF_8).endsWith("| 100.0%   \r\002"));
    }

    @Test
    void barIsRedrawnAtMostEveryEighthOfASecond() {
        ProgressOutput p = output(null, true, true);
        p.update(1, 1, 100);
        int once = screen.size();
        p.update(1, 2, 100);                   // same tick: not drawn
        assertEquals(once, screen.size());
        clock.addAndGet(130_000_000L);
        p.update(1, 3, 100);
        assertTrue(screen.size() > once);
        assertFalse(screen.toString(StandardCharsets.UTF_8).contains("\001"), "no wrapping on a terminal");
    }

    @Test
    void otherOutputWipesTheBarFirst() {
        ProgressOutput p = output(null, true, true);
        PrintStream report = p.guard(terminal);
        p.update(1, 1, 2);
        report.println("dev: clean");
        String s = screen.toString(StandardCharsets.UTF_8);
        assertTrue(s.endsWith(" ".repeat(80) + "\rdev: clean\n"), s);
    }
}
