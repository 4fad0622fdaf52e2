package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.BufferPool;
import pe2fsck.io.DeviceException;

/**
 * An opened ext2/3/4 file system: the device, an in-memory copy of the superblock and of the
 * group descriptor table, and the geometry derived from them. Block reads go straight to the
 * device; callers own the buffers they pass in.
 *
 * <p>Opening checks only what is needed to address the disk safely (magic, block size, group
 * geometry, device size); deeper superblock validation is the checker's job.
 */
public final class FileSystem implements AutoCloseable {

    private final BlockDevice device;
    private final BufferPool buffers;
    private final ByteBuffer sbBuffer;
    private final Superblock sb;
    private final Geometry geometry;
    private final ByteBuffer gdtBuffer;
    private final long superblockBlock;
    private final int csumSeed;
    private BackupUse backupUse;

    FileSystem(BlockDevice device, ByteBuffer sbBuffer, long superblockBlock) {
        this.device = device;
        this.buffers = new BufferPool(device);
        this.sbBuffer = sbBuffer;
        this.sb = Superblock.wrap(sbBuffer);
        this.superblockBlock = superblockBlock;
        this.geometry = new Geometry(sb);
        this.csumSeed = Checksums.fsSeed(sb);
        this.gdtBuffer = readDescriptors();
    }

    /** Opens the primary superblock, falling back to a backup as e2fsck does if it is damaged. */
    public static FileSystem open(BlockDevice device) {
        return open(device, -1, 0);
    }

    /**
     * Opens the superblock at {@code sbBlock} (in units of {@code blockSize}), or the primary when
     * {@code sbBlock < 0}, falling back to the backups if the primary is damaged (see
     * {@link FileSystemOpener}). With {@code blockSize == 0} and a backup block, block sizes
     * 1k..64k are tried in turn, as fsck's -b without -B does.
     */
    public static FileSystem open(BlockDevice device, long sbBlock, int blockSize) {
        return FileSystemOpener.open(device, sbBlock, blockSize, true);
    }

    /**
     * Why the check runs from a backup superblock or backup descriptors, and which; or null when
     * it runs from the primary (or from the superblock -b named).
     */
    public BackupUse backupUse() {
        return backupUse;
    }

    void backupUse(BackupUse use) {
        this.backupUse = use;
    }

    /** True if the superblock in use is not the primary: a backup, found or named by -b. */
    public boolean fromBackup() {
        return superblockBlock != geometry.primarySuperblockBlock();
    }

    /**
     * The block holding the primary superblock: the first data block, except with 1 KiB blocks
     * and a first data block of 0 (bigalloc), where byte 1024 is block 1.
     */
    public static long primarySuperblockBlock(Superblock s) {
        long first = s.firstDataBlock();
        return first == 0 && s.blockSize() == 1024 ? 1 : first;
    }

    private ByteBuffer readDescriptors() {
        int bs = geometry.blockSize();
        long blocks = geometry.descBlocks();
        long bytes = blocks * bs;
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new FormatException("group descriptor table too large (" + bytes + " bytes)");
        }
        ByteBuffer table = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < blocks; i++) {
            long blk = geometry.descriptorBlock(superblockBlock, i);
            if (blk >= geometry.blocksCount()) {
                throw new FormatException("group descriptor block " + blk + " lies beyond the end of the file system");
            }
            table.limit((int) ((i + 1) * bs)).position((int) (i * bs));
            device.read(blk * bs, table);
        }
        return table.clear();
    }

    public BlockDevice device() { return device; }
    /** Read buffers the passes share (see {@link BufferPool}). */
    public BufferPool buffers() { return buffers; }
    public Superblock superblock() { return sb; }
    public ByteBuffer superblockBuffer() { return sbBuffer; }
    public Geometry geometry() { return geometry; }
    public int blockSize() { return geometry.blockSize(); }
    public long groupCount() { return geometry.groupCount(); }
    /** Block number the superblock in use was read from (in file system blocks). */
    public long superblockBlock() { return superblockBlock; }
    public int csumSeed() { return csumSeed; }

    /** The in-memory descriptor table (all groups, descSize bytes each). */
    public ByteBuffer descriptorTable() { return gdtBuffer; }

    /** A new cursor over the descriptor table; position it with {@link GroupDescriptor#at(int)}. */
    public GroupDescriptor descriptors() {
        return new GroupDescriptor(gdtBuffer, geometry.descSize());
    }

    /** A new per-thread checksum calculator for this file system. */
    public Checksums checksums() {
        return new Checksums(csumSeed, sb.uuidBytes());
    }

    public boolean has(Feature f) { return sb.has(f); }

    /** Reads file system block {@code block} into {@code dst} (blockSize bytes from its position). */
    public void readBlock(long block, ByteBuffer dst) {
        readBlocks(block, 1, dst);
    }

    /** Reads {@code count} consecutive blocks into {@code dst} from its position. */
    public void readBlocks(long block, int count, ByteBuffer dst) {
        checkBlocks(block, count);
        int bs = geometry.blockSize();
        int saved = dst.limit();
        dst.limit(dst.position() + count * bs);
        device.read(block * bs, dst);
        dst.limit(saved);
    }

    /**
     * {@link #readBlocks} if all the blocks are in the page cache now (true); otherwise false,
     * {@code dst}'s position unchanged (see {@link BlockDevice#readIfCached}).
     */
    public boolean readBlocksIfCached(long block, int count, ByteBuffer dst) {
        checkBlocks(block, count);
        int bs = geometry.blockSize();
        int saved = dst.limit();
        dst.limit(dst.position() + count * bs);
        try {
            return device.readIfCached(block * bs, dst);
        } finally {
            dst.limit(saved);
        }
    }

    private void checkBlocks(long block, int count) {
        if (block < 0 || block + count > geometry.blocksCount()) {
            throw new FormatException("block " + block + " is outside the file system (0.."
                    + (geometry.blocksCount() - 1) + ")");
        }
    }

    /** Convenience: a fresh little-endian heap buffer holding one block. */
    public ByteBuffer readBlock(long block) {
        ByteBuffer b = ByteBuffer.allocate(blockSize()).order(ByteOrder.LITTLE_ENDIAN);
        readBlock(block, b);
        return b.clear();
    }

    /** Device byte offset of inode {@code ino}'s record. */
    public long inodeOffset(long ino, GroupDescriptor gd) {
        long g = geometry.groupOfInode(ino);
        long idx = geometry.indexInGroup(ino);
        long table = gd.at((int) g).inodeTable();
        long block = table + idx / geometry.inodesPerBlock();
        // Beyond the end (or so far that the byte offset overflows), nothing can be read. A table
        // at block 0, as a zeroed descriptor says, is read as it stands: pass 0 has reported it.
        if (table < 0 || block >= geometry.blocksCount() || block < table || table > Long.MAX_VALUE / blockSize() - 1) {
            throw new FormatException("inode " + ino + " cannot be read: the inode table of group " + g
                    + " (block " + Long.toUnsignedString(table) + ") lies outside the file system");
        }
        return table * blockSize() + idx * geometry.inodeSize();
    }

    /** Reads inode {@code ino}'s record into a fresh buffer and returns a view of it. */
    public Inode readInode(long ino) {
        if (ino < 1 || ino > geometry.inodesCount()) {
            throw new FormatException("inode " + ino + " is out of range");
        }
        int size = geometry.inodeSize();
        GroupDescriptor gd = descriptors();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        device.read(inodeOffset(ino, gd), b);
        return new Inode(size).at(b.clear(), 0);
    }

    @Override
    public void close() {
        device.close();
    }
}
