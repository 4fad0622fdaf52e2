package pe2fsck.write;

import java.nio.ByteBuffer;
import pe2fsck.io.BlockDevice;

/**
 * Writes whole blocks exactly as given, for writers that bring their own bytes and checksums
 * (a journal replay copies blocks the kernel logged): nothing is stamped, but each block's old
 * contents go to the run's undo log first, as on every other write of a run.
 */
public final class RawBlockWriter {

    private final OrderedWriter writer;
    private final BlockDevice device;

    public RawBlockWriter(BlockDevice device, int blockSize, UndoLog undo) {
        this.writer = new OrderedWriter(device, blockSize, undo, 0);
        this.device = device;
    }

    /**
     * Writes {@code data} (whole blocks, from its position to its limit) as blocks {@code first}
     * onwards, in one request.
     */
    public void writeBlocks(long first, ByteBuffer data) {
        ByteBuffer out = device.allocate(data.remaining());
        out.put(data.duplicate()).flip();
        writer.writeRange(first, out);
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
