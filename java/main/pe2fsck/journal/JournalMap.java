package pe2fsck.journal;

import java.util.Arrays;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.Inode;
import pe2fsck.io.ReadAhead;

/**
 * Where each block of an internal journal lies on the device: the journal inode's block map,
 * read once, as a table from journal block to file system block. Gives the read-ahead engine
 * the journal's blocks in log order, so the whole log can be read with many requests in flight.
 */
public final class JournalMap {

    private final long[] physical;
    private final int blockSize;

    /** A map over a table of physical blocks, journal block {@code i} at {@code physical[i]}. */
    public JournalMap(long[] physical, int blockSize) {
        this.physical = physical.clone();
        this.blockSize = blockSize;
    }

    /** Maps the first {@code blocks} blocks of the journal inode; a hole is a corrupt journal. */
    public static JournalMap of(FileSystem fs, long ino, Inode inode, long blocks) {
        if (blocks <= 0 || blocks > Integer.MAX_VALUE - 64) {
            throw new FormatException("journal inode " + ino + " has an impossible size (" + blocks + " blocks)");
        }
        long[] table = new long[(int) blocks];
        Arrays.fill(table, -1);
        for (FileReader.Extent e : new FileReader(fs).map(ino, inode)) {
            for (int i = 0; i < e.length(); i++) {
                long logical = e.logical() + i;
                if (logical < blocks) {
                    table[(int) logical] = e.physical() + i;
                }
            }
        }
        long count = fs.geometry().blocksCount();
        for (int i = 0; i < table.length; i++) {
            if (table[i] <= 0 || table[i] >= count) {
                throw new FormatException("journal block " + i + " of inode " + ino + " is not mapped to a valid block");
            }
        }
        return new JournalMap(table, fs.blockSize());
    }

    /** Journal blocks mapped. */
    public int length() {
        return physical.length;
    }

    /** File system block holding journal block {@code i}. */
    public long physical(long i) {
        return physical[(int) i];
    }

    /** The journal's blocks from {@code start} to {@code last - 1}, then {@code first} to {@code start - 1}. */
    public ReadAhead.Ranges circular(long start, long first, long last) {
        int n = (int) (last - first);
        return new ReadAhead.Ranges() {
            @Override public int count() { return n; }
            @Override public long offset(int i) {
                long j = start + i;
                if (j >= last) {
                    j -= last - first;
                }
                return physical[(int) j] * blockSize;
            }
            @Override public int length(int i) { return blockSize; }
        };
    }

    /** The given journal blocks, in the order given. */
    public ReadAhead.Ranges blocks(long[] journalBlocks, int count) {
        return new ReadAhead.Ranges() {
            @Override public int count() { return count; }
            @Override public long offset(int i) { return physical[(int) journalBlocks[i]] * blockSize; }
            @Override public int length(int i) { return blockSize; }
        };
    }
}
