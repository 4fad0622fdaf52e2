package pe2fsck.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (Problem p : Problem.values()) {
            assertTrue(seen.add(p.code()), "duplicate code " + p.hexCode() + " on " + p);
        }
    }

    @Test
    void codesMatchE2fsck() {
        assertEquals(0x010058, Problem.EXTENT_BAD_START_BLK.code());
        assertEquals(0x010059, Problem.EXTENT_ENDS_BEYOND.code());
        assertEquals(0x01005A, Problem.EXTENTS_SET.code());
        assertEquals(0x000035, Problem.GDT_CSUM.code());
        assertEquals(0x000036, Problem.GDT_UNINIT_FLAGS.code());
        assertEquals(0x000038, Problem.GDT_ITABLE_UNUSED.code());
        assertEquals(0x000039, Problem.BB_UNINIT_LAST.code());
        assertEquals(0x00FF, Problem.SB_CSUM_INVALID.code() >>> 8, "pe2fsck's own range");
    }

    @Test
    void sectionsAreOrderedByPassAndCode() {
        Problem prev = null;
        for (Problem p : Problem.values()) {
            if (prev != null) {
                assertTrue(p.code() > prev.code(), p + " comes after " + prev);
            }
            prev = p;
        }
    }

    @Test
    void promptlessProblemsAreNeverErrors() {
        for (Problem p : Problem.values()) {
            if (!p.asks()) {
                assertFalse(p.has(Flag.NO_OK_IS_ERROR), p.toString());
            }
        }
    }

    @Test
    void formatFillsPlaceholders() {
        Finding f = Finding.of(Problem.GDT_CSUM).group(7).num(0xabc).num2(0x12).build();
        assertEquals("Checksum of group descriptor 7 is 0x12, should be 0xabc.", Problem.GDT_CSUM.format(f));
        Finding g = Finding.of(Problem.BAD_MODE).ino(12).dir(2).num(0755).build();
        assertEquals("Inode 12 (referenced from directory 2) has an invalid mode (0755).", Problem.BAD_MODE.format(g));
        Finding unset = Finding.of(Problem.BB_NOT_GROUP).build();
        assertTrue(Problem.BB_NOT_GROUP.format(unset).contains("group ?"));
    }

    @Test
    void passIsTheHighByte() {
        assertEquals(0, Problem.SB_CORRUPT.pass());
        assertEquals(5, Problem.FREE_BLOCK_COUNT.pass());
        assertEquals("0x000035", Problem.GDT_CSUM.hexCode());
    }
}
