package pe2fsck.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockSetTest {

    /** The bitmap bytes markRange should produce, from contains() one block at a time. */
    private static byte[] expected(BlockSet set, long from, long to, int shift) {
        byte[] b = new byte[(int) (((to - from) >>> shift) + 8) / 8];
        for (long x = from; x < to; x++) {
            if (set.contains(x)) {
                int j = (int) ((x - from) >>> shift);
                b[j >>> 3] |= (byte) (1 << (j & 7));
            }
        }
        return b;
    }

    /** Runs of every length and scattered single blocks, so all container kinds occur. */
    private static BlockSet randomSet(long universe, long base, Random r) {
        BlockSet s = new BlockSet(universe);
        for (int i = 0; i < 300; i++) {
            long at = base + r.nextInt(1 << 20);
            int len = r.nextInt(4) == 0 ? 1 + r.nextInt(5000) : 1 + r.nextInt(9);
            s.addRange(at, Math.min(len, universe - at));
        }
        for (int i = 0; i < 20000; i++) {
            s.add(base + r.nextInt(1 << 20));
        }
        return s;
    }

    @Test
    void markRangeMatchesMembershipForRunsAndSingles() {
        Random r = new Random(5);
        for (long base : new long[] {0, (1L << 31) - (1 << 19), (1L << 32) - (1 << 21)}) {
            BlockSet s = randomSet(1L << 32, base, r);
            for (boolean optimised : new boolean[] {false, true}) {
                if (optimised) {
                    s.runOptimize();
                }
                for (int t = 0; t < 40; t++) {
                    long from = base + r.nextInt(1 << 20);
                    long to = Math.min(1L << 32, from + 1 + r.nextInt(70000));
                    for (int shift : new int[] {0, 2}) {
                        byte[] got = new byte[(int) (((to - from) >>> shift) + 8) / 8];
                        s.markRange(from, to, shift, got);
                        assertArrayEquals(expected(s, from, to, shift), got,
                                "base " + base + " [" + from + ", " + to + ") shift " + shift + " optimised " + optimised);
                    }
                }
            }
        }
    }
}
