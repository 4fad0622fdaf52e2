package pe2fsck.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import pe2fsck.problem.Report;

class ThreadFiguresTest {

    @Test
    void drainSortsByNameWithNumbersInNumericOrderAndEmpties() {
        ThreadFigures f = new ThreadFigures(true);
        f.add(ThreadFigures.Entry.inodeChecker("pass1-consumer-10", 1, 1, 1));
        f.add(ThreadFigures.Entry.merger("pass1-publisher", 1, 3));
        f.add(ThreadFigures.Entry.inodeChecker("pass1-consumer-2", 1, 1, 1));
        f.add(ThreadFigures.Entry.main("main", 5));
        f.add(ThreadFigures.Entry.readAhead("read-ahead-0", 1, 2, 4096, 0));
        List<String> names = f.drain().stream().map(ThreadFigures.Entry::thread).toList();
        assertEquals(List.of("main", "pass1-consumer-2", "pass1-consumer-10", "pass1-publisher", "read-ahead-0"), names);
        assertTrue(f.drain().isEmpty());
    }

    @Test
    void offCollectsNothingAndGivesTheReadAheadNoOne() {
        ThreadFigures f = new ThreadFigures(false);
        f.add(ThreadFigures.Entry.main("main", 5));
        f.threadEnded("read-ahead-0", 1, 1, 1, 1);
        assertTrue(f.drain().isEmpty());
        assertNull(f.readAhead());
        ThreadFigures on = new ThreadFigures(true);
        assertSame(on, on.readAhead());
        on.threadEnded("read-ahead-1", 7, 3, 3072, 9);
        assertEquals(List.of(ThreadFigures.Entry.readAhead("read-ahead-1", 7, 3, 3072, 9)), on.drain());
    }

    @Test
    void reportPrintsOneIndentedLinePerThread() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report r = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8), "img", false);
        r.threadTimings(List.of(
                ThreadFigures.Entry.main("main", 120_000_000L),
                ThreadFigures.Entry.inodeChecker("pass1-consumer-0", 412_000_000L, 6, 12288),
                ThreadFigures.Entry.merger("pass1-publisher", 3_000_000L, 12),
                ThreadFigures.Entry.inodeReader("pass1-reader-0", -1, 4, 1L << 20, 2_500_000L),
                ThreadFigures.Entry.readAhead("read-ahead-1", 1_000_000L, 3, 3072, 500_000L)));
        assertEquals("""
                  main: 0.120s CPU, main thread of the pass
                  pass1-consumer-0: 0.412s CPU, 6 batches, 12288 inodes checked
                  pass1-publisher: 0.003s CPU, 12 batches merged
                  pass1-reader-0: n/a CPU, 4 batches, read 1.0 MiB, 0.003s waiting in reads
                  read-ahead-1: 0.001s CPU, 3 requests, read 3.0 KiB, 0.001s waiting in reads
                """, bytes.toString(StandardCharsets.UTF_8));
    }
}
