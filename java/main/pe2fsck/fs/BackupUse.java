package pe2fsck.fs;

/**
 * Why a check runs from backup copies and from which: the superblock at {@code block} (in units
 * of {@code blockSize}) and the descriptor table that goes with it.
 *
 * @param kind     what was wrong with the primary copies
 * @param reason   the damage found, in a few words
 * @param block    block of the backup superblock in use, or -1 when the backup could not be used
 *                 and the check went back to the primary
 * @param failure  why the backup could not be used, or null
 */
public record BackupUse(Kind kind, String reason, long block, int blockSize, String failure) {

    /** Which primary copy was found unusable. */
    public enum Kind {
        /** The primary superblock (bad magic, checksum or geometry). */
        SUPERBLOCK,
        /** The primary group descriptors (bitmaps or tables outside the file system or overlapping). */
        DESCRIPTORS
    }

    /** True if the backup is in use; false if it was unusable and the primary copies are used. */
    public boolean inUse() {
        return block >= 0;
    }
}
