package pe2fsck.write;

import java.nio.ByteBuffer;

/**
 * Where the old contents of blocks go before they are overwritten. Every call returns only once
 * what it recorded is on stable storage, so a run killed at any moment leaves a log that
 * restores everything written so far.
 */
public interface UndoLog extends AutoCloseable {

    /**
     * Records {@code old} (whole file system blocks, from its position to its limit) as the
     * contents of blocks from {@code firstBlock} on. Blocks recorded earlier in the run are
     * skipped: the log keeps what was there before the run.
     */
    void save(long firstBlock, ByteBuffer old);

    /**
     * Says what the primary superblock (1024 bytes) is about to become: an undo file names the
     * superblock it applies to.
     */
    void superblockWillBe(ByteBuffer superblock);

    @Override
    void close();

    /** A log that records nothing (no {@code -z}). */
    static UndoLog none() {
        return new UndoLog() {
            @Override public void save(long firstBlock, ByteBuffer old) { }
            @Override public void superblockWillBe(ByteBuffer superblock) { }
            @Override public void close() { }
        };
    }
}
