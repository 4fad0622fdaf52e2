package pe2fsck.fs;

import java.nio.ByteBuffer;

/** Little-endian field access by absolute offset, independent of the buffer's byte order. */
public final class Le {

    private Le() {
    }

    public static int u8(ByteBuffer b, int off) {
        return b.get(off) & 0xFF;
    }

    public static int u16(ByteBuffer b, int off) {
        return (b.get(off) & 0xFF) | (b.get(off + 1) & 0xFF) << 8;
    }

    /** Unsigned 32-bit value as a long. */
    public static long u32(ByteBuffer b, int off) {
        return s32(b, off) & 0xFFFFFFFFL;
    }

    public static int s32(ByteBuffer b, int off) {
        return (b.get(off) & 0xFF) | (b.get(off + 1) & 0xFF) << 8
                | (b.get(off + 2) & 0xFF) << 16 | (b.get(off + 3) & 0xFF) << 24;
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
