package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over one block group descriptor in a descriptor-table buffer. Reposition it with
 * {@link #at(int)} to walk the table without allocating.
 */
public final class GroupDescriptor {

    public static final int FLAG_INODE_UNINIT = 0x1;
    public static final int FLAG_BLOCK_UNINIT = 0x2;
    public static final int FLAG_INODE_ZEROED = 0x4;
    public static final int CHECKSUM_OFFSET = 0x1E;

    private final ByteBuffer b;
    private final int descSize;
    private final boolean wide;
    private int off;

    public GroupDescriptor(ByteBuffer table, int descSize) {
        this.b = table;
        this.descSize = descSize;
        this.wide = descSize >= 64;
    }

    /** Points this view at descriptor {@code index} of the table. Returns this. */
    public GroupDescriptor at(int index) {
        this.off = index * descSize;
        return this;
    }

    public int offset() { return off; }
    public int descSize() { return descSize; }
    public ByteBuffer buffer() { return b; }

    public long blockBitmap() { return Le.u32(b, off) | (wide ? Le.u32(b, off + 0x20) << 32 : 0); }
    public long inodeBitmap() { return Le.u32(b, off + 0x04) | (wide ? Le.u32(b, off + 0x24) << 32 : 0); }
    public long inodeTable() { return Le.u32(b, off + 0x08) | (wide ? Le.u32(b, off + 0x28) << 32 : 0); }
    public long freeBlocksCount() { return Le.u16(b, off + 0x0C) | (wide ? (long) Le.u16(b, off + 0x2C) << 16 : 0); }
    public long freeInodesCount() { return Le.u16(b, off + 0x0E) | (wide ? (long) Le.u16(b, off + 0x2E) << 16 : 0); }
    public long usedDirsCount() { return Le.u16(b, off + 0x10) | (wide ? (long) Le.u16(b, off + 0x30) << 16 : 0); }
    public int flags() { return Le.u16(b, off + 0x12); }
    public long excludeBitmap() { return Le.u32(b, off + 0x14) | (wide ? Le.u32(b, off + 0x34) << 32 : 0); }
    public long blockBitmapChecksum() { return Le.u16(b, off + 0x18) | (wide ? (long) Le.u16(b, off + 0x38) << 16 : 0); }
    public long inodeBitmapChecksum() { return Le.u16(b, off + 0x1A) | (wide ? (long) Le.u16(b, off + 0x3A) << 16 : 0); }
    public long itableUnused() { return Le.u16(b, off + 0x1C) | (wide ? (long) Le.u16(b, off + 0x32) << 16 : 0); }
    public int checksum() { return Le.u16(b, off + CHECKSUM_OFFSET); }

    public boolean has(int flag) { return (flags() & flag) != 0; }

    // --- setters used by repair ---

    public void setFreeBlocksCount(long v) {
        Le.put16(b, off + 0x0C, (int) v);
        if (wide) {
            Le.put16(b, off + 0x2C, (int) (v >>> 16));
        }
    }

    public void setFreeInodesCount(long v) {
        Le.put16(b, off + 0x0E, (int) v);
        if (wide) {
            Le.put16(b, off + 0x2E, (int) (v >>> 16));
        }
    }

    public void setUsedDirsCount(long v) {
        Le.put16(b, off + 0x10, (int) v);
        if (wide) {
            Le.put16(b, off + 0x30, (int) (v >>> 16));
        }
    }

    public void setItableUnused(long v) {
        Le.put16(b, off + 0x1C, (int) v);
        if (wide) {
            Le.put16(b, off + 0x32, (int) (v >>> 16));
        }
    }

    public void setFlags(int v) { Le.put16(b, off + 0x12, v); }
    public void setChecksum(int v) { Le.put16(b, off + CHECKSUM_OFFSET, v); }

    public void setBlockBitmapChecksum(long v) {
        Le.put16(b, off + 0x18, (int) v);
        if (wide) {
            Le.put16(b, off + 0x38, (int) (v >>> 16));
        }
    }

    public void setInodeBitmapChecksum(long v) {
        Le.put16(b, off + 0x1A, (int) v);
        if (wide) {
            Le.put16(b, off + 0x3A, (int) (v >>> 16));
        }
    }
}
