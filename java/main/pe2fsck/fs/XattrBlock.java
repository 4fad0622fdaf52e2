package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over the 32-byte header of an extended-attribute block: magic, reference count,
 * block count (always 1), content hash and (metadata_csum) checksum. Entries follow at byte 32;
 * values are placed from the end of the block, their offsets relative to the block start.
 */
public final class XattrBlock {

    public static final int MAGIC = 0xEA020000;
    public static final int HEADER = 32;
    public static final int CHECKSUM_OFFSET = 16;

    private ByteBuffer b;
    private int off;

    public XattrBlock at(ByteBuffer buffer, int offset) {
        this.b = buffer;
        this.off = offset;
        return this;
    }

    public int magic() { return Le.s32(b, off); }
    public boolean hasMagic() { return magic() == MAGIC; }
    public long refcount() { return Le.u32(b, off + 4); }
    public long blocks() { return Le.u32(b, off + 8); }
    public int hash() { return Le.s32(b, off + 12); }
    public int checksum() { return Le.s32(b, off + CHECKSUM_OFFSET); }

    /** Prepares {@code it} over this block's entries ({@code blockSize} bytes). */
    public XattrIterator entries(XattrIterator it, int blockSize) {
        return it.reset(b, off + HEADER, off + blockSize, off);
    }

    /** True if the stored checksum matches; {@code blockNr} is the block's own number. */
    public boolean checksumMatches(Checksums ck, long blockNr, int blockSize) {
        return checksum() == ck.xattrBlock(blockNr, b, off, blockSize);
    }
}
