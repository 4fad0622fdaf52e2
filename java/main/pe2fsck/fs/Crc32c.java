package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C in ext4's convention: a raw register value with no final inversion, chained from an
 * arbitrary 32-bit seed. Backed by {@link java.util.zip.CRC32C} (hardware accelerated), which
 * always starts from all-ones; to start from another seed we first feed the four bytes that take
 * the register from all-ones to that seed. One instance per thread; reuse it with
 * {@link #reset(int)}.
 */
public final class Crc32c {

    private static final int POLY = 0x82F63B78;

    private final CRC32C crc = new CRC32C();
    private final byte[] prefix = new byte[4];
    private final byte[] word = new byte[4];
    private int prefixSeed;
    private boolean prefixValid;

    /** Starts a new checksum whose running value is {@code seed}. Returns this. */
    public Crc32c reset(int seed) {
        crc.reset();
        if (seed != prefixSeed || !prefixValid) {
            // Most resets use the file system's seed: remember the prefix of the last one.
            int w = unshift32(seed) ^ 0xFFFFFFFF;
            prefix[0] = (byte) w;
            prefix[1] = (byte) (w >>> 8);
            prefix[2] = (byte) (w >>> 16);
            prefix[3] = (byte) (w >>> 24);
            prefixSeed = seed;
            prefixValid = true;
        }
        crc.update(prefix, 0, 4);
        return this;
    }

    /**
     * Feeds {@code len} bytes of {@code b} from {@code off}. The buffer's position and limit are
     * used for the call and restored, so the caller must own the buffer for its duration (as
     * every pe2fsck buffer has a single owner).
     */
    public Crc32c update(ByteBuffer b, int off, int len) {
        if (b.hasArray()) {
            crc.update(b.array(), b.arrayOffset() + off, len);
            return this;
        }
        int pos = b.position();
        int lim = b.limit();
        b.limit(b.capacity()).position(off).limit(off + len);
        crc.update(b);
        b.limit(lim).position(pos);
        return this;
    }

    public Crc32c update(byte[] b, int off, int len) {
        crc.update(b, off, len);
        return this;
    }

    /** Feeds a 32-bit value in little-endian order. */
    public Crc32c updateLe32(int v) {
        word[0] = (byte) v;
        word[1] = (byte) (v >>> 8);
        word[2] = (byte) (v >>> 16);
        word[3] = (byte) (v >>> 24);
        crc.update(word, 0, 4);
        return this;
    }

    /** Feeds {@code n} zero bytes. */
    public Crc32c updateZeros(int n) {
        word[0] = word[1] = word[2] = word[3] = 0;
        for (int i = 0; i < n; i += 4) {
            crc.update(word, 0, Math.min(4, n - i));
        }
        return this;
    }

    /** The running value, in ext4's convention (what is stored on disk for 32-bit checksums). */
    public int value() {
        return ~(int) crc.getValue();
    }

    /** One-shot ext4 crc32c of a range, from a seed. */
    public static int of(int seed, ByteBuffer b, int off, int len) {
        return new Crc32c().reset(seed).update(b, off, len).value();
    }

    /**
     * Inverse of 32 zero-input register steps: the register value that 32 steps turn into
     * {@code r}. Each forward step shifts right and xors the polynomial when the low bit was 1;
     * because the polynomial's top bit is set, that low bit reappears as the new top bit.
     */
    private static int unshift32(int r) {
        for (int i = 0; i < 32; i++) {
            int low = r >>> 31;
            if (low != 0) {
                r ^= POLY;
            }
            r = (r << 1) | low;
        }
        return r;
    }
}
