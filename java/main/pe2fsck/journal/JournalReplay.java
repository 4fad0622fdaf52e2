package pe2fsck.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.io.ReadAhead;

/**
 * Recovers an internal jbd2 journal: reads its superblock, scans the log ({@link LogScan}) with
 * the read-ahead engine (the journal inode's blocks are known in advance, so many reads are in
 * flight), writes the logged blocks back through a {@link ReplaySink} with the same engine (only
 * the last copy of a block logged several times, and neighbours in the log that are neighbours
 * on the disk in one write), then
 * empties the journal (start 0, the sequence moved past the last transaction replayed) and
 * clears needs_recovery in the superblock, as e2fsck does: s_kbytes_written grows by what the
 * replay wrote and s_wtime is stamped; a replay that met bad checksums leaves the file system
 * marked not clean, and a transaction whose commit failed its checksum marks it with errors.
 *
 * <p>Writes happen in this order, each step flushed before the next: the logged blocks, the
 * journal superblock, the superblock. Stopped anywhere, the journal still describes the replay
 * or is empty; a second replay writes the same blocks again.
 */
public final class JournalReplay {

    /** Incompatible journal features this replay understands. */
    static final int KNOWN_INCOMPAT = JournalSuperblock.INCOMPAT_REVOKE | JournalSuperblock.INCOMPAT_64BIT
            | JournalSuperblock.INCOMPAT_ASYNC_COMMIT | JournalSuperblock.INCOMPAT_CSUM_V2
            | JournalSuperblock.INCOMPAT_CSUM_V3 | JournalSuperblock.INCOMPAT_FAST_COMMIT;
    /** Fast-commit blocks a journal has when its superblock does not say. */
    static final long DEFAULT_FAST_COMMIT_BLOCKS = 256;
    /** The tag that starts a fast-commit area, and the bytes of its value. */
    private static final int FC_TAG_HEAD = 9;
    private static final int FC_HEAD_LENGTH = 8;
    private static final int SUPERBLOCK_OFFSET = 1024;
    /** Requests of read-ahead per read in flight. */
    private static final int WINDOW_PER_READ = 4;
    private static final int MERGE_BYTES = 256 * 1024;
    /** Requests announced to the kernel ahead of the reads, per read in flight (see ReadAhead#hintAhead). */
    private static final int HINT_REQUESTS_PER_READ = 32;
    /** Largest single write of consecutive blocks. */
    private static final int MAX_RUN_BYTES = 1024 * 1024;

    /** The journal cannot be replayed and the run must stop: said in one line, exit 8. */
    public static final class Refused extends FormatException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** The journal is too damaged to read a log from; the checks before pass 1 say what is wrong. */
    public static final class Unusable extends FormatException {
        private static final long serialVersionUID = 1L;

        public Unusable(String message) {
            super(message);
        }
    }

    /**
     * What a recovery did.
     *
     * @param plan          what the scan found
     * @param blocksWritten logged blocks written back
     * @param scanNanos     time spent reading the log to plan the replay
     * @param replayNanos   time spent writing the blocks back (their final flush included)
     */
    public record Result(RecoveryPlan plan, long blocksWritten, long scanNanos, long replayNanos) {
        /** True if the file system is left marked as needing a full check. */
        public boolean clean() {
            return plan.outcome() == RecoveryPlan.Outcome.CLEAN;
        }
    }

    private JournalReplay() {
    }

    /** True if the file system asks for a journal recovery. */
    public static boolean needed(Superblock sb) {
        return sb.has(Feature.HAS_JOURNAL) && sb.has(Feature.RECOVER);
    }

    /** True if the journal lives on another device. */
    public static boolean external(Superblock sb) {
        return sb.journalDev() != 0 || sb.journalInum() == 0;
    }

    /**
     * Plans and performs the recovery.
     *
     * @param fs    the file system, opened on the primary superblock
     * @param sink  where the writes go
     * @param depth reads in flight
     * @param now   seconds since the epoch, stamped as the superblock's write time
     * @param starting run once the journal is found replayable, before anything is read from the
     *              log or written (to announce the replay)
     * @throws Refused  for journals this replay does not handle (external, unknown features,
     *                  fast-commit blocks to replay)
     * @throws Unusable when the journal superblock or inode is damaged
     */
    public static Result recover(FileSystem fs, ReplaySink sink, int depth, long now, Runnable starting) {
        Superblock sb = fs.superblock();
        if (external(sb)) {
            throw new Refused("the journal is on another device, and external journals are not supported yet");
        }
        int bs = fs.blockSize();
        long ino = sb.journalInum();
        Inode inode;
        JournalMap map;
        try {
            inode = fs.readInode(ino);
            if (!inode.isRegular() || inode.linksCount() == 0) {
                throw new Unusable("the journal inode " + ino + " is not a regular file in use");
            }
            map = JournalMap.of(fs, ino, inode, inode.size() / bs);
        } catch (Unusable e) {
            throw e;
        } catch (FormatException e) {
            throw new Unusable(e.getMessage());
        }
        ByteBuffer jsbBlock = fs.readBlock(map.physical(0)).order(ByteOrder.BIG_ENDIAN);
        JournalSuperblock jsb = JournalSuperblock.wrap(jsbBlock, 0);
        long last = validate(jsb, map, bs);
        int incompatUnknown = jsb.featureIncompat() & ~KNOWN_INCOMPAT;
        if (incompatUnknown != 0) {
            throw new Refused(String.format("the journal has features this replay does not know (0x%x)", incompatUnknown));
        }
        if (jsb.isV2() && jsb.nrUsers() > 1) {
            throw new Refused("the journal is shared by " + jsb.nrUsers() + " file systems, which is not supported");
        }

        starting.run();
        long t0 = System.nanoTime();
        RecoveryPlan plan;
        if (jsb.start() == 0) {
            plan = new RecoveryPlan(java.util.List.of(), jsb.sequence(), jsb.sequence(), 0,
                    RecoveryPlan.Outcome.CLEAN, 0, 0, 0);
        } else {
            LogScan scan = new LogScan(jsb, last, fs.geometry().blocksCount());
            try (ReadAhead ra = new ReadAhead(fs.device(), map.circular(jsb.start(), jsb.first(), last), depth,
                    depth * WINDOW_PER_READ, bs, MERGE_BYTES, 0, null, fs.buffers())) {
                ra.hintAhead(HINT_REQUESTS_PER_READ * depth);
                plan = scan.scan(() -> ra.hasNext() ? ra.take().order(ByteOrder.BIG_ENDIAN) : null,
                        jsb.start(), jsb.sequence());
            }
            refuseFastCommits(fs, jsb, map, last, plan);
        }

        long t1 = System.nanoTime();
        long sbBlock = SUPERBLOCK_OFFSET / bs;
        int sbAt = SUPERBLOCK_OFFSET % bs;
        ByteBuffer superblock = ByteBuffer.allocate(Superblock.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        superblock.put(0, fs.superblockBuffer(), 0, Superblock.SIZE);
        long written = plan.blocks().size();
        ReplayRuns runs = ReplayRuns.of(plan.blocks(), map, MAX_RUN_BYTES / bs);
        if (runs.count() > 0) {
            try (ReadAhead ra = new ReadAhead(fs.device(), runs.ranges(map, bs), depth, depth * WINDOW_PER_READ,
                    runs.longest() * bs, MERGE_BYTES, 0, null, fs.buffers())) {
                for (int i = 0; i < runs.count(); i++) {
                    ByteBuffer data = ra.take().order(ByteOrder.BIG_ENDIAN);
                    for (int k = 0; k < runs.length(i); k++) {
                        if (runs.escaped(i, k)) {
                            data.putInt(k * bs, JournalSuperblock.MAGIC);
                        }
                        if (runs.fsBlock(i) + k == sbBlock) {
                            superblock.put(0, data, k * bs + sbAt, Superblock.SIZE);
                        }
                    }
                    sink.writeBlocks(runs.fsBlock(i), data.clear());
                }
            }
        }
        sink.flush();
        long t2 = System.nanoTime();

        boolean failed = plan.outcome() != RecoveryPlan.Outcome.CLEAN;
        if (!failed) {
            jsbBlock.putInt(0x18, (int) (plan.endTransaction() + 1));
        }
        jsbBlock.putInt(0x1C, 0);
        if (jsb.hasChecksum()) {
            jsbBlock.putInt(JournalSuperblock.CHECKSUM_OFFSET, jsb.expectedChecksum());
        }
        sink.writeBlocks(map.physical(0), jsbBlock.clear());
        sink.flush();

        Superblock after = Superblock.wrap(superblock);
        Le.put32(superblock, 0x60, Le.u32(superblock, 0x60) & ~Integer.toUnsignedLong(Feature.RECOVER.mask()));
        int state = after.state();
        if (failed) {
            state &= ~Superblock.STATE_VALID;
        }
        if (plan.failedCommit() != 0) {
            state |= Superblock.STATE_ERROR;
        }
        after.setState(state);
        if (after.kbytesWritten() != 0) {
            // e2fsck counts the blocks it replayed and the journal superblock it wrote.
            Le.put64(superblock, 0x178, after.kbytesWritten() + ((written + 1) * bs >> 10));
        }
        Le.put32(superblock, 0x30, now & 0xFFFFFFFFL);
        superblock.put(0x274, (byte) (now >>> 32));
        if (after.has(Feature.METADATA_CSUM)) {
            Le.put32(superblock, Superblock.CHECKSUM_OFFSET, Integer.toUnsignedLong(fs.checksums().superblock(superblock)));
        }
        sink.writeSuperblock(superblock.clear());
        sink.flush();
        return new Result(plan, written, t1 - t0, t2 - t1);
    }

    /** Checks the journal superblock enough to read a log; returns the end of the log area. */
    private static long validate(JournalSuperblock jsb, JournalMap map, int bs) {
        if (!jsb.hasMagic()) {
            throw new Unusable("the journal superblock has no jbd2 magic number");
        }
        int type = jsb.blockType();
        if (type != JournalSuperblock.BLOCKTYPE_SUPERBLOCK_V1 && type != JournalSuperblock.BLOCKTYPE_SUPERBLOCK_V2) {
            throw new Unusable("the journal superblock has an unknown type (" + type + ")");
        }
        if (jsb.blockSize() != bs) {
            throw new Unusable("the journal's block size (" + jsb.blockSize() + ") is not the file system's");
        }
        if (jsb.hasChecksum() && jsb.expectedChecksum() != jsb.checksum()) {
            throw new Unusable("the journal superblock's checksum does not match");
        }
        long maxLen = jsb.maxLen();
        if (maxLen > map.length() || jsb.first() < 1 || jsb.first() >= maxLen) {
            throw new Unusable("the journal superblock's size or first block is wrong");
        }
        long last = maxLen;
        if (jsb.hasIncompat(JournalSuperblock.INCOMPAT_FAST_COMMIT)) {
            long fc = jsb.numFcBlocks() != 0 ? jsb.numFcBlocks() : DEFAULT_FAST_COMMIT_BLOCKS;
            if (fc >= maxLen - jsb.first()) {
                throw new Unusable("the journal's fast-commit area leaves no room for a log");
            }
            last = maxLen - fc;
        }
        if (jsb.start() != 0 && (jsb.start() < jsb.first() || jsb.start() >= last)) {
            throw new Unusable("the journal's log starts outside the journal (block " + jsb.start() + ")");
        }
        return last;
    }

    /**
     * A fast-commit area whose head names the transaction after the last full one holds changes
     * this replay cannot apply: refuse, rather than lose them.
     */
    private static void refuseFastCommits(FileSystem fs, JournalSuperblock jsb, JournalMap map, long last,
            RecoveryPlan plan) {
        if (!jsb.hasIncompat(JournalSuperblock.INCOMPAT_FAST_COMMIT)) {
            return;
        }
        // The area starts one block after the end of the log (measured on kernel-written journals).
        if (last + 1 >= map.length()) {
            return;
        }
        ByteBuffer fc = fs.readBlock(map.physical(last + 1)).order(ByteOrder.LITTLE_ENDIAN);
        int tag = fc.getShort(0) & 0xFFFF;
        int len = fc.getShort(2) & 0xFFFF;
        long tid = fc.getInt(8) & 0xFFFFFFFFL;
        if (tag == FC_TAG_HEAD && len == FC_HEAD_LENGTH && tid == plan.endTransaction()) {
            throw new Refused("the journal holds fast-commit blocks, whose replay is not supported yet");
        }
    }
}
