package pe2fsck.fs;

/**
 * The extra time fields of a large inode (ctime, mtime, atime, crtime "_extra" words after
 * i_extra_isize's start): two epoch bits extend the 32-bit seconds, the other thirty hold
 * nanoseconds. Old kernels wrote times before 1970 as a negative 32-bit value with both epoch
 * bits set, which now decodes as a date after 2310; e2fsck offers to reinterpret such times
 * for as long as the present is far from that date.
 */
public final class InodeTimes {

    /** Offsets of (seconds, extra) for ctime, mtime, atime and crtime. */
    private static final int[][] FIELDS = {{0x0C, 0x84}, {0x10, 0x88}, {0x08, 0x8C}, {0x90, 0x94}};
    private static final int EPOCH_MASK = 3;

    private InodeTimes() {
    }

    /**
     * True if any time field present in the record (covered by i_extra_isize, crtime's seconds
     * included) has its 32-bit seconds negative and both epoch bits set.
     */
    public static boolean pre1970Encoded(Inode inode) {
        int covered = Inode.GOOD_OLD_SIZE + inode.extraIsize();
        java.nio.ByteBuffer b = inode.buffer();
        int off = inode.offset();
        for (int[] f : FIELDS) {
            if (f[1] + 4 > covered) {
                continue;
            }
            if ((Le.s32(b, off + f[0]) & 0x80000000) != 0 && (Le.s32(b, off + f[1]) & EPOCH_MASK) == EPOCH_MASK) {
                return true;
            }
        }
        return false;
    }
}
