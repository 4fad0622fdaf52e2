package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian field access by absolute offset, independent of the buffer's byte order.
 *
 * <p>A buffer over a heap array is read straight from the array, a byte at a time: every
 * method used on that path is final, so even the JIT's quick tier (all a short check runs)
 * inlines it, where a {@code ByteBuffer.getShort} is a virtual call into a chain of helpers
 * that costs more than the check it serves. Bounds are those of the buffer, as with its own
 * accessors. Any other buffer is read with one wide access, the bytes swapped unless it is
 * little-endian.
 */
public final class Le {

    private Le() {
    }

    public static int u8(ByteBuffer b, int off) {
        if (b.hasArray()) {
            return b.array()[b.arrayOffset() + checkIndex(off, 1, b.limit())] & 0xFF;
        }
        return b.get(off) & 0xFF;
    }

    public static int u16(ByteBuffer b, int off) {
        if (b.hasArray()) {
            return u16(b.array(), b.arrayOffset() + checkIndex(off, 2, b.limit()));
        }
        short v = b.getShort(off);
        return (b.order() == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    /** Unsigned 32-bit value as a long. */
    public static long u32(ByteBuffer b, int off) {
        return s32(b, off) & 0xFFFFFFFFL;
    }

    public static int s32(ByteBuffer b, int off) {
        if (b.hasArray()) {
            return s32(b.array(), b.arrayOffset() + checkIndex(off, 4, b.limit()));
        }
        int v = b.getInt(off);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    public static long u64(ByteBuffer b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    /** The little-endian 16-bit value at index {@code i} of {@code a}; the caller checked the range. */
    public static int u16(byte[] a, int i) {
        return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8;
    }

    /** The little-endian 32-bit value at index {@code i} of {@code a}; the caller checked the range. */
    public static int s32(byte[] a, int i) {
        return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8 | (a[i + 2] & 0xFF) << 16 | a[i + 3] << 24;
    }

    /**
     * Returns {@code off} if [off, off + n) lies below {@code limit} (a buffer's limit), else
     * throws as the buffer would.
     */
    public static int checkIndex(int off, int n, int limit) {
        if (off < 0 || off > limit - n) {
            throw new IndexOutOfBoundsException("offset " + off + " + " + n + " past limit " + limit);
        }
        return off;
    }

    public static void put16(ByteBuffer b, int off, int v) {
        b.put(off, (byte) v);
        b.put(off + 1, (byte) (v >>> 8));
    }

    public static void put32(ByteBuffer b, int off, long v) {
        b.put(off, (byte) v);
        b.put(off + 1, (byte) (v >>> 8));
        b.put(off + 2, (byte) (v >>> 16));
        b.put(off + 3, (byte) (v >>> 24));
    }

    public static void put64(ByteBuffer b, int off, long v) {
        put32(b, off, v);
        put32(b, off + 4, v >>> 32);
    }
}
