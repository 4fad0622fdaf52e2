package pe2fsck.journal;

import java.nio.ByteBuffer;

/**
 * The big-endian (most significant bit first) CRC-32 with polynomial 0x04C11DB7, no reflection
 * and no final inversion: the checksum version 1 journals put in their commit blocks, chained
 * over a transaction's descriptor and data blocks from all ones.
 */
public final class Crc32Be {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32Be() {
    }

    /** Continues {@code crc} over {@code len} bytes of {@code b} from {@code off}. */
    public static int update(int crc, ByteBuffer b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b.get(i)) & 0xFF];
        }
        return crc;
    }
}
