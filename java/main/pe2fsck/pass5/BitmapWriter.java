package pe2fsck.pass5;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;

/**
 * Puts one group's corrected bitmap into the write cache, the way the library writes a bitmap
 * block: the group's bits, then every bit past the group's last one (past the end of the file
 * system in the last group) and every byte past the group's bits set to one. The block is
 * marked dirty only if it changes or its checksum in the descriptor does not match what it
 * will hold; the checksum itself is stamped by the write path.
 */
final class BitmapWriter {

    private final FileSystem fs;
    private final WriteCache cache;
    private final boolean metadataCsum;
    private final boolean wideDescriptors;

    BitmapWriter(FileSystem fs, WriteCache cache) {
        this.fs = fs;
        this.cache = cache;
        this.metadataCsum = fs.has(Feature.METADATA_CSUM);
        this.wideDescriptors = fs.geometry().descSize() >= 64;
    }

    /**
     * Writes group {@code g}'s bitmap.
     *
     * @param blk       where the bitmap block lives
     * @param inodes    true for the inode bitmap, false for the block bitmap
     * @param bits      the group's bits (at least {@code validBits} of them)
     * @param validBits bits that belong to the file system (fewer than the group's in the last
     *                  group when the file system ends inside it)
     * @param groupBits bits a group has (clusters or inodes per group)
     * @param asRead    the block as read from disk, or null when it was not read
     * @return true if the block was marked dirty
     */
    boolean write(long g, long blk, boolean inodes, byte[] bits, long validBits, long groupBits, byte[] asRead) {
        if (blk == 0 || blk >= fs.geometry().blocksCount()) {
            return false; // nowhere to write it: the descriptor's own problem
        }
        int bs = fs.blockSize();
        byte[] want = new byte[bs];
        java.util.Arrays.fill(want, (byte) 0xFF);
        int groupBytes = (int) (groupBits / 8);
        System.arraycopy(bits, 0, want, 0, groupBytes);
        for (long j = validBits; j < groupBits; j++) {
            want[(int) (j >>> 3)] |= (byte) (1 << (j & 7));
        }
        boolean differs = asRead == null || !java.util.Arrays.equals(want, asRead);
        if (!differs && metadataCsum) {
            GroupDescriptor gd = fs.descriptors().at((int) g);
            long have = inodes ? gd.inodeBitmapChecksum() : gd.blockBitmapChecksum();
            long sum = Integer.toUnsignedLong(fs.checksums().bitmap(ByteBuffer.wrap(want), 0, groupBytes));
            if (!wideDescriptors) {
                sum &= 0xFFFF;
            }
            differs = sum != have;
        }
        if (!differs) {
            return false;
        }
        ByteBuffer b = cache.block(blk);
        b.clear();
        b.put(want);
        b.clear();
        cache.markDirty(blk, inodes ? BlockKind.INODE_BITMAP : BlockKind.BLOCK_BITMAP, g);
        return true;
    }
}
