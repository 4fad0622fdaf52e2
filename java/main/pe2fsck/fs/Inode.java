package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over one on-disk inode record. Reposition with {@link #at(ByteBuffer, int)} to walk an
 * inode-table buffer without allocating. Sizes and block counts combine their high halves the way
 * the kernel does; whether a high half is legal is the checker's question, not this view's.
 */
public final class Inode {

    public static final int GOOD_OLD_SIZE = 128;
    public static final int CHECKSUM_LO_OFFSET = 0x7C;
    public static final int CHECKSUM_HI_OFFSET = 0x82;
    public static final int BLOCK_OFFSET = 0x28;
    /** Bytes of i_block[]: 15 words, also the inline-data and fast-symlink area. */
    public static final int BLOCK_BYTES = 60;

    public static final int S_IFMT = 0xF000;
    public static final int S_IFSOCK = 0xC000;
    public static final int S_IFLNK = 0xA000;
    public static final int S_IFREG = 0x8000;
    public static final int S_IFBLK = 0x6000;
    public static final int S_IFDIR = 0x4000;
    public static final int S_IFCHR = 0x2000;
    public static final int S_IFIFO = 0x1000;

    public static final int FL_SECRM = 0x1;
    public static final int FL_COMPR = 0x4;
    public static final int FL_IMMUTABLE = 0x10;
    public static final int FL_APPEND = 0x20;
    public static final int FL_INDEX = 0x1000;
    public static final int FL_IMAGIC = 0x2000;
    public static final int FL_JOURNAL_DATA = 0x4000;
    public static final int FL_HUGE_FILE = 0x40000;
    public static final int FL_EXTENTS = 0x80000;
    public static final int FL_VERITY = 0x100000;
    public static final int FL_EA_INODE = 0x200000;
    public static final int FL_INLINE_DATA = 0x10000000;
    public static final int FL_PROJINHERIT = 0x20000000;
    public static final int FL_CASEFOLD = 0x40000000;
    public static final int FL_ENCRYPT = 0x800;

    private ByteBuffer b;
    /** b's array when it has one (see at()), else null. */
    private byte[] array;
    private int arrayBase;
    private int off;
    private int recordSize;

    public Inode(int recordSize) {
        this.recordSize = recordSize;
    }

    /** Views the record at {@code offset} of {@code buffer}. Returns this. */
    public Inode at(ByteBuffer buffer, int offset) {
        if (buffer != b) {
            this.b = buffer;
            this.array = buffer.hasArray() ? buffer.array() : null;
            this.arrayBase = array == null ? 0 : buffer.arrayOffset();
        }
        this.off = offset;
        return this;
    }

    // Field reads. A heap buffer is read from its array, found once per buffer in at(): the
    // buffer's own array accessors are virtual calls the JIT's quick tier does not inline, and
    // pass 1 reads some twenty fields of every inode. Bounds are the buffer's limit, as with
    // Le.

    private int u16(int k) {
        byte[] a = array;
        if (a == null) {
            return Le.u16(b, off + k);
        }
        return Le.u16(a, arrayBase + Le.checkIndex(off + k, 2, b.limit()));
    }

    private long u32(int k) {
        return s32(k) & 0xFFFFFFFFL;
    }

    private int s32(int k) {
        byte[] a = array;
        if (a == null) {
            return Le.s32(b, off + k);
        }
        return Le.s32(a, arrayBase + Le.checkIndex(off + k, 4, b.limit()));
    }

    public Inode recordSize(int size) {
        this.recordSize = size;
        return this;
    }

    public ByteBuffer buffer() { return b; }
    public int offset() { return off; }
    public int recordSize() { return recordSize; }

    public int mode() { return u16(0); }
    public int type() { return mode() & S_IFMT; }
    public boolean isDir() { return type() == S_IFDIR; }
    public boolean isRegular() { return type() == S_IFREG; }
    public boolean isSymlink() { return type() == S_IFLNK; }
    public boolean isDevice() { return type() == S_IFCHR || type() == S_IFBLK; }
    public boolean isFifoOrSocket() { return type() == S_IFIFO || type() == S_IFSOCK; }

    public int uid() { return u16(0x02) | u16(0x78) << 16; }
    public int gid() { return u16(0x18) | u16(0x7A) << 16; }

    /** i_size with i_size_high (the kernel uses the high half for every type). */
    public long size() { return u32(0x04) | u32(0x6C) << 32; }
    public long sizeLo() { return u32(0x04); }
    public long sizeHigh() { return u32(0x6C); }

    public long atime() { return u32(0x08); }
    public long ctime() { return u32(0x0C); }
    public long mtime() { return u32(0x10); }
    public long dtime() { return u32(0x14); }
    public int linksCount() { return u16(0x1A); }

    /** i_blocks_lo combined with the high 16 bits (meaningful when huge_file is set). */
    public long blocksRaw() { return u32(0x1C) | (long) u16(0x74) << 32; }
    public long blocksLo() { return u32(0x1C); }
    public int blocksHigh() { return u16(0x74); }

    public int flags() { return s32(0x20); }
    public boolean hasFlag(int flag) { return (flags() & flag) != 0; }
    public long osd1() { return u32(0x24); }

    /** i_block[i], 0 <= i < 15. */
    public long block(int i) { return u32(BLOCK_OFFSET + 4 * i); }

    /** Absolute buffer offset of i_block (extent root, inline data, fast symlink target). */
    public int blockAreaOffset() { return off + BLOCK_OFFSET; }

    public int generation() { return s32(0x64); }
    public long fileAcl() { return u32(0x68) | (long) u16(0x76) << 32; }
    public long faddr() { return u32(0x70); }
    public int checksumLo() { return u16(CHECKSUM_LO_OFFSET); }

    /** i_extra_isize, 0 for 128-byte records. */
    public int extraIsize() { return recordSize > GOOD_OLD_SIZE ? u16(0x80) : 0; }

    /** True if the record is large enough and extra_isize covers i_checksum_hi. */
    public boolean hasChecksumHi() {
        return recordSize > GOOD_OLD_SIZE && extraIsize() >= CHECKSUM_HI_OFFSET + 2 - GOOD_OLD_SIZE;
    }

    public int checksumHi() { return u16(CHECKSUM_HI_OFFSET); }

    /** The stored checksum: 32 bits when the high half exists, else the low 16. */
    public int storedChecksum() {
        return hasChecksumHi() ? checksumLo() | checksumHi() << 16 : checksumLo();
    }

    public long crtime() {
        return recordSize > GOOD_OLD_SIZE && extraIsize() >= 0x94 + 4 - GOOD_OLD_SIZE ? u32(0x90) : 0;
    }

    public long projid() {
        return recordSize > GOOD_OLD_SIZE && extraIsize() >= 0x9C + 4 - GOOD_OLD_SIZE ? u32(0x9C) : 0;
    }

    /** True if every byte of the record is zero (a never-used inode). */
    /** True when the first 128 bytes (the part every inode has) are all zero. */
    public boolean isBaseZero() {
        for (int i = 0; i < GOOD_OLD_SIZE; i += 8) {
            if (b.getLong(off + i) != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isAllZero() {
        for (int i = 0; i < recordSize; i += 8) {
            if (b.getLong(off + i) != 0) {
                return false;
            }
        }
        return true;
    }

    // --- setters used by repair ---

    public void setMode(int v) { Le.put16(b, off, v); }
    public void setLinksCount(int v) { Le.put16(b, off + 0x1A, v); }
    public void setDtime(long v) { Le.put32(b, off + 0x14, v); }
    public void setSize(long v) {
        Le.put32(b, off + 0x04, v);
        Le.put32(b, off + 0x6C, v >>> 32);
    }
    public void setFlags(int v) { Le.put32(b, off + 0x20, v); }
    public void setFaddr(long v) { Le.put32(b, off + 0x70, v); }
    /** i_blocks: the low 32 bits and, in l_i_blocks_hi, the next 16. */
    public void setBlocksRaw(long v) {
        Le.put32(b, off + 0x1C, v);
        Le.put16(b, off + 0x74, (int) (v >>> 32));
    }
    public void setFileAcl(long v) {
        Le.put32(b, off + 0x68, v);
        Le.put16(b, off + 0x76, (int) (v >>> 32));
    }
    public void setBlock(int i, long v) { Le.put32(b, off + BLOCK_OFFSET + 4 * i, v); }
    public void setChecksum(int v) {
        Le.put16(b, off + CHECKSUM_LO_OFFSET, v);
        if (hasChecksumHi()) {
            Le.put16(b, off + CHECKSUM_HI_OFFSET, v >>> 16);
        }
    }
}
