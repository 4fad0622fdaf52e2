package pe2fsck.pass2;

import java.nio.ByteBuffer;
import pe2fsck.fs.DirHash;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.DxEntries;
import pe2fsck.fs.DxNode;
import pe2fsck.fs.DxRoot;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * Bookkeeping for one indexed directory while pass 2 reads its blocks, then the verdict on its
 * index. Tolerant where {@link pe2fsck.fs.HtreeIndex} stops at the first fault: every block gets
 * a record (its kind, who points to it, the hash range its parent gives it, the hashes actually
 * found in it), and once all blocks are read the records are compared, so that every fault is
 * reported before the one question whether to clear the index.
 *
 * <p>Rules checked: root info (reserved word, info length, depth), each index block's limit and
 * count, child pointers inside the directory, hashes in ascending order, every block referenced
 * exactly once (the root implicitly), leaves at the depth the root promises, the names in each
 * block hashing into the range its parent assigns (the first child of a node is exempt from the
 * lower bound, the root from both), and index-block checksums under metadata_csum.
 */
final class HtreeCheck {

    static final int NONE = 0;
    static final int ROOT = 1;
    static final int LEAF = 2;
    static final int NODE = 3;

    private static final int REFERENCED = 1;
    private static final int DUP_REF = 2;
    private static final int FIRST = 4;
    private static final int LAST = 8;
    private static final long NO_MIN = 0xFFFFFFFFL;
    private static final long TOP_HASH = 0xFFFFFFFEL;
    private static final int MAX_DEPTH_WALK = 32000;

    private final Problems problems;
    private final long dir;
    private final int blockSize;
    private final boolean csum;
    private final int maxLevels;
    private final boolean canHash;
    private final Superblock sb;
    private final DirHash hasher;
    private final int[] seed;
    private final int numBlocks;
    private final byte[] type;
    private final byte[] flags;
    private final int[] parent;
    private final long[] minHash;
    private final long[] maxHash;
    private final long[] nodeMin;
    private final long[] nodeMax;
    private final DxRoot root = new DxRoot();
    private final DxNode node;
    private final DxEntries entries = new DxEntries();
    private int hashVersion = -1;
    private int depth;

    /**
     * {@code numBlocks}: one past the directory's last mapped logical block. {@code canHash}:
     * false where names are hashed in a way the model does not compute (casefolded names), so
     * the per-leaf range checks are skipped rather than guessed.
     */
    HtreeCheck(FileSystem fs, Problems problems, long dir, int numBlocks, boolean csum, boolean largeDir, boolean canHash,
            DirHash hasher) {
        this.problems = problems;
        this.dir = dir;
        this.blockSize = fs.blockSize();
        this.csum = csum;
        this.maxLevels = largeDir ? DxRoot.MAX_LEVELS_LARGEDIR : DxRoot.MAX_LEVELS;
        this.canHash = canHash;
        this.sb = fs.superblock();
        this.hasher = hasher;
        this.seed = DirHash.seed(sb);
        this.numBlocks = numBlocks;
        this.type = new byte[numBlocks];
        this.flags = new byte[numBlocks];
        this.parent = new int[numBlocks];
        this.minHash = new long[numBlocks];
        this.maxHash = new long[numBlocks];
        this.nodeMin = new long[numBlocks];
        this.nodeMax = new long[numBlocks];
        this.node = new DxNode(blockSize);
    }

    /** Records that logical block {@code logical} was read and classifies it; returns its kind. */
    int begin(long logical, ByteBuffer b) {
        if (logical < 0 || logical >= numBlocks) {
            return NONE;
        }
        int k = (int) logical;
        type[k] = LEAF;
        minHash[k] = NO_MIN;
        maxHash[k] = 0;
        if (k == 0) {
            root.at(b, 0);
            type[0] = ROOT;
            flags[0] |= FIRST | LAST;
            int version = root.hashVersion();
            int levels = root.indirectLevels();
            // Hash version and depth were vetted (and reported) by pass 1.
            if (root.reservedZero() != 0 || root.infoLength() < DxRoot.INFO_LENGTH || levels >= maxLevels) {
                ask(Finding.of(Problem.HTREE_BAD_ROOT).dir(dir));
            }
            hashVersion = DirHash.effectiveVersion(version, sb);
            depth = levels + 1;
        } else {
            node.at(b, 0);
            if (node.looksLikeNode() && node.entries().limit() == DxNode.maxLimit(blockSize, csum)) {
                type[k] = NODE;
            }
        }
        return type[k];
    }

    /** Folds the hash of one name of leaf (or root) block {@code logical} into its range. */
    void addName(long logical, ByteBuffer b, int nameOff, int nameLen) {
        if (!canHash || !DirHash.supported(hashVersion) || logical < 0 || logical >= numBlocks) {
            return;
        }
        int k = (int) logical;
        long h = hasher.hash(hashVersion, seed, b, nameOff, nameLen) & 0xFFFFFFFFL;
        minHash[k] = Math.min(minHash[k], h);
        maxHash[k] = Math.max(maxHash[k], h);
    }

    /** Reads the index entries of the root or an interior node and hands ranges to the children. */
    void parseIndex(long logical, ByteBuffer b, boolean failedCsum) {
        int k = (int) logical;
        int entOff;
        if (k == 0) {
            entOff = DxRoot.INFO_OFFSET + root.at(b, 0).infoLength();
            if (failedCsum) {
                ask(Finding.of(Problem.HTREE_ROOT_CSUM_INVALID).dir(dir));
            }
        } else {
            entOff = DxNode.COUNT_OFFSET;
            if (failedCsum) {
                ask(Finding.of(Problem.HTREE_NODE_CSUM_INVALID).dir(dir).num(logical));
            }
        }
        if (entOff + 4 > blockSize) {
            return; // the root's info length already drew HTREE_BAD_ROOT
        }
        entries.at(b, entOff);
        int count = entries.count();
        int expect = (blockSize - ((csum ? 8 : 0) + entOff)) / DxEntries.ENTRY_SIZE;
        if (entries.limit() != expect) {
            ask(Finding.of(Problem.HTREE_BAD_LIMIT).dir(dir).num(logical).num2(entries.limit()));
        }
        if (count > expect) {
            ask(Finding.of(Problem.HTREE_BAD_COUNT).dir(dir).num(logical).num2(count));
            count = expect;
        }
        long min = NO_MIN;
        long max = 0;
        long hash = 0;
        for (int i = 0; i < count; i++) {
            long prev = hash;
            hash = i == 0 ? 0 : entries.hash(i) & TOP_HASH;
            long child = entries.block(i);
            if (child >= numBlocks) {
                ask(Finding.of(Problem.HTREE_BADBLK).dir(dir).num(logical).blk(child));
                continue;
            }
            if (hash < prev) {
                ask(Finding.of(Problem.HTREE_HASH_ORDER).dir(dir).num(logical));
            }
            int c = (int) child;
            if ((flags[c] & REFERENCED) != 0) {
                flags[c] |= DUP_REF;
            } else {
                flags[c] |= REFERENCED;
                parent[c] = k;
            }
            min = Math.min(min, hash);
            max = Math.max(max, hash);
            nodeMin[c] = hash;
            if (i + 1 < count) {
                nodeMax[c] = entries.hash(i + 1) & TOP_HASH;
            } else {
                nodeMax[c] = TOP_HASH;
                flags[c] |= LAST;
            }
            if (i == 0) {
                flags[c] |= FIRST;
            }
        }
        minHash[k] = min;
        maxHash[k] = max;
    }

    /** After every block was read: compares the records and asks whether to clear the index. */
    void finish() {
        flags[0] |= (flags[0] & REFERENCED) != 0 ? DUP_REF : REFERENCED;
        // A node's own range is that of its first and last leaves.
        for (int b = 0; b < numBlocks; b++) {
            if (type[b] != LEAF || (flags[b] & (FIRST | LAST)) == 0) {
                continue;
            }
            int p = parent[b];
            if ((flags[b] & FIRST) != 0) {
                minHash[p] = minHash[b];
            }
            if ((flags[b] & LAST) != 0) {
                maxHash[p] = maxHash[b];
            }
        }
        int bad = 0;
        for (int b = 0; b < numBlocks; b++) {
            if ((flags[b] & FIRST) == 0 && minHash[b] < nodeMin[b]) {
                ask(Finding.of(Problem.HTREE_MIN_HASH).dir(dir).num(b).blk(minHash[b]).num2(nodeMin[b]));
                bad++;
            }
            if (type[b] == LEAF && depthOf(b) != depth) {
                ask(Finding.of(Problem.HTREE_BAD_DEPTH).dir(dir).num(b).num2(depth));
                bad++;
            }
            if (b > 0 && maxHash[b] > nodeMax[b]) {
                ask(Finding.of(Problem.HTREE_MAX_HASH).dir(dir).num(b).blk(maxHash[b]).num2(nodeMax[b]));
                bad++;
            }
            if ((flags[b] & REFERENCED) == 0) {
                ask(Finding.of(Problem.HTREE_NOTREF).dir(dir).num(b));
                bad++;
            } else if ((flags[b] & DUP_REF) != 0) {
                ask(Finding.of(Problem.HTREE_DUPREF).dir(dir).num(b));
                bad++;
            }
        }
        if (bad > 0) {
            ask(Finding.of(Problem.HTREE_CLEAR).dir(dir));
        }
    }

    /** Parent hops from block {@code b} up to the root (bounded, in case the pointers loop). */
    private int depthOf(int b) {
        int d = 0;
        int cur = b;
        while (type[cur] != ROOT && d < MAX_DEPTH_WALK) {
            cur = parent[cur];
            d++;
        }
        return d;
    }

    private void ask(Finding.Builder f) {
        problems.ask(f.build());
    }
}
