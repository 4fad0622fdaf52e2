package pe2fsck.state;

import java.util.Arrays;

/**
 * Row numbers for inode numbers that arrive in increasing order, each taking the next row: the
 * inodes in an {@link InodeSet}, and for each 64-bit word of its pages the row of its first member,
 * so that a row is one bit count away. Replaces a binary search over the sorted inode column,
 * which passes 2 and 3 ran several times per directory (8% of a 3M-inode check's samples).
 * About 1.5 bits per inode number covered; pages are allocated as inodes arrive. Only inodes
 * below {@link InodeSet#DENSE_LIMIT} are indexed (24 MiB at most); for the others
 * {@link #row} answers {@link #UNKNOWN} and the caller searches.
 */
final class RowIndex {

    /** What {@link #row} answers for an inode beyond the indexed range. */
    static final int UNKNOWN = -2;

    /** The appended inodes below the limit. */
    private final InodeSet members = new InodeSet();
    /** Per page of {@link #members}, the row of each word's first member; pages made as needed. */
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
        if (members.wordAt(ino) == 0) {
            firstRowPage(ino)[InodeSet.word(ino)] = row; // every later member of the word counts from it
        }
        members.add(ino);
    }

    /** The row of {@code ino}, -1 when it was never appended, {@link #UNKNOWN} beyond the index. */
    int row(long ino) {
        if (ino >= InodeSet.DENSE_LIMIT) {
            return UNKNOWN;
        }
        long word = members.wordAt(ino);
        long bit = 1L << ino;
        if ((word & bit) == 0) {
            return -1;
        }
        return firstRow[(int) (ino >>> InodeSet.PAGE_BITS)][InodeSet.word(ino)] + Long.bitCount(word & (bit - 1));
    }

    private int[] firstRowPage(long ino) {
        int p = (int) (ino >>> InodeSet.PAGE_BITS);
        if (p >= firstRow.length) {
            firstRow = Arrays.copyOf(firstRow, Math.max(p + 1, firstRow.length * 2));
        }
        if (firstRow[p] == null) {
            firstRow[p] = new int[InodeSet.WORDS_PER_PAGE];
        }
        return firstRow[p];
    }
}
