package pe2fsck.fs;

import java.nio.ByteBuffer;

/** The CRC-16 (polynomial 0x8005, bit-reflected) that uninit_bg uses for group descriptors. */
public final class Crc16 {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xA001 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc16() {
    }

    public static int update(int crc, ByteBuffer b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ b.get(i)) & 0xFF];
        }
        return crc & 0xFFFF;
    }

    public static int update(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ b[i]) & 0xFF];
        }
        return crc & 0xFFFF;
    }
}
