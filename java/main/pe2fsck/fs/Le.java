package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian field access by absolute offset, independent of the buffer's byte order. A
 * little-endian buffer is read with one wide access; any other with the bytes swapped.
 */
public final class Le {

    private Le() {
    }

    public static int u8(ByteBuffer b, int off) {
        return b.get(off) & 0xFF;
    }

    public static int u16(ByteBuffer b, int off) {
        short v = b.getShort(off);
        return (b.order() == ByteOrder.LITTLE_ENDIAN ? v : Short.reverseBytes(v)) & 0xFFFF;
    }

    /** Unsigned 32-bit value as a long. */
    public static long u32(ByteBuffer b, int off) {
        return s32(b, off) & 0xFFFFFFFFL;
    }

    public static int s32(ByteBuffer b, int off) {
        int v = b.getInt(off);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? v : Integer.reverseBytes(v);
    }

    public static long u64(ByteBuffer b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
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
