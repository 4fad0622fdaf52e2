package pe2fsck.pass2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import pe2fsck.state.DirBlockList;

class Pass2StretchesTest {

    private static DirBlockList list(int... blocksPerDir) {
        DirBlockList l = new DirBlockList();
        long phys = 1000;
        for (int d = 0; d < blocksPerDir.length; d++) {
            for (int b = 0; b < blocksPerDir[d]; b++) {
                l.add(11 + d, b, phys++);
            }
        }
        return l;
    }

    @Test
    void stretchesCoverEveryRowAndNeverSplitADirectory() {
        Random r = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int[] sizes = new int[1 + r.nextInt(40)];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = 1 + (r.nextInt(10) == 0 ? r.nextInt(500) : r.nextInt(4));
            }
            DirBlockList l = list(sizes);
            int n = 1 + r.nextInt(8);
            int[] cuts = Pass2.stretches(l, n);
            assertEquals(0, cuts[0]);
            assertEquals(l.size(), cuts[cuts.length - 1]);
            assertTrue(cuts.length - 1 <= n);
            for (int c = 1; c < cuts.length; c++) {
                assertTrue(cuts[c] > cuts[c - 1], "empty stretch");
                if (c < cuts.length - 1) {
                    assertNotEquals(l.ino(cuts[c] - 1), l.ino(cuts[c]), "a directory was split");
                }
            }
        }
    }

    @Test
    void evenDirectoriesShareEvenly() {
        assertArrayEquals(new int[] {0, 20, 40, 60, 80}, Pass2.stretches(list(10, 10, 10, 10, 10, 10, 10, 10), 4));
        // one huge directory cannot be shared
        assertArrayEquals(new int[] {0, 100}, Pass2.stretches(list(100), 4));
    }
}
