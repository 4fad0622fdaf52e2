package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.DeviceException;

/**
 * Chooses the superblock and descriptor table a check runs from, as e2fsck does.
 *
 * <ul>
 *   <li>A superblock named by -b (and -B) is used as it is, damaged or not.</li>
 *   <li>Otherwise the primary is used unless it is damaged ({@link SuperblockSanity}: bad magic,
 *       bad checksum, impossible geometry). Then, when backups may be used, the first backup is
 *       looked for where e2fsck looks: at the start of group 1 of a file system with the default
 *       8 * blocksize blocks per group, block sizes 1 KiB to 64 KiB in turn; the first copy with
 *       the magic number and its own block size is opened. If there is none, or it is damaged too,
 *       the check cannot start.</li>
 *   <li>A usable primary superblock whose descriptor table cannot be trusted
 *       ({@link DescriptorSanity}) on a file system of more than one group is replaced by group
 *       1's superblock and descriptors; if those cannot be opened, the check goes back to the
 *       primary copies and pass 0 reports their damage.</li>
 *   <li>Preen runs (and runs with -b) never fall back: e2fsck -p stops instead, and so does a
 *       preen run here when the superblock is damaged.</li>
 *   <li>When the primary's geometry or descriptor size was what failed and no backup helped, the
 *       primary is opened once more tolerating the fields pass 0 can repair (inode count, first
 *       meta group, descriptor size), as e2fsck's second attempt does; pass 0 then reports them.</li>
 * </ul>
 *
 * A check that runs from a backup with group checksums treats every group as initialised (the
 * backup's flags and unused-inode counts may be stale), as e2fsck does; the repair run then
 * writes that superblock and table to the primary locations.
 */
public final class FileSystemOpener {

    private FileSystemOpener() {
    }

    /**
     * @param sbBlock       -b block, or -1 for the primary
     * @param blockSize     -B bytes, or 0 to probe
     * @param mayUseBackup  false for preen runs: a damaged primary then ends the run
     */
    public static FileSystem open(BlockDevice device, long sbBlock, int blockSize, boolean mayUseBackup) {
        if (sbBlock >= 0) {
            return openNamed(device, sbBlock, blockSize);
        }
        try {
            return openPrimary(device, mayUseBackup, false);
        } catch (SuperblockSanity.CorruptSuperblockException e) {
            if (!e.lenientMayHelp()) {
                throw e;
            }
            // e2fsck's second attempt: the primary again, tolerating the fields pass 0 can repair.
            FileSystem fs = openPrimary(device, mayUseBackup, true);
            if (fs.backupUse() == null) {
                fs.backupUse(new BackupUse(BackupUse.Kind.SUPERBLOCK, e.getMessage(), -1, fs.blockSize(),
                        "loaded with its damaged fields, which pass 0 reports"));
            }
            return fs;
        }
    }

    private static FileSystem openPrimary(BlockDevice device, boolean mayUseBackup, boolean lenient) {
        FileSystem primary;
        try {
            primary = openAt(device, Superblock.PRIMARY_OFFSET, -1, lenient);
        } catch (SuperblockSanity.CorruptSuperblockException damaged) {
            if (!mayUseBackup || !damaged.backupMayHelp()) {
                throw damaged;
            }
            return openFirstBackup(device, damaged, lenient);
        }
        if (!mayUseBackup || primary.groupCount() <= 1) {
            return primary;
        }
        String bad = DescriptorSanity.problem(primary);
        if (bad == null) {
            return primary;
        }
        long block = primary.superblock().blocksPerGroup() + primary.superblock().firstDataBlock();
        int bs = primary.blockSize();
        try {
            FileSystem backup = openAt(device, block * bs, block, lenient);
            backup.backupUse(new BackupUse(BackupUse.Kind.DESCRIPTORS, bad, block, bs, null));
            return backup;
        } catch (FormatException | DeviceException e) {
            primary.backupUse(new BackupUse(BackupUse.Kind.DESCRIPTORS, bad, block, bs, e.getMessage()));
            return primary;
        }
    }

    /** The superblock -b names: with -B as given, else the first block size whose copy fits. */
    private static FileSystem openNamed(BlockDevice device, long sbBlock, int blockSize) {
        if (blockSize > 0) {
            return openAt(device, sbBlock * blockSize, sbBlock, false);
        }
        FormatException last = null;
        for (int bs = 1024; bs <= 65536; bs <<= 1) {
            try {
                Superblock s = Superblock.wrap(read(device, sbBlock * bs));
                if (s.magic() == Superblock.MAGIC && s.blockSize() == bs) {
                    return openAt(device, sbBlock * bs, sbBlock, false);
                }
            } catch (FormatException | DeviceException e) {
                last = e instanceof FormatException fe ? fe : new FormatException(e.getMessage());
            }
        }
        throw last != null ? last
                : new FormatException("no superblock found at block " + sbBlock + " for any block size");
    }

    /**
     * As e2fsck does when the primary superblock is damaged: takes the first block size whose
     * group-1 position (block 8 * blockSize, one more with 1 KiB blocks) holds a superblock of that
     * block size, and opens it.
     */
    private static FileSystem openFirstBackup(BlockDevice device, SuperblockSanity.CorruptSuperblockException damaged,
                                              boolean lenient) {
        for (int bs = 1024; bs <= 65536; bs <<= 1) {
            long blk = 8L * bs + (bs == 1024 ? 1 : 0);
            if (device.size() < blk * bs + Superblock.SIZE) {
                break;
            }
            Superblock s = Superblock.wrap(read(device, blk * bs));
            if (s.magic() != Superblock.MAGIC || s.blockSize() != bs) {
                continue;
            }
            try {
                FileSystem fs = openAt(device, blk * bs, blk, lenient);
                fs.backupUse(new BackupUse(BackupUse.Kind.SUPERBLOCK, damaged.getMessage(), blk, bs, null));
                return fs;
            } catch (FormatException | DeviceException e) {
                throw new SuperblockSanity.CorruptSuperblockException(damaged.kind(), damaged.getMessage()
                        + "; the backup superblock at block " + blk + " (block size " + bs + ") is not usable either: "
                        + e.getMessage());
            }
        }
        throw new SuperblockSanity.CorruptSuperblockException(damaged.kind(), damaged.getMessage()
                + "; no backup superblock was found where one is expected (try -b with the block of another copy)");
    }

    private static FileSystem openAt(BlockDevice device, long offset, long sbBlock, boolean lenient) {
        ByteBuffer buf = read(device, offset);
        Superblock s = Superblock.wrap(buf);
        SuperblockSanity.requireUsable(s, lenient);
        long block = sbBlock >= 0 ? sbBlock : FileSystem.primarySuperblockBlock(s);
        FileSystem fs = new FileSystem(device, buf, block);
        if (block > 1 && fs.fromBackup() && s.hasGroupDescChecksums()) {
            treatGroupsAsInitialised(fs);
        }
        return fs;
    }

    /**
     * A backup's descriptors are as old as the backup: like e2fsck, clear their "uninitialised"
     * flags and unused-inode counts so that every bitmap and inode is looked at, and give them
     * matching checksums so these changes are not reported as damage.
     */
    private static void treatGroupsAsInitialised(FileSystem fs) {
        GroupDescriptor gd = fs.descriptors();
        Checksums sums = fs.checksums();
        boolean metadataCsum = fs.has(Feature.METADATA_CSUM);
        int mask = GroupDescriptor.FLAG_BLOCK_UNINIT | GroupDescriptor.FLAG_INODE_UNINIT;
        for (long g = 0; g < fs.groupCount(); g++) {
            gd.at((int) g);
            gd.setFlags(gd.flags() & ~mask);
            gd.setItableUnused(0);
            gd.setChecksum(sums.groupDescriptor(gd, g, metadataCsum));
        }
    }

    private static ByteBuffer read(BlockDevice device, long offset) {
        if (device.size() < offset + Superblock.SIZE) {
            throw new FormatException("device is too small (" + device.size()
                    + " bytes) to hold a superblock at byte " + offset);
        }
        ByteBuffer buf = ByteBuffer.allocate(Superblock.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        device.read(offset, buf);
        return buf.clear();
    }
}
