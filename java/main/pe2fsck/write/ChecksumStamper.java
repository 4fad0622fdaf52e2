package pe2fsck.write;

import java.nio.ByteBuffer;
import java.util.function.LongFunction;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.DirTail;
import pe2fsck.fs.DxEntries;
import pe2fsck.fs.DxTail;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.ExtentTail;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.fs.XattrBlock;

/**
 * Recomputes the checksum of a structure just before it is written: the only place in pe2fsck
 * that stores a checksum. Superblock crc32c (metadata_csum); group descriptor crc16 (gdt_csum)
 * or crc32c (metadata_csum); block and inode bitmap checksums, which live in the descriptor;
 * inode checksums; extent tails; directory leaf tails and htree tails; xattr blocks. Without
 * the feature that defines a checksum, nothing is stored. Used by one thread (the flush).
 */
final class ChecksumStamper {

    private final FileSystem fs;
    private final Checksums sums;
    private final boolean metadataCsum;
    private final GroupDescriptor gd;
    /** The cached inode record of an inode number (for the generation the seeds need). */
    private final LongFunction<Inode> inodes;

    ChecksumStamper(FileSystem fs, LongFunction<Inode> inodes) {
        this.fs = fs;
        this.sums = fs.checksums();
        this.metadataCsum = fs.has(Feature.METADATA_CSUM);
        this.gd = fs.descriptors();
        this.inodes = inodes;
    }

    /** Stores the superblock's crc32c (metadata_csum only). */
    void superblock(ByteBuffer sb) {
        if (metadataCsum) {
            Le.put32(sb, Superblock.CHECKSUM_OFFSET, Integer.toUnsignedLong(sums.superblock(sb)));
        }
    }

    /** Stores group {@code g}'s descriptor checksum (gdt_csum or metadata_csum). */
    void descriptor(long g) {
        if (fs.superblock().hasGroupDescChecksums()) {
            gd.at((int) g);
            gd.setChecksum(sums.groupDescriptor(gd, g, metadataCsum));
        }
    }

    /**
     * Stores the checksum of dirty block {@code blk}. Returns true if the group descriptor
     * {@code owner} changed as a result (bitmap checksums live there).
     */
    boolean block(BlockKind kind, long owner, long blk, ByteBuffer b) {
        if (!metadataCsum) {
            return false;
        }
        int bs = fs.blockSize();
        switch (kind) {
            case BLOCK_BITMAP -> {
                int bytes = (int) (fs.superblock().clustersPerGroup() / 8);
                gd.at((int) owner).setBlockBitmapChecksum(Integer.toUnsignedLong(sums.bitmap(b, 0, bytes)));
                return true;
            }
            case INODE_BITMAP -> {
                int bytes = (int) (fs.geometry().inodesPerGroup() / 8);
                gd.at((int) owner).setInodeBitmapChecksum(Integer.toUnsignedLong(sums.bitmap(b, 0, bytes)));
                return true;
            }
            case INODE_TABLE -> {
                int size = fs.geometry().inodeSize();
                long idx = fs.geometry().indexInGroup(owner);
                int off = (int) (idx * size % bs);
                Inode inode = new Inode(size).at(b, off);
                inode.setChecksum(sums.inode(inode, owner));
            }
            case EXTENT -> {
                ExtentHeader h = new ExtentHeader().at(b, 0);
                if (h.hasMagic() && ExtentTail.fits(h.max(), bs)) {
                    int seed = inodeSeed(owner);
                    Le.put32(b, ExtentTail.offset(0, h.max()),
                            Integer.toUnsignedLong(ExtentTail.expected(sums, seed, b, 0, h.max())));
                }
            }
            case DIR_LEAF -> {
                if (DirTail.present(b, 0, bs)) {
                    int seed = inodeSeed(owner);
                    Le.put32(b, DirTail.offset(0, bs) + 8,
                            Integer.toUnsignedLong(DirTail.expected(sums, seed, b, 0, bs)));
                }
            }
            case DIR_INDEX -> {
                int countOff = DxTail.countOffsetOf(b, 0, bs);
                if (countOff > 0) {
                    DxEntries e = new DxEntries().at(b, countOff);
                    if (DxTail.fits(e, 0, bs)) {
                        int seed = inodeSeed(owner);
                        Le.put32(b, DxTail.offset(e) + 4,
                                Integer.toUnsignedLong(DxTail.expected(sums, seed, b, 0, e)));
                    }
                }
            }
            case XATTR -> {
                if (Le.s32(b, 0) == XattrBlock.MAGIC) {
                    Le.put32(b, XattrBlock.CHECKSUM_OFFSET, Integer.toUnsignedLong(sums.xattrBlock(blk, b, 0, bs)));
                }
            }
            case RAW -> {
                // no checksum of ours
            }
        }
        return false;
    }

    private int inodeSeed(long ino) {
        Inode inode = inodes.apply(ino);
        return sums.inodeSeedValue(ino, inode.generation());
    }
}
