package pe2fsck.fs;

import java.nio.ByteBuffer;

/**
 * Steps through the entries of one directory region (a block, or an inline-data area) without
 * allocating. It stops at the region end or at the first entry whose rec_len is unusable (too
 * short for its header or name, not a multiple of 4, or running past the region), so corrupt
 * data can never make it loop or read outside the region. {@link #error()} tells which.
 */
public final class DirBlockIterator {

    private final DirEntry entry;
    private ByteBuffer b;
    private int pos;
    private int end;
    private String error;
    private int errorOffset;

    public DirBlockIterator(DirEntry view) {
        this.entry = view;
    }

    /** Starts over on {@code [off, off + len)} of {@code buffer}. */
    public DirBlockIterator reset(ByteBuffer buffer, int off, int len) {
        this.b = buffer;
        this.pos = off;
        this.end = off + len;
        this.error = null;
        this.errorOffset = -1;
        return this;
    }

    /** Positions {@link #entry()} on the next entry; false at the end or on a bad entry. */
    public boolean next() {
        if (pos >= end || error != null) {
            return false;
        }
        if (end - pos < DirEntry.HEADER) {
            return fail("directory entry header at offset " + pos + " is cut off by the end of the block");
        }
        entry.at(b, pos);
        int rec = entry.recLen();
        if (rec < DirEntry.HEADER || (rec & 3) != 0) {
            return fail("directory entry at offset " + pos + " has invalid rec_len " + rec);
        }
        if (rec > end - pos) {
            return fail("directory entry at offset " + pos + " has rec_len " + rec + " running past the end of the block");
        }
        if (DirEntry.HEADER + entry.nameLen() > rec) {
            return fail("directory entry at offset " + pos + " has name_len " + entry.nameLen() + " longer than its rec_len " + rec);
        }
        pos += rec;
        return true;
    }

    private boolean fail(String why) {
        error = why;
        errorOffset = pos;
        return false;
    }

    public DirEntry entry() { return entry; }

    /** Null after a clean end; otherwise a one-line reason. */
    public String error() { return error; }

    /** Buffer offset of the entry that stopped iteration, or -1. */
    public int errorOffset() { return errorOffset; }
}
