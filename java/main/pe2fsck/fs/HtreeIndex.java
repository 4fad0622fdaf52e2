package pe2fsck.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The parsed index of an htree directory: which logical blocks are index nodes and, for each
 * leaf block, the range of name hashes the index sends to it. Built from the directory's whole
 * contents (as {@link FileReader#readAll} returns them). Structural errors throw
 * {@link FormatException}; checksum mismatches are collected, not thrown.
 */
public final class HtreeIndex {

    /**
     * A leaf block and its hash range: {@code low <= hash}, and {@code hash < high} (or
     * {@code hash <= high} when {@code highInclusive}, because the next leaf continues a
     * collision run). Hashes are unsigned 32-bit values held in longs; the last leaf's high is
     * 2^32.
     */
    public record Leaf(long block, long low, long high, boolean highInclusive) {
        public boolean contains(int hash) {
            long h = hash & 0xFFFFFFFFL;
            return h >= low && (h < high || (highInclusive && h == high));
        }
    }

    /** An index block whose dx tail checksum is wrong. */
    public record BadChecksum(long block, int stored, int expected) {
    }

    private final int hashVersion;
    private final int levels;
    private final List<Leaf> leaves = new ArrayList<>();
    private final BitSet nodes = new BitSet();
    private final List<BadChecksum> badChecksums = new ArrayList<>();

    private HtreeIndex(int hashVersion, int levels) {
        this.hashVersion = hashVersion;
        this.levels = levels;
    }

    /** Hash version stored in the root (before the signed/unsigned adjustment). */
    public int hashVersion() { return hashVersion; }
    public int indirectLevels() { return levels; }
    public List<Leaf> leaves() { return leaves; }
    /** True if logical block {@code b} is the root or an interior index block. */
    public boolean isIndexBlock(long b) { return b >= 0 && b < Integer.MAX_VALUE && nodes.get((int) b); }
    public List<BadChecksum> badChecksums() { return badChecksums; }

    /**
     * Parses the index of a directory whose {@code dir} buffer holds {@code dir.limit() / bs}
     * blocks. With {@code ck} non-null (metadata_csum), dx tails are verified from
     * {@code inodeSeed}.
     */
    public static HtreeIndex parse(ByteBuffer dir, int bs, boolean largeDir, Checksums ck, int inodeSeed) {
        long nBlocks = dir.limit() / bs;
        if (nBlocks < 1) {
            throw new FormatException("htree directory has no blocks");
        }
        DxRoot root = new DxRoot().at(dir, 0);
        if (!root.dotNameOk() || !root.dotdotNameOk() || root.dotRecLen() != 12) {
            throw new FormatException("htree root does not start with '.' and '..' entries");
        }
        if (root.infoLength() != DxRoot.INFO_LENGTH) {
            throw new FormatException("htree root has info length " + root.infoLength() + ", expected 8");
        }
        if (!DirHash.supported(root.hashVersion())) {
            throw new FormatException("htree root uses unsupported hash version " + root.hashVersion());
        }
        int maxLevels = largeDir ? DxRoot.MAX_LEVELS_LARGEDIR : DxRoot.MAX_LEVELS;
        if (root.indirectLevels() >= maxLevels) {
            throw new FormatException("htree root claims " + (root.indirectLevels() + 1) + " index levels, more than " + maxLevels);
        }
        HtreeIndex idx = new HtreeIndex(root.hashVersion(), root.indirectLevels());
        idx.nodes.set(0);
        DxEntries e = root.entries();
        int expectLimit = DxRoot.maxLimit(bs, ck != null);
        idx.walk(dir, bs, nBlocks, 0, 0, e, expectLimit, root.indirectLevels(), 0, 1L << 32, false, ck, inodeSeed);
        return idx;
    }

    private void walk(ByteBuffer dir, int bs, long nBlocks, long block, int blockOff, DxEntries e, int expectLimit,
            int levelsBelow, long low, long high, boolean highInclusive, Checksums ck, int seed) {
        int limit = e.limit();
        int count = e.count();
        if (limit != expectLimit) {
            throw new FormatException("htree block " + block + " has limit " + limit + ", expected " + expectLimit);
        }
        if (count == 0 || count > limit) {
            throw new FormatException("htree block " + block + " has count " + count + " (limit " + limit + ")");
        }
        if (ck != null && DxTail.fits(e, blockOff, bs)) {
            int stored = DxTail.stored(dir, e);
            int expected = DxTail.expected(ck, seed, dir, blockOff, e);
            if (stored != expected) {
                badChecksums.add(new BadChecksum(block, stored, expected));
            }
        }
        // Read this node's entries into locals before descending; children get views of their own.
        long[] hashes = new long[count + 1];
        long[] blocks = new long[count];
        boolean[] cont = new boolean[count + 1];
        for (int i = 0; i < count; i++) {
            int h = e.hash(i);
            hashes[i] = i == 0 ? low : h & 0xFFFFFFFEL;
            cont[i] = i > 0 && (h & 1) != 0;
            blocks[i] = e.block(i);
        }
        hashes[count] = high;
        cont[count] = highInclusive;
        for (int i = 0; i < count; i++) {
            long child = blocks[i];
            if (child <= 0 || child >= nBlocks) {
                throw new FormatException("htree block " + block + " points to block " + child
                        + ", outside the directory (" + nBlocks + " blocks)");
            }
            if (i > 0 && hashes[i] < hashes[i - 1]) {
                throw new FormatException("htree block " + block + " has hashes out of order at entry " + i);
            }
            boolean inclusive = i + 1 < count ? cont[i + 1] : highInclusive;
            if (levelsBelow == 0) {
                leaves.add(new Leaf(child, hashes[i], hashes[i + 1], inclusive));
                continue;
            }
            if (nodes.get((int) child)) {
                throw new FormatException("htree block " + child + " is referenced twice in the index");
            }
            nodes.set((int) child);
            int off = (int) (child * bs);
            DxNode node = new DxNode(bs).at(dir, off);
            if (!node.looksLikeNode()) {
                throw new FormatException("htree block " + child + " is not an index node");
            }
            walk(dir, bs, nBlocks, child, off, node.entries(), DxNode.maxLimit(bs, ck != null), levelsBelow - 1,
                    hashes[i], hashes[i + 1], inclusive, ck, seed);
        }
    }
}
