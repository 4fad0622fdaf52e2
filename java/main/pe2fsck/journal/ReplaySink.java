package pe2fsck.journal;

import java.nio.ByteBuffer;

/**
 * Where a journal replay writes: the file system blocks the log holds, the journal superblock
 * (a block like any other) and the primary superblock. The journal package writes nothing by
 * itself; the caller decides what a write goes through (the device, a write-back cache, an undo
 * log).
 */
public interface ReplaySink {

    /**
     * Writes {@code data} (whole blocks, from its position to its limit) as file system blocks
     * {@code block} onwards.
     */
    void writeBlocks(long block, ByteBuffer data);

    /** Writes the 1024-byte primary superblock (byte 1024 of the device). */
    void writeSuperblock(ByteBuffer superblock);

    /** Makes what was written so far durable before anything written after. */
    void flush();
}
