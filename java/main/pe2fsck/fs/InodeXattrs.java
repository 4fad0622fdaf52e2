package pe2fsck.fs;

/**
 * The in-inode extended-attribute area: after the fixed 128 bytes and i_extra_isize, a 32-bit
 * magic then entries; values are placed from the end of the record, their offsets relative to
 * the first entry (just after the magic).
 */
public final class InodeXattrs {

    public static final int MAGIC = XattrBlock.MAGIC;

    private InodeXattrs() {
    }

    /** Absolute buffer offset of the magic word, or -1 when the record has no room for one. */
    public static int magicOffset(Inode inode) {
        if (inode.recordSize() <= Inode.GOOD_OLD_SIZE) {
            return -1;
        }
        int rel = Inode.GOOD_OLD_SIZE + inode.extraIsize();
        if ((inode.extraIsize() & 3) != 0 || rel + 4 > inode.recordSize()) {
            return -1;
        }
        return inode.offset() + rel;
    }

    /** True if the inode body carries an xattr area (room for it and the magic present). */
    public static boolean present(Inode inode) {
        int m = magicOffset(inode);
        return m >= 0 && Le.s32(inode.buffer(), m) == MAGIC;
    }

    /** Prepares {@code it} over the in-inode entries; returns false (leaving it untouched) if absent. */
    public static boolean entries(Inode inode, XattrIterator it) {
        if (!present(inode)) {
            return false;
        }
        int first = magicOffset(inode) + 4;
        it.reset(inode.buffer(), first, inode.offset() + inode.recordSize(), first);
        return true;
    }
}
