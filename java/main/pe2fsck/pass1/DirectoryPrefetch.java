package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import pe2fsck.state.ThreadFigures;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.DeviceException;
import pe2fsck.io.IoMode;
import pe2fsck.io.ReadAhead;

/**
 * Starts pass 2's directory reads while pass 1 still runs. Most directories keep their extents
 * (or direct block pointers) in the inode, so the pass-1 readers learn where their blocks are as
 * soon as an inode-table batch arrives; they hand each batch's ranges here, and a few threads
 * read them through the page cache. Pass 2 then finds most of its blocks cached instead of
 * waiting for them one window at a time after pass 1 has ended: on a device with latency (an
 * array, a network volume) pass 2's reads overlap pass 1's work.
 *
 * <p>Real reads with a few threads, not a kernel readahead hint for each range: a hint queues
 * all of its reads at once, ahead of the inode-table reads pass 1 is waiting for, while a
 * thread has one read in flight, so the prefetch takes a bounded share of the device. A
 * bounded queue: when the threads fall behind, ranges are dropped, not waited for. A byte
 * budget: on a machine with little memory the page cache must not fill with blocks evicted
 * again before pass 2 reaches them. Only a warm-up: pass 2 reads and checks every block itself,
 * and a read that fails here is simply skipped. Nothing starts on an O_DIRECT device, which
 * has no page cache to fill.
 */
final class DirectoryPrefetch implements AutoCloseable {

    /** Batches of ranges that may wait; more are dropped. */
    private static final int QUEUE = 64;
    /** Largest single read. */
    static final int CHUNK = 256 * 1024;
    private static final long[] END = new long[0];

    private final BlockDevice device;
    private final long blockSize;
    private final ArrayBlockingQueue<long[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final List<Thread> threads = new ArrayList<>();
    private final ReadAhead.ThreadReport report;
    /** Bytes still allowed, shared by the threads. */
    private final AtomicLong budget;
    private volatile boolean stopped;

    private DirectoryPrefetch(BlockDevice device, int blockSize, long budgetBytes, ReadAhead.ThreadReport report) {
        this.device = device;
        this.blockSize = blockSize;
        this.budget = new AtomicLong(budgetBytes);
        this.report = report;
    }

    /**
     * Running prefetch threads, or null when they could do nothing: no budget, or a device that
     * does not go through the page cache.
     *
     * @param threads reads in flight at most
     * @param report  where each thread's figures go as it ends (-tt), or null
     */
    static DirectoryPrefetch start(BlockDevice device, int blockSize, long budgetBytes, int threads,
            ReadAhead.ThreadReport report) {
        if (budgetBytes <= 0 || device.mode() == IoMode.NATIVE_DIRECT) {
            return null;
        }
        DirectoryPrefetch p = new DirectoryPrefetch(device, blockSize, budgetBytes, report);
        for (int i = 0; i < Math.max(1, threads); i++) {
            Thread t = new Thread(p::run, "pass1-dir-prefetch-" + i);
            t.setDaemon(true);
            p.threads.add(t);
            t.start();
        }
        return p;
    }

    /**
     * Offers one batch's ranges as (first block, block count) pairs in disk order. Never waits:
     * when the queue is full the ranges are dropped, and pass 2 reads them as it would anyway.
     */
    void offer(long[] ranges) {
        if (!stopped && ranges.length > 0) {
            queue.offer(ranges);
        }
    }

    /** One thread: takes batches until stopped or the budget is spent, with its own buffer. */
    private void run() {
        ByteBuffer buffer = device.allocate(CHUNK);
        long[] figures = new long[3]; // reads, bytes, nanoseconds in reads
        try {
            while (!stopped && budget.get() > 0) {
                long[] batch = queue.poll(100, TimeUnit.MILLISECONDS);
                if (batch == END) {
                    queue.offer(END); // for the next thread
                    return;
                }
                if (batch != null) {
                    read(batch, buffer, figures);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (report != null) {
                report.threadEnded(Thread.currentThread().getName(), ThreadFigures.thisThreadCpuNanos(), figures[0],
                        figures[1], figures[2]);
            }
        }
    }

    private void read(long[] batch, ByteBuffer buffer, long[] figures) {
        for (int i = 0; i + 1 < batch.length && !stopped; i += 2) {
            long offset = batch[i] * blockSize;
            long length = batch[i + 1] * blockSize;
            if (budget.getAndAdd(-length) <= 0) {
                return;
            }
            for (long done = 0; done < length && !stopped; done += CHUNK) {
                buffer.clear().limit((int) Math.min(CHUNK, length - done));
                long t0 = System.nanoTime();
                try {
                    device.read(offset + done, buffer);
                } catch (DeviceException e) {
                    break; // pass 2 meets the same error and reports it
                } finally {
                    figures[2] += System.nanoTime() - t0;
                }
                figures[0]++;
                figures[1] += buffer.position();
            }
        }
    }

    /**
     * Stops at the end of pass 1: ranges still queued are dropped (pass 2 is about to read them
     * itself) and the threads are waited for, each finishing at most its current read, so none
     * outlives the pass.
     */
    @Override
    public void close() {
        stopped = true;
        queue.clear();
        queue.offer(END);
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
