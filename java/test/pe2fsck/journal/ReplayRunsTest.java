package pe2fsck.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pe2fsck.io.ReadAhead;

/** How the replay's writes are planned: last copies only, neighbours joined, the journal's map honoured. */
class ReplayRunsTest {

    /** Journal blocks 0..19 at disk blocks 1000..1009 and 2000..2009 (two extents). */
    static final JournalMap MAP;

    static {
        long[] table = new long[20];
        for (int i = 0; i < 20; i++) {
            table[i] = i < 10 ? 1000 + i : 2000 + i - 10;
        }
        MAP = new JournalMap(table, 1024);
    }

    private static ReplayBlock b(long journal, long fs) {
        return new ReplayBlock(journal, fs, 1, false);
    }

    @Test
    void onlyTheLastCopyOfABlockIsWrittenAndNeighboursAreJoined() {
        List<ReplayBlock> blocks = List.of(b(1, 50), b(2, 51), b(3, 52), b(4, 60), b(5, 51), b(6, 53));
        ReplayRuns runs = ReplayRuns.of(blocks, MAP, 64);
        // 50 (j1), 52 (j3), 60 (j4), 51 (j5), 53 (j6): 51's first copy is dropped, so 50..52 no longer join.
        assertEquals(5, runs.count());
        assertEquals(50, runs.fsBlock(0));
        assertEquals(1, runs.length(0));
        assertEquals(51, runs.fsBlock(3));
    }

    @Test
    void runsFollowBothTheJournalAndTheDiskAndStopAtTheLimitAndAtExtentEnds() {
        List<ReplayBlock> blocks = List.of(b(7, 100), b(8, 101), b(9, 102), b(10, 103), b(11, 104), b(12, 105),
                b(13, 106));
        ReplayRuns runs = ReplayRuns.of(blocks, MAP, 2);
        // journal 9 -> disk 1009, journal 10 -> disk 2000: not neighbours on the disk.
        assertEquals(List.of(2, 1, 2, 2), List.of(runs.length(0), runs.length(1), runs.length(2), runs.length(3)));
        ReadAhead.Ranges r = runs.ranges(MAP, 1024);
        assertEquals(1007L * 1024, r.offset(0));
        assertEquals(2 * 1024, r.length(0));
        assertEquals(2000L * 1024, r.offset(2));
        assertEquals(2, runs.longest());
    }

    @Test
    void escapedBlocksAreKnownWithinTheirRun() {
        List<ReplayBlock> blocks = List.of(b(1, 10), new ReplayBlock(2, 11, 1, true), b(3, 12));
        ReplayRuns runs = ReplayRuns.of(blocks, MAP, 64);
        assertEquals(1, runs.count());
        assertFalse(runs.escaped(0, 0));
        assertTrue(runs.escaped(0, 1));
        assertFalse(runs.escaped(0, 2));
    }

    @Test
    void theCircularLogWrapsFromTheLastBlockToTheFirst() {
        ReadAhead.Ranges r = MAP.circular(18, 1, 20);
        assertEquals(19, r.count());
        assertEquals(2008L * 1024, r.offset(0));
        assertEquals(2009L * 1024, r.offset(1));
        assertEquals(1001L * 1024, r.offset(2));
    }
}
