package pe2fsck.pass2;

import java.nio.ByteBuffer;
import pe2fsck.fs.Le;
import pe2fsck.run.CheckContext;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;

/**
 * A repair of one directory entry, found by a worker and made when its question is answered
 * "yes" in directory order: the entry at {@code offset} of directory block {@code block} of
 * {@code dir} gets inode 0 (e2fsck's "clear", which leaves its space and name in place) or the
 * file type {@code fileType}, or only a fresh checksum ({@link #RESTAMP}). The block is changed
 * in the write cache, whose flush stamps the block's checksum tail.
 *
 * @param fileType the file type to store, or {@link #CLEAR} to clear the entry
 */
record EntryFix(long block, long dir, int offset, int fileType) {

    static final int CLEAR = -1;
    /** No entry changes: the block is only written again, with a fresh checksum tail. */
    static final int RESTAMP = -2;

    void apply(CheckContext ctx) {
        WriteCache cache = ctx.writes();
        if (cache == null) {
            return;
        }
        ByteBuffer b = cache.block(block);
        if (fileType == CLEAR) {
            Le.put32(b, offset, 0);
        } else if (fileType != RESTAMP) {
            b.put(offset + 7, (byte) fileType);
        }
        cache.markDirty(block, BlockKind.DIR_LEAF, dir);
    }
}
