package pe2fsck.checker;

import java.nio.ByteBuffer;
import pe2fsck.io.BlockDevice;
import pe2fsck.journal.ReplaySink;

/**
 * The one place a journal replay's writes meet the disk: plain positional writes to the device
 * (opened for writing only in writing modes), flushed when the replay asks. To route the replay
 * through the write path (write-back cache, undo file), replace {@link #of} and nothing else.
 */
final class ReplayToDevice implements ReplaySink {

    private static final long SUPERBLOCK_OFFSET = 1024;
    /** The replay writes runs of at most 1 MiB. */
    private static final int STAGING_BYTES = 1024 * 1024;

    private final BlockDevice device;
    private final int blockSize;
    private final ByteBuffer staging;

    private ReplayToDevice(BlockDevice device, int blockSize) {
        this.device = device;
        this.blockSize = blockSize;
        // An aligned buffer, whatever the device's mode asks for.
        this.staging = device.allocate(Math.max(STAGING_BYTES, device.alignment()));
    }

    /** The sink the checker gives a journal replay. */
    static ReplaySink of(BlockDevice device, int blockSize) {
        return new ReplayToDevice(device, blockSize);
    }

    @Override
    public void writeBlocks(long block, ByteBuffer data) {
        write(block * blockSize, data);
    }

    @Override
    public void writeSuperblock(ByteBuffer superblock) {
        write(SUPERBLOCK_OFFSET, superblock);
    }

    /**
     * Writes from an aligned buffer; a range the device's alignment does not fit (O_DIRECT with
     * sectors larger than the range) is read around, patched and written back whole.
     */
    private void write(long offset, ByteBuffer data) {
        int align = Math.max(1, device.alignment());
        int length = data.remaining();
        if (align == 1) {
            device.write(offset, data.duplicate());
            return;
        }
        if (offset % align == 0 && length % align == 0 && length <= staging.capacity()) {
            staging.clear().put(data.duplicate()).flip();
            device.write(offset, staging);
            return;
        }
        long start = offset / align * align;
        int span = (int) ((offset + length + align - 1) / align * align - start);
        ByteBuffer buf = device.allocate(span);
        device.read(start, buf);
        buf.put((int) (offset - start), data.duplicate(), data.position(), length);
        device.write(start, buf.clear());
    }

    @Override
    public void flush() {
        device.flush();
    }
}
