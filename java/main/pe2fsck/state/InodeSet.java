package pe2fsck.state;

import java.util.Arrays;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * A set of inode numbers (0 to 2^32 - 1). Below {@link #DENSE_LIMIT} it is a plain bitmap cut
 * into pages of 65536 inodes, a page allocated when its first member arrives: a lookup is two
 * array loads and a mask. Passes 2 to 5 ask three or four of these sets about every directory
 * entry and every inode, and on the 3M-inode benchmark image a compressed bitmap's two binary
 * searches per lookup were a third of pass 2's samples. Inodes are numbered densely from 1, so
 * the pages of a file system with many inodes in use are mostly full. Members from the limit
 * up go to a compressed bitmap (RoaringBitmap): there a page may hold a few inodes of a huge,
 * sparsely used file system, and plain pages would cost up to a bit per inode the file system
 * has; below it they cost at most 16 MiB a set.
 *
 * <p>Not thread-safe for writes; readers on other threads need a happens-before edge with the
 * writer (the end of the pass that filled the set).
 */
public final class InodeSet {

    /** Inodes below this number are kept in plain pages, the others compressed. */
    static final long DENSE_LIMIT = 1L << 27;
    private static final long MAX_INO = 0xFFFF_FFFFL;
    /** Inodes per page: 2^PAGE_BITS. */
    static final int PAGE_BITS = 16;
    static final int WORDS_PER_PAGE = 1 << (PAGE_BITS - 6);
    private static final int MAX_PAGES = (int) (DENSE_LIMIT >>> PAGE_BITS);
    private static final long[][] NO_PAGES = new long[0][];

    private long[][] pages = NO_PAGES;
    /** Members from {@link #DENSE_LIMIT} up, as unsigned ints; null until the first one. */
    private RoaringBitmap high;

    public boolean contains(long ino) {
        if (ino < DENSE_LIMIT) {
            return (wordAt(ino) & (1L << ino)) != 0;
        }
        return high != null && ino <= MAX_INO && high.contains((int) ino);
    }

    public void add(long ino) {
        if (ino < DENSE_LIMIT) {
            page(ino)[word(ino)] |= 1L << ino;
        } else {
            high(ino).add((int) ino);
        }
    }

    /** Adds {@code ino}; true if it was not a member before. */
    public boolean addIfAbsent(long ino) {
        if (ino >= DENSE_LIMIT) {
            return high(ino).checkedAdd((int) ino);
        }
        long[] page = page(ino);
        int w = word(ino);
        long bit = 1L << ino;
        if ((page[w] & bit) != 0) {
            return false;
        }
        page[w] |= bit;
        return true;
    }

    /** Adds every inode in [from, to). */
    public void add(long from, long to) {
        long ino = from;
        long denseEnd = Math.min(to, DENSE_LIMIT);
        while (ino < denseEnd) {
            long[] page = page(ino);
            int w = word(ino);
            long wordEnd = Math.min(denseEnd, (ino | 63) + 1);
            int bits = (int) (wordEnd - ino);
            long mask = bits == 64 ? -1L : ((1L << bits) - 1) << ino;
            page[w] |= mask;
            ino = wordEnd;
        }
        if (ino < to) {
            high(to - 1).add(ino, to);
        }
    }

    public void remove(long ino) {
        if (ino < DENSE_LIMIT) {
            int p = (int) (ino >>> PAGE_BITS);
            if (ino >= 0 && p < pages.length && pages[p] != null) {
                pages[p][word(ino)] &= ~(1L << ino);
            }
        } else if (high != null && ino <= MAX_INO) {
            high.remove((int) ino);
        }
    }

    public boolean isEmpty() {
        return nextMember(0) < 0;
    }

    public long cardinality() {
        long n = high == null ? 0 : high.getLongCardinality();
        for (long[] page : pages) {
            if (page != null) {
                for (long w : page) {
                    n += Long.bitCount(w);
                }
            }
        }
        return n;
    }

    /** The smallest member at or above {@code from}, or -1 when there is none. */
    public long nextMember(long from) {
        long start = Math.max(0, from);
        if (start < DENSE_LIMIT) {
            int p = (int) (start >>> PAGE_BITS);
            int w = word(start);
            long mask = -1L << start;
            while (p < pages.length) {
                long[] page = pages[p];
                if (page != null) {
                    for (; w < WORDS_PER_PAGE; w++) {
                        long bits = page[w] & mask;
                        if (bits != 0) {
                            return ((long) p << PAGE_BITS) + ((long) w << 6) + Long.numberOfTrailingZeros(bits);
                        }
                        mask = -1L;
                    }
                }
                p++;
                w = 0;
                mask = -1L;
            }
            start = DENSE_LIMIT;
        }
        return high == null || start > MAX_INO ? -1 : high.nextValue((int) start);
    }

    /** Calls {@code action} with every member in increasing order. */
    public void forEach(LongConsumer action) {
        for (long ino = nextMember(0); ino >= 0; ino = nextMember(ino + 1)) {
            action.accept(ino);
        }
    }

    /** Adds every member of {@code other}. */
    public void or(InodeSet other) {
        for (int p = 0; p < other.pages.length; p++) {
            long[] from = other.pages[p];
            if (from != null) {
                long[] to = page((long) p << PAGE_BITS);
                for (int w = 0; w < WORDS_PER_PAGE; w++) {
                    to[w] |= from[w];
                }
            }
        }
        if (other.high != null) {
            high(DENSE_LIMIT).or(other.high);
        }
    }

    /**
     * Sets bit {@code ino - from} of the little-endian bitmap {@code out} for every member in
     * [from, to); other bits are left alone.
     */
    public void markRange(long from, long to, byte[] out) {
        long n = Math.min(to, DENSE_LIMIT) - from;
        for (long j = 0; j < n; j += 64) {
            long chunk = bitsAt(from + j);
            if (n - j < 64) {
                chunk &= (1L << (n - j)) - 1;
            }
            // j is a multiple of 64: the chunk's bits are whole bytes of out from j / 8 on
            for (int b = (int) (j >>> 3); chunk != 0; b++, chunk >>>= 8) {
                out[b] |= (byte) chunk;
            }
        }
        for (long ino = nextMember(Math.max(from, DENSE_LIMIT)); ino >= 0 && ino < to; ino = nextMember(ino + 1)) {
            int j = (int) (ino - from);
            out[j >>> 3] |= (byte) (1 << (j & 7));
        }
    }

    /** The 64 membership bits from {@code pos} on (below the limit), bit 0 for {@code pos}. */
    private long bitsAt(long pos) {
        int shift = (int) (pos & 63);
        long low = wordAt(pos) >>> shift;
        return shift == 0 ? low : low | wordAt(pos + 64) << (64 - shift);
    }

    /** The plain word holding {@code ino}; 0 where no page is, or from the limit up. */
    long wordAt(long ino) {
        int p = (int) (ino >>> PAGE_BITS);
        long[] page = ino >= 0 && p < pages.length ? pages[p] : null;
        return page == null ? 0 : page[word(ino)];
    }

    /** Index of the word holding {@code ino} within its page. */
    static int word(long ino) {
        return (int) (ino >>> 6) & (WORDS_PER_PAGE - 1);
    }

    private long[] page(long ino) {
        if (ino < 0) {
            throw new IllegalArgumentException("inode number out of range: " + ino);
        }
        int p = (int) (ino >>> PAGE_BITS);
        if (p >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(p + 1, Math.min(MAX_PAGES, pages.length * 2)));
        }
        long[] page = pages[p];
        if (page == null) {
            page = new long[WORDS_PER_PAGE];
            pages[p] = page;
        }
        return page;
    }

    /** The compressed part, made on first use; {@code ino} is checked against 2^32 - 1. */
    private RoaringBitmap high(long ino) {
        if (ino > MAX_INO) {
            throw new IllegalArgumentException("inode number out of range: " + ino);
        }
        if (high == null) {
            high = new RoaringBitmap();
        }
        return high;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InodeSet)) {
            return false;
        }
        InodeSet other = (InodeSet) o;
        long a = nextMember(0);
        long b = other.nextMember(0);
        while (a == b && a >= 0) {
            a = nextMember(a + 1);
            b = other.nextMember(b + 1);
        }
        return a == b;
    }

    @Override
    public int hashCode() {
        long h = 1;
        for (long ino = nextMember(0); ino >= 0; ino = nextMember(ino + 1)) {
            h = 31 * h + ino;
        }
        return Long.hashCode(h);
    }

    @Override
    public String toString() {
        return "InodeSet(" + cardinality() + " members)";
    }
}
