package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over the (limit, count) header and the 8-byte (hash, block) entries of an htree
 * index block. Entry 0 shares its first word with limit/count and has an implicit hash of 0.
 */
public final class DxEntries {

    public static final int ENTRY_SIZE = 8;
    /** The kernel uses only the low 28 bits of an entry's block number. */
    public static final long BLOCK_MASK = 0x0FFFFFFFL;

    private ByteBuffer b;
    private int off;

    /** Views the entries whose limit/count word sits at absolute {@code countOffset}. */
    public DxEntries at(ByteBuffer buffer, int countOffset) {
        this.b = buffer;
        this.off = countOffset;
        return this;
    }

    public int countOffset() { return off; }
    public int limit() { return Le.u16(b, off); }
    public int count() { return Le.u16(b, off + 2); }

    /** Hash lower bound of entry {@code i} (0 for entry 0); bit 0 marks a collision continuation. */
    public int hash(int i) { return i == 0 ? 0 : Le.s32(b, off + i * ENTRY_SIZE); }

    /** Logical block (within the directory) entry {@code i} points to. */
    public long block(int i) { return rawBlock(i) & BLOCK_MASK; }

    public long rawBlock(int i) { return Le.u32(b, off + i * ENTRY_SIZE + 4); }

    /** Buffer offset just past the last possible entry (where a dx tail would start). */
    public int limitEnd() { return off + limit() * ENTRY_SIZE; }
}
