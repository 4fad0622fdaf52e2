package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Flyweight over block 0 of an htree directory: a '.' entry of rec_len 12, a '..' entry whose
 * rec_len spans the rest of the block, then dx_root_info (reserved word, hash version, info
 * length 8, indirect levels, flags) and the index entries.
 */
public final class DxRoot {

    public static final int INFO_OFFSET = 24;
    public static final int INFO_LENGTH = 8;
    /** Deepest index the kernel builds without large_dir (levels below the root). */
    public static final int MAX_LEVELS = 2;
    /** With large_dir. */
    public static final int MAX_LEVELS_LARGEDIR = 3;

    private final DxEntries entries = new DxEntries();
    private ByteBuffer b;
    private int off;

    public DxRoot at(ByteBuffer buffer, int blockOffset) {
        this.b = buffer;
        this.off = blockOffset;
        return this;
    }

    public long dotInode() { return Le.u32(b, off); }
    public int dotRecLen() { return Le.u16(b, off + 4); }
    public int dotNameLen() { return Le.u8(b, off + 6); }
    public boolean dotNameOk() { return dotNameLen() == 1 && b.get(off + 8) == '.'; }
    public long dotdotInode() { return Le.u32(b, off + 12); }
    public int dotdotRecLen() { return Le.u16(b, off + 16); }
    public int dotdotNameLen() { return Le.u8(b, off + 18); }
    public boolean dotdotNameOk() { return dotdotNameLen() == 2 && b.get(off + 20) == '.' && b.get(off + 21) == '.'; }

    public long reservedZero() { return Le.u32(b, off + INFO_OFFSET); }
    public int hashVersion() { return Le.u8(b, off + INFO_OFFSET + 4); }
    public int infoLength() { return Le.u8(b, off + INFO_OFFSET + 5); }
    public int indirectLevels() { return Le.u8(b, off + INFO_OFFSET + 6); }
    public int unusedFlags() { return Le.u8(b, off + INFO_OFFSET + 7); }

    /** Offset of limit/count relative to the block start (after the info area). */
    public int countOffset() { return INFO_OFFSET + infoLength(); }

    /** The index entries (a view owned by this object). */
    public DxEntries entries() { return entries.at(b, off + countOffset()); }

    /** Most entries a root of {@code blockSize} can hold, one fewer when a dx tail is needed. */
    public static int maxLimit(int blockSize, boolean csum) {
        return (blockSize - INFO_OFFSET - INFO_LENGTH) / DxEntries.ENTRY_SIZE - (csum ? 1 : 0);
    }
}
