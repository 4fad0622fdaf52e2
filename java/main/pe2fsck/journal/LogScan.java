package pe2fsck.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a jbd2 log once, from the journal superblock's start, and plans its recovery. It does in
 * one pass over the blocks what jbd2's recovery does in three: it finds the end of the valid log
 * (the first block that is not a log block of the expected transaction, or a commit block whose
 * checksum fails), collects the revoke records of every complete transaction, and lists the
 * logged blocks of complete transactions in order, leaving out those a revoke record of the same
 * or a later transaction cancels and those whose checksum does not match.
 *
 * <p>Checksum rules, as jbd2 applies them: a descriptor or revoke block with a bad tail does not
 * end the log by itself; if the transaction's commit block is then no older than the previous
 * one, the log is corrupt and nothing is replayed; if it is older, the block is stale and the log
 * ends before it. A commit block with a bad checksum ends the log there; without async commit it
 * also names a failed transaction. Version 1 journals keep a crc32 of each transaction's
 * descriptor and data blocks in the commit block.
 */
public final class LogScan {

    private final TagLayout layout;
    private final int blockSize;
    private final long first;
    private final long last;
    private final boolean asyncCommit;
    private final long fsBlocks;
    private final JournalChecksums sums;

    /**
     * @param jsb      the journal superblock
     * @param last     the block after the log area (the journal's length, less any fast-commit area)
     * @param fsBlocks blocks in the file system: logged blocks at or beyond it are not replayed
     */
    public LogScan(JournalSuperblock jsb, long last, long fsBlocks) {
        this.layout = TagLayout.of(jsb);
        this.blockSize = (int) jsb.blockSize();
        this.first = jsb.first();
        this.last = last;
        this.asyncCommit = jsb.hasIncompat(JournalSuperblock.INCOMPAT_ASYNC_COMMIT);
        this.fsBlocks = fsBlocks;
        this.sums = layout.blockChecksums() ? new JournalChecksums(jsb.uuid()) : null;
    }

    /** A logged block of the transaction being read: where it is, what it is, whether it checks. */
    private record Logged(long journalBlock, long fsBlock, long sequence, boolean escaped, boolean checksumOk) {
    }

    /** Signed comparison of 32-bit transaction numbers, which wrap. */
    static boolean tidGreater(long x, long y) {
        return (int) (x - y) > 0;
    }

    /**
     * Scans the log {@code log} delivers, starting at journal block {@code start} with
     * transaction {@code sequence}.
     */
    public RecoveryPlan scan(LogStream log, long start, long sequence) {
        long next = sequence;
        long pos = start;
        long end = -1;
        long failedCommit = 0;
        boolean needCheckCommitTime = false;
        long lastCommitTime = 0;
        int crc = 0xFFFFFFFF;
        boolean corrupt = false;
        List<Logged> pending = new ArrayList<>();
        List<Long> pendingRevokes = new ArrayList<>();
        List<Logged> committed = new ArrayList<>();
        Map<Long, Long> revokes = new HashMap<>();

        scan:
        while (true) {
            ByteBuffer b = log.next();
            if (b == null) {
                break;
            }
            pos = wrap(pos + 1);
            if (!LogBlock.hasMagic(b) || LogBlock.sequence(b) != next) {
                break;
            }
            switch (LogBlock.type(b)) {
                case LogBlock.DESCRIPTOR -> {
                    if (sums != null && !sums.tailValid(b, blockSize)) {
                        needCheckCommitTime = true;
                    }
                    boolean sumV1 = layout.v1Checksum() && !needCheckCommitTime && end < 0;
                    if (sumV1) {
                        crc = Crc32Be.update(crc, b, 0, blockSize);
                    }
                    // The tags are read before the data blocks replace the buffer.
                    int n = layout.count(b, blockSize);
                    long[] blocks = new long[n];
                    int[] flags = new int[n];
                    int[] stored = new int[n];
                    int t = LogBlock.HEADER_BYTES;
                    for (int i = 0; i < n; i++) {
                        blocks[i] = layout.blockNumber(b, t);
                        flags[i] = layout.flags(b, t);
                        stored[i] = layout.storedChecksum(b, t);
                        t = layout.next(b, t);
                    }
                    long txSeq = LogBlock.sequence(b);
                    for (int i = 0; i < n; i++) {
                        long at = pos;
                        ByteBuffer data = log.next();
                        if (data == null) {
                            break scan;
                        }
                        pos = wrap(pos + 1);
                        if (sumV1) {
                            crc = Crc32Be.update(crc, data, 0, blockSize);
                        }
                        boolean ok = true;
                        if (sums != null) {
                            int want = sums.dataBlock(data, blockSize, txSeq);
                            ok = layout.csumV3() ? want == stored[i] : (want & 0xFFFF) == stored[i];
                        }
                        pending.add(new Logged(at, blocks[i], next, (flags[i] & LogBlock.FLAG_ESCAPE) != 0, ok));
                    }
                }
                case LogBlock.COMMIT -> {
                    boolean bad = false;
                    if (layout.v1Checksum()) {
                        if (end >= 0) {
                            failedCommit = end;
                            break scan;
                        }
                        int found = b.getInt(LogBlock.COMMIT_CSUM);
                        int type = b.get(LogBlock.COMMIT_CSUM_TYPE) & 0xFF;
                        int size = b.get(LogBlock.COMMIT_CSUM_SIZE) & 0xFF;
                        boolean match = found == crc && type == LogBlock.CRC32_TYPE && size == LogBlock.CRC32_SIZE;
                        boolean unused = type == 0 && size == 0 && found == 0;
                        bad = !(match || unused);
                        crc = 0xFFFFFFFF;
                    }
                    if (!bad && sums != null && !sums.commitValid(b, blockSize)) {
                        bad = true;
                    }
                    if (bad) {
                        end = next;
                        if (!asyncCommit) {
                            failedCommit = next;
                            break scan;
                        }
                    }
                    long commitTime = LogBlock.commitSeconds(b);
                    if (needCheckCommitTime) {
                        if (commitTime >= lastCommitTime) {
                            corrupt = true; // a damaged block inside a transaction that did commit
                        }
                        // else: an older commit, so stale blocks of an earlier use of the journal
                        break scan;
                    }
                    lastCommitTime = commitTime;
                    if (end < 0) {
                        committed.addAll(pending);
                        for (long r : pendingRevokes) {
                            revokes.merge(r, next, (a, c) -> tidGreater(c, a) ? c : a);
                        }
                    }
                    pending.clear();
                    pendingRevokes.clear();
                    next++;
                    next &= 0xFFFFFFFFL;
                }
                case LogBlock.REVOKE -> {
                    if (sums != null && !sums.tailValid(b, blockSize)) {
                        needCheckCommitTime = true;
                    }
                    long used = LogBlock.revokeCount(b);
                    if (used > layout.tagSpaceEnd(blockSize)) {
                        if (end < 0) {
                            corrupt = true;
                            break scan;
                        }
                        continue;
                    }
                    int record = layout.is64() ? 8 : 4;
                    for (int off = LogBlock.REVOKE_HEADER_BYTES; off + record <= used; off += record) {
                        pendingRevokes.add(layout.is64() ? b.getLong(off) : b.getInt(off) & 0xFFFFFFFFL);
                    }
                }
                default -> {
                    break scan;
                }
            }
        }
        if (end < 0) {
            end = next;
        }
        if (corrupt) {
            return new RecoveryPlan(List.of(), sequence, end, failedCommit, RecoveryPlan.Outcome.CORRUPT, 0, 0, 0);
        }
        List<ReplayBlock> out = new ArrayList<>(committed.size());
        int revoked = 0;
        int badSums = 0;
        int outside = 0;
        for (Logged l : committed) {
            Long r = revokes.get(l.fsBlock());
            if (r != null && !tidGreater(l.sequence(), r)) {
                revoked++;
            } else if (!l.checksumOk()) {
                badSums++;
            } else if (l.fsBlock() >= fsBlocks) {
                outside++;
            } else {
                out.add(new ReplayBlock(l.journalBlock(), l.fsBlock(), l.sequence(), l.escaped()));
            }
        }
        RecoveryPlan.Outcome outcome = badSums + outside > 0 ? RecoveryPlan.Outcome.BLOCK_ERRORS : RecoveryPlan.Outcome.CLEAN;
        return new RecoveryPlan(out, sequence, end, failedCommit, outcome, revoked, badSums, outside);
    }

    private long wrap(long p) {
        return p >= last ? p - (last - first) : p;
    }
}
