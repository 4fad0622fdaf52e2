package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over the 12-byte header that starts every extent-tree node, both the root in
 * i_block and each tree block: magic, entry count, capacity, depth (0 = leaf) and generation.
 */
public final class ExtentHeader {

    public static final int SIZE = 12;
    public static final int MAGIC = 0xF30A;
    /** Deepest tree this model follows; the kernel never builds deeper ones. */
    public static final int MAX_DEPTH = 5;

    private ByteBuffer b;
    private int off;

    /** Views the header at {@code offset} of {@code buffer}. Returns this. */
    public ExtentHeader at(ByteBuffer buffer, int offset) {
        this.b = buffer;
        this.off = offset;
        return this;
    }

    public ByteBuffer buffer() { return b; }
    public int offset() { return off; }

    public int magic() { return Le.u16(b, off); }
    public int entries() { return Le.u16(b, off + 2); }
    public int max() { return Le.u16(b, off + 4); }
    public int depth() { return Le.u16(b, off + 6); }
    public long generation() { return Le.u32(b, off + 8); }

    public boolean hasMagic() { return magic() == MAGIC; }

    /** Buffer offset of entry {@code i} (leaf extent or index, both 12 bytes). */
    public int entryOffset(int i) { return off + SIZE + i * ExtentEntry.SIZE; }

    /** Most entries a node of {@code nodeBytes} bytes can hold (4 in i_block). */
    public static int capacity(int nodeBytes) { return (nodeBytes - SIZE) / ExtentEntry.SIZE; }

    /**
     * A one-line reason why this header cannot be walked in a node of {@code nodeBytes} bytes,
     * or null if it is structurally usable.
     */
    public String problem(int nodeBytes) {
        String why = blockProblem(nodeBytes);
        if (why == null && depth() > MAX_DEPTH) {
            return "extent tree depth " + depth() + " exceeds the maximum of " + MAX_DEPTH;
        }
        return why;
    }

    /**
     * As {@link #problem} for a tree block below the root, whose depth field is not judged: the
     * walk takes each level from the root, as e2fsck does.
     */
    public String blockProblem(int nodeBytes) {
        if (!hasMagic()) {
            return String.format("extent header has bad magic 0x%04x", magic());
        }
        if (max() > capacity(nodeBytes)) {
            return "extent header claims room for " + max() + " entries but the node holds at most " + capacity(nodeBytes);
        }
        if (entries() > max()) {
            return "extent header has " + entries() + " entries, more than its maximum " + max();
        }
        return null;
    }
}
