package pe2fsck.pass1;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How pass 1's handlers wait. A handler waiting for the readers to publish blocks on a
 * condition that every publish signals, so idle consumers cost nothing however many there are
 * (an I/O-bound run has one per read in flight, and on a one-CPU machine polling consumers ate
 * the CPU). "Published" is asked of the ring itself: a reader claims its slot before its read
 * and publishes after it, and a wait on the claim cursor alone would spin through every read. A handler waiting for other handlers (the publisher, for the consumers) is not
 * signalled by them, so it spins briefly and then parks for growing spans, up to a millisecond.
 */
final class BlockOrBackOffWaitStrategy implements WaitStrategy {

    private static final int SPINS = 100;
    private static final long FIRST_PARK_NANOS = 20_000;
    private static final long LONGEST_PARK_NANOS = 1_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private RingBuffer<?> ring;

    /** The ring whose publications this strategy waits for; set before the handlers start. */
    void watch(RingBuffer<?> ring) {
        this.ring = ring;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        if (!ring.isAvailable(sequence)) {
            lock.lock();
            try {
                while (!ring.isAvailable(sequence)) {
                    barrier.checkAlert();
                    published.await();
                }
            } finally {
                lock.unlock();
            }
        }
        long available;
        int spins = 0;
        long park = FIRST_PARK_NANOS;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(park);
                park = Math.min(2 * park, LONGEST_PARK_NANOS);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
