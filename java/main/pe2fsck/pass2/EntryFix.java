package pe2fsck.pass2;

/**
 * A change to one directory block that a pass-2 walker proposes with a finding: the walker
 * only describes it, and the one applying thread ({@link Pass2Apply}) makes it, in directory
 * order, when the finding's question is answered "yes". The block's checksum tail is not part
 * of the change: the write path stamps it. Immutable.
 *
 * @param dir    the directory the block belongs to
 * @param block  the block's number on disk; 0 for an entry held in the directory's inode
 *               (an inline directory), where {@code offset} counts from the inode's record
 * @param index  true for an htree root or interior node, false for a leaf block
 * @param offset byte offset of the entry (0 for {@link Kind#RESTAMP})
 * @param kind   what changes
 * @param value  the new value, where the kind needs one
 */
record EntryFix(long dir, long block, boolean index, int offset, Kind kind, int value) {

    enum Kind {
        /** The entry's inode number set to 0: the entry is gone, its space kept in the block. */
        CLEAR,
        /** The entry's file type byte set to {@code value}. */
        FILE_TYPE,
        /**
         * The first entry made '.' (the directory itself, file type {@code value}); a record
         * longer than two '.' entries is split, the rest becoming an empty entry.
         */
        DOT,
        /** The '.' entry's inode set to the directory. */
        DOT_INODE,
        /**
         * The second entry made '..' (file type {@code value}) naming the root for now: pass 3
         * gives it the directory's real parent, as e2fsck does.
         */
        DOTDOT,
        /** Nothing but a fresh checksum tail: the block is only marked changed. */
        RESTAMP
    }

    /** Offset of the file type byte in an entry. */
    static final int FILE_TYPE_OFFSET = 7;
    /** Offset of the name length byte in an entry. */
    static final int NAME_LEN_OFFSET = 6;
    /** Offset of the record length in an entry. */
    static final int REC_LEN_OFFSET = 4;
    /** Offset of the name in an entry. */
    static final int NAME_OFFSET = 8;
    /** Record length of an entry with a one- or two-byte name. */
    static final int SHORT_RECORD = 12;
}
