package pe2fsck.pass5;

import pe2fsck.run.CheckContext;
import pe2fsck.run.IoTuning;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.MeteredDevice;

/**
 * Pass 5's reads, started once pass 1 is done: a thread of its own reads the on-disk bitmaps
 * while passes 2 to 4 run, so that pass 5 finds them in memory. A file system has a block and
 * an inode bitmap per group, a gigabyte of them at 16 TiB, and read after pass 4 they would be
 * waited for at the very end. Only the reads move: pass 5 compares them with the maps passes 1
 * to 4 built, after those passes, so its report is the same. If anything was written to the
 * device in between (a repair), or the reads failed, or writes cannot be counted, pass 5 reads
 * the bitmaps again itself.
 */
final class BitmapPreload {

    private final BlockDevice device;
    private final long writtenAtStart;
    private final Thread thread;
    private volatile Bitmaps bitmaps;

    private BitmapPreload(CheckContext ctx, long writtenAtStart) {
        this.device = ctx.fs().device();
        this.writtenAtStart = writtenAtStart;
        int depth = IoTuning.depth(ctx);
        this.thread = new Thread(() -> {
            try {
                bitmaps = Bitmaps.read(ctx.fs(), depth);
            } catch (RuntimeException e) {
                bitmaps = null; // pass 5 reads again and meets the same error in its own place
            }
        }, "pass5-bitmap-preload");
        thread.setDaemon(true);
    }

    /** Starts the reads, or returns null where writes could not be noticed. */
    static BitmapPreload start(CheckContext ctx) {
        long written = written(ctx.fs().device());
        if (written < 0) {
            return null;
        }
        BitmapPreload p = new BitmapPreload(ctx, written);
        p.thread.start();
        return p;
    }

    /** The bitmaps as read, or null when pass 5 must read them itself. Waits for the reads. */
    Bitmaps take() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return written(device) == writtenAtStart ? bitmaps : null;
    }

    /** Bytes written to the device so far; 0 if it cannot write; -1 if writes are not counted. */
    private static long written(BlockDevice d) {
        if (d instanceof MeteredDevice m) {
            return m.snapshot().bytesWritten();
        }
        return d.writable() ? -1 : 0;
    }
}
