package pe2fsck.pass1;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.run.CheckContext;
import pe2fsck.run.InodeEditor;

/**
 * Pass 1's repairs of single inode fields, made by the publisher when a finding is answered
 * "yes" (so in inode order, whatever the thread count), each as e2fsck makes it: a wrong size
 * or block count takes the value found, a live inode's deletion time is cleared, a deleted
 * inode without one gets the run's time, a device, fifo or socket loses its size. Findings
 * this class does not know are left to their own repairs.
 */
final class InodeFixes {

    private static final int BLOCKS_LO = 0x1C;
    private static final int BLOCKS_HI = 0x74;

    private InodeFixes() {
    }

    /** True if {@code f}'s problem is repaired here. */
    static boolean handles(Finding f) {
        return switch (f.problem()) {
            case BAD_I_SIZE, BAD_I_BLOCKS, SET_DTIME, ROOT_DTIME, LOW_DTIME, ZERO_DTIME, SET_NONZSIZE -> true;
            default -> false;
        };
    }

    /** Makes the repair of an accepted finding. */
    static void apply(CheckContext ctx, Finding f) {
        if (ctx.writes() == null || !handles(f)) {
            return;
        }
        long ino = f.ino();
        InodeEditor editor = new InodeEditor(ctx.fs(), ctx.writes());
        Inode inode = editor.open(ino);
        switch (f.problem()) {
            case BAD_I_SIZE -> inode.setSize(inode.isDir() ? f.num() & 0xFFFF_FFFFL : f.num());
            case SET_NONZSIZE -> inode.setSize(0);
            case BAD_I_BLOCKS -> {
                ByteBuffer b = inode.buffer();
                Le.put32(b, inode.offset() + BLOCKS_LO, f.num() & 0xFFFF_FFFFL);
                if (ctx.fs().has(Feature.HUGE_FILE)) {
                    Le.put16(b, inode.offset() + BLOCKS_HI, (int) (f.num() >>> 32) & 0xFFFF);
                }
            }
            case SET_DTIME, ROOT_DTIME, LOW_DTIME -> inode.setDtime(0);
            case ZERO_DTIME -> inode.setDtime(ctx.now());
            default -> {
                return;
            }
        }
        editor.changed(ino);
    }
}
