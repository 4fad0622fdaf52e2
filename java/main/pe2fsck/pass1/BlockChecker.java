package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Checksums;
import pe2fsck.fs.ExtentEntry;
import pe2fsck.fs.ExtentHeader;
import pe2fsck.fs.ExtentTail;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Walks one inode's block references, extent tree or indirect map, checking every reference
 * before following it, and records what it finds: blocks claimed, directory blocks, the last
 * mapped logical block, how many blocks the inode really holds. One instance per consumer
 * thread; {@link #start} resets it for each inode. Reads index and indirect blocks into its own
 * reusable buffers, so the hot loop allocates nothing.
 */
final class BlockChecker {

    /**
     * Deepest tree walked. The kernel never builds more than 5 levels, but e2fsck accepts deeper
     * trees (and only suggests flattening them), so this is a bound on work, not a format rule.
     */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_ILLEGAL = 12;

    private final FileSystem fs;
    private final Checksums checksums;
    private final long firstDataBlock;
    private final long blocksCount;
    private final int blockSize;
    private final boolean metadataCsum;
    /** Levels an extent tree ever needs with this block size (e2fsck's limit for "could be shallower"). */
    private final int maxTreeDepth;
    private final ExtentHeader header = new ExtentHeader();
    private final ExtentEntry entry = new ExtentEntry();
    /** One buffer per tree level (extents) or indirection level (block maps). */
    private final ByteBuffer[] levels = new ByteBuffer[MAX_DEPTH + 1];

    // per-inode state
    private long ino;
    private int owner;
    private boolean isDir;
    private BatchResult out;
    private int inodeSeed;
    /** Blocks the inode holds, data and metadata, in file system blocks. */
    long numBlocks;
    /** Last mapped logical block, -1 if none. */
    long lastBlock;
    /** Last initialised (written) logical block, -1 if none. */
    long lastInitBlock;
    /** Physical block that would continue the previous extent; for fragmentation. */
    private long nextExpected;
    boolean fragmented;
    int illegal;
    /** Set when the walk found damage serious enough that e2fsck would clear the inode. */
    boolean damaged;
    int extentDepth;
    /** Physical block holding logical block 0 (the htree root of an indexed directory), 0 if unmapped. */
    long firstBlock;

    BlockChecker(FileSystem fs) {
        this.fs = fs;
        this.checksums = fs.checksums();
        this.firstDataBlock = fs.superblock().firstDataBlock();
        this.blocksCount = fs.geometry().blocksCount();
        this.blockSize = fs.blockSize();
        this.metadataCsum = fs.has(pe2fsck.fs.Feature.METADATA_CSUM);
        this.maxTreeDepth = maxTreeDepth(blockSize);
        for (int i = 0; i < 6; i++) {
            levels[i] = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    void start(long ino, int owner, boolean isDir, Inode inode, BatchResult out) {
        this.ino = ino;
        this.owner = owner;
        this.isDir = isDir;
        this.out = out;
        this.numBlocks = 0;
        this.lastBlock = -1;
        this.lastInitBlock = -1;
        this.nextExpected = -1;
        this.fragmented = false;
        this.illegal = 0;
        this.damaged = false;
        this.extentDepth = 0;
        this.firstBlock = 0;
        this.inodeSeed = metadataCsum ? checksums.inodeSeedValue(ino, inode.generation()) : 0;
    }

    boolean legal(long blk) {
        return blk >= firstDataBlock && blk < blocksCount;
    }

    /** Claims an extended attribute block, already checked for range. */
    void claimEaBlock(long blk) {
        numBlocks++;
        out.eaRef(owner, blk);
    }

    // ---------------------------------------------------------------- extents

    /** Walks the extent tree rooted in the inode's i_block. */
    void walkExtents(Inode inode) {
        ByteBuffer b = inode.buffer();
        int root = inode.blockAreaOffset();
        if (!header.at(b, root).hasMagic()) {
            out.report(Finding.of(Problem.MISSING_EXTENT_HEADER).ino(ino).build());
            damaged = true;
            return;
        }
        int depth = header.depth();
        String bad = headerProblem(b, root, Inode.BLOCK_BYTES);
        if (bad != null) {
            out.report(Finding.of(Problem.EXTENT_HEADER_INVALID).ino(ino).text(bad).build());
            damaged = true;
            return;
        }
        if (depth > maxTreeDepth) {
            // As e2fsck: a tree deeper than 2^32 blocks need is only worth rebuilding, not an error.
            out.report(Finding.of(Problem.EXTENT_BAD_MAX_DEPTH).ino(ino).num(depth).num2(maxTreeDepth).build());
        }
        extentDepth = depth;
        walkNode(b, root, depth, 0, 1L << 32);
    }

    /**
     * The most levels an extent tree can need to map 2^32 logical blocks with this block size,
     * counted as e2fsck counts them (whole powers of two of the fan-outs).
     */
    static int maxTreeDepth(int blockSize) {
        int rootFanOut = ExtentHeader.capacity(Inode.BLOCK_BYTES);
        int blockFanOut = ExtentHeader.capacity(blockSize);
        return 1 + (floorLog2(0xFFFFFFFFL) - floorLog2(rootFanOut)) / floorLog2(blockFanOut);
    }

    private static int floorLog2(long v) {
        return 63 - Long.numberOfLeadingZeros(v);
    }

    /**
     * Returns why an extent header is invalid by e2fsck's rules, or null. Its depth field is not
     * judged: e2fsck takes every level from the root's depth and never reads a tree block's own.
     */
    private String headerProblem(ByteBuffer b, int off, int nodeBytes) {
        ExtentHeader h = header.at(b, off);
        if (!h.hasMagic()) {
            return "bad magic";
        }
        int fits = ExtentHeader.capacity(nodeBytes);
        if (h.max() > fits || h.max() < fits - 2 && nodeBytes != Inode.BLOCK_BYTES || h.max() == 0) {
            return "bad maximum entry count " + h.max();
        }
        if (h.entries() > h.max()) {
            return h.entries() + " entries, more than the maximum " + h.max();
        }
        return null;
    }

    /**
     * Checks the entries of one node at {@code off} in {@code b}, covering logical blocks
     * [start, end) as its parent promised.
     */
    private void walkNode(ByteBuffer b, int off, int depth, long start, long end) {
        int entries = header.at(b, off).entries();
        long prevEnd = start;
        for (int i = 0; i < entries; i++) {
            // Every field of the entry is read before any recursion repositions the view.
            ExtentEntry x = entry.at(b, off + ExtentHeader.SIZE + ExtentEntry.SIZE * i);
            long lblk = x.logicalBlock();
            if (depth == 0) {
                boolean uninit = x.isUninit();
                int len = x.length();
                long pblk = x.physicalStart();
                Problem p = null;
                if (pblk == 0 || pblk < firstDataBlock || pblk >= blocksCount) {
                    p = Problem.EXTENT_BAD_START_BLK;
                } else if (lblk < prevEnd) {
                    p = Problem.OUT_OF_ORDER_EXTENTS;
                } else if (lblk + len > end && end != 1L << 32) {
                    p = Problem.EXTENT_END_OUT_OF_BOUNDS;
                } else if (len == 0) {
                    p = Problem.EXTENT_LENGTH_ZERO;
                } else if (pblk + len > blocksCount) {
                    p = Problem.EXTENT_ENDS_BEYOND;
                }
                if (p != null) {
                    out.report(Finding.of(p).ino(ino).blk(pblk).num(lblk).num2(len).build());
                    damaged = true;
                    continue;
                }
                if (uninit && isDir) {
                    // A directory's blocks are always written; e2fsck offers to clear the flag.
                    out.report(Finding.of(Problem.UNINIT_DBLOCK).ino(ino).blk(pblk).num(lblk).num2(len).build());
                }
                out.claim(owner, pblk, len);
                numBlocks += len;
                if (lblk == 0) {
                    firstBlock = pblk;
                }
                if (nextExpected >= 0 && pblk != nextExpected) {
                    fragmented = true;
                }
                nextExpected = pblk + len;
                lastBlock = Math.max(lastBlock, lblk + len - 1);
                if (!uninit) {
                    lastInitBlock = Math.max(lastInitBlock, lblk + len - 1);
                }
                if (isDir) {
                    for (int k = 0; k < len; k++) {
                        out.dirBlock(owner, lblk + k, pblk + k);
                    }
                }
                prevEnd = lblk + len;
            } else {
                long child = x.childBlock();
                long childEnd = i + 1 < entries ? entry.at(b, x.offset() + ExtentEntry.SIZE).logicalBlock() : end;
                if (child == 0 || child < firstDataBlock || child >= blocksCount) {
                    out.report(Finding.of(Problem.EXTENT_BAD_START_BLK).ino(ino).blk(child).num(lblk).num2(1).build());
                    damaged = true;
                    continue;
                }
                if (lblk < prevEnd) {
                    out.report(Finding.of(Problem.OUT_OF_ORDER_EXTENTS).ino(ino).blk(child).num(lblk).num2(prevEnd).build());
                    damaged = true;
                    continue;
                }
                if (depth - 1 >= levels.length) {
                    // Only a loop of tree blocks (each claimed twice) reaches this deep; e2fsck
                    // would follow it and find the blocks claimed more than once.
                    out.report(Finding.of(Problem.EXTENT_HEADER_INVALID).ino(ino).blk(child)
                            .text("the tree goes on below level " + MAX_DEPTH).build());
                    damaged = true;
                    continue;
                }
                if (levels[depth - 1] == null) {
                    levels[depth - 1] = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
                }
                ByteBuffer nb = levels[depth - 1];
                nb.clear();
                fs.readBlock(child, nb);
                String bad = headerProblem(nb, 0, blockSize);
                if (bad != null) {
                    out.report(Finding.of(Problem.EXTENT_HEADER_INVALID).ino(ino).blk(child).text(bad).build());
                    damaged = true;
                    continue;
                }
                out.claim(owner, child, 1);
                numBlocks++;
                int childEntries = header.at(nb, 0).entries();
                int childMax = header.max();
                long firstChildLogical = entry.at(nb, ExtentHeader.SIZE).logicalBlock();
                if (childEntries > 0 && firstChildLogical != lblk) {
                    out.report(Finding.of(Problem.EXTENT_INDEX_START_INVALID).ino(ino).blk(child)
                            .num(firstChildLogical).num2(lblk).build());
                }
                if (metadataCsum) {
                    int tail = ExtentTail.offset(0, childMax);
                    if (tail + 4 <= blockSize) {
                        if (ExtentTail.expected(checksums, inodeSeed, nb, 0, childMax) != Le.s32(nb, tail)) {
                            out.report(Finding.of(Problem.EXTENT_ONLY_CSUM_INVALID).ino(ino).blk(child).build());
                        }
                    }
                }
                walkNode(nb, 0, depth - 1, lblk, childEnd);
                prevEnd = Math.max(prevEnd, lblk);
            }
        }
    }

    // ---------------------------------------------------------------- indirect maps

    /** Walks i_block[0..14] as direct, single, double and triple indirect pointers. */
    void walkBlockMap(Inode inode) {
        for (int i = 0; i < 12; i++) {
            data(inode.block(i), i);
        }
        long perBlock = blockSize / 4;
        long base = 12;
        indirect(inode.block(12), 1, base);
        base += perBlock;
        indirect(inode.block(13), 2, base);
        base += perBlock * perBlock;
        indirect(inode.block(14), 3, base);
    }

    private void data(long blk, long logical) {
        if (blk == 0) {
            return;
        }
        if (!legal(blk)) {
            illegal(blk, logical);
            return;
        }
        out.claim(owner, blk, 1);
        numBlocks++;
        if (logical == 0) {
            firstBlock = blk;
        }
        if (nextExpected >= 0 && blk != nextExpected) {
            fragmented = true;
        }
        nextExpected = blk + 1;
        lastBlock = Math.max(lastBlock, logical);
        lastInitBlock = lastBlock;
        if (isDir) {
            out.dirBlock(owner, logical, blk);
        }
    }

    private void indirect(long blk, int level, long firstLogical) {
        if (blk == 0 || illegal > MAX_ILLEGAL) {
            return;
        }
        if (!legal(blk)) {
            illegal(blk, -1);
            return;
        }
        out.claim(owner, blk, 1);
        numBlocks++;
        ByteBuffer buf = levels[level];
        buf.clear();
        fs.readBlock(blk, buf);
        long perBlock = blockSize / 4;
        long span = level == 1 ? 1 : level == 2 ? perBlock : perBlock * perBlock;
        for (int i = 0; i < perBlock && illegal <= MAX_ILLEGAL; i++) {
            long child = Le.u32(buf, 4 * i);
            if (level == 1) {
                data(child, firstLogical + i);
            } else {
                indirect(child, level - 1, firstLogical + i * span);
            }
        }
    }

    private void illegal(long blk, long logical) {
        illegal++;
        damaged = true;
        if (illegal <= MAX_ILLEGAL) {
            out.report(Finding.of(Problem.ILLEGAL_BLOCK_NUM).ino(ino).blk(blk).num(logical)
                    .text(logical < 0 ? "indirect block" : "logical block " + logical).build());
        } else if (illegal == MAX_ILLEGAL + 1) {
            out.report(Finding.of(Problem.TOO_MANY_BAD_BLOCKS).ino(ino).build());
        }
    }
}
