package pe2fsck.check;

import java.util.Arrays;

/**
 * Row numbers for inode numbers that arrive in increasing order, each taking the next row: a
 * bitmap of the inodes in pages of 65536, and for each 64-bit word the row of its first member,
 * so that a row is one bit count away. Replaces a binary search over the sorted inode column,
 * which passes 2 and 3 ran several times per directory (8% of a 3M-inode check's samples).
 * About 1.5 bits per inode number covered; pages are allocated as inodes arrive. Only inodes
 * below {@link InodeSet#DENSE_LIMIT} are indexed (24 MiB at most); for the others
 * {@link #row} answers {@link #UNKNOWN} and the caller searches.
 */
final class RowIndex {

    /** What {@link #row} answers for an inode beyond the indexed range. */
    static final int UNKNOWN = -2;

    private static final int PAGE_BITS = 16;
    private static final int WORDS_PER_PAGE = 1 << (PAGE_BITS - 6);

    private long[][] bits = new long[0][];
    private int[][] firstRow = new int[0][];
    private long last = -1;

    /** Records that {@code ino} (greater than every inode before it) has row {@code row}. */
    void append(long ino, int row) {
        if (ino <= last || ino >>> 32 != 0) {
            throw new IllegalArgumentException("inode numbers must increase within 32 bits: " + ino);
        }
        last = ino;
        if (ino >= InodeSet.DENSE_LIMIT) {
            return;
        }
        int p = (int) (ino >>> PAGE_BITS);
        if (p >= bits.length) {
            int n = Math.max(p + 1, Math.min(1 << (32 - PAGE_BITS), bits.length * 2));
            bits = Arrays.copyOf(bits, n);
            firstRow = Arrays.copyOf(firstRow, n);
        }
        if (bits[p] == null) {
            bits[p] = new long[WORDS_PER_PAGE];
            firstRow[p] = new int[WORDS_PER_PAGE];
        }
        int w = (int) (ino >>> 6) & (WORDS_PER_PAGE - 1);
        if (bits[p][w] == 0) {
            firstRow[p][w] = row; // the word's first member: every later one counts from it
        }
        bits[p][w] |= 1L << ino;
    }

    /** The row of {@code ino}, -1 when it was never appended, {@link #UNKNOWN} beyond the index. */
    int row(long ino) {
        if (ino >= InodeSet.DENSE_LIMIT) {
            return UNKNOWN;
        }
        int p = (int) (ino >>> PAGE_BITS);
        if (ino < 0 || p >= bits.length || bits[p] == null) {
            return -1;
        }
        int w = (int) (ino >>> 6) & (WORDS_PER_PAGE - 1);
        long word = bits[p][w];
        long bit = 1L << ino;
        if ((word & bit) == 0) {
            return -1;
        }
        return firstRow[p][w] + Long.bitCount(word & (bit - 1));
    }
}
