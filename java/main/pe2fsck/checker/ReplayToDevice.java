package pe2fsck.checker;

import java.nio.ByteBuffer;
import pe2fsck.io.BlockDevice;
import pe2fsck.journal.ReplaySink;
import pe2fsck.write.RawBlockWriter;
import pe2fsck.write.UndoLog;

/**
 * Where a journal replay's writes meet the disk: the write path's raw writer, so every block the
 * replay overwrites is saved in the run's undo log first (the replay brings its own checksums,
 * so nothing is restamped), flushed when the replay asks.
 */
final class ReplayToDevice implements ReplaySink {

    private final RawBlockWriter writer;

    private ReplayToDevice(RawBlockWriter writer) {
        this.writer = writer;
    }

    /** The sink the checker gives a journal replay. */
    static ReplaySink of(BlockDevice device, int blockSize, UndoLog undo) {
        return new ReplayToDevice(new RawBlockWriter(device, blockSize, undo));
    }

    @Override
    public void writeBlocks(long block, ByteBuffer data) {
        writer.writeBlocks(block, data);
    }

    @Override
    public void writeSuperblock(ByteBuffer superblock) {
        writer.writeSuperblock(superblock);
    }

    @Override
    public void flush() {
        writer.barrier();
    }
}
