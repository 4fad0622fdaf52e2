package pe2fsck.pass0;

import pe2fsck.run.IoTuning;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.io.ReadAhead;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * The resize inode (inode 7), checked before pass 1 as e2fsck does. Without resize_inode it must
 * be empty. With it, its only direct pointer is the double-indirect block, which lists the
 * reserved descriptor blocks that follow the descriptor table; each of those lists the same
 * block's copies in the groups that carry superblock backups. Pass 1 then accounts its blocks.
 */
final class ResizeInodeCheck {

    static final long RESIZE_INO = 7;
    private static final int DIND = 13;

    private final FileSystem fs;
    private final Problems problems;
    private final int depth;
    private final ReadAhead.ThreadReport threads;

    /**
     * @param depth   reads in flight while the reserved descriptor blocks are read
     * @param threads hears from the threads reading them (-tt), or null
     */
    ResizeInodeCheck(FileSystem fs, Problems problems, int depth, ReadAhead.ThreadReport threads) {
        this.fs = fs;
        this.problems = problems;
        this.depth = depth;
        this.threads = threads;
    }

    void run() {
        Inode inode = fs.readInode(RESIZE_INO);
        if (!fs.has(Feature.RESIZE_INODE)) {
            for (int i = 0; i < 15; i++) {
                if (inode.block(i) != 0) {
                    problems.ask(Finding.of(Problem.CLEAR_RESIZE_INODE).ino(RESIZE_INO).build());
                    return;
                }
            }
            return;
        }
        String why = problem(inode);
        if (why != null) {
            problems.ask(Finding.of(Problem.RESIZE_INODE_INVALID).ino(RESIZE_INO).text(why).build());
        }
    }

    /** Why the resize inode is not what mke2fs and resize2fs build, or null if it is. */
    private String problem(Inode inode) {
        Geometry geo = fs.geometry();
        long dind = inode.block(DIND);
        for (int i = 0; i < 15; i++) {
            if (i != DIND && inode.block(i) != 0) {
                return "block pointer " + i + " is set";
            }
        }
        if (dind == 0) {
            return "no double-indirect block";
        }
        if (inode.linksCount() == 0 || (inode.mode() & Inode.S_IFREG) == 0) {
            return "not a regular file in use";
        }
        if (dind < geo.firstDataBlock() || dind >= geo.blocksCount()) {
            return "double-indirect block " + dind + " is outside the file system";
        }
        ByteBuffer dindBuf = fs.readBlock(dind);
        int perBlock = geo.blockSize() / 4;
        long descBlocks = geo.descBlocks();
        long reserved = fs.superblock().reservedGdtBlocks();
        // The primary table's reserved blocks, also when the check runs from a backup superblock.
        long first = geo.primarySuperblockBlock() + 1 + descBlocks;
        // The reserved blocks follow the descriptor table (up to 1024 of them): find how many are
        // listed and inside the file system, then read those as one run, several reads in flight.
        String stop = null;
        int listed = 0;
        for (long pblk = first; listed < reserved; listed++, pblk++) {
            int slot = (int) ((descBlocks + listed) % perBlock);
            if (Le.u32(dindBuf, 4 * slot) != pblk) {
                stop = "reserved descriptor block " + pblk + " is not listed";
                break;
            }
            if (pblk >= geo.blocksCount()) {
                stop = "reserved descriptor block " + pblk + " is outside the file system";
                break;
            }
        }
        String backups = checkBackups(first, listed, perBlock);
        return backups != null ? backups : stop;
    }

    /** Checks that each of the {@code n} reserved blocks from {@code first} lists its backups. */
    private String checkBackups(long first, int n, int perBlock) {
        int bs = fs.blockSize();
        long[] run = new long[n];
        for (int i = 0; i < n; i++) {
            run[i] = first + i;
        }
        try (ReadAhead reads = new ReadAhead(fs.device(), ReadAhead.Ranges.ofBlocks(run, bs), depth, 2 * depth, bs,
                IoTuning.DEFAULT_MERGE_BYTES, 0, threads, fs.buffers())) {
            for (int i = 0; i < n; i++) {
                String why = checkBackups(reads.take(), first + i, perBlock);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    private String checkBackups(ByteBuffer ind, long pblk, int perBlock) {
        Geometry geo = fs.geometry();
        int indOff = 0;
        for (long g = 1; g < geo.groupCount() && indOff < perBlock; g++) {
            if (!geo.hasSuperblock(g)) {
                continue;
            }
            long expect = pblk + g * geo.blocksPerGroup();
            if (Le.u32(ind, 4 * indOff) != expect) {
                return "backup of reserved descriptor block " + pblk + " in group " + g + " is not listed";
            }
            indOff++;
        }
        return null;
    }
}
