package pe2fsck.journal;

/**
 * One block to write back: journal block {@code journalBlock} holds the contents of file system
 * block {@code fsBlock}, logged by transaction {@code sequence}; {@code escaped} when its first
 * four bytes must be put back to the jbd2 magic.
 */
public record ReplayBlock(long journalBlock, long fsBlock, long sequence, boolean escaped) {
}
