package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Expected checksums of metadata, computed the way the kernel does, for comparison with what is
 * stored. One instance per thread (it holds a reusable {@link Crc32c}).
 */
public final class Checksums {

    private final Crc32c crc = new Crc32c();
    /** Inode number, generation and a copy of the record, for {@link #inode}. */
    private byte[] inodeScratch = new byte[8 + 256];
    private final int fsSeed;
    private final byte[] uuid;

    /**
     * @param fsSeed the metadata_csum seed ({@link #fsSeed(Superblock)})
     * @param uuid   the file system UUID (crc16 group descriptor checksums cover it)
     */
    public Checksums(int fsSeed, byte[] uuid) {
        this.fsSeed = fsSeed;
        this.uuid = uuid.clone();
    }

    /** The seed every metadata_csum checksum starts from: stored, or derived from the UUID. */
    public static int fsSeed(Superblock sb) {
        if (sb.has(Feature.CSUM_SEED)) {
            return sb.checksumSeedField();
        }
        byte[] u = sb.uuidBytes();
        return new Crc32c().reset(0xFFFFFFFF).update(u, 0, u.length).value();
    }

    public int fsSeed() {
        return fsSeed;
    }

    public Crc32c crc() {
        return crc;
    }

    /** crc32c of the superblock up to its checksum field. */
    public int superblock(ByteBuffer sb) {
        return crc.reset(0xFFFFFFFF).update(sb, 0, Superblock.CHECKSUM_OFFSET).value();
    }

    /**
     * Expected 16-bit group descriptor checksum: crc32c-based with metadata_csum, crc16 with
     * uninit_bg. {@code gd} must be positioned at the group's descriptor.
     */
    public int groupDescriptor(GroupDescriptor gd, long group, boolean metadataCsum) {
        ByteBuffer b = gd.buffer();
        int off = gd.offset();
        int size = gd.descSize();
        int csumEnd = off + GroupDescriptor.CHECKSUM_OFFSET;
        if (metadataCsum) {
            crc.reset(fsSeed).updateLe32((int) group)
                    .update(b, off, GroupDescriptor.CHECKSUM_OFFSET).updateZeros(2);
            if (size > GroupDescriptor.CHECKSUM_OFFSET + 2) {
                crc.update(b, csumEnd + 2, size - GroupDescriptor.CHECKSUM_OFFSET - 2);
            }
            return crc.value() & 0xFFFF;
        }
        int c = Crc16.update(0xFFFF, uuid, 0, uuid.length);
        byte[] g = {(byte) group, (byte) (group >>> 8), (byte) (group >>> 16), (byte) (group >>> 24)};
        c = Crc16.update(c, g, 0, 4);
        c = Crc16.update(c, b, off, GroupDescriptor.CHECKSUM_OFFSET);
        if (size > GroupDescriptor.CHECKSUM_OFFSET + 2) {
            c = Crc16.update(c, b, csumEnd + 2, size - GroupDescriptor.CHECKSUM_OFFSET - 2);
        }
        return c;
    }

    /** Starts the per-inode seed: fs seed, inode number, generation. Leaves it in {@link #crc()}. */
    public Crc32c inodeSeed(long ino, int generation) {
        return crc.reset(fsSeed).updateLe32((int) ino).updateLe32(generation);
    }

    /** The per-inode seed value used by extent, directory and xattr-in-inode checksums. */
    public int inodeSeedValue(long ino, int generation) {
        return inodeSeed(ino, generation).value();
    }

    /**
     * Expected inode checksum over the whole record with both checksum fields treated as zero.
     * Compare all 32 bits when {@link Inode#hasChecksumHi()}, else the low 16.
     */
    public int inode(Inode inode, long ino) {
        // Every inode in use is checksummed, so this is one of pass 1's hottest spots: the
        // inode number, generation and record are laid out in one scratch array, checksum
        // fields zeroed there, and fed to the crc in a single call.
        int size = inode.recordSize();
        if (inodeScratch.length < 8 + size) {
            inodeScratch = new byte[8 + size];
        }
        byte[] s = inodeScratch;
        putLe32(s, 0, (int) ino);
        putLe32(s, 4, inode.generation());
        inode.buffer().get(inode.offset(), s, 8, size);
        s[8 + Inode.CHECKSUM_LO_OFFSET] = 0;
        s[8 + Inode.CHECKSUM_LO_OFFSET + 1] = 0;
        if (size > Inode.GOOD_OLD_SIZE && inode.hasChecksumHi()) {
            s[8 + Inode.CHECKSUM_HI_OFFSET] = 0;
            s[8 + Inode.CHECKSUM_HI_OFFSET + 1] = 0;
        }
        return crc.reset(fsSeed).update(s, 0, 8 + size).value();
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Expected checksum of a block or inode bitmap of {@code bytes} bytes. */
    public int bitmap(ByteBuffer b, int off, int bytes) {
        return crc.reset(fsSeed).update(b, off, bytes).value();
    }
    /** True if the inode's stored checksum matches (all 32 bits when the high half exists). */
    public boolean inodeMatches(Inode inode, long ino) {
        int expect = inode(inode, ino);
        return inode.storedChecksum() == (inode.hasChecksumHi() ? expect : expect & 0xFFFF);
    }

    /** crc32c of a range from an arbitrary seed (typically a per-inode seed). */
    public int seeded(int seed, ByteBuffer b, int off, int len) {
        return crc.reset(seed).update(b, off, len).value();
    }

    /**
     * Expected checksum of an htree index block (root or node): the header area and the
     * {@code count} used entries, then the tail's reserved word, then four zero bytes standing in
     * for the checksum itself. Offsets are absolute in {@code b}.
     */
    public int dxNode(int inodeSeed, ByteBuffer b, int blockOff, int countOffset, int count, int tailOff) {
        return crc.reset(inodeSeed).update(b, blockOff, countOffset + count * 8)
                .update(b, tailOff, 4).updateZeros(4).value();
    }

    /**
     * Expected checksum of an extended-attribute block: the fs seed, the 64-bit block number
     * (little-endian), then the block with its checksum field taken as zero.
     */
    public int xattrBlock(long blockNr, ByteBuffer b, int off, int blockSize) {
        int field = XattrBlock.CHECKSUM_OFFSET;
        return crc.reset(fsSeed).updateLe32((int) blockNr).updateLe32((int) (blockNr >>> 32))
                .update(b, off, field).updateZeros(4).update(b, off + field + 4, blockSize - field - 4).value();
    }
}
