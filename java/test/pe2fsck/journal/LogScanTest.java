package pe2fsck.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log parser on journals built by hand ({@link LogBuilder}). */
class LogScanTest {

    static final long FS_BLOCKS = 1L << 40;
    static final int V3 = JournalSuperblock.INCOMPAT_CSUM_V3;
    static final int V2 = JournalSuperblock.INCOMPAT_CSUM_V2;
    static final int BIT64 = JournalSuperblock.INCOMPAT_64BIT;
    static final int ASYNC = JournalSuperblock.INCOMPAT_ASYNC_COMMIT;

    private static ByteBuffer[] fills(int... values) {
        ByteBuffer[] out = new ByteBuffer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = LogBuilder.data(values[i], values[i]);
        }
        return out;
    }

    private static List<Long> fsBlocks(RecoveryPlan p) {
        return p.blocks().stream().map(ReplayBlock::fsBlock).toList();
    }

    @Test
    void replaysCommittedTransactionsInOrderAndDropsTheUncommittedOne() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 7);
        j.descriptor(7, new long[] {100, 101}, fills(1, 2)).commit(7);
        j.descriptor(8, new long[] {102}, fills(3)).commit(8);
        j.descriptor(9, new long[] {103}, fills(4)); // no commit: lost at the crash
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(RecoveryPlan.Outcome.CLEAN, p.outcome());
        assertEquals(List.of(100L, 101L, 102L), fsBlocks(p));
        assertEquals(List.of(2L, 3L, 6L), p.blocks().stream().map(ReplayBlock::journalBlock).toList());
        assertEquals(9, p.endTransaction());
        assertEquals(2, p.transactions());
    }

    @Test
    void revokeRecordsCancelCopiesOfTheirOwnAndEarlierTransactionsOnly() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 1);
        j.descriptor(1, new long[] {100, 200}, fills(1, 2)).commit(1);
        j.revoke(2, 100).descriptor(2, new long[] {300}, fills(3)).commit(2);
        j.descriptor(3, new long[] {100}, fills(4)).commit(3);
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(200L, 300L, 100L), fsBlocks(p));
        assertEquals(3, p.blocks().get(2).sequence());
        assertEquals(1, p.revoked());
    }

    @Test
    void revokesOfAnUncommittedTransactionDoNotCount() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 1);
        j.descriptor(1, new long[] {100}, fills(1)).commit(1);
        j.revoke(2, 100).descriptor(2, new long[] {300}, fills(3));
        assertEquals(List.of(100L), fsBlocks(j.scan(FS_BLOCKS)));
    }

    @Test
    void escapedBlocksAreMarked() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 1);
        ByteBuffer magicFirst = LogBuilder.data(JournalSuperblock.MAGIC, 5);
        j.descriptor(1, new long[] {10, 11}, new ByteBuffer[] {magicFirst, LogBuilder.data(6, 6)}).commit(1);
        assertEquals(0, j.journal[2].getInt(0), "the log holds the block with its magic zeroed");
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertTrue(p.blocks().get(0).escaped());
        assertTrue(!p.blocks().get(1).escaped());
    }

    @Test
    void sixtyFourBitBlockNumbersAndRevokes() {
        LogBuilder j = new LogBuilder(64, BIT64, 0, 1, 1);
        long high = 0x1_2345_6789L;
        j.descriptor(1, new long[] {high, high + 1}, fills(1, 2)).commit(1);
        j.revoke(2, high + 1).commit(2);
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(high), fsBlocks(p));
        assertEquals(12, TagLayout.of(j.superblock()).tagBytes());
    }

    @Test
    void blocksOutsideTheFileSystemAreNotReplayed() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 1);
        j.descriptor(1, new long[] {5, 5000}, fills(1, 2)).commit(1);
        RecoveryPlan p = j.scan(1000);
        assertEquals(List.of(5L), fsBlocks(p));
        assertEquals(RecoveryPlan.Outcome.BLOCK_ERRORS, p.outcome());
        assertEquals(1, p.outOfRange());
    }

    @Test
    void tagSizesFollowTheFeatures() {
        assertEquals(8, TagLayout.of(new LogBuilder(8, 0, 0, 0, 1).superblock()).tagBytes());
        assertEquals(10, TagLayout.of(new LogBuilder(8, V2, 0, 0, 1).superblock()).tagBytes());
        assertEquals(14, TagLayout.of(new LogBuilder(8, V2 | BIT64, 0, 0, 1).superblock()).tagBytes());
        assertEquals(16, TagLayout.of(new LogBuilder(8, V3, 0, 0, 1).superblock()).tagBytes());
        assertEquals(16, TagLayout.of(new LogBuilder(8, V3 | BIT64, 0, 0, 1).superblock()).tagBytes());
    }

    @Test
    void checksumV2AndV3JournalsReplayWhenEverythingMatches() {
        for (int v : new int[] {V2, V3, V2 | BIT64, V3 | BIT64}) {
            LogBuilder j = new LogBuilder(64, v, 0, 1, 40);
            j.descriptor(40, new long[] {1, 2, 3}, fills(1, 2, 3)).commit(40);
            j.revoke(41, 2).descriptor(41, new long[] {4}, fills(4)).commit(41);
            RecoveryPlan p = j.scan(FS_BLOCKS);
            assertEquals(RecoveryPlan.Outcome.CLEAN, p.outcome(), "features 0x" + Integer.toHexString(v));
            assertEquals(List.of(1L, 3L, 4L), fsBlocks(p));
        }
    }

    @Test
    void aDataBlockWithABadChecksumIsLeftOutAndTheRecoveryMarkedFailed() {
        for (int v : new int[] {V2, V3}) {
            LogBuilder j = new LogBuilder(64, v, 0, 1, 1);
            j.descriptor(1, new long[] {1, 2}, fills(1, 2)).commit(1);
            j.journal[3].put(100, (byte) 0x55); // second data block
            RecoveryPlan p = j.scan(FS_BLOCKS);
            assertEquals(List.of(1L), fsBlocks(p));
            assertEquals(1, p.badChecksums());
            assertEquals(RecoveryPlan.Outcome.BLOCK_ERRORS, p.outcome());
        }
    }

    @Test
    void aBadCommitChecksumEndsTheLogAtTheLastGoodTransaction() {
        LogBuilder j = new LogBuilder(64, V3 | BIT64, 0, 1, 1);
        j.descriptor(1, new long[] {1}, fills(1)).commit(1);
        j.descriptor(2, new long[] {2}, fills(2)).commit(2);
        long commit2 = j.position() - 1;
        j.descriptor(3, new long[] {3}, fills(3)).commit(3);
        j.journal[(int) commit2].put(200, (byte) 1);
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(1L), fsBlocks(p));
        assertEquals(2, p.failedCommit());
        assertEquals(2, p.endTransaction());
        assertEquals(RecoveryPlan.Outcome.CLEAN, p.outcome());
    }

    @Test
    void withAsyncCommitABadCommitEndsTheLogWithoutAFailedTransaction() {
        LogBuilder j = new LogBuilder(64, V3 | ASYNC, 0, 1, 1);
        j.descriptor(1, new long[] {1}, fills(1)).commit(1);
        long commit1 = j.position() - 1;
        j.descriptor(2, new long[] {2}, fills(2)).commit(2);
        j.journal[(int) commit1].put(200, (byte) 1);
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(), fsBlocks(p));
        assertEquals(0, p.failedCommit());
        assertEquals(1, p.endTransaction());
    }

    @Test
    void aDamagedDescriptorInsideACommittedTransactionMeansACorruptLog() {
        LogBuilder j = new LogBuilder(64, V3, 0, 1, 1);
        j.descriptor(1, new long[] {1}, fills(1)).commit(1);
        long desc2 = j.position();
        j.descriptor(2, new long[] {2}, fills(2)).commit(2);
        j.journal[(int) desc2].put(500, (byte) 9); // inside the tag area's unused part
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(RecoveryPlan.Outcome.CORRUPT, p.outcome());
        assertEquals(List.of(), p.blocks());
    }

    @Test
    void versionOneChecksumsAreVerified() {
        int compat = JournalSuperblock.COMPAT_CHECKSUM;
        LogBuilder good = new LogBuilder(64, 0, compat, 1, 1);
        good.descriptor(1, new long[] {1, 2}, fills(1, 2)).commit(1);
        good.descriptor(2, new long[] {3}, fills(3)).commit(2);
        assertEquals(List.of(1L, 2L, 3L), fsBlocks(good.scan(FS_BLOCKS)));

        LogBuilder bad = new LogBuilder(64, 0, compat, 1, 1);
        bad.descriptor(1, new long[] {1, 2}, fills(1, 2)).commit(1);
        bad.descriptor(2, new long[] {3}, fills(3)).commit(2);
        bad.journal[6].put(10, (byte) 1); // transaction 2's data block
        RecoveryPlan p = bad.scan(FS_BLOCKS);
        assertEquals(List.of(1L, 2L), fsBlocks(p));
        assertEquals(2, p.failedCommit());
    }

    @Test
    void aLogThatWrapsRoundTheEndOfTheJournal() {
        LogBuilder j = new LogBuilder(20, V3, 0, 16, 50);
        j.descriptor(50, new long[] {1, 2}, fills(1, 2)).commit(50);   // 16, 17 18, 19
        j.descriptor(51, new long[] {3, 4, 5}, fills(3, 4, 5)).commit(51); // 1, 2 3 4, 5
        // A stale transaction of an earlier lap follows: sequence 40 ends the log.
        LogBuilder stale = new LogBuilder(20, V3, 0, 6, 40);
        stale.descriptor(40, new long[] {9}, fills(9)).commit(40);
        for (int i = 6; i < 9; i++) {
            j.journal[i].put(0, stale.journal[i], 0, LogBuilder.BS);
        }
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), fsBlocks(p));
        assertEquals(List.of(17L, 18L, 2L, 3L, 4L), p.blocks().stream().map(ReplayBlock::journalBlock).toList());
        assertEquals(52, p.endTransaction());
    }

    @Test
    void transactionNumbersWrapAt32Bits() {
        LogBuilder j = new LogBuilder(64, 0, 0, 1, 0xFFFFFFFFL);
        j.descriptor(0xFFFFFFFFL, new long[] {1}, fills(1)).commit(0xFFFFFFFFL);
        j.descriptor(0, new long[] {2}, fills(2)).commit(0);
        j.revoke(1, 1).commit(1);
        RecoveryPlan p = j.scan(FS_BLOCKS);
        assertEquals(List.of(2L), fsBlocks(p));
        assertEquals(2, p.endTransaction());
    }
}
