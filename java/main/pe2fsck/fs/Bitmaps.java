package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Reads a group's block and inode bitmaps and checks them against the checksums in its group
 * descriptor (metadata_csum). Descriptors of 64 bytes or more store 32-bit checksums, smaller
 * ones only the low 16 bits. One instance per thread.
 */
public final class Bitmaps {

    private final FileSystem fs;
    private final Checksums ck;
    private final GroupDescriptor gd;
    private final boolean csum;

    public Bitmaps(FileSystem fs) {
        this.fs = fs;
        this.ck = fs.checksums();
        this.gd = fs.descriptors();
        this.csum = fs.has(Feature.METADATA_CSUM);
    }

    /** Bytes of a block bitmap covered by its checksum (one bit per cluster of a group). */
    public int blockBitmapBytes() { return (int) (fs.superblock().clustersPerGroup() / 8); }

    /** Bytes of an inode bitmap covered by its checksum. */
    public int inodeBitmapBytes() { return (int) (fs.superblock().inodesPerGroup() / 8); }

    /** Reads group {@code g}'s block bitmap block into {@code dst} from its position. */
    public void readBlockBitmap(int g, ByteBuffer dst) { fs.readBlock(gd.at(g).blockBitmap(), dst); }

    public void readInodeBitmap(int g, ByteBuffer dst) { fs.readBlock(gd.at(g).inodeBitmap(), dst); }

    /** Expected block bitmap checksum, cut to the width the descriptor stores. */
    public long expectedBlockBitmapChecksum(ByteBuffer bitmap, int off) {
        return narrow(ck.bitmap(bitmap, off, blockBitmapBytes()));
    }

    public long expectedInodeBitmapChecksum(ByteBuffer bitmap, int off) {
        return narrow(ck.bitmap(bitmap, off, inodeBitmapBytes()));
    }

    /**
     * True if group {@code g}'s block bitmap at {@code off} of {@code bitmap} matches its
     * descriptor; also true when there is nothing to check (no metadata_csum, or BLOCK_UNINIT).
     */
    public boolean blockBitmapOk(int g, ByteBuffer bitmap, int off) {
        gd.at(g);
        if (!csum || gd.has(GroupDescriptor.FLAG_BLOCK_UNINIT)) {
            return true;
        }
        return gd.blockBitmapChecksum() == expectedBlockBitmapChecksum(bitmap, off);
    }

    /** As {@link #blockBitmapOk} for the inode bitmap (INODE_UNINIT groups are not checked). */
    public boolean inodeBitmapOk(int g, ByteBuffer bitmap, int off) {
        gd.at(g);
        if (!csum || gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
            return true;
        }
        return gd.inodeBitmapChecksum() == expectedInodeBitmapChecksum(bitmap, off);
    }

    private long narrow(int crc) {
        return fs.geometry().descSize() >= 64 ? crc & 0xFFFFFFFFL : crc & 0xFFFF;
    }
}
