package pe2fsck.pass3;

import java.nio.ByteBuffer;
import pe2fsck.fs.DirEntry;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.run.CheckContext;
import pe2fsck.run.LinkCounts;
import pe2fsck.state.DirBlockList;
import pe2fsck.write.BlockKind;

/**
 * Points a directory's '..' entry at a new parent, as e2fsck's repair does: the entry (the
 * second one of the directory's first block, also in an htree root) names the parent, with
 * the directory file type where the file system keeps types; the old target loses a
 * reference and the new one gains one ({@link LinkCounts}); the directory's recorded '..'
 * and parent become the new one.
 */
final class DotDot {

    private DotDot() {
    }

    /** Returns false if the directory's first block holds no '..' entry to rewrite. */
    static boolean point(CheckContext ctx, long dir, long parent) {
        DirBlockList blocks = ctx.dirBlocks;
        int bs = ctx.fs().blockSize();
        long first = 0;
        for (int i = 0; i < blocks.size() && first == 0; i++) {
            if (blocks.ino(i) == dir && blocks.logical(i) == 0) {
                first = blocks.physical(i);
            }
        }
        if (first == 0 || ctx.writes() == null) {
            return false;
        }
        ByteBuffer b = ctx.writes().block(first);
        int dotLen = DirEntry.decodeRecLen(Le.u16(b, 4), bs);
        if (dotLen < DirEntry.HEADER || dotLen + DirEntry.HEADER + 2 > bs || Le.u8(b, dotLen + 6) != 2
                || b.get(dotLen + 8) != '.' || b.get(dotLen + 9) != '.') {
            return false;
        }
        long old = Le.u32(b, dotLen);
        Le.put32(b, dotLen, parent);
        b.put(dotLen + 7, (byte) (ctx.fs().has(Feature.FILETYPE) ? DirEntry.FT_DIR : 0));
        boolean indexed = (ctx.dirInfo.flags(dir) & Inode.FL_INDEX) != 0;
        ctx.writes().markDirty(first, indexed ? BlockKind.DIR_INDEX : BlockKind.DIR_LEAF, dir);
        if (old != 0 && ctx.inodeUsed.contains(old)) {
            LinkCounts.adjust(ctx, old, -1);
        }
        LinkCounts.adjust(ctx, parent, 1);
        ctx.dirInfo.setDotdot(dir, parent);
        ctx.dirInfo.setParent(dir, parent);
        return true;
    }
}
