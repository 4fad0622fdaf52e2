package pe2fsck.journal;

import java.nio.ByteBuffer;
import pe2fsck.fs.Crc32c;

/**
 * The checksums of a v2/v3 journal, all crc32c chained from a seed made of the journal's UUID:
 * descriptor and revoke blocks end with a checksum of the whole block (the tail taken as zero),
 * a commit block keeps one of itself in its first checksum word, and each data block's tag holds
 * a checksum of the header's sequence number (big-endian) followed by the block as logged (v2
 * keeps its low 16 bits). One instance per thread.
 */
public final class JournalChecksums {

    private final Crc32c crc = new Crc32c();
    private final int seed;
    private final byte[] seq = new byte[4];

    public JournalChecksums(byte[] journalUuid) {
        this.seed = new Crc32c().reset(0xFFFFFFFF).update(journalUuid, 0, journalUuid.length).value();
    }

    /** Checksum of a block whose 4 bytes at {@code zeroAt} are taken as zero. */
    private int blockWithZeroWord(ByteBuffer b, int size, int zeroAt) {
        return crc.reset(seed).update(b, 0, zeroAt).updateZeros(4).update(b, zeroAt + 4, size - zeroAt - 4).value();
    }

    /** True if the tail of a descriptor or revoke block matches the block. */
    public boolean tailValid(ByteBuffer b, int blockSize) {
        int at = blockSize - LogBlock.TAIL_BYTES;
        return b.getInt(at) == blockWithZeroWord(b, blockSize, at);
    }

    /** True if a commit block's checksum word matches the block. */
    public boolean commitValid(ByteBuffer b, int blockSize) {
        return b.getInt(LogBlock.COMMIT_CSUM) == blockWithZeroWord(b, blockSize, LogBlock.COMMIT_CSUM);
    }

    /** The full 32-bit checksum of a logged data block of transaction {@code sequence}. */
    public int dataBlock(ByteBuffer b, int blockSize, long sequence) {
        seq[0] = (byte) (sequence >>> 24);
        seq[1] = (byte) (sequence >>> 16);
        seq[2] = (byte) (sequence >>> 8);
        seq[3] = (byte) sequence;
        return crc.reset(seed).update(seq, 0, 4).update(b, 0, blockSize).value();
    }

    /** Fills a tail or commit checksum in (for writers, and tests that build journals). */
    public void sealTail(ByteBuffer b, int blockSize) {
        int at = blockSize - LogBlock.TAIL_BYTES;
        b.putInt(at, blockWithZeroWord(b, blockSize, at));
    }

    public void sealCommit(ByteBuffer b, int blockSize) {
        b.putInt(LogBlock.COMMIT_CSUM, blockWithZeroWord(b, blockSize, LogBlock.COMMIT_CSUM));
    }
}
