package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HintRangesTest {

    @Test
    void sortsAndJoinsNeighboursWithinTheGap() {
        HintRanges r = new HintRanges();
        r.add(100, 1, 1000);
        r.add(10, 2, 1000);
        r.add(13, 1, 1000); // one block after 10-11: joined with a gap of 1
        r.add(20, 5, 1000); // gap of 6 from 14: apart with gap 4
        r.add(22, 1, 1000); // inside 20-24
        assertEquals(3, r.join(4, 100));
        assertArrayEquals(new long[] {10, 4, 20, 5, 100, 1}, r.toPairs());
        assertEquals(20, r.start(1));
        assertEquals(5, r.length(1));
    }

    @Test
    void joinedRangesStayWithinTheLongestRequestButALongRangeStaysWhole() {
        HintRanges r = new HintRanges();
        r.add(0 + 1, 8, 1000);
        r.add(9, 8, 1000);
        r.add(17, 8, 1000);
        r.add(100, 50, 1000);
        assertEquals(3, r.join(0, 16));
        assertArrayEquals(new long[] {1, 16, 17, 8, 100, 50}, r.toPairs());
    }

    @Test
    void leavesOutBlocksOutsideTheFileSystemAndCutsAtItsEnd() {
        HintRanges r = new HintRanges();
        r.add(0, 1, 50);
        r.add(-5, 3, 50);
        r.add(50, 1, 50);
        r.add(48, 10, 50);
        r.add(1L << 60, 1, Long.MAX_VALUE);
        assertEquals(1, r.join(0, 100));
        assertArrayEquals(new long[] {48, 2}, r.toPairs());
    }

    @Test
    void clearStartsANewBatchAndManyRangesGrowTheArrays() {
        HintRanges r = new HintRanges();
        r.add(5, 1, 100);
        r.join(0, 10);
        r.clear();
        assertEquals(0, r.join(0, 10));
        for (int i = 0; i < 1000; i++) {
            r.add(10L * (1000 - i), 1, Long.MAX_VALUE);
        }
        assertEquals(1000, r.join(0, 10));
        assertEquals(10, r.start(0));
        assertEquals(10000, r.start(999));
    }
}
