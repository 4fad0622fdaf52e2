package pe2fsck.pass1;

import java.util.Arrays;

/**
 * Byte ranges already taken inside one extended attribute area (entry headers and values).
 * Answers whether a new range collides with one already taken. Reused per area; sized for the
 * handful of attributes a real area holds.
 */
final class XattrRegions {

    private long[] start = new long[16];
    private long[] end = new long[16];
    private int size;

    void clear() {
        size = 0;
    }

    /** Takes [from, from + len); returns false if it overlaps a range already taken. */
    boolean take(long from, long len) {
        long to = from + len;
        for (int i = 0; i < size; i++) {
            if (from < end[i] && start[i] < to) {
                return false;
            }
        }
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
        }
        start[size] = from;
        end[size] = to;
        size++;
        return true;
    }
}
