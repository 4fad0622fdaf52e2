package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Walks the entries of one xattr region with bounds checks, without allocating. A region is
 * either an inode body (entries and values both relative to just after the magic) or an xattr
 * block (entries from byte 32, values relative to the block start). Iteration stops at the
 * terminating zero word, at the region end, or at the first entry that does not fit, in which
 * case {@link #error()} says why.
 */
public final class XattrIterator {

    private final XattrEntry entry = new XattrEntry();
    private ByteBuffer b;
    private int pos;
    private int end;
    private int valueBase;
    private String error;
    private boolean done;

    /**
     * Starts over: entries from {@code entriesStart}, values at {@code valueBase + e_value_offs},
     * everything inside {@code [.., regionEnd)}. Offsets are absolute in {@code buffer}.
     */
    public XattrIterator reset(ByteBuffer buffer, int entriesStart, int regionEnd, int valueBase) {
        this.b = buffer;
        this.pos = entriesStart;
        this.end = regionEnd;
        this.valueBase = valueBase;
        this.error = null;
        this.done = false;
        return this;
    }

    /** Positions {@link #entry()} on the next entry; false at the end or on a bad entry. */
    public boolean next() {
        if (done) {
            return false;
        }
        if (pos + 4 > end) {
            // A region may end exactly at the last entry without a terminator.
            done = true;
            if (pos != end) {
                error = "xattr entries run past the end of their area";
            }
            return false;
        }
        if (Le.s32(b, pos) == 0) {
            done = true;
            return false;
        }
        entry.at(b, pos);
        if (pos + XattrEntry.HEADER > end || pos + entry.size() > end) {
            return fail("xattr entry at offset " + pos + " runs past the end of its area");
        }
        if (entry.valueInum() == 0) {
            long vEnd = (long) valueBase + entry.valueOffs() + entry.valueSize();
            if (entry.valueSize() != 0 && (valueBase + entry.valueOffs() < pos || vEnd > end)) {
                return fail("xattr value of entry at offset " + pos + " lies outside its area");
            }
        }
        pos += entry.size();
        return true;
    }

    private boolean fail(String why) {
        error = why;
        done = true;
        return false;
    }

    public XattrEntry entry() { return entry; }

    /** Absolute buffer offset of the current entry's value (meaningless when it is in an EA inode). */
    public int valueOffset() { return valueBase + entry.valueOffs(); }

    /** Null after a clean end; otherwise a one-line reason iteration stopped early. */
    public String error() { return error; }
}
