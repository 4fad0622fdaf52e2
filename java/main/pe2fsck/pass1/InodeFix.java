package pe2fsck.pass1;

import pe2fsck.fs.Inode;

/**
 * A change to one inode's record that a pass-1 consumer proposes with a finding. The consumer
 * only describes it; the publisher makes it, in inode order, when the finding's question is
 * answered "yes" (so the repaired image is the same whatever the number of consumers). The
 * inode's checksum is not part of the change: the write path stamps it. Immutable.
 *
 * @param kind  which field changes
 * @param value the new value, where the kind needs one
 */
record InodeFix(Kind kind, long value) {

    enum Kind {
        /** i_size (and i_size_high) set to {@code value}. */
        SIZE,
        /** i_blocks (and l_i_blocks_hi) set to {@code value}, in the units the inode counts. */
        BLOCKS,
        /** The bits of {@code value} cleared in i_flags. */
        CLEAR_FLAGS,
        /** i_mode cleared (a reserved inode with a mode it may not have). */
        CLEAR_MODE,
        /** i_dtime cleared: the inode is in use. */
        CLEAR_DTIME,
        /** Nothing but a fresh checksum: the record is only marked changed. */
        RESTAMP
    }

    static final InodeFix CLEAR_DTIME = new InodeFix(Kind.CLEAR_DTIME, 0);
    static final InodeFix CLEAR_MODE = new InodeFix(Kind.CLEAR_MODE, 0);
    static final InodeFix RESTAMP = new InodeFix(Kind.RESTAMP, 0);

    static InodeFix size(long bytes) {
        return new InodeFix(Kind.SIZE, bytes);
    }

    static InodeFix clearFlags(int mask) {
        return new InodeFix(Kind.CLEAR_FLAGS, mask);
    }

    static InodeFix blocks(long count) {
        return new InodeFix(Kind.BLOCKS, count);
    }

    /** Makes the change on {@code inode}, a view of the record in its cached block. */
    void applyTo(Inode inode) {
        switch (kind) {
            case SIZE -> inode.setSize(value);
            case BLOCKS -> inode.setBlocksRaw(value);
            case CLEAR_FLAGS -> inode.setFlags(inode.flags() & ~(int) value);
            case CLEAR_DTIME -> inode.setDtime(0);
            case CLEAR_MODE -> inode.setMode(0);
            case RESTAMP -> {
                // the write path restamps the checksum of every record marked changed
            }
        }
    }
}
