package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over an interior htree block: a fake empty entry (inode 0, rec_len spanning the
 * block) so old kernels see an empty directory block, then limit/count and index entries.
 */
public final class DxNode {

    public static final int COUNT_OFFSET = 8;

    private final DxEntries entries = new DxEntries();
    private final int blockSize;
    private ByteBuffer b;
    private int off;

    public DxNode(int blockSize) {
        this.blockSize = blockSize;
    }

    public DxNode at(ByteBuffer buffer, int blockOffset) {
        this.b = buffer;
        this.off = blockOffset;
        return this;
    }

    public long fakeInode() { return Le.u32(b, off); }
    public int fakeRecLen() { return DirEntry.decodeRecLen(Le.u16(b, off + 4), blockSize); }
    public int fakeNameLen() { return Le.u8(b, off + 6); }

    /** True if the fake entry looks like an interior node's (inode 0, whole-block rec_len). */
    public boolean looksLikeNode() { return fakeInode() == 0 && fakeRecLen() == blockSize && fakeNameLen() == 0; }

    public int countOffset() { return COUNT_OFFSET; }

    public DxEntries entries() { return entries.at(b, off + COUNT_OFFSET); }

    public static int maxLimit(int blockSize, boolean csum) {
        return (blockSize - COUNT_OFFSET) / DxEntries.ENTRY_SIZE - (csum ? 1 : 0);
    }
}
