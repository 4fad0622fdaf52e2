package pe2fsck.check;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A set of inode numbers (0 to 2^32 - 1) as a plain bitmap cut into pages of 65536 inodes, a
 * page allocated when its first member arrives. A lookup is two array loads and a mask: passes
 * 2 to 5 ask three or four of these sets about every directory entry and every inode, and on
 * the 3M-inode benchmark image a compressed bitmap's two binary searches per lookup were a
 * third of pass 2's samples. Inodes are numbered densely from 1, so the pages of a file system
 * with many inodes in use are mostly full and a compressed form would save little; a file
 * system with few in use gets few pages.
 *
 * <p>Not thread-safe for writes; readers on other threads need a happens-before edge with the
 * writer (the end of the pass that filled the set).
 */
public final class InodeSet {

    private static final int PAGE_BITS = 16;
    private static final int WORDS_PER_PAGE = 1 << (PAGE_BITS - 6);
    private static final long[][] NO_PAGES = new long[0][];

    private long[][] pages = NO_PAGES;

    public boolean contains(long ino) {
        int p = (int) (ino >>> PAGE_BITS);
        long[] page = p < pages.length ? pages[p] : null;
        return page != null && (page[word(ino)] & (1L << ino)) != 0;
    }

    public void add(long ino) {
        page(ino)[word(ino)] |= 1L << ino;
    }

    /** Adds {@code ino}; true if it was not a member before. */
    public boolean addIfAbsent(long ino) {
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
        while (ino < to) {
            long[] page = page(ino);
            int w = word(ino);
            long wordEnd = Math.min(to, (ino | 63) + 1);
            int bits = (int) (wordEnd - ino);
            long mask = bits == 64 ? -1L : ((1L << bits) - 1) << ino;
            page[w] |= mask;
            ino = wordEnd;
        }
    }

    public void remove(long ino) {
        int p = (int) (ino >>> PAGE_BITS);
        if (p < pages.length && pages[p] != null) {
            pages[p][word(ino)] &= ~(1L << ino);
        }
    }

    public boolean isEmpty() {
        return nextMember(0) < 0;
    }

    public long cardinality() {
        long n = 0;
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
        int p = (int) Math.min(Integer.MAX_VALUE, start >>> PAGE_BITS);
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
        return -1;
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
    }

    /**
     * Sets bit {@code ino - from} of the little-endian bitmap {@code out} for every member in
     * [from, to); other bits are left alone.
     */
    public void markRange(long from, long to, byte[] out) {
        long n = to - from;
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
    }

    /** The 64 membership bits from {@code pos} on, bit 0 for {@code pos} itself. */
    private long bitsAt(long pos) {
        int shift = (int) (pos & 63);
        long low = wordAt(pos) >>> shift;
        return shift == 0 ? low : low | wordAt(pos + 64) << (64 - shift);
    }

    private long wordAt(long ino) {
        int p = (int) (ino >>> PAGE_BITS);
        long[] page = ino >= 0 && p < pages.length ? pages[p] : null;
        return page == null ? 0 : page[word(ino)];
    }

    private static int word(long ino) {
        return (int) (ino >>> 6) & (WORDS_PER_PAGE - 1);
    }

    private long[] page(long ino) {
        if (ino < 0 || ino >>> 32 != 0) {
            throw new IllegalArgumentException("inode number out of range: " + ino);
        }
        int p = (int) (ino >>> PAGE_BITS);
        if (p >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(p + 1, Math.min(1 << (32 - PAGE_BITS), pages.length * 2)));
        }
        long[] page = pages[p];
        if (page == null) {
            page = new long[WORDS_PER_PAGE];
            pages[p] = page;
        }
        return page;
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
