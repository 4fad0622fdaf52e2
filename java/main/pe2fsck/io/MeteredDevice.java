package pe2fsck.io;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a device to measure what the check asks of it (bytes, requests, time spent waiting for
 * reads, which gives the average number of reads in flight) and to refuse every write when the
 * run is read-only: with -n not one byte may reach the disk, whatever a pass tries.
 */
public final class MeteredDevice implements BlockDevice {

    /** Cumulative figures at one moment; subtract two snapshots to measure a pass. */
    public record Snapshot(long bytesRead, long reads, long readNanos, long bytesWritten, long nanoTime) {

        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(bytesRead - earlier.bytesRead, reads - earlier.reads, readNanos - earlier.readNanos,
                    bytesWritten - earlier.bytesWritten, nanoTime - earlier.nanoTime);
        }

        /** Average reads in flight over the interval (Little's law: busy time over wall time). */
        public double averageDepth() {
            return nanoTime <= 0 ? 0 : (double) readNanos / nanoTime;
        }

        /** Read throughput over the interval, in MB/s (10^6 bytes). */
        public double megabytesPerSecond() {
            return nanoTime <= 0 ? 0 : bytesRead / 1e6 / (nanoTime / 1e9);
        }
    }

    private final BlockDevice d;
    private final boolean readOnly;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder readNanos = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();

    public MeteredDevice(BlockDevice d, boolean readOnly) {
        this.d = d;
        this.readOnly = readOnly;
    }

    public Snapshot snapshot() {
        return new Snapshot(bytesRead.sum(), reads.sum(), readNanos.sum(), bytesWritten.sum(), System.nanoTime());
    }

    @Override public String path() { return d.path(); }
    @Override public long size() { return d.size(); }
    @Override public int logicalSectorSize() { return d.logicalSectorSize(); }
    @Override public int physicalSectorSize() { return d.physicalSectorSize(); }
    @Override public int alignment() { return d.alignment(); }
    @Override public IoMode mode() { return d.mode(); }
    @Override public boolean writable() { return d.writable() && !readOnly; }
    @Override public DeviceGeometry geometry() { return d.geometry(); }
    @Override public ByteBuffer allocate(int capacity) { return d.allocate(capacity); }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int before = dst.remaining();
        long t0 = System.nanoTime();
        try {
            d.read(offset, dst);
        } finally {
            countRead(t0, before - dst.remaining());
        }
    }

    @Override
    public boolean readIfCached(long offset, ByteBuffer dst) {
        int before = dst.remaining();
        long t0 = System.nanoTime();
        boolean got = d.readIfCached(offset, dst);
        if (got) {
            countRead(t0, before - dst.remaining());
        }
        return got;
    }

    /** Counts one read that started at {@code t0} and returned {@code bytes}. */
    private void countRead(long t0, int bytes) {
        readNanos.add(System.nanoTime() - t0);
        reads.increment();
        bytesRead.add(bytes);
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        if (readOnly) {
            throw new IllegalStateException("refusing to write to " + d.path() + " in a read-only run");
        }
        int before = src.remaining();
        d.write(offset, src);
        bytesWritten.add(before - src.remaining());
    }

    @Override public void willNeed(long offset, long length) { d.willNeed(offset, length); }
    @Override public void dontNeed(long offset, long length) { d.dontNeed(offset, length); }
    @Override public void flush() { d.flush(); }
    @Override public void close() { d.close(); }
}
