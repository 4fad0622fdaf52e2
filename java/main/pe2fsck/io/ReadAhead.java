package pe2fsck.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a known list of ranges with several reads in flight and hands the results back in list
 * order: the read-ahead engine behind passes that walk metadata in disk order (directory
 * blocks in pass 2, bitmaps in pass 5). Lookahead is bounded by a fixed pool of buffers, so
 * memory stays flat however long the list is.
 *
 * <p>Neighbouring ranges are merged into one request: ranges that follow each other in the
 * list and on the device, at most {@code mergeGap} bytes apart, up to {@code mergeBytes} per
 * request. On a device where each request costs a seek or a round trip (a disk, an array
 * member, a network volume) one large read costs about what one small one does. The bytes of
 * a gap are read and dropped. A merged read that fails is retried range by range, so a bad
 * sector costs only the ranges that cover it.
 *
 * <p>Use: {@link #take()} returns the next range's bytes (positioned at 0, limited to its
 * length); they stay valid until the next {@code take()}, which may recycle the buffer under
 * them. Single consumer; not thread-safe.
 *
 * <p>With {@link #hintAhead(int)}, requests beyond those being read are announced to the kernel
 * ({@link BlockDevice#willNeed}) a fixed number of requests early: on a buffered device the
 * kernel starts those reads at once, so the device sees a deep queue without a thread or a
 * buffer per request; on an O_DIRECT device the hint does nothing. The announcing is done by a
 * thread of its own: starting a read blocks while the device's queue is full (at once, on a
 * device that takes one request at a time), and the reads must not wait behind it.
 *
 * <p>Given a {@link ThreadReport}, each pool thread reports what it did as it ends, and
 * {@link #close()} waits for the threads to end, so every report is in when it returns.
 */
public final class ReadAhead implements AutoCloseable {

    /** The ranges to read, in the order they are wanted. */
    public interface Ranges {
        int count();

        long offset(int i);

        int length(int i);

        /** Whole blocks of {@code blockSize} bytes, by block number, in the order given. */
        static Ranges ofBlocks(long[] blocks, int blockSize) {
            return new Ranges() {
                @Override public int count() { return blocks.length; }
                @Override public long offset(int i) { return blocks[i] * blockSize; }
                @Override public int length(int i) { return blockSize; }
            };
        }
    }

    /** Receives what each read-ahead thread did; called on that thread, as it ends. */
    public interface ThreadReport {
        /**
         * @param thread    the thread's name
         * @param cpuNanos  CPU the thread used in its life, or -1 where the JVM cannot tell
         * @param requests  device reads it made
         * @param bytes     bytes those reads returned
         * @param readNanos time it spent inside them
         */
        void threadEnded(String thread, long cpuNanos, long requests, long bytes, long readNanos);
    }

    /** How long {@link #close()} waits for the pool threads to end when it has to report them. */
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final BlockDevice device;
    private final Ranges ranges;
    private final Requests requests;
    private final ExecutorService pool;
    private final BlockingQueue<ByteBuffer> free;
    private final BufferPool bufferPool;
    private final Future<Done>[] pending;
    /** The buffer each pending read was given, by the same index. */
    private final ByteBuffer[] pendingBuffer;
    private final int window;
    private final ThreadReport report;
    /** The pool's threads, in the order made; guarded by itself. */
    private final List<PoolThread> made = new ArrayList<>();
    /** Requests between a request's read and the one its reader announces; 0: no hints. */
    private volatile int hintDistance;
    /** The last request the announcing thread is to announce; -1 without hints. */
    private final java.util.concurrent.atomic.AtomicInteger hintTarget = new java.util.concurrent.atomic.AtomicInteger(-1);
    private volatile Thread hinter;
    private int nextToSubmit;
    private int nextToTake;
    /** The request the last taken range came from, and its finished read. */
    private int current = -1;
    private Done held;

    /** Ranges are read one request each. */
    public ReadAhead(BlockDevice device, Ranges ranges, int depth, int window, int maxLength) {
        this(device, ranges, depth, window, maxLength, 0, 0);
    }

    /**
     * @param depth      reads in flight at most (threads)
     * @param window     requests read ahead of the consumer at most (buffers)
     * @param maxLength  largest range length
     * @param mergeBytes largest merged request (0: no merging)
     * @param mergeGap   largest gap between two ranges merged into one request
     */
    public ReadAhead(BlockDevice device, Ranges ranges, int depth, int window, int maxLength, int mergeBytes,
            int mergeGap) {
        this(device, ranges, depth, window, maxLength, mergeBytes, mergeGap, null);
    }

    /**
     * Like the constructor above; {@code report}, when not null, hears from every pool thread as
     * it ends.
     */
    public ReadAhead(BlockDevice device, Ranges ranges, int depth, int window, int maxLength, int mergeBytes,
            int mergeGap, ThreadReport report) {
        this(device, ranges, depth, window, maxLength, mergeBytes, mergeGap, report, new BufferPool(device));
    }

    /**
     * Like the constructor above, with the buffers taken from {@code bufferPool} and given back to
     * it by {@link #close()}, all but those of reads still in progress then.
     */
    @SuppressWarnings("unchecked")
    public ReadAhead(BlockDevice device, Ranges ranges, int depth, int window, int maxLength, int mergeBytes,
            int mergeGap, ThreadReport report, BufferPool bufferPool) {
        this.device = device;
        this.bufferPool = bufferPool;
        this.report = report;
        this.ranges = ranges;
        this.requests = Requests.plan(ranges, Math.max(mergeBytes, maxLength), mergeGap);
        this.window = Math.max(1, Math.max(depth, window));
        this.pool = Executors.newFixedThreadPool(Math.max(1, depth), this::newPoolThread);
        int bufferBytes = Math.max(maxLength, requests.longest());
        int buffers = Math.min(this.window, Math.max(1, requests.count()));
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(bufferPool.take(bufferBytes).order(ByteOrder.LITTLE_ENDIAN));
        }
        this.pending = new Future[this.window];
        this.pendingBuffer = new ByteBuffer[this.window];
        while (nextToSubmit < requests.count() && nextToSubmit < buffers) {
            submit();
        }
    }

    /**
     * Announces requests {@code distance} requests ahead of each read (see the class comment):
     * the {@code distance} requests after those already submitted at once, each later one once
     * the read {@code distance} requests before it starts. Call before the first
     * {@link #take()}; 0 or less leaves hints off.
     */
    public ReadAhead hintAhead(int distance) {
        if (distance <= 0 || hinter != null) {
            return this;
        }
        int inFlight = Math.min(nextToSubmit, requests.count());
        int last = Math.min(requests.count(), inFlight + distance) - 1;
        if (last < inFlight) {
            return this; // everything is being read already
        }
        hintDistance = distance;
        hintTarget.set(last);
        Thread t = new Thread(() -> announce(inFlight), "read-ahead-hints");
        t.setDaemon(true);
        hinter = t;
        t.start();
        return this;
    }

    /**
     * The announcing thread: announces requests in order from {@code first} up to the target
     * the reads keep raising, parking when it has caught up, until the last request or close.
     */
    private void announce(int first) {
        int next = first;
        try {
            while (next < requests.count() && !Thread.currentThread().isInterrupted()) {
                int target = Math.min(hintTarget.get(), requests.count() - 1);
                if (next > target) {
                    java.util.concurrent.locks.LockSupport.park(this);
                    continue;
                }
                device.willNeed(requests.offset[next], requests.length[next]);
                next++;
            }
        } catch (RuntimeException e) {
            // a hint is only a hint: the reads themselves report what is wrong
        }
    }

    /** Requests made from the ranges: which ranges each covers and what it reads. */
    private static final class Requests {
        private int count;
        private int[] firstRange;
        private long[] offset;
        private int[] length;
        private int longest;

        static Requests plan(Ranges ranges, int mergeBytes, int mergeGap) {
            int n = ranges.count();
            Requests q = new Requests();
            q.firstRange = new int[n + 1];
            q.offset = new long[n];
            q.length = new int[n];
            long start = 0;
            long end = 0;
            for (int i = 0; i < n; i++) {
                long off = ranges.offset(i);
                long rangeEnd = off + ranges.length(i);
                boolean joins = q.count > 0 && off >= end && off - end <= mergeGap
                        && Math.max(end, rangeEnd) - start <= mergeBytes;
                if (joins) {
                    end = Math.max(end, rangeEnd);
                } else {
                    if (q.count > 0) {
                        q.close(start, end);
                    }
                    q.firstRange[q.count++] = i;
                    start = off;
                    end = rangeEnd;
                }
            }
            if (q.count > 0) {
                q.close(start, end);
            }
            q.firstRange[q.count] = n;
            return q;
        }

        private void close(long start, long end) {
            offset[count - 1] = start;
            length[count - 1] = (int) (end - start);
            longest = Math.max(longest, length[count - 1]);
        }

        int count() { return count; }
        int longest() { return longest; }
    }

    /**
     * A finished request: its buffer (always returned to the pool) and, if it failed, the
     * failure of each of its ranges (null where the range was read).
     */
    private record Done(ByteBuffer buffer, RuntimeException[] errors) {
    }

    private void submit() {
        int r = nextToSubmit++;
        ByteBuffer buf = free.poll();
        pendingBuffer[r % window] = buf;
        pending[r % window] = pool.submit(() -> read(r, buf));
    }

    /**
     * A pool thread. It counts its own reads in plain fields (only it writes them) and, when the
     * engine has someone to report to, reports them with its CPU time as it ends.
     */
    private final class PoolThread extends Thread {
        private long reads;
        private long bytes;
        private long readNanos;

        PoolThread(Runnable work, String name) {
            super(work, name);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                super.run();
            } finally {
                if (report != null) {
                    report.threadEnded(getName(), cpuNanos(), reads, bytes, readNanos);
                }
            }
        }
    }

    private Thread newPoolThread(Runnable work) {
        synchronized (made) {
            PoolThread t = new PoolThread(work, "read-ahead-" + made.size());
            made.add(t);
            return t;
        }
    }

    private static long cpuNanos() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** One device read, counted for the pool thread making it. */
    private void deviceRead(long offset, ByteBuffer buf) {
        int before = buf.remaining();
        long t0 = System.nanoTime();
        try {
            device.read(offset, buf);
        } finally {
            if (Thread.currentThread() instanceof PoolThread me) {
                me.reads++;
                me.bytes += before - buf.remaining();
                me.readNanos += System.nanoTime() - t0;
            }
        }
    }

    private Done read(int r, ByteBuffer buf) {
        long off = requests.offset[r];
        Thread announcer = hinter;
        if (announcer != null) {
            int want = Math.min(r + hintDistance, requests.count() - 1);
            if (hintTarget.getAndAccumulate(want, Math::max) < want) {
                java.util.concurrent.locks.LockSupport.unpark(announcer);
            }
        }
        try {
            buf.clear().limit(requests.length[r]);
            deviceRead(off, buf);
            return new Done(buf, null);
        } catch (RuntimeException whole) {
            int first = requests.firstRange[r];
            int last = requests.firstRange[r + 1];
            RuntimeException[] errors = new RuntimeException[last - first];
            if (last - first == 1) {
                errors[0] = whole;
                return new Done(buf, errors);
            }
            for (int i = first; i < last; i++) {
                int at = (int) (ranges.offset(i) - off);
                try {
                    buf.clear().position(at).limit(at + ranges.length(i));
                    deviceRead(ranges.offset(i), buf);
                } catch (RuntimeException e) {
                    errors[i - first] = e;
                }
            }
            return new Done(buf, errors);
        }
    }

    /** True while ranges remain to be taken. */
    public boolean hasNext() {
        return nextToTake < ranges.count();
    }

    /** Index of the range the next {@link #take()} returns. */
    public int nextIndex() {
        return nextToTake;
    }

    /** Requests the ranges were merged into (for tests and diagnostics). */
    public int requestCount() {
        return requests.count();
    }

    /**
     * Waits for the next range and returns its bytes. A failed read is rethrown as the
     * exception it raised; the range counts as taken and the following ones stay available.
     */
    public ByteBuffer take() {
        int i = nextToTake++;
        if (current < 0 || i >= requests.firstRange[current + 1]) {
            advance();
        }
        int first = requests.firstRange[current];
        if (held.errors() != null && held.errors()[i - first] != null) {
            throw held.errors()[i - first];
        }
        int at = (int) (ranges.offset(i) - requests.offset[current]);
        return held.buffer().slice(at, ranges.length(i)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Recycles the finished request's buffer and waits for the next request. */
    private void advance() {
        if (held != null) {
            free.add(held.buffer());
            held = null;
            if (nextToSubmit < requests.count()) {
                submit();
            }
        }
        current++;
        Future<Done> f = pending[current % window];
        pending[current % window] = null;
        pendingBuffer[current % window] = null;
        try {
            held = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(device.path() + ": interrupted while reading");
        } catch (ExecutionException e) {
            throw new IllegalStateException("read task failed unexpectedly", e.getCause());
        }
    }

    /**
     * Gives the buffers back to the pool: the free ones, the one last taken, and those of reads
     * that finished or never started ({@code neverStarted}: what the thread pool's shutdown
     * took off its queue). A read still in progress keeps its buffer, which the collector frees
     * in time: a buffer must not be reused while a read may still write to it.
     */
    private void giveBack(List<Runnable> neverStarted) {
        if (held != null) {
            bufferPool.give(held.buffer());
            held = null;
        }
        for (int i = 0; i < pending.length; i++) {
            Future<Done> f = pending[i];
            ByteBuffer buf = pendingBuffer[i];
            pending[i] = null;
            pendingBuffer[i] = null;
            if (f != null && (f.isDone() || neverStarted.contains(f))) {
                bufferPool.give(buf);
            }
        }
        ByteBuffer b;
        while ((b = free.poll()) != null) {
            bufferPool.give(b);
        }
    }

    @Override
    public void close() {
        List<Runnable> neverStarted = pool.shutdownNow();
        if (hinter != null) {
            hinter.interrupt();
        }
        giveBack(neverStarted);
        if (report == null) {
            return;
        }
        // The threads themselves are waited for, not the pool: the pool counts as terminated
        // once its workers have stopped taking tasks, which is before a thread has reported.
        // A thread still stuck in a read after the wait only goes unreported: figures are not
        // worth failing a check for.
        List<PoolThread> threads;
        synchronized (made) {
            threads = new ArrayList<>(made);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        try {
            for (PoolThread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
