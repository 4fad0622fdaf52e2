package pe2fsck.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DirInfo's rows, found through its index, against a binary search of the same inodes. */
class DirInfoTest {

    @Test
    void everyDirectoryFindsItsRowAndOthersFindNone() {
        Random r = new Random(3);
        long[] dirs = new long[30000];
        long ino = 2;
        for (int i = 0; i < dirs.length; i++) {
            dirs[i] = ino;
            // dense stretches, sparse ones, and jumps over whole pages and to the top
            ino += r.nextInt(10) == 0 ? 1 + r.nextInt(200_000) : 1 + r.nextInt(3);
        }
        dirs[dirs.length - 1] = (1L << 32) - 1;
        DirInfo info = new DirInfo();
        for (long d : dirs) {
            info.add(d, (int) d * 7, 0);
        }
        for (int i = 0; i < dirs.length; i++) {
            assertEquals(i, info.indexOf(dirs[i]));
            assertEquals((int) dirs[i] * 7, info.generation(dirs[i]));
        }
        for (int k = 0; k < 20000; k++) {
            long x = Integer.toUnsignedLong(r.nextInt()) % (dirs[dirs.length - 2] + 300_000);
            int expect = Arrays.binarySearch(dirs, x);
            assertEquals(expect >= 0 ? expect : -1, info.indexOf(x), "inode " + x);
        }
        assertEquals(-1, info.indexOf(0));
        assertEquals(-1, info.indexOf(1L << 32));
    }

    @Test
    void directoriesMustArriveInIncreasingOrder() {
        DirInfo info = new DirInfo();
        info.add(12);
        assertThrows(IllegalStateException.class, () -> info.add(12));
        assertThrows(IllegalStateException.class, () -> info.add(11));
    }
}
