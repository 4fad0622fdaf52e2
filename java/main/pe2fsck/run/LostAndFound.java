package pe2fsck.run;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import pe2fsck.fs.DirEntry;
import pe2fsck.fs.DirTail;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.state.DirBlockList;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;

/**
 * Puts an inode into /lost+found under the name "#ino", as e2fsck names reconnected files:
 * the entry goes into the first free space of the directory's blocks (an unused entry big
 * enough, or the slack after an entry), with the file type the inode's mode gives. As in
 * e2fsck the inode's link count goes up by one for the new name (pass 4 then compares it with
 * the references counted, which include this one). A directory with no room asks
 * {@link Problem#EXPAND_LF_DIR}, whose repair (growing the directory) does not exist yet;
 * with no usable /lost+found, {@link Problem#NO_LPF} is reported. For pass 3 (directories)
 * and pass 4 (files); /lost+found itself is found by pass 3 ({@link CheckContext#lostAndFound}).
 */
public final class LostAndFound {

    private final CheckContext ctx;

    public LostAndFound(CheckContext ctx) {
        this.ctx = ctx;
    }

    /** Links {@code ino} into /lost+found. Returns true if it was linked. */
    public boolean connect(long ino) {
        long lf = ctx.lostAndFound();
        WriteCache cache = ctx.writes();
        if (lf == 0 || cache == null) {
            ctx.problems().ask(Finding.of(Problem.NO_LPF).ino(ino).build());
            return false;
        }
        InodeEditor editor = new InodeEditor(ctx.fs(), cache);
        Inode dir = editor.open(lf);
        if (dir.hasFlag(Inode.FL_INDEX) || dir.hasFlag(Inode.FL_INLINE_DATA) || !insert(cache, lf, ino)) {
            ctx.problems().ask(Finding.of(Problem.EXPAND_LF_DIR).ino(ino).build());
            return false;
        }
        LinkCounts.adjust(ctx, ino, 1);
        return true;
    }

    private boolean insert(WriteCache cache, long lf, long ino) {
        byte[] name = ("#" + ino).getBytes(StandardCharsets.US_ASCII);
        int need = DirEntry.minRecLen(name.length);
        int bs = ctx.fs().blockSize();
        DirBlockList blocks = ctx.dirBlocks;
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.ino(i) != lf || blocks.physical(i) == 0) {
                continue;
            }
            long phys = blocks.physical(i);
            ByteBuffer b = cache.block(phys);
            int end = DirTail.present(b, 0, bs) ? bs - DirTail.SIZE : bs;
            int off = 0;
            while (off + DirEntry.HEADER <= end) {
                long entryIno = Le.u32(b, off);
                int recLen = DirEntry.decodeRecLen(Le.u16(b, off + 4), bs);
                if (recLen < DirEntry.HEADER || off + recLen > end) {
                    break; // not a block to write into
                }
                int used = entryIno == 0 ? 0 : DirEntry.minRecLen(Le.u8(b, off + 6));
                if (recLen - used >= need) {
                    int at = off + used;
                    if (used > 0) {
                        Le.put16(b, off + 4, DirEntry.encodeRecLen(used, bs));
                    }
                    write(b, at, recLen - used, ino, name);
                    cache.markDirty(phys, BlockKind.DIR_LEAF, lf);
                    return true;
                }
                off += recLen;
            }
        }
        return false;
    }

    private void write(ByteBuffer b, int at, int recLen, long ino, byte[] name) {
        int bs = ctx.fs().blockSize();
        Le.put32(b, at, ino);
        Le.put16(b, at + 4, DirEntry.encodeRecLen(recLen, bs));
        b.put(at + 6, (byte) name.length);
        b.put(at + 7, ctx.fs().has(Feature.FILETYPE) ? ctx.fileType[(int) ino] : 0);
        for (int k = 0; k < name.length; k++) {
            b.put(at + 8 + k, name[k]);
        }
    }
}
