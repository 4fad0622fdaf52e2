package pe2fsck.pass1;

import com.lmax.disruptor.EventHandler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.state.ThreadFigures;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;

/**
 * One of N pass-1 workers. Every worker sees every ring slot (Disruptor 4 has no worker pool);
 * this one takes the slots whose sequence modulo N is its ordinal, and checks each inode of the
 * batch into the slot's {@link BatchResult}.
 *
 * <p>The Disruptor gives each handler a thread of its own: this one names it
 * {@code pass1-consumer-<ordinal>}, counts the batches and inodes it checks, and hands the counts
 * to the run's {@link ThreadFigures} when the ring shuts down.
 */
final class Pass1Consumer implements EventHandler<InodeBatch> {

    private final int ordinal;
    private final int workers;
    private final int inodeSize;
    private final Inode inode;
    private final InodeChecker checker;
    private final ThreadFigures figures;
    /**
     * The batch's records, copied out of the ring slot's (direct, aligned) read buffer into the
     * heap: field reads from a heap array are inlined even by the JIT's quick tier, those from
     * a direct buffer are not (see {@code Le}). One copy per batch, reused.
     */
    private ByteBuffer records = ByteBuffer.allocate(0);
    private long batches;
    private long inodes;

    Pass1Consumer(FileSystem fs, int ordinal, int workers, ThreadFigures figures) {
        this.figures = figures;
        this.ordinal = ordinal;
        this.workers = workers;
        this.inodeSize = fs.geometry().inodeSize();
        this.inode = new Inode(inodeSize);
        this.checker = new InodeChecker(fs);
    }

    @Override
    public void onStart() {
        Thread.currentThread().setName("pass1-consumer-" + ordinal);
    }

    @Override
    public void onShutdown() {
        if (figures.enabled()) {
            figures.add(ThreadFigures.Entry.inodeChecker(Thread.currentThread().getName(),
                    ThreadFigures.thisThreadCpuNanos(), batches, inodes));
        }
    }

    @Override
    public void onEvent(InodeBatch event, long sequence, boolean endOfBatch) {
        if (sequence % workers != ordinal || event.batch < 0) {
            return;
        }
        BatchResult r = event.result;
        r.reset(event.inodes);
        if (r.readError != null || event.readError != null) {
            r.readError = event.readError;
            return;
        }
        int bytes = event.inodes * inodeSize;
        if (records.capacity() < bytes) {
            records = ByteBuffer.allocate(event.data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        }
        records.clear().limit(bytes);
        event.data.get(0, records.array(), records.arrayOffset(), bytes);
        for (int i = 0; i < event.inodes; i++) {
            inode.at(records, i * inodeSize);
            checker.check(inode, event.firstIno + i, r, i);
        }
        batches++;
        inodes += event.inodes;
    }
}
