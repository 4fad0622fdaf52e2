package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Flyweight over one directory entry: inode (u32), rec_len (u16), then either name_len (u8) and
 * file_type (u8) when the filetype feature is set, or a 16-bit name_len without it; then the
 * name. On 64 KiB blocks rec_len carries two extra high bits in its low bits, and 65535 or 0
 * mean the whole block.
 */
public final class DirEntry {

    public static final int HEADER = 8;

    public static final int FT_UNKNOWN = 0;
    public static final int FT_REG_FILE = 1;
    public static final int FT_DIR = 2;
    public static final int FT_CHRDEV = 3;
    public static final int FT_BLKDEV = 4;
    public static final int FT_FIFO = 5;
    public static final int FT_SOCK = 6;
    public static final int FT_SYMLINK = 7;
    /** file_type byte of a checksum tail. */
    public static final int FT_TAIL = 0xDE;

    private final boolean fileType;
    private final int blockSize;
    private ByteBuffer b;
    private int off;

    /** {@code fileType}: the filetype feature is set; {@code blockSize} for the rec_len rule. */
    public DirEntry(boolean fileType, int blockSize) {
        this.fileType = fileType;
        this.blockSize = blockSize;
    }

    public static DirEntry of(FileSystem fs) {
        return new DirEntry(fs.has(Feature.FILETYPE), fs.blockSize());
    }

    public DirEntry at(ByteBuffer buffer, int offset) {
        this.b = buffer;
        this.off = offset;
        return this;
    }

    public ByteBuffer buffer() { return b; }
    public int offset() { return off; }
    public boolean hasFileType() { return fileType; }

    public long inode() { return Le.u32(b, off); }
    public int rawRecLen() { return Le.u16(b, off + 4); }

    /** The entry's length in bytes after decoding the large-block form. */
    public int recLen() { return decodeRecLen(rawRecLen(), blockSize); }

    public int nameLen() { return fileType ? Le.u8(b, off + 6) : Le.u16(b, off + 6); }

    /** file_type byte, or {@link #FT_UNKNOWN} without the filetype feature. */
    public int fileType() { return fileType ? Le.u8(b, off + 7) : FT_UNKNOWN; }

    /** The raw byte at offset 7 regardless of features (the tail marker lives there). */
    public int rawFileTypeByte() { return Le.u8(b, off + 7); }

    public int nameOffset() { return off + HEADER; }
    public byte nameByte(int i) { return (byte) Le.u8(b, off + HEADER + i); }

    public byte[] name() {
        byte[] n = new byte[nameLen()];
        b.get(nameOffset(), n);
        return n;
    }

    /** The name decoded as UTF-8 (for messages and tests). */
    public String nameString() { return new String(name(), StandardCharsets.UTF_8); }

    public boolean nameEquals(byte[] name) {
        if (nameLen() != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (nameByte(i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean isDot() { return nameLen() == 1 && nameByte(0) == '.'; }
    public boolean isDotDot() { return nameLen() == 2 && nameByte(0) == '.' && nameByte(1) == '.'; }

    /** True if this entry is a metadata_csum directory-block tail. */
    public boolean isCsumTail() {
        return inode() == 0 && rawRecLen() == DirTail.SIZE && Le.u8(b, off + 6) == 0 && rawFileTypeByte() == FT_TAIL;
    }

    /** Smallest rec_len that holds a name of {@code nameLen} bytes. */
    public static int minRecLen(int nameLen) { return (HEADER + nameLen + 3) & ~3; }

    /** Decodes a stored rec_len for the given block size. */
    public static int decodeRecLen(int raw, int blockSize) {
        if (blockSize < 65536) {
            return raw;
        }
        if (raw == 65535 || raw == 0) {
            return blockSize;
        }
        return (raw & 65532) | ((raw & 3) << 16);
    }

    /** Encodes a rec_len for storing (inverse of {@link #decodeRecLen}). */
    public static int encodeRecLen(int len, int blockSize) {
        if (blockSize < 65536) {
            return len;
        }
        if (len == 65536) {
            return 65535;
        }
        return (len & 65532) | ((len >>> 16) & 3);
    }

    /** Directory file type code for an inode mode, as stored in file_type. */
    public static int fileTypeOfMode(int mode) {
        return switch (mode & Inode.S_IFMT) {
            case Inode.S_IFREG -> FT_REG_FILE;
            case Inode.S_IFDIR -> FT_DIR;
            case Inode.S_IFCHR -> FT_CHRDEV;
            case Inode.S_IFBLK -> FT_BLKDEV;
            case Inode.S_IFIFO -> FT_FIFO;
            case Inode.S_IFSOCK -> FT_SOCK;
            case Inode.S_IFLNK -> FT_SYMLINK;
            default -> FT_UNKNOWN;
        };
    }
}
