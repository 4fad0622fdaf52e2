package pe2fsck.pass0;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Superblock;

/**
 * Writes pass 0's in-memory repairs to the primary superblock and the primary descriptor blocks
 * of the dirty groups, with fresh checksums. (The write path being built replaces this.)
 */
final class SuperblockWriteBack {

    private SuperblockWriteBack() {
    }

    /**
     * Writes the repairs this pass made to the primary superblock and descriptor table,
     * recomputing the checksums of what changed. Returns the number of bytes written. Does
     * nothing when nothing changed. The device must be open for writing.
     */
    static long write(FileSystem fs, boolean superblockDirty, BitSet dirtyGroups) {
        if (!superblockDirty && dirtyGroups.isEmpty()) {
            return 0;
        }
        Superblock sb = fs.superblock();
        Geometry geo = fs.geometry();
        Checksums sums = fs.checksums();
        long written = 0;
        int bs = geo.blockSize();
        if (!dirtyGroups.isEmpty()) {
            GroupDescriptor gd = fs.descriptors();
            boolean metadataCsum = sb.has(Feature.METADATA_CSUM);
            BitSet blocks = new BitSet();
            for (int g = dirtyGroups.nextSetBit(0); g >= 0; g = dirtyGroups.nextSetBit(g + 1)) {
                gd.at(g);
                if (sb.hasGroupDescChecksums()) {
                    gd.setChecksum(sums.groupDescriptor(gd, g, metadataCsum));
                }
                blocks.set(g / geo.descPerBlock());
            }
            ByteBuffer table = fs.descriptorTable();
            for (int i = blocks.nextSetBit(0); i >= 0; i = blocks.nextSetBit(i + 1)) {
                long blk = geo.descriptorBlock(FileSystem.primarySuperblockBlock(sb), i);
                ByteBuffer slice = table.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                slice.limit((i + 1) * bs).position(i * bs);
                ByteBuffer out = fs.device().allocate(bs);
                out.put(slice).flip();
                fs.device().write(blk * bs, out);
                written += bs;
            }
        }
        ByteBuffer sbBuf = fs.superblockBuffer();
        if (sb.has(Feature.METADATA_CSUM)) {
            sb.setChecksum(sums.superblock(sbBuf));
        }
        ByteBuffer out = fs.device().allocate(Superblock.SIZE);
        ByteBuffer src = sbBuf.duplicate();
        src.clear().limit(Superblock.SIZE);
        out.put(src).flip();
        fs.device().write(Superblock.PRIMARY_OFFSET, out);
        written += Superblock.SIZE;
        fs.device().flush();
        return written;
    }
}
