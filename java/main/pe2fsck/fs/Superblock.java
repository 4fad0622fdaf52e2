package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Flyweight over the 1024-byte ext2/3/4 superblock. Field offsets follow the on-disk layout;
 * 64-bit counts combine their _lo and _hi halves only when the 64bit feature is set.
 * The backing buffer is owned by the caller; this view never copies it.
 */
public final class Superblock {

    public static final int SIZE = 1024;
    /** Byte offset of the primary superblock on the device. */
    public static final int PRIMARY_OFFSET = 1024;
    public static final int MAGIC = 0xEF53;
    public static final int CHECKSUM_OFFSET = 0x3FC;

    public static final int STATE_VALID = 0x1;
    public static final int STATE_ERROR = 0x2;
    public static final int STATE_ORPHANS = 0x4;

    private final ByteBuffer b;

    private Superblock(ByteBuffer b) {
        this.b = b;
    }

    /** Views {@code buffer[0..1024)}. */
    public static Superblock wrap(ByteBuffer buffer) {
        return new Superblock(buffer);
    }

    public ByteBuffer buffer() { return b; }

    public long inodesCount() { return Le.u32(b, 0x00); }
    public long blocksCount() { return Le.u32(b, 0x04) | (is64bit() ? Le.u32(b, 0x150) << 32 : 0); }
    public long reservedBlocksCount() { return Le.u32(b, 0x08) | (is64bit() ? Le.u32(b, 0x154) << 32 : 0); }
    public long freeBlocksCount() { return Le.u32(b, 0x0C) | (is64bit() ? Le.u32(b, 0x158) << 32 : 0); }
    public long freeInodesCount() { return Le.u32(b, 0x10); }
    public long firstDataBlock() { return Le.u32(b, 0x14); }
    public long logBlockSize() { return Le.u32(b, 0x18); }
    public long logClusterSize() { return Le.u32(b, 0x1C); }
    public long blocksPerGroup() { return Le.u32(b, 0x20); }
    public long clustersPerGroup() { return Le.u32(b, 0x24); }
    public long inodesPerGroup() { return Le.u32(b, 0x28); }
    public long mountTime() { return Le.u32(b, 0x2C) | (long) Le.u8(b, 0x275) << 32; }
    public long writeTime() { return Le.u32(b, 0x30) | (long) Le.u8(b, 0x274) << 32; }
    public int mountCount() { return Le.u16(b, 0x34); }
    public int maxMountCount() { return (short) Le.u16(b, 0x36); }
    public int magic() { return Le.u16(b, 0x38); }
    public int state() { return Le.u16(b, 0x3A); }
    public int errorsBehaviour() { return Le.u16(b, 0x3C); }
    public int minorRevLevel() { return Le.u16(b, 0x3E); }
    public long lastCheckTime() { return Le.u32(b, 0x40) | (long) Le.u8(b, 0x277) << 32; }
    public long checkInterval() { return Le.u32(b, 0x44); }
    public long creatorOs() { return Le.u32(b, 0x48); }
    public long revLevel() { return Le.u32(b, 0x4C); }
    public int defResuid() { return Le.u16(b, 0x50); }
    public int defResgid() { return Le.u16(b, 0x52); }

    /** First non-reserved inode (11 on revision 0 file systems). */
    public long firstIno() { return revLevel() == 0 ? 11 : Le.u32(b, 0x54); }

    /** On-disk inode record size (128 on revision 0 file systems). */
    public int inodeSize() { return revLevel() == 0 ? 128 : Le.u16(b, 0x58); }

    public int blockGroupNr() { return Le.u16(b, 0x5A); }
    public int featureCompat() { return revLevel() == 0 ? 0 : Le.s32(b, 0x5C); }
    public int featureIncompat() { return revLevel() == 0 ? 0 : Le.s32(b, 0x60); }
    public int featureRoCompat() { return revLevel() == 0 ? 0 : Le.s32(b, 0x64); }

    public byte[] uuidBytes() {
        byte[] u = new byte[16];
        b.get(0x68, u);
        return u;
    }

    public UUID uuid() {
        ByteBuffer u = ByteBuffer.wrap(uuidBytes());
        return new UUID(u.getLong(), u.getLong());
    }

    public String volumeName() { return cString(0x78, 16); }
    public String lastMounted() { return cString(0x88, 64); }
    public int preallocDirBlocks() { return Le.u8(b, 0xCD); }
    public int reservedGdtBlocks() { return Le.u16(b, 0xCE); }

    public byte[] journalUuid() {
        byte[] u = new byte[16];
        b.get(0xD0, u);
        return u;
    }

    public long journalInum() { return Le.u32(b, 0xE0); }
    public long journalDev() { return Le.u32(b, 0xE4); }
    public long lastOrphan() { return Le.u32(b, 0xE8); }

    /** One of the four 32-bit words of the directory hash seed. */
    public int hashSeed(int i) { return Le.s32(b, 0xEC + 4 * i); }

    public int defHashVersion() { return Le.u8(b, 0xFC); }
    public int jnlBackupType() { return Le.u8(b, 0xFD); }

    /** Group descriptor size: 32 unless the 64bit feature is set and s_desc_size says more. */
    public int descSize() {
        return is64bit() ? Le.u16(b, 0xFE) : 32;
    }

    /** The raw s_desc_size field, whatever the features say. */
    public int rawDescSize() { return Le.u16(b, 0xFE); }

    public long defaultMountOpts() { return Le.u32(b, 0x100); }
    public long firstMetaBg() { return Le.u32(b, 0x104); }
    public long mkfsTime() { return Le.u32(b, 0x108) | (long) Le.u8(b, 0x276) << 32; }

    /** Backup of the journal inode's i_block[0..14], i_size_high and i_size (17 words). */
    public long jnlBlock(int i) { return Le.u32(b, 0x10C + 4 * i); }

    public int minExtraIsize() { return Le.u16(b, 0x15C); }
    public int wantExtraIsize() { return Le.u16(b, 0x15E); }
    public long flags() { return Le.u32(b, 0x160); }
    public int raidStride() { return Le.u16(b, 0x164); }
    public int mmpInterval() { return Le.u16(b, 0x166); }
    public long mmpBlock() { return Le.u64(b, 0x168); }
    public long raidStripeWidth() { return Le.u32(b, 0x170); }
    public int logGroupsPerFlex() { return Le.u8(b, 0x174); }
    public int checksumType() { return Le.u8(b, 0x175); }
    public long kbytesWritten() { return Le.u64(b, 0x178); }
    public long errorCount() { return Le.u32(b, 0x194); }
    public long usrQuotaInum() { return Le.u32(b, 0x240); }
    public long grpQuotaInum() { return Le.u32(b, 0x244); }
    public long overheadClusters() { return Le.u32(b, 0x248); }
    public long backupBg(int i) { return Le.u32(b, 0x24C + 4 * i); }
    public long lpfIno() { return Le.u32(b, 0x268); }
    public long prjQuotaInum() { return Le.u32(b, 0x26C); }
    public int checksumSeedField() { return Le.s32(b, 0x270); }
    public int encoding() { return Le.u16(b, 0x27C); }
    public int encodingFlags() { return Le.u16(b, 0x27E); }
    public long orphanFileInum() { return Le.u32(b, 0x280); }
    public int checksum() { return Le.s32(b, CHECKSUM_OFFSET); }

    public boolean has(Feature f) {
        int word = switch (f.kind()) {
            case COMPAT -> featureCompat();
            case INCOMPAT -> featureIncompat();
            case RO_COMPAT -> featureRoCompat();
        };
        return (word & f.mask()) != 0;
    }

    public boolean is64bit() {
        return revLevel() != 0 && (Le.s32(b, 0x60) & Feature.INCOMPAT_64BIT.mask()) != 0;
    }

    /** True if group descriptors carry a checksum (crc16 uninit_bg or crc32c metadata_csum). */
    public boolean hasGroupDescChecksums() {
        return has(Feature.METADATA_CSUM) || has(Feature.GDT_CSUM);
    }

    public List<String> featureLabels() {
        return Feature.labels(featureCompat(), featureIncompat(), featureRoCompat());
    }

    /** Block size in bytes, or -1 when s_log_block_size is out of range. */
    public int blockSize() {
        long log = logBlockSize();
        return log > 6 ? -1 : 1024 << log;
    }

    /** Cluster size in bytes (equal to the block size without bigalloc), or -1 when invalid. */
    public int clusterSize() {
        if (!has(Feature.BIGALLOC)) {
            return blockSize();
        }
        long log = logClusterSize();
        return log > 16 ? -1 : 1024 << log;
    }

    private String cString(int off, int max) {
        byte[] raw = new byte[max];
        b.get(off, raw);
        int n = 0;
        while (n < max && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.ISO_8859_1);
    }

    // --- setters used by repair; each touches exactly one field ---

    public void setFreeBlocksCount(long v) {
        Le.put32(b, 0x0C, v);
        if (is64bit()) {
            Le.put32(b, 0x158, v >>> 32);
        }
    }

    public void setFreeInodesCount(long v) { Le.put32(b, 0x10, v); }
    public void setState(int v) { Le.put16(b, 0x3A, v); }
    public void setLastOrphan(long v) { Le.put32(b, 0xE8, v); }
    public void setChecksum(int v) { Le.put32(b, CHECKSUM_OFFSET, v); }
}
