package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over one 12-byte extent-tree entry. In a leaf (depth 0) it is an extent: first
 * logical block, length, 48-bit physical start; a length above 32768 marks an uninitialized
 * (preallocated) extent of length - 32768. In an index node it points to a child block that
 * maps logical blocks from {@link #logicalBlock()} on.
 */
public final class ExtentEntry {

    public static final int SIZE = 12;
    /** Longest initialized extent; raw lengths above it mean uninitialized. */
    public static final int INIT_MAX_LEN = 32768;

    private ByteBuffer b;
    private int off;

    public ExtentEntry at(ByteBuffer buffer, int offset) {
        this.b = buffer;
        this.off = offset;
        return this;
    }

    /** Views entry {@code i} of the node whose header is {@code h}. Returns this. */
    public ExtentEntry at(ExtentHeader h, int i) {
        return at(h.buffer(), h.entryOffset(i));
    }

    public int offset() { return off; }

    /** First logical block covered (leaf and index). */
    public long logicalBlock() { return Le.u32(b, off); }

    // --- leaf ---

    public int rawLength() { return Le.u16(b, off + 4); }
    public boolean isUninit() { return rawLength() > INIT_MAX_LEN; }
    public int length() {
        int raw = rawLength();
        return raw > INIT_MAX_LEN ? raw - INIT_MAX_LEN : raw;
    }
    public long physicalStart() { return (long) Le.u16(b, off + 6) << 32 | Le.u32(b, off + 8); }

    // --- index ---

    public long childBlock() { return Le.u32(b, off + 4) | (long) Le.u16(b, off + 8) << 32; }
    public int indexUnused() { return Le.u16(b, off + 10); }
}
