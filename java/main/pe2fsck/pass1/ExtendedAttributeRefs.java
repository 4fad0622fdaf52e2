package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import pe2fsck.run.CheckContext;
import pe2fsck.run.IoTuning;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.io.ReadAhead;

/**
 * After the inode scan: every extended attribute block that inodes refer to must look like
 * one, its entries must pass {@link BlockXattrCheck}, and its reference count must equal the
 * number of inodes that pass 1 saw using it.
 * Blocks are visited in block order, so the report is deterministic; they are read through
 * the read-ahead engine, several in flight and neighbours merged.
 */
final class ExtendedAttributeRefs {

    static final long MAGIC = 0xEA020000L;

    private final CheckContext ctx;
    private final BlockXattrCheck entries = new BlockXattrCheck();

    ExtendedAttributeRefs(CheckContext ctx) {
        this.ctx = ctx;
    }

    void check() {
        if (ctx.eaBlockRefs.isEmpty()) {
            return;
        }
        FileSystem fs = ctx.fs();
        boolean csum = fs.has(Feature.METADATA_CSUM);
        Checksums checksums = fs.checksums();
        int bs = fs.blockSize();
        long[] blocks = new long[ctx.eaBlockRefs.size()];
        int[] counts = new int[blocks.length];
        int n = 0;
        for (Map.Entry<Long, Integer> e : new TreeMap<>(ctx.eaBlockRefs).entrySet()) {
            blocks[n] = e.getKey();
            counts[n++] = e.getValue();
        }
        ReadAhead.Ranges ranges = ReadAhead.Ranges.ofBlocks(blocks, bs);
        int depth = IoTuning.depth(ctx);
        try (ReadAhead reads = new ReadAhead(fs.device(), ranges, depth, IoTuning.lookahead(depth), bs,
                IoTuning.DEFAULT_MERGE_BYTES, IoTuning.mergeGapBytes(ctx), ctx.threadFigures().readAhead(),
                fs.buffers())) {
            for (int i = 0; i < blocks.length; i++) {
                check(blocks[i], counts[i], reads.take(), csum, checksums);
            }
        }
    }

    private void check(long blk, int counted, ByteBuffer b, boolean csum, Checksums checksums) {
        if (Le.u32(b, 0) != MAGIC || Le.u32(b, 8) != 1) {
            ctx.problems().ask(Finding.of(Problem.BAD_EA_BLOCK).blk(blk).build());
            return;
        }
        long stored = Le.u32(b, 4);
        if (stored != counted) {
            ctx.problems().ask(Finding.of(Problem.EXTATTR_REFCOUNT).blk(blk).num(counted).num2(stored).build());
        }
        Long owner = ctx.eaBlockOwner.get(blk);
        entries.check(blk, owner == null ? -1 : owner, b, ctx.fs().blockSize(), f -> ctx.problems().ask(f));
        if (csum && checksums.xattrBlock(blk, b, 0, b.capacity()) != Le.s32(b, 0x10)) {
            ctx.problems().ask(Finding.of(Problem.EA_BLOCK_ONLY_CSUM_INVALID).blk(blk).build());
        }
    }
}
