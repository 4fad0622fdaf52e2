package pe2fsck.pass5;

import java.nio.ByteBuffer;
import java.util.List;
import pe2fsck.fs.Crc32c;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.run.CheckContext;

/**
 * After pass 5, as e2fsck does before the quotas: the orphan file (compat orphan_file). Once a
 * check is done it must be clean, every block holding no inode numbers and ending with the
 * block magic (and, with metadata_csum, the block's checksum: the per-inode seed of the orphan
 * file, the 64-bit block number, then the slots); it must have no holes and a whole number of
 * blocks, and a file system without a journal has no use for it. The ro_compat flag
 * orphan_present says orphans are recorded in it: set over a clean file, or without the
 * file, it is stale.
 */
final class OrphanFileCheck {

    static final int BLOCK_MAGIC = 0x0b10ca04;
    /** The tail of each block: magic, then checksum. */
    static final int TAIL = 8;

    private OrphanFileCheck() {
    }

    static void run(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        Superblock sb = fs.superblock();
        if (!sb.has(Feature.ORPHAN_FILE)) {
            if (sb.has(Feature.ORPHAN_PRESENT)) {
                ctx.problems().ask(Finding.of(Problem.ORPHAN_PRESENT_NO_FILE).build());
            }
            return;
        }
        long ino = sb.orphanFileInum();
        if (!sb.has(Feature.HAS_JOURNAL)) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_WITHOUT_JOURNAL).ino(ino).build());
            return;
        }
        if (ino == 0 || ino > fs.geometry().inodesCount()) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_CORRUPTED).ino(ino).build());
            return;
        }
        int result = check(ctx, fs, ino);
        if (result == 0 && sb.has(Feature.ORPHAN_PRESENT)) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_PRESENT_CLEAN_FILE).ino(ino).build());
        } else if (result == 1) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_CORRUPTED).ino(ino).build());
        }
    }

    /** 0: clean; 1: damaged (reported); 2 is e2fsck's "cleared", which a check never does. */
    private static int check(CheckContext ctx, FileSystem fs, long ino) {
        Inode inode = fs.readInode(ino);
        int bs = fs.blockSize();
        long size = inode.size();
        if ((size & (bs - 1)) != 0) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_WRONG_SIZE).ino(ino).build());
            return 1;
        }
        long blocks = size / bs;
        List<FileReader.Extent> map;
        try {
            map = new FileReader(fs).map(ino, inode);
        } catch (RuntimeException e) {
            return 1; // a broken map: pass 1 has reported it
        }
        boolean csum = fs.has(Feature.METADATA_CSUM);
        int seed = csum ? fs.checksums().inodeSeedValue(ino, inode.generation()) : 0;
        Crc32c crc = new Crc32c();
        ByteBuffer b = ByteBuffer.allocate(bs).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long next = 0;
        for (FileReader.Extent x : map) {
            if (x.logical() != next && next < blocks) {
                ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_HOLE).ino(ino).num(next).build());
                return 1;
            }
            for (int k = 0; k < x.length() && x.logical() + k < blocks; k++) {
                long blk = x.physical() + k;
                b.clear();
                fs.readBlock(blk, b);
                if (!clean(b, bs, blk, csum, seed, crc)) {
                    ctx.problems().ask(Finding.of(Problem.ORPHAN_BLOCK_DIRTY).ino(ino).num(x.logical() + k).blk(blk).build());
                    return 1;
                }
            }
            next = x.logical() + x.length();
        }
        if (next < blocks) {
            ctx.problems().ask(Finding.of(Problem.ORPHAN_FILE_HOLE).ino(ino).num(next).build());
            return 1;
        }
        return 0;
    }

    private static boolean clean(ByteBuffer b, int bs, long blk, boolean csum, int seed, Crc32c crc) {
        for (int i = 0; i < bs - TAIL; i += 4) {
            if (Le.s32(b, i) != 0) {
                return false;
            }
        }
        if (Le.s32(b, bs - TAIL) != BLOCK_MAGIC) {
            return false;
        }
        if (!csum) {
            return true;
        }
        int want = crc.reset(seed).updateLe32((int) blk).updateLe32((int) (blk >>> 32)).update(b, 0, bs - TAIL).value();
        return Le.s32(b, bs - 4) == want;
    }
}
