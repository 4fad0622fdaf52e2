package pe2fsck.write;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import pe2fsck.fs.Superblock;
import pe2fsck.io.BlockDevice;

/**
 * Puts blocks on the device: in block order, neighbours merged into writes of up to
 * {@link #MAX_RUN_BYTES}, each range's old contents saved in the undo log (and on stable
 * storage) before the range is overwritten. The superblock has a write of its own, made by
 * the caller at the right moment. A test hook may slow every device write, so that a test can
 * kill a run in the middle of its writes.
 */
final class OrderedWriter {

    /** Largest single write. */
    static final int MAX_RUN_BYTES = 1 << 20;

    private final BlockDevice device;
    private final int blockSize;
    private final UndoLog undo;
    private final long delayMillis;
    private long bytesWritten;
    private int writes;

    OrderedWriter(BlockDevice device, int blockSize, UndoLog undo, long delayMillis) {
        this.device = device;
        this.blockSize = blockSize;
        this.undo = undo;
        this.delayMillis = delayMillis;
    }

    /** Writes every block of {@code blocks} (block number to its full contents), in order. */
    void writeBlocks(SortedMap<Long, ByteBuffer> blocks) {
        int maxRun = Math.max(1, MAX_RUN_BYTES / blockSize);
        List<Map.Entry<Long, ByteBuffer>> run = new ArrayList<>();
        for (Map.Entry<Long, ByteBuffer> e : blocks.entrySet()) {
            boolean joins = !run.isEmpty() && run.size() < maxRun
                    && run.get(run.size() - 1).getKey() + 1 == e.getKey();
            if (!joins && !run.isEmpty()) {
                writeRun(run);
                run.clear();
            }
            run.add(e);
        }
        if (!run.isEmpty()) {
            writeRun(run);
        }
    }

    private void writeRun(List<Map.Entry<Long, ByteBuffer>> run) {
        ByteBuffer out = device.allocate(run.size() * blockSize);
        for (Map.Entry<Long, ByteBuffer> e : run) {
            ByteBuffer src = e.getValue().duplicate();
            src.clear().limit(blockSize);
            out.put(src);
        }
        out.flip();
        writeRange(run.get(0).getKey(), out);
    }

    /**
     * Writes {@code data} (whole blocks, from its position to its limit, in a buffer the device
     * can write from) as blocks {@code first} onwards, after saving what they hold now.
     */
    void writeRange(long first, ByteBuffer data) {
        pause();
        ByteBuffer old = device.allocate(data.remaining());
        device.read(first * blockSize, old);
        old.flip();
        undo.save(first, old);
        put(first * blockSize, data);
    }

    /**
     * Writes the primary superblock (1024 bytes at byte 1024) after saving the block that holds
     * it and telling the undo log what the superblock becomes.
     */
    void writeSuperblock(ByteBuffer sb) {
        pause();
        long block = Superblock.PRIMARY_OFFSET / blockSize;
        ByteBuffer old = device.allocate(blockSize);
        device.read(block * blockSize, old);
        old.flip();
        undo.save(block, old);
        ByteBuffer src = sb.duplicate();
        src.clear().limit(Superblock.SIZE);
        undo.superblockWillBe(src.duplicate());
        // Written as a whole block, so an O_DIRECT device's alignment holds: the rest of the
        // block is what is on disk now.
        int at = Superblock.PRIMARY_OFFSET - (int) (block * blockSize);
        ByteBuffer out = device.allocate(blockSize);
        old.clear();
        out.put(old);
        out.position(at);
        out.put(src);
        out.clear();
        put(block * blockSize, out);
    }

    /** Waits until everything written so far is on stable storage. */
    void barrier() {
        device.flush();
    }

    /** The test hook's pause, before a write's undo record (not between it and the write). */
    private void pause() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void put(long offset, ByteBuffer b) {
        int n = b.remaining();
        device.write(offset, b);
        bytesWritten += n;
        writes++;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    int writes() {
        return writes;
    }
}
