package pe2fsck.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** InodeSet against a TreeSet doing the same operations, across page and word edges. */
class InodeSetTest {

    private static final long TOP = (1L << 32) - 1;

    @Test
    void behavesLikeASortedSetAcrossPagesAndWords() {
        Random r = new Random(11);
        InodeSet set = new InodeSet();
        TreeSet<Long> truth = new TreeSet<>();
        long edge = InodeSet.DENSE_LIMIT;
        long[] bases = {0, 63, 64, 65535, 65536, 3L << 20, edge - 150, edge + 70, (1L << 31) - 100, TOP - 200};
        for (int i = 0; i < 20000; i++) {
            long ino = Math.min(TOP, bases[r.nextInt(bases.length)] + r.nextInt(300));
            switch (r.nextInt(4)) {
                case 0 -> {
                    long to = Math.min(TOP + 1, ino + 1 + r.nextInt(200));
                    set.add(ino, to);
                    for (long x = ino; x < to; x++) {
                        truth.add(x);
                    }
                }
                case 1 -> {
                    set.remove(ino);
                    truth.remove(ino);
                }
                case 2 -> assertEquals(truth.add(ino), set.addIfAbsent(ino), "addIfAbsent " + ino);
                default -> {
                    set.add(ino);
                    truth.add(ino);
                }
            }
        }
        for (long base : bases) {
            for (long x = Math.max(0, base - 5); x < Math.min(TOP + 1, base + 520); x++) {
                assertEquals(truth.contains(x), set.contains(x), "contains " + x);
                Long next = truth.ceiling(x);
                assertEquals(next == null ? -1 : next, set.nextMember(x), "nextMember " + x);
            }
        }
        List<Long> seen = new ArrayList<>();
        set.forEach(seen::add);
        assertEquals(new ArrayList<>(truth), seen);
        assertEquals(truth.size(), set.cardinality());
        assertFalse(set.contains(TOP + 1));
        assertEquals(-1, set.nextMember(TOP + 1));
    }

    @Test
    void emptySetAndUnallocatedPages() {
        InodeSet set = new InodeSet();
        assertTrue(set.isEmpty());
        assertEquals(-1, set.nextMember(0));
        set.add(InodeSet.DENSE_LIMIT + 5);
        assertEquals(InodeSet.DENSE_LIMIT + 5, set.nextMember(3));
        set.remove(InodeSet.DENSE_LIMIT + 5);
        assertTrue(set.isEmpty());
        set.add(5L << 16); // pages before this one stay unallocated
        assertFalse(set.isEmpty());
        assertFalse(set.contains(7));
        assertEquals(5L << 16, set.nextMember(0));
        set.remove(5L << 16);
        assertTrue(set.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> set.add(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> set.add(-1));
    }

    @Test
    void markRangeMatchesMembershipAtAnyAlignment() {
        for (long centre : new long[] {65536, InodeSet.DENSE_LIMIT}) {
            markRangeAround(centre);
        }
    }

    private static void markRangeAround(long centre) {
        Random r = new Random(7);
        InodeSet set = new InodeSet();
        for (int i = 0; i < 3000; i++) {
            long at = centre - 700 + r.nextInt(1400);
            set.add(at, at + 1 + r.nextInt(r.nextInt(8) == 0 ? 90 : 3));
        }
        for (int k = 0; k < 200; k++) {
            long from = centre - 800 + r.nextInt(1600);
            long to = from + r.nextInt(700);
            byte[] out = new byte[(int) ((to - from + 7) / 8) + 1];
            set.markRange(from, to, out);
            for (long x = from; x < to + 8; x++) {
                int j = (int) (x - from);
                boolean bit = j / 8 < out.length && (out[j >>> 3] & (1 << (j & 7))) != 0;
                assertEquals(x < to && set.contains(x), bit, "inode " + x + " in [" + from + ", " + to + ")");
            }
        }
    }

    @Test
    void orEqualsAndMarkRange() {
        InodeSet a = new InodeSet();
        InodeSet b = new InodeSet();
        a.add(1, 70);
        b.add(65530, 65545);
        b.add(3);
        long edge = InodeSet.DENSE_LIMIT;
        b.add(edge - 2, edge + 2); // across the plain part's end
        assertNotEquals(a, b);
        InodeSet c = new InodeSet();
        c.or(a);
        c.or(b);
        InodeSet d = new InodeSet();
        d.add(1, 70);
        d.add(65530, 65545);
        assertNotEquals(d, c);
        d.add(edge - 2, edge + 2);
        assertEquals(d, c);
        assertEquals(4, c.cardinality() - a.cardinality() - 15);
        assertEquals(d.hashCode(), c.hashCode());

        byte[] out = new byte[4];
        out[3] = (byte) 0x80; // bits already set stay set
        c.markRange(65528, 65560, out);
        // members 65530..65544 are bits 2..16 of the range
        assertArrayEquals(new byte[] {(byte) 0xfc, (byte) 0xff, 0x01, (byte) 0x80}, out);
    }
}
