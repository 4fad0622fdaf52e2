package pe2fsck.pass1;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import pe2fsck.state.DebugLog;
import pe2fsck.state.ThreadFigures;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.io.DeviceException;

/**
 * A reader thread of pass 1. Several run at once so that many inode-table reads are in flight:
 * each claims the next ring sequence, reads that batch into the slot's buffer and publishes
 * it. Sequence i carries batch i, so however the reads finish, consumers and the publisher see
 * batches in inode order. When the plan is exhausted (or the run is failing) a reader publishes
 * one empty slot as its end marker and stops. Before publishing a batch it hints the blocks its
 * inodes will need ({@link BlockHints}), unless the batch came whole from the page cache.
 *
 * <p>It counts the batches and bytes it read and the time it spent in those reads, and hands
 * them to the run's {@link ThreadFigures} as it ends.
 */
final class InodeTableReader implements Runnable {

    private final FileSystem fs;
    private final BatchPlan plan;
    private final RingBuffer<InodeBatch> ring;
    private final AtomicBoolean failed;
    private final ThreadFigures figures;
    private final BlockHints hints;
    private final ReentrantLock claims;
    private final DebugLog log;
    private static final long FIRST_PARK_NANOS = 50_000;
    private static final long LONGEST_PARK_NANOS = 2_000_000;
    private long batches;
    private long bytes;
    private long readNanos;

    /**
     * @param claims   shared by all readers of the ring: one reader at a time waits for a free
     *                 slot, the others sleep on the lock
     * @param prefetch where the directory blocks of each batch go, or null
     * @param log      pass 1's debug diagnostics
     */
    InodeTableReader(FileSystem fs, BatchPlan plan, RingBuffer<InodeBatch> ring, AtomicBoolean failed,
            ThreadFigures figures, ReentrantLock claims, DirectoryPrefetch prefetch, DebugLog log) {
        this.claims = claims;
        this.log = log;
        this.hints = new BlockHints(fs, prefetch == null ? null : prefetch::offer);
        this.fs = fs;
        this.plan = plan;
        this.ring = ring;
        this.failed = failed;
        this.figures = figures;
    }

    /**
     * Claims the next ring slot. When the ring is full (reads outpace the checking, as with a
     * warm cache, or a slow CPU) the reader parks between tries, for growing spans up to
     * 2 ms, instead of the sequencer's near-busy wait, which would take a core from the
     * consumers; and only one reader at a time does so (on a one-CPU guest, sixteen readers
     * polling a full ring cost more CPU than the checking).
     */
    private long claim() {
        claims.lock();
        try {
            long park = FIRST_PARK_NANOS;
            while (true) {
                try {
                    return ring.tryNext();
                } catch (InsufficientCapacityException e) {
                    LockSupport.parkNanos(park);
                    park = Math.min(2 * park, LONGEST_PARK_NANOS);
                }
            }
        } finally {
            claims.unlock();
        }
    }

    @Override
    public void run() {
        try {
            readBatches();
        } finally {
            if (figures.enabled()) {
                figures.add(ThreadFigures.Entry.inodeReader(Thread.currentThread().getName(),
                        ThreadFigures.thisThreadCpuNanos(), batches, bytes, readNanos));
            }
        }
    }

    /**
     * Hints what the batch's inodes point to. The hints parse inodes nobody has checked yet; a
     * hint must never fail the check, so anything they throw is logged and ignored (the
     * consumers check and report those inodes).
     */
    private void hint(InodeBatch ev) {
        try {
            hints.hint(ev.data, ev.inodes);
        } catch (RuntimeException e) {
            log.debug("pass 1: hints for the batch at inode {} failed", ev.firstIno, e);
        }
    }

    private void readBatches() {
        int bs = fs.blockSize();
        while (true) {
            long seq = claim();
            InodeBatch ev = ring.get(seq);
            if (seq >= plan.size() || failed.get()) {
                ev.batch = -1;
                ring.publish(seq);
                return;
            }
            int i = (int) seq;
            ev.batch = i;
            ev.firstIno = plan.firstIno(i);
            ev.inodes = plan.inodes(i);
            ev.readError = null;
            if (ev.data == null) {
                // First use of this slot: its reader allocates the buffer, so the ring's buffers
                // are made (and their pages first touched) by the readers side by side, not by
                // the pass's thread before any read starts; a small file system touches few.
                ev.allocate(fs.buffers().take(plan.maxBytes()));
            }
            ev.data.clear().limit(plan.blocks(i) * bs);
            long t0 = System.nanoTime();
            try {
                // A batch the page cache holds whole gets no hints: the blocks its inodes point
                // to were most likely cached with it, and asking the kernel about each costs
                // (warm, 3M inodes: pass 1 took 1.6-1.8 s without hints, 2.3-3.5 s with them).
                if (!fs.readBlocksIfCached(plan.tableBlock(i), plan.blocks(i), ev.data)) {
                    fs.readBlocks(plan.tableBlock(i), plan.blocks(i), ev.data);
                    hint(ev);
                }
                batches++;
                bytes += (long) plan.blocks(i) * bs;
            } catch (DeviceException | FormatException e) {
                ev.readError = e.getMessage();
            } finally {
                readNanos += System.nanoTime() - t0;
                ring.publish(seq);
            }
        }
    }
}
