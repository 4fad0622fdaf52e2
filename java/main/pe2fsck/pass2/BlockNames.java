package pe2fsck.pass2;

import java.nio.ByteBuffer;
import java.util.Arrays;
import pe2fsck.fs.Le;

/**
 * The names seen so far in one directory block, to find a name that occurs twice. Names compare
 * as e2fsck's per-block dictionary compares them: by length, then by their bytes up to a NUL.
 * An open-addressing table of (hash, entry) reused block after block: no allocation per entry,
 * and a hash match is confirmed byte by byte, so it never reports a false duplicate.
 */
final class BlockNames {

    private long[] hashes = new long[512];
    private int[] offsets = new int[512];
    private int[] lengths = new int[512];
    private int[] stops = new int[512];
    private int[] stamp = new int[512];
    private int generation = 1;
    private int used;
    /**
     * The block's bytes, read from an array, not a byte at a time through the buffer: the
     * buffer's own array when it has one (the walker's heap copy does), else {@link #copy}.
     * Byte {@code i} of the block is {@code block[base + i]}; {@code limit} is the buffer's.
     */
    private byte[] block;
    private int base;
    private int limit;
    private byte[] copy = new byte[0];

    /** Forgets the previous block's names; {@code b} holds the block now walked. */
    void reset(ByteBuffer b) {
        limit = b.limit();
        if (b.hasArray()) {
            block = b.array();
            base = b.arrayOffset();
        } else {
            if (copy.length < limit) {
                copy = new byte[limit];
            }
            b.get(0, copy, 0, limit);
            block = copy;
            base = 0;
        }
        used = 0;
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            generation = 1;
        }
    }

    /**
     * Records the name at {@code off} ({@code len} bytes, as the entry gives it) and returns true
     * if the block already had an equal one.
     */
    boolean addIsDuplicate(int off, int len) {
        int stop = 0;
        while (stop < len && byteAt(off + stop) != 0) {
            stop++;
        }
        long h = len * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < stop; i++) {
            h = (h ^ (block[base + off + i] & 0xFF)) * 0x100000001B3L;
        }
        if (used * 2 >= hashes.length) {
            grow();
        }
        int mask = hashes.length - 1;
        int slot = slot(h, mask);
        while (stamp[slot] == generation) {
            if (hashes[slot] == h && lengths[slot] == len && stops[slot] == stop && sameBytes(offsets[slot], off, stop)) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        put(slot, h, off, len, stop);
        used++;
        return false;
    }

    private static int slot(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void put(int slot, long h, int off, int len, int stop) {
        stamp[slot] = generation;
        hashes[slot] = h;
        offsets[slot] = off;
        lengths[slot] = len;
        stops[slot] = stop;
    }

    /** The byte at {@code i}, held to the block's limit as the buffer would hold it. */
    private int byteAt(int i) {
        return block[base + Le.checkIndex(i, 1, limit)] & 0xFF;
    }

    /** Compares names already read through {@link #byteAt}, so within the limit. */
    private boolean sameBytes(int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            if (block[base + a + i] != block[base + b + i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] oh = hashes;
        int[] oo = offsets;
        int[] ol = lengths;
        int[] ot = stops;
        int[] os = stamp;
        int n = oh.length * 2;
        hashes = new long[n];
        offsets = new int[n];
        lengths = new int[n];
        stops = new int[n];
        stamp = new int[n];
        int mask = n - 1;
        for (int i = 0; i < oh.length; i++) {
            if (os[i] == generation) {
                int slot = slot(oh[i], mask);
                while (stamp[slot] == generation) {
                    slot = (slot + 1) & mask;
                }
                put(slot, oh[i], oo[i], ol[i], ot[i]);
            }
        }
    }
}
