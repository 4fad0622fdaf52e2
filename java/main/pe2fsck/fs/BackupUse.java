package pe2fsck.fs;

/**
 * Why a check runs from backup copies and from which: the superblock at {@code block} (in units
 * of {@code blockSize}) and the descriptor table that goes with it.
 *
 * @param kind     what was wrong with the primary copies
 * @param reason   the damage found, in a few words
 * @param block    block of the backup superblock in use or tried (-1: none was tried)
 * @param failure  why the backup could not be used and the primary copies are in use after all,
 *                 or null when the backup is in use
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
        return failure == null;
    }
}
