package pe2fsck.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a known list of ranges with several reads in flight and hands the results back in list
 * order: the read-ahead engine behind passes that walk metadata in disk order (directory
 * blocks in pass 2, bitmaps in pass 5). Lookahead is bounded by a fixed pool of buffers, so
 * memory stays flat however long the list is.
 *
 * <p>Use: {@link #take()} returns the next range's bytes (positioned at 0, limited to its
 * length); the buffer is the caller's until the next {@code take()}, which recycles it.
 * Single consumer; not thread-safe.
 */
public final class ReadAhead implements AutoCloseable {

    /** The ranges to read, in the order they are wanted. */
    public interface Ranges {
        int count();

        long offset(int i);

        int length(int i);
    }

    private final BlockDevice device;
    private final Ranges ranges;
    private final ExecutorService pool;
    private final BlockingQueue<ByteBuffer> free;
    private final Future<Done>[] pending;
    private final int window;
    private int nextToSubmit;
    private int nextToTake;
    private ByteBuffer held;

    /**
     * @param depth     reads in flight at most (threads)
     * @param window    ranges read ahead of the consumer at most (buffers)
     * @param maxLength largest range length
     */
    @SuppressWarnings("unchecked")
    public ReadAhead(BlockDevice device, Ranges ranges, int depth, int window, int maxLength) {
        this.device = device;
        this.ranges = ranges;
        this.window = Math.max(1, Math.max(depth, window));
        this.pool = Executors.newFixedThreadPool(Math.max(1, depth), r -> {
            Thread t = new Thread(r, "read-ahead");
            t.setDaemon(true);
            return t;
        });
        this.free = new ArrayBlockingQueue<>(this.window);
        for (int i = 0; i < this.window; i++) {
            free.add(device.allocate(maxLength).order(ByteOrder.LITTLE_ENDIAN));
        }
        this.pending = new Future[this.window];
        while (nextToSubmit < ranges.count() && nextToSubmit < this.window) {
            submit();
        }
    }

    /** A finished read: its buffer (always returned to the pool) and the failure, if any. */
    private record Done(ByteBuffer buffer, RuntimeException error) {
    }

    private void submit() {
        int i = nextToSubmit++;
        ByteBuffer buf = free.poll();
        long off = ranges.offset(i);
        int len = ranges.length(i);
        pending[i % window] = pool.submit(() -> {
            try {
                buf.clear().limit(len);
                device.read(off, buf);
                return new Done(buf.flip(), null);
            } catch (RuntimeException e) {
                return new Done(buf, e);
            }
        });
    }

    /** True while ranges remain to be taken. */
    public boolean hasNext() {
        return nextToTake < ranges.count();
    }

    /** Index of the range the next {@link #take()} returns. */
    public int nextIndex() {
        return nextToTake;
    }

    /**
     * Waits for the next range and returns its bytes. A failed read is rethrown as the
     * exception it raised; the range counts as taken and the following ones stay available.
     */
    public ByteBuffer take() {
        if (held != null) {
            free.add(held);
            held = null;
            if (nextToSubmit < ranges.count()) {
                submit();
            }
        }
        int i = nextToTake++;
        Future<Done> f = pending[i % window];
        pending[i % window] = null;
        Done d;
        try {
            d = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(device.path() + ": interrupted while reading");
        } catch (ExecutionException e) {
            throw new IllegalStateException("read task failed unexpectedly", e.getCause());
        }
        held = d.buffer();
        if (d.error() != null) {
            throw d.error();
        }
        return held;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
