package pe2fsck.pass1;

import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import pe2fsck.run.CheckContext;
import pe2fsck.state.DebugLog;
import pe2fsck.run.IoTuning;
import pe2fsck.run.Pass;
import pe2fsck.state.ThreadFigures;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.io.BufferPool;

/**
 * Pass 1: checks every inode in use, on a pipeline.
 *
 * <p>Reader threads keep several inode-table reads in flight and publish each batch into a
 * Disruptor ring; N consumers check the inodes of their share of the batches; one publisher
 * merges the results in inode order into the run's maps.
 *
 * <p>Checks: mode and flags, dtime, block maps and extent trees (ranges, order, headers,
 * checksums), i_size and i_blocks, symlinks and special files, reserved inodes, the journal and
 * resize inodes, extra_isize and the inode checksum. Builds for later passes: inodes in use,
 * directories, regular files, bad inodes, link counts, expected directory-entry types, blocks in
 * use and blocks claimed twice, the directory block list, extended attribute block references.
 * Leaves to pass 1B (below) the owners of blocks claimed twice, to pass 2 the contents of
 * directories, to pass 4 link counts, and to pass 5 the on-disk bitmaps and counters.
 */
public final class Pass1 implements Pass {

    /** Bytes of inode table one batch reads. */
    static final int DEFAULT_BATCH_BYTES = 256 * 1024;

    @Override
    public String name() {
        return "Pass 1";
    }

    @Override
    public void run(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        ctx.blockUsed.addAll(ctx.blockMeta);
        int batchBytes = IoTuning.readaheadBytes(ctx, DEFAULT_BATCH_BYTES);
        int readers = IoTuning.depth(ctx);
        int workers = IoTuning.consumers(ctx);
        BatchPlan plan = BatchPlan.of(fs, batchBytes);
        int ringSize = ringSize(readers, workers);
        DebugLog log = new DebugLog(Pass1.class, ctx.options().debug());
        log.debug("pass 1: {} batches of up to {} inodes, {} readers, {} consumers, ring of {}",
                plan.size(), plan.maxInodes(), readers, workers, ringSize);

        AtomicBoolean failed = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ThreadFigures figures = ctx.threadFigures();
        // The handler threads are kept so that the pass can wait for them to end: then their
        // -tt figures are in, and no thread of this pass outlives it.
        List<Thread> handlerThreads = Collections.synchronizedList(new ArrayList<>());
        ThreadFactory handlerFactory = r -> {
            Thread t = DaemonThreadFactory.INSTANCE.newThread(r);
            handlerThreads.add(t);
            return t;
        };
        BlockOrBackOffWaitStrategy waits = new BlockOrBackOffWaitStrategy();
        Disruptor<InodeBatch> disruptor = new Disruptor<>(InodeBatch::new, ringSize, handlerFactory,
                ProducerType.MULTI, waits);
        Pass1Consumer[] consumers = new Pass1Consumer[workers];
        for (int i = 0; i < workers; i++) {
            consumers[i] = new Pass1Consumer(fs, i, workers, figures);
        }
        disruptor.handleEventsWith(consumers).then(new Pass1Publisher(ctx, readers, plan.size(), done, failed, failure));
        disruptor.setDefaultExceptionHandler(new StopOnError(failed, failure, log));
        RingBuffer<InodeBatch> ring = disruptor.getRingBuffer();
        waits.watch(ring);
        disruptor.start();
        List<Thread> threads = new ArrayList<>();
        ReentrantLock claims = new ReentrantLock();
        // A quarter of the reads in flight (at least one) warm pass 2's directory blocks.
        DirectoryPrefetch prefetch = DirectoryPrefetch.start(fs.device(), fs.blockSize(),
                IoTuning.directoryPrefetchBytes(ctx), Math.max(1, readers / 4), figures.readAhead());
        for (int i = 0; i < readers; i++) {
            InodeTableReader reader = new InodeTableReader(fs, plan, ring, failed, figures, claims, prefetch, log);
            Thread t = new Thread(reader, "pass1-reader-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            done.await();
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.set(true);
            failure.compareAndSet(null, "interrupted");
        } finally {
            if (prefetch != null) {
                prefetch.close();
            }
            disruptor.shutdown();
            awaitEnd(handlerThreads);
            giveBackBuffers(fs.buffers(), ring, threads, handlerThreads);
        }
        if (failure.get() != null) {
            throw new FormatException("pass 1 stopped: " + failure.get());
        }
        new ExtendedAttributeRefs(ctx).check();
        // With shared_blocks, files may share blocks on purpose (deduplicated images).
        if (!ctx.blockDup.isEmpty() && !fs.has(pe2fsck.fs.Feature.SHARED_BLOCKS)) {
            new Pass1B(ctx).run();
        }
    }

    /**
     * Gives the slots' read buffers back to the run's pool for the passes that follow, once no
     * thread of this pass is left that could touch them (after an interrupted wait some may be).
     */
    private static void giveBackBuffers(BufferPool pool, RingBuffer<InodeBatch> ring, List<Thread> readers,
            List<Thread> handlers) {
        synchronized (handlers) {
            if (readers.stream().anyMatch(Thread::isAlive) || handlers.stream().anyMatch(Thread::isAlive)) {
                return;
            }
        }
        for (int i = 0; i < ring.getBufferSize(); i++) {
            InodeBatch slot = ring.get(i);
            pool.give(slot.data);
            slot.data = null;
        }
    }

    /**
     * Slots in the ring: one per read in flight, two per consumer (the batch it checks and the
     * next one waiting for it), rounded up to a power of two, at least 16. Each slot holds a
     * batch's read buffer (256 KiB by default) and its result arrays for as long as the ring
     * lives. The earlier rule, twice as many slots, gave a 1M-inode check at 32 in flight a
     * peak of 185 MiB, this one 179 MiB (one run each, with the buffer pool); the rest of what
     * memory grows with the reads in flight is the lookahead ({@code IoTuning.lookahead}).
     */
    static int ringSize(int readers, int workers) {
        return Integer.highestOneBit(Math.max(16, readers + 2 * workers) * 2 - 1);
    }

    /** Waits for the ring's handler threads, which end soon after the ring is shut down. */
    private static void awaitEnd(List<Thread> threads) {
        List<Thread> copy;
        synchronized (threads) {
            copy = new ArrayList<>(threads);
        }
        try {
            for (Thread t : copy) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replaces the Disruptor's default handler, which would rethrow, kill the consumer and leave
     * the readers blocked on a full ring: the failure is recorded and the pipeline drains.
     */
    private static final class StopOnError implements ExceptionHandler<InodeBatch> {
        private final AtomicBoolean failed;
        private final AtomicReference<String> failure;
        private final DebugLog log;

        StopOnError(AtomicBoolean failed, AtomicReference<String> failure, DebugLog log) {
            this.failed = failed;
            this.failure = failure;
            this.log = log;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, InodeBatch event) {
            log.debug("pass 1 failed on batch {}", sequence, ex);
            String msg = ex.getMessage() != null ? ex.getMessage() : ex.toString();
            failure.compareAndSet(null, "inode batch at " + event.firstIno + ": " + msg);
            failed.set(true);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            failure.compareAndSet(null, "could not start: " + ex);
            failed.set(true);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            log.debug("pass 1 shutdown", ex);
        }
    }
}
