package pe2fsck.pass0;

import java.nio.ByteBuffer;
import pe2fsck.fs.Crc32c;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;
import pe2fsck.state.BlockSet;

/**
 * The multiple-mount protection block (mmp feature): it must lie inside the file system, start
 * with its magic number and, with metadata_csum, carry the crc32c (file system seed, the block up
 * to its last four bytes) in those last four bytes. e2fsck checks it before anything else and,
 * if a repair of the magic or checksum is refused, stops with errors left.
 */
final class MmpCheck {

    static final int MMP_MAGIC = 0x004D4D50;
    private static final int MMP_CHECKSUM_OFFSET = 0x3FC;

    private MmpCheck() {
    }

    static void run(Pass0Context c, BlockSet meta) {
        FileSystem fs = c.fs();
        if (!fs.has(Feature.MMP)) {
            return;
        }
        Problems problems = c.problems();
        long block = fs.superblock().mmpBlock();
        if (block < fs.geometry().firstDataBlock() || block >= fs.geometry().blocksCount()) {
            problems.ask(Finding.of(Problem.MMP_INVALID_BLK).blk(block).build());
            return;
        }
        meta.add(block);
        ByteBuffer b = fs.readBlock(block);
        boolean fixed;
        if (Le.u32(b, 0) != MMP_MAGIC) {
            fixed = problems.ask(Finding.of(Problem.MMP_INVALID_MAGIC).blk(block).build());
        } else if (fs.has(Feature.METADATA_CSUM)) {
            int expected = Crc32c.of(fs.csumSeed(), b, 0, MMP_CHECKSUM_OFFSET);
            int stored = (int) Le.u32(b, MMP_CHECKSUM_OFFSET);
            fixed = expected == stored || problems.ask(Finding.of(Problem.MMP_CSUM_INVALID).blk(block)
                    .num(Integer.toUnsignedLong(expected)).num2(Integer.toUnsignedLong(stored)).build());
        } else {
            fixed = true;
        }
        if (!fixed) {
            c.errorsLeft();
            problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the multiple-mount protection block is corrupt").build());
        }
    }
}
