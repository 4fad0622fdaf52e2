package pe2fsck.state;

import java.util.HashMap;
import java.util.Map;

/**
 * A count per inode (link counts found on disk, references found in directories), two bytes
 * each with a small overflow map for the rare counts above 65534. Index 0 is unused.
 */
public final class InodeCounts {

    private static final char OVERFLOW = 0xFFFF;

    private final char[] counts;
    private final Map<Integer, Integer> overflow = new HashMap<>();

    public InodeCounts(long inodesCount) {
        if (inodesCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many inodes for an in-memory count table: " + inodesCount);
        }
        counts = new char[(int) inodesCount + 1];
    }

    public int get(long ino) {
        char c = counts[(int) ino];
        return c == OVERFLOW ? overflow.get((int) ino) : c;
    }

    public void set(long ino, int value) {
        int i = (int) ino;
        if (value >= OVERFLOW) {
            counts[i] = OVERFLOW;
            overflow.put(i, value);
        } else {
            if (counts[i] == OVERFLOW) {
                overflow.remove(i); // only the rare overflowed entries touch the map
            }
            counts[i] = (char) value;
        }
    }

    public void increment(long ino) {
        set(ino, get(ino) + 1);
    }

    public void decrement(long ino) {
        set(ino, get(ino) - 1);
    }
}
