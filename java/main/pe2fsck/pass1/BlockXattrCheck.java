package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import pe2fsck.fs.Le;
import pe2fsck.fs.XattrBlock;
import pe2fsck.fs.XattrEntry;
import pe2fsck.fs.XattrHash;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Checks the entries of one extended-attribute block by e2fsck's rules, after its header
 * passed: each entry lies inside the block without overlapping another entry, a value or the
 * header; its name index is not zero; its value lies inside the block and overlaps nothing;
 * its stored hash matches its name and value (no exemption for zero here); and the
 * terminating word fits. A colliding value or a wrong hash is reported and the walk goes on;
 * any other problem ends it, as a declined repair does in e2fsck.
 */
final class BlockXattrCheck {

    private final XattrEntry entry = new XattrEntry();
    private final XattrRegions regions = new XattrRegions();

    /** Checks block {@code blk} in {@code b} (one block from offset 0), first used by {@code ino}. */
    void check(long blk, long ino, ByteBuffer b, int blockSize, Consumer<Finding> out) {
        regions.clear();
        regions.take(0, XattrBlock.HEADER);
        int at = XattrBlock.HEADER;
        while (at + 4 <= blockSize && Le.s32(b, at) != 0) {
            if (at + XattrEntry.HEADER > blockSize) {
                out.accept(Finding.of(Problem.EA_ALLOC_COLLISION).blk(blk).ino(ino).build());
                return;
            }
            XattrEntry e = entry.at(b, at);
            int len = XattrEntry.entrySize(e.nameLen());
            if (!take(at, len, blockSize)) {
                out.accept(Finding.of(Problem.EA_ALLOC_COLLISION).blk(blk).ino(ino).build());
                return;
            }
            if (e.nameIndex() == 0) {
                out.accept(Finding.of(Problem.EA_BAD_NAME).blk(blk).ino(ino).build());
                return;
            }
            if (e.valueInum() == 0) {
                long size = e.valueSize();
                if (e.valueOffs() + size > blockSize) {
                    out.accept(Finding.of(Problem.EA_BAD_VALUE).blk(blk).ino(ino).build());
                    return;
                }
                if (size != 0 && !take(e.valueOffs(), (size + 3) & ~3L, blockSize)) {
                    out.accept(Finding.of(Problem.EA_ALLOC_COLLISION).blk(blk).ino(ino).build());
                }
                if (!XattrHash.matches(e, e.valueOffs())) {
                    out.accept(Finding.of(Problem.ATTR_HASH).blk(blk).ino(ino).num(e.hash() & 0xFFFFFFFFL).build());
                }
            }
            at += len;
        }
        if (!take(at, 4, blockSize)) {
            out.accept(Finding.of(Problem.EA_ALLOC_COLLISION).blk(blk).ino(ino).build());
        }
    }

    private boolean take(long from, long len, long size) {
        return from >= 0 && from + len <= size && regions.take(from, len);
    }
}
