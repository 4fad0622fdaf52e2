package pe2fsck.state;

import java.util.Arrays;

/**
 * Per-directory facts: the '..' entry pass 2 read, and the parent pass 2 found (the directory
 * whose entry names this one). Directories are added in increasing inode order by pass 1's
 * publisher into primitive columns; a directory's row is found through {@link #rows} in
 * constant time (by binary search for inodes beyond its range).
 */
public final class DirInfo {

    private int size;
    private int[] ino = new int[256];
    private int[] dotdot = new int[256];
    private int[] parent = new int[256];
    private int[] generation = new int[256];
    private int[] flags = new int[256];
    /** Row of each directory by inode number. */
    private final RowIndex rows = new RowIndex();

    /** Adds a directory; inodes must arrive in increasing order. */
    public void add(long dirIno) {
        add(dirIno, 0, 0);
    }

    /**
     * Adds a directory with the inode fields pass 2 needs (i_generation seeds its checksums,
     * i_flags says htree, encrypted, casefolded, inline), so pass 2 need not read the inode again.
     */
    public void add(long dirIno, int inodeGeneration, int inodeFlags) {
        if (size > 0 && Integer.compareUnsigned(ino[size - 1], (int) dirIno) >= 0) {
            throw new IllegalStateException("directories must be added in increasing inode order");
        }
        if (size == ino.length) {
            int n = size * 2;
            ino = Arrays.copyOf(ino, n);
            dotdot = Arrays.copyOf(dotdot, n);
            parent = Arrays.copyOf(parent, n);
            generation = Arrays.copyOf(generation, n);
            flags = Arrays.copyOf(flags, n);
        }
        rows.append(dirIno, size);
        ino[size] = (int) dirIno;
        dotdot[size] = 0;
        parent[size] = 0;
        generation[size] = inodeGeneration;
        flags[size] = inodeFlags;
        size++;
    }

    public int size() { return size; }
    public long inoAt(int i) { return Integer.toUnsignedLong(ino[i]); }

    /** Index of a directory, or -1 if it is not one pass 1 recorded. */
    public int indexOf(long dirIno) {
        int row = rows.row(dirIno);
        return row != RowIndex.UNKNOWN ? row : search(dirIno);
    }

    /** Binary search of the sorted inode column (for inodes the row index does not cover). */
    private int search(long dirIno) {
        int lo = 0;
        int hi = size - 1;
        int key = (int) dirIno;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(ino[mid], key);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public boolean contains(long dirIno) { return indexOf(dirIno) >= 0; }
    public long dotdot(long dirIno) { return Integer.toUnsignedLong(dotdot[indexOf(dirIno)]); }
    public long parent(long dirIno) { return Integer.toUnsignedLong(parent[indexOf(dirIno)]); }
    public int generation(long dirIno) { return generation[indexOf(dirIno)]; }
    public int flags(long dirIno) { return flags[indexOf(dirIno)]; }
    /** Clears {@code mask} in the flags kept for a directory (a repair changed its inode). */
    public void clearFlags(long dirIno, int mask) { flags[indexOf(dirIno)] &= ~mask; }
    public void setDotdot(long dirIno, long v) { dotdot[indexOf(dirIno)] = (int) v; }
    public void setParent(long dirIno, long v) { parent[indexOf(dirIno)] = (int) v; }
}
