package pe2fsck.pass1;

import com.lmax.disruptor.EventHandler;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;

/**
 * One of N pass-1 workers. Every worker sees every ring slot (Disruptor 4 has no worker pool);
 * this one takes the slots whose sequence modulo N is its ordinal, and checks each inode of the
 * batch into the slot's {@link BatchResult}.
 */
final class Pass1Consumer implements EventHandler<InodeBatch> {

    private final int ordinal;
    private final int workers;
    private final int inodeSize;
    private final Inode inode;
    private final InodeChecker checker;

    Pass1Consumer(FileSystem fs, int ordinal, int workers) {
        this.ordinal = ordinal;
        this.workers = workers;
        this.inodeSize = fs.geometry().inodeSize();
        this.inode = new Inode(inodeSize);
        this.checker = new InodeChecker(fs);
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
        for (int i = 0; i < event.inodes; i++) {
            inode.at(event.data, i * inodeSize);
            checker.check(inode, event.firstIno + i, r, i);
        }
    }
}
