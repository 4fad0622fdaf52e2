package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import pe2fsck.check.CheckContext;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * After the inode scan: every extended attribute block that inodes refer to must look like
 * one, and its reference count must equal the number of inodes that pass 1 saw using it.
 * Blocks are visited in block order, so the report is deterministic.
 */
final class ExtendedAttributeRefs {

    static final long MAGIC = 0xEA020000L;

    private final CheckContext ctx;

    ExtendedAttributeRefs(CheckContext ctx) {
        this.ctx = ctx;
    }

    void check() {
        if (ctx.eaBlockRefs.isEmpty()) {
            return;
        }
        FileSystem fs = ctx.fs();
        boolean csum = fs.has(Feature.METADATA_CSUM);
        ByteBuffer b = ByteBuffer.allocate(fs.blockSize()).order(ByteOrder.LITTLE_ENDIAN);
        Checksums checksums = fs.checksums();
        for (Map.Entry<Long, Integer> e : new TreeMap<>(ctx.eaBlockRefs).entrySet()) {
            long blk = e.getKey();
            int counted = e.getValue();
            b.clear();
            fs.readBlock(blk, b);
            if (Le.u32(b, 0) != MAGIC || Le.u32(b, 8) != 1) {
                ctx.problems().ask(Finding.of(Problem.BAD_EA_BLOCK).blk(blk).build());
                continue;
            }
            long stored = Le.u32(b, 4);
            if (stored != counted) {
                ctx.problems().ask(Finding.of(Problem.EXTATTR_REFCOUNT).blk(blk).num(counted).num2(stored).build());
            }
            if (csum && checksums.xattrBlock(blk, b, 0, fs.blockSize()) != Le.s32(b, 0x10)) {
                ctx.problems().ask(Finding.of(Problem.EA_BLOCK_ONLY_CSUM_INVALID).blk(blk).build());
            }
        }
    }
}
