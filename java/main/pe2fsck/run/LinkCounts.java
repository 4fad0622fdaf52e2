package pe2fsck.run;

import pe2fsck.fs.Inode;

/**
 * A reference added or removed by a repair, counted the way e2fsck counts it: both the
 * references pass 4 will compare ({@code refCount}) and the inode's own i_links_count (in the
 * context's {@code linkCount} and on disk through the write cache) move together, so pass 4
 * later reports any difference that was already there. A count at its ceiling (65535) is not
 * raised, nor one at zero lowered.
 */
public final class LinkCounts {

    private LinkCounts() {
    }

    /** Adds {@code delta} (+1 or -1) to inode {@code ino}'s counts. */
    public static void adjust(CheckContext ctx, long ino, int delta) {
        if (ino < 1 || ino > ctx.geometry().inodesCount() || ctx.writes() == null) {
            return;
        }
        if (delta > 0) {
            ctx.refCount.increment(ino);
        } else {
            ctx.refCount.decrement(ino);
        }
        InodeEditor editor = new InodeEditor(ctx.fs(), ctx.writes());
        Inode inode = editor.open(ino);
        int links = inode.linksCount();
        if ((delta > 0 && links == 0xFFFF) || (delta < 0 && links == 0)) {
            return;
        }
        inode.setLinksCount(links + delta);
        ctx.linkCount.set(ino, ctx.linkCount.get(ino) + delta);
        editor.changed(ino);
    }
}
