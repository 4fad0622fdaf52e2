package pe2fsck.pass2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.roaringbitmap.RoaringBitmap;
import pe2fsck.run.CheckContext;
import pe2fsck.state.DirBlockList;
import pe2fsck.run.IoTuning;
import pe2fsck.run.Pass;
import pe2fsck.state.ThreadFigures;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.io.DeviceException;
import pe2fsck.io.ReadAhead;

/**
 * Pass 2: reads every directory block pass 1 listed, one directory at a time in logical order,
 * and every inline directory, and checks each entry: record lengths and name lengths, '.' and
 * '..', inode numbers in range and in use, names (plain, encrypted or casefolded rules), file
 * types against the inode, second links to a directory, leaf checksums, holes between mapped
 * blocks, and repeated names. Indexed directories get their whole index checked
 * ({@link HtreeCheck}). Reports inodes pass 1 marked bad when an entry leads to them.
 *
 * <p>Repeated names: like e2fsck, a name seen twice within one block marks the directory for
 * rebuilding; the rebuild (e2fsck's pass 3A) would then find every repeated name in the whole
 * directory, which pass 2 reports at the end of the directory.
 *
 * <p>Builds for later passes: a reference count per inode (every entry, '.' and '..' included),
 * each directory's '..' and the directory whose entry names it. Leaves connectivity to pass 3
 * and link counts to pass 4.
 *
 * <p>Threads: the sorted directory list is cut into one stretch of whole directories per
 * worker; each worker walks its stretch with its own read-ahead and records what it finds
 * ({@link Pass2Log}); the calling thread applies the records stretch by stretch, in directory
 * order ({@link Pass2Apply}). Report order is therefore (inode, logical block), the same for
 * any number of workers.
 */
public final class Pass2 implements Pass {

    static final long ROOT = 2;

    @Override
    public String name() {
        return "Pass 2";
    }

    @Override
    public void run(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        if (ctx.dirInfo.contains(ROOT)) {
            ctx.dirInfo.setParent(ROOT, ROOT);
        }
        DirBlockList list = ctx.dirBlocks;
        list.sortByInode();
        Pass2Apply apply = new Pass2Apply(ctx);
        int[] cuts = stretches(list, workers(ctx, list.size()));
        int stretches = cuts.length - 1;
        int runDepth = IoTuning.depth(ctx);
        int depth = Math.max(2, runDepth / stretches);
        int lookahead = Math.max(depth, IoTuning.lookahead(runDepth) / stretches);
        ExecutorService pool = Executors.newFixedThreadPool(stretches, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Pass2Log>> logs = new ArrayList<>();
            for (int s = 0; s < stretches; s++) {
                int from = cuts[s];
                int to = cuts[s + 1];
                String name = "pass2-worker-" + s;
                logs.add(pool.submit(() -> walk(ctx, list, from, to, depth, lookahead, name)));
            }
            for (int s = 0; s < stretches; s++) {
                result(logs.get(s)).replay(apply);
                ctx.progress().update(2, cuts[s + 1], list.size());
            }
        } finally {
            pool.shutdownNow();
        }
        // Inline directories have no blocks; their entries live in the inode.
        if (fs.has(Feature.INLINE_DATA)) {
            RoaringBitmap withBlocks = new RoaringBitmap();
            for (int k = 0; k < list.size(); k++) {
                withBlocks.add((int) list.ino(k));
            }
            DirWalker walker = new DirWalker(ctx, apply);
            for (int k = 0; k < ctx.dirInfo.size(); k++) {
                long dir = ctx.dirInfo.inoAt(k);
                if (!withBlocks.contains((int) dir)) {
                    walker.checkInlineDir(dir);
                }
            }
        }
    }

    /**
     * One worker's stretch: rows [from, to), read ahead with {@code depth} reads in flight and
     * up to {@code lookahead} requests ahead. With -tt the worker and its read-ahead threads
     * report under the worker's name.
     */
    private static Pass2Log walk(CheckContext ctx, DirBlockList list, int from, int to, int depth, int lookahead,
            String name) {
        Thread.currentThread().setName(name);
        Pass2Log log = new Pass2Log();
        FileSystem fs = ctx.fs();
        ThreadFigures figures = ctx.threadFigures();
        ReadAhead.ThreadReport base = figures.readAhead();
        ReadAhead.ThreadReport report = base == null ? null
                : (thread, cpu, requests, bytes, waits) -> base.threadEnded(name + "/" + thread, cpu, requests, bytes, waits);
        try (ReadAhead blocks = new ReadAhead(fs.device(), mappedBlocks(list, from, to, fs.blockSize()), depth,
                lookahead, fs.blockSize(), IoTuning.readaheadBytes(ctx, IoTuning.DEFAULT_MERGE_BYTES),
                IoTuning.mergeGapBytes(ctx), report, fs.buffers())) {
            blocks.hintAhead(IoTuning.hintRequests(ctx, depth));
            new DirWalker(ctx, log).walk(list, from, to, blocks);
        }
        if (figures.enabled()) {
            figures.add(ThreadFigures.Entry.dirWalker(name, ThreadFigures.thisThreadCpuNanos(), to - from));
        }
        return log;
    }

    /** A worker's log, or the worker's failure rethrown as it was raised. */
    private static Pass2Log result(Future<Pass2Log> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while checking directories");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Workers: -m when given, else one per processor. Even a small file system is shared out (a
     * worker costs a thread), so every run, test images included, goes through the same path.
     */
    private static int workers(CheckContext ctx, int rows) {
        int m = ctx.options().threads() > 0 ? ctx.options().threads() : Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(m, rows));
    }

    /**
     * Cuts rows [0, size) into at most {@code n} stretches of about equal length that never split
     * a directory. Returns the cut points, first 0 and last size.
     */
    static int[] stretches(DirBlockList list, int n) {
        int size = list.size();
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        for (int s = 1; s < n; s++) {
            int at = (int) ((long) size * s / n);
            while (at < size && at > 0 && list.ino(at) == list.ino(at - 1)) {
                at++;
            }
            if (at > cuts.get(cuts.size() - 1) && at < size) {
                cuts.add(at);
            }
        }
        cuts.add(size);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The directory blocks of rows [from, to) in the order pass 2 visits them (directory, then
     * logical block), holes left out. The read-ahead engine keeps several in flight, announces
     * more to the kernel ahead of them, and merges blocks that lie close together on disk: a
     * directory's blocks, and the blocks of directories created together, usually do (on the
     * 1M-inode bench image, 51,906 blocks become 911 requests). It also reads through small
     * gaps: on the 100k image, where each directory's files sit between it and the next
     * directory, 7,373 blocks become 1,755 requests instead of 4,391.
     */
    private static ReadAhead.Ranges mappedBlocks(DirBlockList list, int from, int to, int blockSize) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if (list.physical(k) != 0) {
                n++;
            }
        }
        long[] blocks = new long[n];
        n = 0;
        for (int k = from; k < to; k++) {
            if (list.physical(k) != 0) {
                blocks[n++] = list.physical(k);
            }
        }
        return ReadAhead.Ranges.ofBlocks(blocks, blockSize);
    }
}
