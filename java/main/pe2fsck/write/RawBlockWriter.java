package pe2fsck.write;

import java.nio.ByteBuffer;
import java.util.TreeMap;
import pe2fsck.io.BlockDevice;

/**
 * Writes whole blocks exactly as given, for writers that bring their own bytes and checksums
 * (a journal replay copies blocks the kernel logged): nothing is stamped, but each block's old
 * contents go to the run's undo log first, as on every other write of a run.
 */
public final class RawBlockWriter {

    private final OrderedWriter writer;

    public RawBlockWriter(BlockDevice device, int blockSize, UndoLog undo) {
        this.writer = new OrderedWriter(device, blockSize, undo, 0);
    }

    /** Writes one block (from its position, a whole block) as block {@code block}. */
    public void writeBlock(long block, ByteBuffer data) {
        TreeMap<Long, ByteBuffer> one = new TreeMap<>();
        one.put(block, data.slice());
        writer.writeBlocks(one);
    }

    /** Writes the 1024-byte primary superblock. */
    public void writeSuperblock(ByteBuffer superblock) {
        writer.writeSuperblock(superblock);
    }

    /** Waits until everything written so far is on stable storage. */
    public void barrier() {
        writer.barrier();
    }
}
