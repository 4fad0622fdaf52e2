package pe2fsck.pass1;

import java.util.Arrays;

/**
 * Block ranges one inode-table batch wants read, gathered in any order, then sorted and joined
 * where they touch or lie close, so that a batch's scattered blocks cost a few requests instead of
 * one each. Reused from batch to batch by one reader thread.
 *
 * <p>A range is kept as one long (first block above 16 bits, length below), so sorting the
 * longs sorts by first block. Ranges that do not fit (blocks at or past 2^47, lengths past
 * 65535 are cut) are cut or left out: these are hints, never needed for correctness.
 */
final class HintRanges {

    private static final int LEN_BITS = 16;
    private static final long MAX_LEN = (1L << LEN_BITS) - 1;
    private static final long MAX_START = 1L << (63 - LEN_BITS);

    private long[] ranges = new long[256];
    private int count;
    /** The joined ranges as (start, length) pairs. */
    private long[] pairs = new long[512];
    private int joined;

    void clear() {
        count = 0;
        joined = 0;
    }

    /** Adds {@code length} blocks from {@code start}; blocks outside [1, limit) are left out. */
    void add(long start, long length, long limit) {
        long end = Math.min(start + length, limit);
        if (start <= 0 || start >= MAX_START || end <= start) {
            return;
        }
        if (count == ranges.length) {
            ranges = Arrays.copyOf(ranges, 2 * count);
        }
        ranges[count++] = start << LEN_BITS | Math.min(end - start, MAX_LEN);
    }

    /**
     * Sorts and joins the ranges: two are joined when at most {@code gapBlocks} lie between them
     * and the joined range stays within {@code maxBlocks} (a single range longer than that is
     * kept whole). Afterwards the ranges are read with {@link #start} and {@link #length}.
     *
     * @return the number of ranges left
     */
    int join(long gapBlocks, long maxBlocks) {
        Arrays.sort(ranges, 0, count);
        int out = 0;
        int i = 0;
        while (i < count) {
            long start = ranges[i] >>> LEN_BITS;
            long end = start + (ranges[i] & MAX_LEN);
            i++;
            while (i < count) {
                long s = ranges[i] >>> LEN_BITS;
                long e = s + (ranges[i] & MAX_LEN);
                if (s - end > gapBlocks || Math.max(end, e) - start > maxBlocks) {
                    break;
                }
                end = Math.max(end, e);
                i++;
            }
            if (2 * out + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, 2 * pairs.length);
            }
            pairs[2 * out] = start;
            pairs[2 * out + 1] = end - start;
            out++;
        }
        joined = out;
        return out;
    }

    long start(int i) {
        return pairs[2 * i];
    }

    long length(int i) {
        return pairs[2 * i + 1];
    }

    /** The joined ranges as (start, length) pairs, in a new array another thread may own. */
    long[] toPairs() {
        return Arrays.copyOf(pairs, 2 * joined);
    }
}
