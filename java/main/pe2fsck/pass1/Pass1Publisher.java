package pe2fsck.pass1;

import com.lmax.disruptor.EventHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import pe2fsck.fs.Inode;
import pe2fsck.state.BlockSet;
import pe2fsck.run.CheckContext;
import pe2fsck.run.InodeEditor;
import pe2fsck.state.InodeSet;
import pe2fsck.state.QuotaUsage;
import pe2fsck.state.Stats;
import pe2fsck.state.ThreadFigures;
import pe2fsck.problem.Finding;

/**
 * The single thread that merges pass-1 results into the run's global maps. It runs after every
 * consumer in the ring, so it sees batches strictly in sequence (inode) order: problems are
 * reported in inode order and a block claimed twice is always caught, whatever the number of
 * consumers and however their work interleaved.
 *
 * <p>It is also where pass 1's repairs are made: a consumer proposes a change with each finding
 * it can repair ({@link InodeFix}), and the publisher, asking in inode order, makes the change
 * in the write cache on a "yes". The repaired image therefore does not depend on the number
 * of consumers.
 *
 * <p>It names its thread {@code pass1-publisher}, counts the batches it merges, and hands the
 * count to the run's {@link ThreadFigures} when the ring shuts down.
 */
final class Pass1Publisher implements EventHandler<InodeBatch> {

    private final CheckContext ctx;
    private final int readers;
    private final CountDownLatch done;
    private final AtomicBoolean failed;
    private final AtomicReference<String> failure;
    private int markers;
    private final int batches;
    private final boolean quotas;
    /** The file system's first ordinary inode (quota charges start there). */
    private final long firstOrdinaryIno;
    private final long projectQuotaIno;
    /** The orphan file's inode (0 without one): like the project quota file, charged to no one. */
    private final long orphanFileIno;
    private final long blockSize;
    /** Where accepted inode fixes are made (null in a read-only run). */
    private final InodeEditor editor;
    private static final long ROOT_INO = 2;
    private long merged;

    Pass1Publisher(CheckContext ctx, int readers, int batches, CountDownLatch done, AtomicBoolean failed,
                   AtomicReference<String> failure) {
        this.ctx = ctx;
        this.batches = batches;
        var sb = ctx.fs().superblock();
        this.quotas = sb.has(pe2fsck.fs.Feature.QUOTA);
        this.firstOrdinaryIno = sb.firstIno();
        this.projectQuotaIno = sb.prjQuotaInum();
        this.orphanFileIno = sb.orphanFileInum();
        this.blockSize = ctx.fs().blockSize();
        this.editor = ctx.writes() == null ? null : new InodeEditor(ctx.fs(), ctx.writes());
        this.readers = readers;
        this.done = done;
        this.failed = failed;
        this.failure = failure;
    }

    /** Groups whose inodes are all merged, for -C. */
    private long groupsDone;

    @Override
    public void onEvent(InodeBatch ev, long sequence, boolean endOfBatch) {
        if (ev.batch < 0) {
            if (++markers == readers) {
                groupsDone = ctx.progress().stepTo(1, groupsDone, ctx.geometry().groupCount(), ctx.geometry().groupCount());
                done.countDown();
            }
            return;
        }
        if (failed.get()) {
            return;
        }
        BatchResult r = ev.result;
        if (ev.readError != null) {
            failure.compareAndSet(null, "error reading the inode table at inode " + ev.firstIno + ": " + ev.readError);
            failed.set(true);
            return;
        }
        merge(ev.firstIno, r);
        merged++;
        groupsDone = ctx.progress().stepTo(1, groupsDone, (ev.firstIno + r.inodeCount - 1) / ctx.geometry().inodesPerGroup(), ctx.geometry().groupCount());
    }

    @Override
    public void onStart() {
        Thread.currentThread().setName("pass1-publisher");
    }

    @Override
    public void onShutdown() {
        ThreadFigures figures = ctx.threadFigures();
        if (figures.enabled()) {
            figures.add(ThreadFigures.Entry.merger(Thread.currentThread().getName(),
                    ThreadFigures.thisThreadCpuNanos(), merged));
        }
    }

    private void merge(long firstIno, BatchResult r) {
        Stats st = ctx.stats;
        // The publisher is the one serial stage, so the inode maps take runs, not single inodes.
        addRuns(ctx.inodeUsed, r, BatchResult.USED, firstIno);
        addRuns(ctx.inodeDir, r, BatchResult.DIR, firstIno);
        addRuns(ctx.inodeReg, r, BatchResult.REG, firstIno);
        addRuns(ctx.inodeBad, r, BatchResult.BAD, firstIno);
        addRuns(ctx.inodeOddFields, r, BatchResult.ODD_FIELDS, firstIno);
        for (int i = 0; i < r.inodeCount; i++) {
            byte f = r.flags[i];
            if ((f & BatchResult.USED) == 0) {
                continue;
            }
            long ino = firstIno + i;
            int key = (int) ino;
            st.inodesUsed++;
            ctx.linkCount.set(ino, r.links[i]);
            ctx.fileType[key] = r.fileType[i];
            if ((f & BatchResult.DIR) != 0) {
                ctx.dirInfo.add(ino, r.generation[i], r.iflags[i]);
            }
            if (quotas && (ino == ROOT_INO || ino >= firstOrdinaryIno) && ino != projectQuotaIno
                    && ino != orphanFileIno && (r.iflags[i] & Inode.FL_EA_INODE) == 0) {
                long space = r.chargedBlocks[i] * blockSize;
                int inodes = 1 + r.eaInodes[i];
                ctx.quota.charge(QuotaUsage.USER, Integer.toUnsignedLong(r.uid[i]), space, inodes);
                ctx.quota.charge(QuotaUsage.GROUP, Integer.toUnsignedLong(r.gid[i]), space, inodes);
                ctx.quota.charge(QuotaUsage.PROJECT, Integer.toUnsignedLong(r.projid[i]), space, inodes);
            }
        }
        for (int k = 0; k < r.claims; k++) {
            claim(r.claimStart[k], r.claimLen[k], firstIno + r.claimOwner[k]);
        }
        for (int k = 0; k < r.eaRefs; k++) {
            long blk = r.eaBlock[k];
            Integer prev = ctx.eaBlockRefs.merge(blk, 1, Integer::sum);
            if (prev == 1) {
                ctx.eaBlockOwner.put(blk, firstIno + r.eaOwner[k]);
                claim(blk, 1, firstIno + r.eaOwner[k]);
            }
        }
        for (int k = 0; k < r.dirBlocks; k++) {
            ctx.dirBlocks.add(firstIno + r.dirOwner[k], r.dirLogical[k], r.dirPhysical[k]);
        }
        st.regular += r.regular;
        st.directories += r.directories;
        st.symlinks += r.symlinks;
        st.fastSymlinks += r.fastSymlinks;
        st.charDevices += r.charDevices;
        st.blockDevices += r.blockDevices;
        st.fifos += r.fifos;
        st.sockets += r.sockets;
        st.fragmented += r.fragmented;
        st.inlineData += r.inlineData;
        for (int d = 0; d < st.extentDepth.length; d++) {
            st.extentDepth[d] += r.extentDepth[d];
        }
        if (r.findings != null) {
            for (int k = 0; k < r.findings.size(); k++) {
                Finding f = r.findings.get(k);
                InodeFix fix = r.fixes.get(k);
                if (!ctx.problems().ask(f)) {
                    continue;
                }
                if (fix == null) {
                    InodeFixes.apply(ctx, f); // the fixes that need the run's clock or state
                } else if (editor != null) {
                    Inode record = editor.open(f.ino());
                    fix.applyTo(record);
                    editor.changed(f.ino());
                    if (fix.kind() == InodeFix.Kind.CLEAR_FLAGS && ctx.dirInfo.contains(f.ino())) {
                        ctx.dirInfo.clearFlags(f.ino(), (int) fix.value()); // pass 2 reads them there
                    }
                }
            }
        }
    }

    /** Adds to {@code map} every run of inodes in use whose flags have {@code bit} set. */
    private static void addRuns(InodeSet map, BatchResult r, int bit, long firstIno) {
        int want = bit | BatchResult.USED;
        int i = 0;
        while (i < r.inodeCount) {
            if ((r.flags[i] & want) != want) {
                i++;
                continue;
            }
            int start = i;
            while (i < r.inodeCount && (r.flags[i] & want) == want) {
                i++;
            }
            map.add(firstIno + start, firstIno + i);
        }
    }

    /** Marks [start, start + len) used by {@code owner}, noting every block already taken. */
    private void claim(long start, long len, long owner) {
        BlockSet used = ctx.blockUsed;
        if (len > 1 && !used.intersects(start, start + len)) {
            used.addRange(start, len);
            return;
        }
        for (long b = start; b < start + len; b++) {
            if (used.checkedAdd(b)) {
                ctx.blockDup.add(b);
                ctx.inodeDup.add(owner);
            }
        }
    }
}
