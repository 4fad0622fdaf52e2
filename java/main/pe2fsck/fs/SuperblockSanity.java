package pe2fsck.fs;

import java.util.Locale;

/**
 * What a superblock must satisfy before the file system can be opened through it. Two kinds of
 * failure: a {@link CorruptSuperblockException} says the superblock itself is damaged (the cases
 * in which e2fsck goes looking for a backup copy: bad magic, bad checksum, impossible geometry),
 * a plain {@link FormatException} that it is intact but cannot be checked here (a newer revision,
 * unknown incompatible features, an impossible descriptor size). Richer checks of the fields come
 * later, in pass 0; a file system longer than its device is one of them.
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

        /** What is wrong, which decides what e2fsck tries next. */
        public enum Kind {
            /** Not a superblock: a backup may be. */
            MAGIC,
            /** The checksum does not match: a backup may be good. */
            CHECKSUM,
            /** Impossible geometry: a backup may be good, or the fields may be repairable. */
            GEOMETRY,
            /** An impossible descriptor size: no backup is tried, but the field may be repairable. */
            DESC_SIZE
        }

        private final Kind kind;

        public CorruptSuperblockException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** True if e2fsck would look for a backup superblock after this failure. */
        public boolean backupMayHelp() {
            return kind != Kind.DESC_SIZE;
        }

        /** True if e2fsck would open the superblock again, tolerating the repairable fields. */
        public boolean lenientMayHelp() {
            return kind == Kind.GEOMETRY || kind == Kind.DESC_SIZE;
        }
    }

    /** Throws {@link FormatException} with a one-line reason if the superblock is unusable. */
    public static void requireUsable(Superblock s) {
        requireUsable(s, false);
    }

    /**
     * As {@link #requireUsable(Superblock)}; {@code lenient} tolerates what pass 0 can repair, as
     * e2fsck's second attempt does: an inode count other than the groups hold, a first meta group
     * beyond the descriptor table and a descriptor size that is not a power of two (the
     * descriptor check then rejects the table instead).
     */
    public static void requireUsable(Superblock s, boolean lenient) {
        if (s.has(Feature.METADATA_CSUM) && s.magic() == Superblock.MAGIC && s.checksumType() == 1) {
            int expected = new Crc32c().reset(0xFFFFFFFF).update(s.buffer(), 0, Superblock.CHECKSUM_OFFSET).value();
            if (expected != (int) Le.u32(s.buffer(), Superblock.CHECKSUM_OFFSET)) {
                throw new CorruptSuperblockException(CorruptSuperblockException.Kind.CHECKSUM, String.format(Locale.ROOT,
                        "the superblock's checksum (0x%08x) does not match its contents (0x%08x)",
                        Le.u32(s.buffer(), Superblock.CHECKSUM_OFFSET), expected));
            }
        }
        if (s.magic() != Superblock.MAGIC) {
            throw new CorruptSuperblockException(CorruptSuperblockException.Kind.MAGIC, String.format(Locale.ROOT,
                    "bad magic number in superblock (0x%04x): not an ext2/ext3/ext4 file system", s.magic()));
        }
        if (s.revLevel() > 1) {
            throw new FormatException("superblock revision " + s.revLevel() + " is newer than this checker understands");
        }
        int unknown = Feature.unsupportedBits(Feature.Kind.INCOMPAT, s.featureIncompat());
        if (unknown != 0) {
            throw new FormatException(String.format(Locale.ROOT,
                    "file system has unsupported incompatible features (0x%x); refusing to check it", unknown));
        }
        if (s.logBlockSize() > 6) {
            throw corrupt("an invalid block size (log " + s.logBlockSize() + ")");
        }
        if (s.logClusterSize() > 19 || s.logClusterSize() < s.logBlockSize()
                || (!s.has(Feature.BIGALLOC) && s.logClusterSize() != s.logBlockSize())) {
            throw corrupt("an invalid cluster size (log " + s.logClusterSize() + ")");
        }
        if (s.logGroupsPerFlex() > 31) {
            throw corrupt("an invalid flex group size (log " + s.logGroupsPerFlex() + ")");
        }
        int bs = s.blockSize();
        int isz = s.inodeSize();
        if (isz < Inode.GOOD_OLD_SIZE || isz > bs || Integer.bitCount(isz) != 1) {
            throw corrupt("an invalid inode size (" + isz + ")");
        }
        if (s.is64bit()) {
            int ds = s.rawDescSize();
            if (ds < 32 || ds > 1024 || Integer.bitCount(ds) != 1) {
                if (!lenient || ds == 0 || ds > bs) {
                    throw new CorruptSuperblockException(CorruptSuperblockException.Kind.DESC_SIZE,
                            "the superblock has an invalid group descriptor size (" + ds + ")");
                }
            }
        }
        int ratioBits = (int) (s.logClusterSize() - s.logBlockSize());
        if (s.blocksPerGroup() != s.clustersPerGroup() << ratioBits) {
            throw corrupt("blocks per group (" + s.blocksPerGroup() + ") that disagree with its clusters per group ("
                    + s.clustersPerGroup() + ")");
        }
        if (s.inodesPerGroup() == 0 || s.inodesCount() == 0) {
            throw corrupt("zero inodes per group");
        }
        // A bitmap block has one bit per allocation unit: per block, or per cluster under bigalloc.
        long unitsPerGroup = s.has(Feature.BIGALLOC) ? s.clustersPerGroup() : s.blocksPerGroup();
        if (s.blocksPerGroup() < 8 || unitsPerGroup > 8L * bs || s.inodesPerGroup() > 8L * bs) {
            throw corrupt("blocks or inodes per group (" + s.blocksPerGroup() + ", " + s.inodesPerGroup()
                    + ") that one bitmap block cannot describe");
        }
        long blocks = s.blocksCount();
        if (blocks <= s.firstDataBlock()) {
            throw corrupt("a block count (" + blocks + ") not larger than its first data block");
        }
        if (s.firstDataBlock() != (bs == 1024 ? 1 : 0) && !s.has(Feature.BIGALLOC)) {
            throw corrupt("a first data block (" + s.firstDataBlock() + ") that does not match its block size");
        }
        long groups = (blocks - s.firstDataBlock() + s.blocksPerGroup() - 1) / s.blocksPerGroup();
        if (groups >>> 32 != 0) {
            throw corrupt("more block groups than a file system may have (" + groups + ")");
        }
        if (groups * s.inodesPerGroup() != s.inodesCount() && !lenient) {
            throw corrupt("an inode count (" + s.inodesCount() + ") other than its groups hold ("
                    + groups * s.inodesPerGroup() + ")");
        }
        long descBlocks = (groups + bs / s.descSize() - 1) / (bs / s.descSize());
        if (s.has(Feature.META_BG) && s.firstMetaBg() > descBlocks && !lenient) {
            throw corrupt("a first meta group (" + s.firstMetaBg() + ") beyond its " + descBlocks + " descriptor blocks");
        }
    }

    private static CorruptSuperblockException corrupt(String what) {
        return new CorruptSuperblockException(CorruptSuperblockException.Kind.GEOMETRY, "the superblock has " + what);
    }
}
