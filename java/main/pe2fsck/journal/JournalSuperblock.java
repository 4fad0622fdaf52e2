package pe2fsck.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Crc32c;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.Inode;

/**
 * Flyweight over a jbd2 journal superblock (the first 1024 bytes of the journal's first block).
 * Unlike everything else on an ext2/3/4 disk, journal fields are big-endian.
 */
public final class JournalSuperblock {

    public static final int MAGIC = 0xC03B3998;
    public static final int SIZE = 1024;
    public static final int BLOCKTYPE_SUPERBLOCK_V1 = 3;
    public static final int BLOCKTYPE_SUPERBLOCK_V2 = 4;
    public static final int CHECKSUM_OFFSET = 0xFC;
    public static final int USERS_OFFSET = 0x100;
    public static final int MAX_USERS = 48;

    public static final int COMPAT_CHECKSUM = 0x1;
    public static final int INCOMPAT_REVOKE = 0x1;
    public static final int INCOMPAT_64BIT = 0x2;
    public static final int INCOMPAT_ASYNC_COMMIT = 0x4;
    public static final int INCOMPAT_CSUM_V2 = 0x8;
    public static final int INCOMPAT_CSUM_V3 = 0x10;
    public static final int INCOMPAT_FAST_COMMIT = 0x20;

    public static final int CSUM_TYPE_CRC32 = 1;
    public static final int CSUM_TYPE_MD5 = 2;
    public static final int CSUM_TYPE_SHA1 = 3;
    public static final int CSUM_TYPE_CRC32C = 4;

    private final ByteBuffer b;
    private final int off;

    private JournalSuperblock(ByteBuffer b, int off) {
        this.b = b;
        this.off = off;
    }

    /** Views {@code buffer[offset..offset+1024)}; reads are big-endian whatever the buffer's order. */
    public static JournalSuperblock wrap(ByteBuffer buffer, int offset) {
        return new JournalSuperblock(buffer.duplicate().order(ByteOrder.BIG_ENDIAN), offset);
    }

    /**
     * Reads the superblock of the internal journal (s_journal_inum) from the journal inode's
     * first block. Returns null when the file system has no journal inode.
     */
    public static JournalSuperblock read(FileSystem fs, FileReader reader) {
        long ino = fs.superblock().journalInum();
        if (ino == 0) {
            return null;
        }
        Inode inode = fs.readInode(ino);
        long phys = reader.physicalBlock(ino, inode, 0);
        if (phys < 0) {
            throw new FormatException("journal inode " + ino + " has no first block");
        }
        return wrap(fs.readBlock(phys), 0);
    }

    private int u32(int rel) { return b.getInt(off + rel); }

    public int magic() { return u32(0x00); }
    public boolean hasMagic() { return magic() == MAGIC; }
    public int blockType() { return u32(0x04); }
    public long headerSequence() { return u32(0x08) & 0xFFFFFFFFL; }
    public long blockSize() { return u32(0x0C) & 0xFFFFFFFFL; }
    /** Total journal blocks. */
    public long maxLen() { return u32(0x10) & 0xFFFFFFFFL; }
    /** First block of log information. */
    public long first() { return u32(0x14) & 0xFFFFFFFFL; }
    /** Sequence number of the first transaction expected in the log. */
    public long sequence() { return u32(0x18) & 0xFFFFFFFFL; }
    /** Block of the start of the log; 0 means the journal is empty (clean). */
    public long start() { return u32(0x1C) & 0xFFFFFFFFL; }
    public int errno() { return u32(0x20); }

    /** Feature words are only meaningful in v2 superblocks; v1 reads them as zero. */
    public int featureCompat() { return isV2() ? u32(0x24) : 0; }
    public int featureIncompat() { return isV2() ? u32(0x28) : 0; }
    public int featureRoCompat() { return isV2() ? u32(0x2C) : 0; }

    public byte[] uuid() {
        byte[] u = new byte[16];
        b.get(off + 0x30, u);
        return u;
    }

    public long nrUsers() { return u32(0x40) & 0xFFFFFFFFL; }
    public long dynSuper() { return u32(0x44) & 0xFFFFFFFFL; }
    public long maxTransaction() { return u32(0x48) & 0xFFFFFFFFL; }
    public long maxTransData() { return u32(0x4C) & 0xFFFFFFFFL; }
    public int checksumType() { return b.get(off + 0x50) & 0xFF; }
    public long numFcBlocks() { return u32(0x54) & 0xFFFFFFFFL; }
    public long head() { return u32(0x58) & 0xFFFFFFFFL; }
    public int checksum() { return u32(CHECKSUM_OFFSET); }

    /** UUID of user {@code i} of a shared journal. */
    public byte[] user(int i) {
        byte[] u = new byte[16];
        b.get(off + USERS_OFFSET + 16 * i, u);
        return u;
    }

    public boolean isV2() { return blockType() == BLOCKTYPE_SUPERBLOCK_V2; }
    public boolean hasIncompat(int mask) { return (featureIncompat() & mask) != 0; }

    /** True if the superblock carries its own checksum (csum v2 or v3). */
    public boolean hasChecksum() { return hasIncompat(INCOMPAT_CSUM_V2) || hasIncompat(INCOMPAT_CSUM_V3); }

    /** crc32c (from all ones) of the 1024 bytes with the checksum field taken as zero. */
    public int expectedChecksum() {
        return new Crc32c().reset(0xFFFFFFFF).update(b, off, CHECKSUM_OFFSET).updateZeros(4)
                .update(b, off + CHECKSUM_OFFSET + 4, SIZE - CHECKSUM_OFFSET - 4).value();
    }
}
