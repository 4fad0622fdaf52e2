package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * The 4-byte checksum after the last possible entry (eh_max) of an extent tree block. It is
 * crc32c, from the owning inode's seed, over the block from the header up to the tail.
 */
public final class ExtentTail {

    public static final int SIZE = 4;

    private ExtentTail() {
    }

    /** Buffer offset of the tail of the node whose header sits at {@code headerOff}. */
    public static int offset(int headerOff, int max) {
        return headerOff + ExtentHeader.SIZE + max * ExtentEntry.SIZE;
    }

    /** True if a node with this eh_max leaves room for a tail inside {@code blockSize} bytes. */
    public static boolean fits(int max, int blockSize) {
        return ExtentHeader.SIZE + max * ExtentEntry.SIZE + SIZE <= blockSize;
    }

    public static int stored(ByteBuffer b, int headerOff, int max) {
        return Le.s32(b, offset(headerOff, max));
    }

    /** The checksum the tail should hold; {@code inodeSeed} from {@link Checksums#inodeSeedValue}. */
    public static int expected(Checksums ck, int inodeSeed, ByteBuffer b, int headerOff, int max) {
        return ck.seeded(inodeSeed, b, headerOff, offset(headerOff, max) - headerOff);
    }
}
