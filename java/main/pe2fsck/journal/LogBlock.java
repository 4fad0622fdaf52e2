package pe2fsck.journal;

import java.nio.ByteBuffer;

/**
 * The 12-byte header every jbd2 metadata block of the log starts with (big-endian: magic, block
 * type, transaction sequence), and the block types and tag flags of the format. Static reads
 * over a buffer holding one journal block at position 0.
 */
public final class LogBlock {

    public static final int HEADER_BYTES = 12;

    public static final int DESCRIPTOR = 1;
    public static final int COMMIT = 2;
    public static final int REVOKE = 5;

    /** Tag flag: the block's first four bytes were the jbd2 magic and were zeroed in the log. */
    public static final int FLAG_ESCAPE = 0x1;
    /** Tag flag: no 16-byte UUID follows this tag. */
    public static final int FLAG_SAME_UUID = 0x2;
    public static final int FLAG_DELETED = 0x4;
    /** Tag flag: the descriptor's last tag. */
    public static final int FLAG_LAST_TAG = 0x8;

    /** Bytes of a revoke block's header: the common header and a 32-bit count of bytes used. */
    public static final int REVOKE_HEADER_BYTES = 16;

    /** Bytes of the checksum tail at the end of descriptor and revoke blocks (csum v2/v3). */
    public static final int TAIL_BYTES = 4;

    /** Commit block: checksum type, checksum size, first checksum word, seconds of the commit. */
    public static final int COMMIT_CSUM_TYPE = 12;
    public static final int COMMIT_CSUM_SIZE = 13;
    public static final int COMMIT_CSUM = 16;
    public static final int COMMIT_SEC = 48;
    /** Checksum type and size a version 1 (crc32) commit block carries. */
    public static final int CRC32_TYPE = 1;
    public static final int CRC32_SIZE = 4;

    private LogBlock() {
    }

    public static boolean hasMagic(ByteBuffer b) { return b.getInt(0) == JournalSuperblock.MAGIC; }
    public static int type(ByteBuffer b) { return b.getInt(4); }
    public static long sequence(ByteBuffer b) { return b.getInt(8) & 0xFFFFFFFFL; }
    /** Bytes a revoke block uses, header included. */
    public static long revokeCount(ByteBuffer b) { return b.getInt(12) & 0xFFFFFFFFL; }
    public static long commitSeconds(ByteBuffer b) { return b.getLong(COMMIT_SEC); }
}
