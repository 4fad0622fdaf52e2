package pe2fsck.state;

import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A compressed set of block (or cluster) numbers. File systems under 2^32 blocks, which is
 * nearly all of them, use a 32-bit RoaringBitmap with unsigned keys; larger ones a 64-bit one.
 * Not thread-safe: each owner (a pass-1 consumer, or the publisher) has its own.
 */
public final class BlockSet {

    private final RoaringBitmap small;
    private final Roaring64Bitmap large;

    public BlockSet(long universe) {
        if (universe <= 1L << 32) {
            small = new RoaringBitmap();
            large = null;
        } else {
            small = null;
            large = new Roaring64Bitmap();
        }
    }

    public void add(long b) {
        if (small != null) {
            small.add((int) b);
        } else {
            large.addLong(b);
        }
    }

    /** Adds [from, from + count). */
    public void addRange(long from, long count) {
        if (count <= 0) {
            return;
        }
        if (small != null) {
            small.add(from, from + count);
        } else {
            large.addRange(from, from + count);
        }
    }

    /** Adds every member of {@code other}. */
    public void addAll(BlockSet other) {
        if (small != null && other.small != null) {
            small.or(other.small);
        } else if (large != null && other.large != null) {
            large.or(other.large);
        } else {
            other.forEach(this::add);
        }
    }

    public boolean contains(long b) {
        return small != null ? small.contains((int) b) : large.contains(b);
    }

    /** Adds b and returns true if it was already present. */
    public boolean checkedAdd(long b) {
        if (small != null) {
            return !small.checkedAdd((int) b);
        }
        if (large.contains(b)) {
            return true;
        }
        large.addLong(b);
        return false;
    }

    public void remove(long b) {
        if (small != null) {
            small.remove((int) b);
        } else {
            large.removeLong(b);
        }
    }

    public long cardinality() {
        return small != null ? small.getLongCardinality() : large.getLongCardinality();
    }

    /** True if any member lies in [from, to). */
    public boolean intersects(long from, long to) {
        if (small != null) {
            return small.intersects(from, to);
        }
        for (long b = from; b < to; b++) {
            if (large.contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** Number of members in [from, to). */
    public long rangeCardinality(long from, long to) {
        if (small != null) {
            return small.rangeCardinality(from, to);
        }
        long n = 0;
        for (long b = from; b < to; b++) {
            if (large.contains(b)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sets, in the little-endian bitmap {@code out}, bit {@code (b - from) >>> shift} for every
     * member b in [from, to): a group's on-disk bitmap layout, one bit per block (shift 0) or per
     * cluster of 2^shift blocks. Bits already set in {@code out} stay set. Visits only members,
     * so a mostly empty range costs next to nothing.
     */
    public void markRange(long from, long to, int shift, byte[] out) {
        if (small != null) {
            markRange(small, from, to, shift, out);
            return;
        }
        for (long b = from; b < to; b++) {
            if (large.contains(b)) {
                int j = (int) ((b - from) >>> shift);
                out[j >>> 3] |= (byte) (1 << (j & 7));
            }
        }
    }

    /** {@link #markRange(long, long, int, byte[])} for a 32-bit set with unsigned members. */
    private static void markRange(RoaringBitmap set, long from, long to, int shift, byte[] out) {
        if (shift == 0) {
            // The set hands over whole runs where it holds them as runs (used blocks mostly
            // come in runs), instead of one member at a time.
            set.forAllInRange((int) from, (int) (to - from), new BitMarker(out));
            return;
        }
        org.roaringbitmap.PeekableIntIterator it = set.getIntIterator();
        it.advanceIfNeeded((int) from);
        while (it.hasNext()) {
            long b = Integer.toUnsignedLong(it.peekNext());
            if (b >= to) {
                break;
            }
            it.next();
            int j = (int) ((b - from) >>> shift);
            out[j >>> 3] |= (byte) (1 << (j & 7));
        }
    }

    /** Sets the bits of present positions in a little-endian bitmap; absent ones are left alone. */
    private static final class BitMarker implements org.roaringbitmap.RelativeRangeConsumer {
        private final byte[] out;

        BitMarker(byte[] out) {
            this.out = out;
        }

        @Override
        public void acceptPresent(int j) {
            out[j >>> 3] |= (byte) (1 << (j & 7));
        }

        @Override
        public void acceptAbsent(int j) {
        }

        @Override
        public void acceptAllPresent(int from, int to) {
            int j = from;
            while (j < to && (j & 7) != 0) {
                acceptPresent(j++);
            }
            int wholeEnd = j + ((to - j) & ~7);
            if (wholeEnd > j) {
                java.util.Arrays.fill(out, j >>> 3, wholeEnd >>> 3, (byte) 0xff);
                j = wholeEnd;
            }
            while (j < to) {
                acceptPresent(j++);
            }
        }

        @Override
        public void acceptAllAbsent(int from, int to) {
        }
    }

    public boolean isEmpty() {
        return small != null ? small.isEmpty() : large.isEmpty();
    }

    /** Visits members in ascending order. */
    public void forEach(java.util.function.LongConsumer c) {
        if (small != null) {
            small.forEach((org.roaringbitmap.IntConsumer) i -> c.accept(Integer.toUnsignedLong(i)));
        } else {
            large.forEach(c::accept);
        }
    }

    public void runOptimize() {
        if (small != null) {
            small.runOptimize();
        } else {
            large.runOptimize();
        }
    }
}
