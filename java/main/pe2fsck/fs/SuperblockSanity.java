package pe2fsck.fs;

import java.util.Locale;

/**
 * The minimum a superblock must satisfy before any block can be addressed through it. Anything
 * that fails here makes the file system unreadable; richer checks come later in the checker.
 */
public final class SuperblockSanity {

    private SuperblockSanity() {
    }

    /**
     * The superblock itself is damaged (bad magic or impossible geometry), as opposed to a
     * valid superblock this checker cannot handle or a device that is too small: a backup copy
     * may still be good.
     */
    public static final class CorruptSuperblockException extends FormatException {

        private static final long serialVersionUID = 1L;

        public CorruptSuperblockException(String message) {
            super(message);
        }
    }

    /** Throws {@link FormatException} with a one-line reason if the geometry is unusable. */
    public static void requireAddressable(Superblock s, long deviceBytes) {
        if (s.magic() != Superblock.MAGIC) {
            throw new CorruptSuperblockException(String.format(Locale.ROOT,
                    "bad magic number in superblock (0x%04x): not an ext2/ext3/ext4 file system", s.magic()));
        }
        if (s.revLevel() > 1) {
            throw new FormatException("superblock revision " + s.revLevel() + " is newer than this checker understands");
        }
        int bs = s.blockSize();
        if (bs < 1024 || bs > 65536) {
            throw new CorruptSuperblockException("superblock has an invalid block size (log " + s.logBlockSize() + ")");
        }
        int unknown = Feature.unsupportedBits(Feature.Kind.INCOMPAT, s.featureIncompat());
        if (unknown != 0) {
            throw new FormatException(String.format(Locale.ROOT,
                    "file system has unsupported incompatible features (0x%x); refusing to check it", unknown));
        }
        if (s.blocksPerGroup() == 0 || s.inodesPerGroup() == 0 || s.inodesCount() == 0) {
            throw new CorruptSuperblockException("superblock has zero blocks or inodes per group");
        }
        // A block bitmap has one bit per allocation unit: per block, or per cluster under bigalloc.
        long unitsPerGroup = s.has(Feature.BIGALLOC) ? s.clustersPerGroup() : s.blocksPerGroup();
        if (s.has(Feature.BIGALLOC) && (s.clusterSize() < bs || unitsPerGroup == 0)) {
            throw new CorruptSuperblockException("superblock has an invalid cluster size or clusters per group");
        }
        if (unitsPerGroup > 8L * bs || s.inodesPerGroup() > 8L * bs) {
            throw new CorruptSuperblockException("superblock's blocks or inodes per group exceed what one bitmap block holds");
        }
        int isz = s.inodeSize();
        if (isz < Inode.GOOD_OLD_SIZE || isz > bs || Integer.bitCount(isz) != 1) {
            throw new CorruptSuperblockException("superblock has an invalid inode size (" + isz + ")");
        }
        if (s.is64bit()) {
            int ds = s.rawDescSize();
            if (ds < 32 || ds > 1024 || Integer.bitCount(ds) != 1) {
                throw new CorruptSuperblockException("superblock has an invalid group descriptor size (" + ds + ")");
            }
        }
        long blocks = s.blocksCount();
        if (blocks <= s.firstDataBlock()) {
            throw new CorruptSuperblockException("superblock's block count (" + blocks + ") is not larger than its first data block");
        }
        if (s.firstDataBlock() != (bs == 1024 ? 1 : 0) && !s.has(Feature.BIGALLOC)) {
            throw new CorruptSuperblockException("superblock's first data block (" + s.firstDataBlock()
                    + ") does not match its block size");
        }
        long groups = (blocks - s.firstDataBlock() + s.blocksPerGroup() - 1) / s.blocksPerGroup();
        if (groups * s.inodesPerGroup() != s.inodesCount() && groups * s.inodesPerGroup() < s.inodesCount()) {
            throw new CorruptSuperblockException("superblock's inode count (" + s.inodesCount()
                    + ") exceeds what its groups hold (" + groups * s.inodesPerGroup() + ")");
        }
        if (blocks * bs > deviceBytes && deviceBytes > 0) {
            // Report but let the caller decide; a truncated image cannot be read safely past its end.
            throw new FormatException("file system is " + blocks + " blocks of " + bs + " bytes but the device holds only "
                    + (deviceBytes / bs) + " (truncated image or wrong partition?)");
        }
    }
}
