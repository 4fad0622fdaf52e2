package pe2fsck.state;

import java.util.Arrays;

/**
 * Every directory block pass 1 found: (directory inode, logical block index, physical block),
 * in columns of primitive arrays. Physical block 0 marks a hole. Pass 2 sorts it by directory
 * and reads the blocks ahead of itself in that order.
 */
public final class DirBlockList {

    private int size;
    private final java.util.concurrent.atomic.AtomicLong walked = new java.util.concurrent.atomic.AtomicLong();
    private int[] ino = new int[1024];
    private long[] logical = new long[1024];
    private long[] physical = new long[1024];

    public void add(long dirIno, long logicalBlock, long physicalBlock) {
        if (size == ino.length) {
            int n = size * 2;
            ino = Arrays.copyOf(ino, n);
            logical = Arrays.copyOf(logical, n);
            physical = Arrays.copyOf(physical, n);
        }
        ino[size] = (int) dirIno;
        logical[size] = logicalBlock;
        physical[size] = physicalBlock;
        size++;
    }

    public int size() { return size; }

    /** Adds {@code rows} to the rows pass 2's workers have walked and returns the total (for -C). */
    public long walked(int rows) { return walked.addAndGet(rows); }
    public long ino(int i) { return Integer.toUnsignedLong(ino[i]); }
    public long logical(int i) { return logical[i]; }
    public long physical(int i) { return physical[i]; }

    /** Sorts entries by (inode, logical block): the order pass 2 reports problems in. */
    public void sortByInode() {
        if (sortedByInode()) {
            return; // pass 1 publishes in inode order, so this is the usual case
        }
        reorder((a, b) -> {
            int c = Integer.compareUnsigned(ino[a], ino[b]);
            return c != 0 ? c : Long.compare(logical[a], logical[b]);
        });
    }

    private boolean sortedByInode() {
        for (int i = 1; i < size; i++) {
            int c = Integer.compareUnsigned(ino[i - 1], ino[i]);
            if (c > 0 || (c == 0 && logical[i - 1] > logical[i])) {
                return false;
            }
        }
        return true;
    }

    /** Permutes the three columns into the order {@code rows} defines over row indexes. */
    private void reorder(java.util.Comparator<Integer> rows) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, rows);
        int[] i2 = new int[size];
        long[] l2 = new long[size];
        long[] p2 = new long[size];
        for (int k = 0; k < size; k++) {
            i2[k] = ino[order[k]];
            l2[k] = logical[order[k]];
            p2[k] = physical[order[k]];
        }
        ino = i2;
        logical = l2;
        physical = p2;
    }
}
