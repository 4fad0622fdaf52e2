package pe2fsck.fs;

import java.nio.charset.StandardCharsets;

/**
 * Inline data (incompat inline_data): the first 60 bytes of a small file or directory live in
 * i_block, the rest in the value of the "system.data" attribute in the inode body. An inline
 * directory starts with its parent's inode number (4 bytes) and then directory entries, which
 * continue as a second, separate run of entries in the attribute value.
 */
public final class InlineData {

    /** Name of the attribute (index 7, "system.") holding the overflow. */
    public static final byte[] XATTR_NAME = "data".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of a directory's i_block taken by the parent inode number. */
    public static final int DIR_PARENT_SIZE = 4;

    private final XattrIterator it = new XattrIterator();
    private int valueOff;
    private int valueLen;

    /**
     * Finds "system.data" in the inode body. Returns true if present; then {@link #valueOffset()}
     * and {@link #valueLength()} locate its value in the inode's buffer.
     */
    public boolean locate(Inode inode) {
        valueOff = -1;
        valueLen = 0;
        if (!InodeXattrs.entries(inode, it)) {
            return false;
        }
        while (it.next()) {
            XattrEntry e = it.entry();
            if (e.valueInum() == 0 && e.is(XattrEntry.INDEX_SYSTEM, XATTR_NAME)) {
                valueOff = it.valueOffset();
                valueLen = (int) e.valueSize();
                return true;
            }
        }
        return false;
    }

    public int valueOffset() { return valueOff; }
    public int valueLength() { return valueLen; }

    /** Total inline capacity: 60 bytes of i_block plus the attribute value (if any). */
    public int capacity(Inode inode) {
        return Inode.BLOCK_BYTES + (locate(inode) ? valueLen : 0);
    }

    /** Copies the first {@code len} inline bytes (i_block, then the attribute value) to {@code dst}. */
    public void copy(Inode inode, byte[] dst, int len) {
        int first = Math.min(len, Inode.BLOCK_BYTES);
        inode.buffer().get(inode.blockAreaOffset(), dst, 0, first);
        if (len > first) {
            if (!locate(inode) || valueLen < len - first) {
                throw new FormatException("inline data is shorter than the inode size " + len);
            }
            inode.buffer().get(valueOff, dst, first, len - first);
        }
    }

    /** Parent inode number of an inline directory. */
    public static long dirParent(Inode inode) {
        return Le.u32(inode.buffer(), inode.blockAreaOffset());
    }
}
