package pe2fsck.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Read buffers shared by the passes of one run, so that each pass's lookahead reuses the
 * buffers the one before it gave back instead of allocating its own.
 *
 * <p>Why it matters: a read buffer is direct memory, freed only when the collector finds its
 * owner dead, and the passes' buffers outlive the young generation, so in practice never during
 * a run. Without the pool every pass added its lookahead to the peak: on an 8-member array
 * (32 reads in flight) pass 1's ring, the extended attribute reads and pass 2's read-ahead each
 * held 32 MiB, all three at once by pass 2. With it the peak is the largest single lookahead.
 *
 * <p>Buffers come in power-of-two sizes (at least 4 KiB) and are handed out with their whole
 * capacity, which may exceed what was asked; callers set the limit they need. A buffer given
 * back must no longer be used by anyone, including a read still in progress. Thread-safe.
 */
public final class BufferPool {

    private static final int SMALLEST = 4096;

    private final BlockDevice device;
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private long allocatedBytes;
    private long freeBytes;

    public BufferPool(BlockDevice device) {
        this.device = device;
    }

    /** A cleared buffer of at least {@code capacity} bytes, aligned for the device. */
    public synchronized ByteBuffer take(int capacity) {
        int size = sizeFor(capacity);
        ArrayDeque<ByteBuffer> q = free.get(size);
        ByteBuffer b = q == null ? null : q.pollLast();
        if (b == null) {
            b = device.allocate(size);
            allocatedBytes += size;
        } else {
            freeBytes -= size;
        }
        return b.clear();
    }

    /** Returns a buffer {@link #take} handed out; null is ignored. */
    public synchronized void give(ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        int size = buffer.capacity();
        if (size != sizeFor(size)) {
            throw new IllegalArgumentException("not a pooled buffer: capacity " + size);
        }
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).addLast(buffer);
        freeBytes += size;
    }

    /** Bytes of buffers this pool has allocated in its life. */
    public synchronized long allocatedBytes() {
        return allocatedBytes;
    }

    /** Bytes of buffers given back and not yet handed out again. */
    public synchronized long freeBytes() {
        return freeBytes;
    }

    static int sizeFor(int capacity) {
        if (capacity < 0 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("buffer size out of range: " + capacity);
        }
        return Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, capacity) * 2 - 1));
    }
}
