package pe2fsck.journal;

import java.util.List;

/**
 * What a scan of the log found: the blocks to write back, in log order (revoked ones and those
 * whose checksum failed already left out), and the transaction range they come from.
 *
 * @param blocks           blocks to replay, in order
 * @param startTransaction the first transaction of the log (the journal superblock's sequence)
 * @param endTransaction   the first transaction not replayed
 * @param failedCommit     a transaction whose commit block failed its checksum and stopped the
 *                         replay (0: none)
 * @param outcome          whether the recovery counts as clean
 * @param revoked          logged blocks left out because a later revoke record cancels them
 * @param badChecksums     logged blocks left out because their checksum does not match
 * @param outOfRange       logged blocks left out because they name a block outside the file system
 */
public record RecoveryPlan(List<ReplayBlock> blocks, long startTransaction, long endTransaction, long failedCommit,
                           Outcome outcome, int revoked, int badChecksums, int outOfRange) {

    /** How the scan ended. */
    public enum Outcome {
        /** The log was read to its end. */
        CLEAN,
        /** Some logged blocks had bad checksums (or were out of range) and were not replayed. */
        BLOCK_ERRORS,
        /** A checksum failed inside a committed transaction, or a revoke block was malformed:
         *  nothing is replayed. */
        CORRUPT
    }

    public RecoveryPlan {
        blocks = List.copyOf(blocks);
    }

    /** Transactions replayed. */
    public long transactions() {
        return outcome == Outcome.CORRUPT ? 0 : (int) (endTransaction - startTransaction);
    }
}
