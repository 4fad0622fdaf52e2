package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Directory-index name hashes: legacy, half-MD4 and TEA, each in a variant that reads name
 * bytes as signed chars and one that reads them as unsigned (which one a file system uses is in
 * the superblock flags). Results have bit 0 clear, as htree stores them. One instance per thread;
 * {@link #minor()} holds the secondary hash of the last call.
 */
public final class DirHash {

    public static final int LEGACY = 0;
    public static final int HALF_MD4 = 1;
    public static final int TEA = 2;
    public static final int LEGACY_UNSIGNED = 3;
    public static final int HALF_MD4_UNSIGNED = 4;
    public static final int TEA_UNSIGNED = 5;
    public static final int SIPHASH = 6;

    /** Superblock s_flags bits choosing the char signedness of the hash. */
    public static final long FLAG_SIGNED_HASH = 0x1;
    public static final long FLAG_UNSIGNED_HASH = 0x2;

    private static final int[] DEFAULT_SEED = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    private static final int K2 = 0x5A827999;
    private static final int K3 = 0x6ED9EBA1;
    private static final int TEA_DELTA = 0x9E3779B9;

    private final int[] state = new int[4];
    private final int[] in = new int[8];
    /** The name being hashed, copied out of its buffer; grown for longer names. */
    private byte[] nameCopy = new byte[256];
    private int minor;

    /**
     * The hash variant to use for a directory whose root names {@code rootVersion}: the signed
     * base versions become their unsigned counterparts when the superblock says so.
     */
    public static int effectiveVersion(int rootVersion, Superblock sb) {
        if (rootVersion <= TEA && (sb.flags() & FLAG_UNSIGNED_HASH) != 0) {
            return rootVersion + 3;
        }
        return rootVersion;
    }

    /** The four seed words from s_hash_seed (all zero means "use the default seed"). */
    public static int[] seed(Superblock sb) {
        return new int[] {sb.hashSeed(0), sb.hashSeed(1), sb.hashSeed(2), sb.hashSeed(3)};
    }

    public static boolean supported(int version) {
        return version >= LEGACY && version <= TEA_UNSIGNED;
    }

    public int minor() { return minor; }

    public int hash(int version, int[] seed, byte[] name) {
        return hash(version, seed, ByteBuffer.wrap(name), 0, name.length);
    }

    /**
     * Hash of the {@code len} name bytes at {@code off} of {@code b}. Throws
     * {@link FormatException} for versions this model does not compute (siphash, unknown).
     */
    public int hash(int version, int[] seed, ByteBuffer b, int off, int len) {
        boolean unsigned = version == LEGACY_UNSIGNED || version == HALF_MD4_UNSIGNED || version == TEA_UNSIGNED;
        System.arraycopy(DEFAULT_SEED, 0, state, 0, 4);
        if (seed != null && (seed[0] | seed[1] | seed[2] | seed[3]) != 0) {
            System.arraycopy(seed, 0, state, 0, 4);
        }
        // One bulk copy of the name, then plain array reads: a read per byte through the
        // buffer costs more than the hash (the quick JIT tier does not inline it).
        if (len > nameCopy.length) {
            nameCopy = new byte[len];
        }
        b.get(off, nameCopy, 0, len);
        byte[] n = nameCopy;
        int h;
        switch (version) {
            case LEGACY, LEGACY_UNSIGNED -> {
                h = legacy(n, len, unsigned);
                minor = 0;
            }
            case HALF_MD4, HALF_MD4_UNSIGNED -> {
                for (int p = 0, rest = len; rest > 0; p += 32, rest -= 32) {
                    pack(n, p, rest, 8, unsigned);
                    halfMd4();
                }
                h = state[1];
                minor = state[2];
            }
            case TEA, TEA_UNSIGNED -> {
                for (int p = 0, rest = len; rest > 0; p += 16, rest -= 16) {
                    pack(n, p, rest, 4, unsigned);
                    tea();
                }
                h = state[0];
                minor = state[1];
            }
            default -> throw new FormatException("directory hash version " + version + " is not supported");
        }
        h &= ~1;
        if (h == 0xFFFFFFFE) {
            // The all-ones value marks end-of-directory for 32-bit readdir cookies.
            h = 0xFFFFFFFC;
        }
        return h;
    }

    private static int ch(byte[] name, int i, boolean unsigned) {
        byte c = name[i];
        return unsigned ? c & 0xFF : c;
    }

    private static int legacy(byte[] name, int len, boolean unsigned) {
        int a = 0x12a3fe2d;
        int prev = 0x37abe8f9;
        for (int i = 0; i < len; i++) {
            int x = prev + (a ^ (ch(name, i, unsigned) * 7152373));
            if (x < 0) {
                x -= 0x7fffffff;
            }
            prev = a;
            a = x;
        }
        return a << 1;
    }

    /**
     * Fills {@code words} input words from up to 4*words name bytes, big-end-first within each
     * word, padding with a pattern built from the remaining length.
     */
    private void pack(byte[] name, int off, int rest, int words, boolean unsigned) {
        int pad = rest | rest << 8;
        pad |= pad << 16;
        int n = Math.min(rest, words * 4);
        int w = 0;
        int val = pad;
        for (int i = 0; i < n; i++) {
            val = ch(name, off + i, unsigned) + (val << 8);
            if ((i & 3) == 3) {
                in[w++] = val;
                val = pad;
            }
        }
        if (w < words && (n & 3) != 0) {
            in[w++] = val;
        }
        while (w < words) {
            in[w++] = pad;
        }
    }

    private void halfMd4() {
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        // round 1: f = (x & y) | (~x & z)
        a = Integer.rotateLeft(a + f(b, c, d) + in[0], 3);
        d = Integer.rotateLeft(d + f(a, b, c) + in[1], 7);
        c = Integer.rotateLeft(c + f(d, a, b) + in[2], 11);
        b = Integer.rotateLeft(b + f(c, d, a) + in[3], 19);
        a = Integer.rotateLeft(a + f(b, c, d) + in[4], 3);
        d = Integer.rotateLeft(d + f(a, b, c) + in[5], 7);
        c = Integer.rotateLeft(c + f(d, a, b) + in[6], 11);
        b = Integer.rotateLeft(b + f(c, d, a) + in[7], 19);
        // round 2: majority
        a = Integer.rotateLeft(a + g(b, c, d) + in[1] + K2, 3);
        d = Integer.rotateLeft(d + g(a, b, c) + in[3] + K2, 5);
        c = Integer.rotateLeft(c + g(d, a, b) + in[5] + K2, 9);
        b = Integer.rotateLeft(b + g(c, d, a) + in[7] + K2, 13);
        a = Integer.rotateLeft(a + g(b, c, d) + in[0] + K2, 3);
        d = Integer.rotateLeft(d + g(a, b, c) + in[2] + K2, 5);
        c = Integer.rotateLeft(c + g(d, a, b) + in[4] + K2, 9);
        b = Integer.rotateLeft(b + g(c, d, a) + in[6] + K2, 13);
        // round 3: parity
        a = Integer.rotateLeft(a + (b ^ c ^ d) + in[3] + K3, 3);
        d = Integer.rotateLeft(d + (a ^ b ^ c) + in[7] + K3, 9);
        c = Integer.rotateLeft(c + (d ^ a ^ b) + in[2] + K3, 11);
        b = Integer.rotateLeft(b + (c ^ d ^ a) + in[6] + K3, 15);
        a = Integer.rotateLeft(a + (b ^ c ^ d) + in[1] + K3, 3);
        d = Integer.rotateLeft(d + (a ^ b ^ c) + in[5] + K3, 9);
        c = Integer.rotateLeft(c + (d ^ a ^ b) + in[0] + K3, 11);
        b = Integer.rotateLeft(b + (c ^ d ^ a) + in[4] + K3, 15);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    private static int f(int x, int y, int z) { return z ^ (x & (y ^ z)); }

    private static int g(int x, int y, int z) { return (x & y) + ((x ^ y) & z); }

    private void tea() {
        int sum = 0;
        int b0 = state[0];
        int b1 = state[1];
        int a = in[0];
        int b = in[1];
        int c = in[2];
        int d = in[3];
        for (int n = 0; n < 16; n++) {
            sum += TEA_DELTA;
            b0 += ((b1 << 4) + a) ^ (b1 + sum) ^ ((b1 >>> 5) + b);
            b1 += ((b0 << 4) + c) ^ (b0 + sum) ^ ((b0 >>> 5) + d);
        }
        state[0] += b0;
        state[1] += b1;
    }
}
