package pe2fsck.problem;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import pe2fsck.state.Stats;
import pe2fsck.state.ThreadFigures;

/**
 * What the user reads on standard output: pass headers, problems and their answers, the final
 * summary, the -v statistics and the -t timings (with -tt, per thread). Progress lines for -C go to their own stream.
 * Diagnostics for developers go through Log4j instead, never here.
 *
 * <p>All formatting is fixed-locale and deterministic so that tests can compare output exactly.
 * Methods are synchronized: pass 1 may report from more than one thread.
 */
public final class Report {

    /** Figures the checker measured for one pass (or for the whole run). */
    public record Timing(long wallNanos, long cpuNanos, long peakRssBytes, pe2fsck.io.MeteredDevice.Snapshot io) {
    }

    private static final String[] PASS_TITLES = {
        "checking the superblock and group descriptors",
        "checking inodes, blocks and sizes",
        "checking the directory structure",
        "checking directory connectivity",
        "checking reference counts",
        "checking group summary information",
    };

    private final PrintStream out;
    private final String device;
    private final boolean preen;
    private volatile boolean leftAlone;
    private volatile pe2fsck.state.Progress progress = pe2fsck.state.Progress.NONE;

    /**
     * @param out    standard output (or a capture of it in tests)
     * @param device the device name as the user gave it, used as the line prefix
     * @param preen  -p/-a: problem lines carry the device prefix and pass headers are not printed
     */
    public Report(PrintStream out, String device, boolean preen) {
        this.out = out;
        this.device = device;
        this.preen = preen;
    }

    public String device() {
        return device;
    }

    public boolean preen() {
        return preen;
    }

    /** True once a problem has been answered "no" (it stays): a cancelled run then exits 4 too. */
    public boolean leftAlone() {
        return leftAlone;
    }

    /** Sends -C progress lines to {@code stream}; null turns progress off. */
    public synchronized void progressTo(PrintStream stream) {
        this.progress = stream == null ? pe2fsck.state.Progress.NONE : (pass, current, maximum) -> {
            stream.print(pass + " " + current + " " + maximum + " " + device + "\n");
            stream.flush();
        };
    }

    /** Sends progress to {@code sink} (the command line's -C output). */
    public void progressTo(pe2fsck.state.Progress sink) {
        this.progress = sink;
    }

    /**
     * Opens the stream -C asks for: fd 1 is {@code stdout}, fd 2 {@code stderr}, fd 0 and
     * negative numbers mean no progress lines, other numbers are opened through /proc/self/fd
     * (or /dev/fd). Returns null when there is nothing to write to.
     */
    public static PrintStream openProgress(int fd, PrintStream stdout, PrintStream stderr) throws IOException {
        if (fd <= 0) {
            return null;
        }
        if (fd == 1) {
            return stdout;
        }
        if (fd == 2) {
            return stderr;
        }
        IOException first = null;
        for (String path : new String[] {"/proc/self/fd/" + fd, "/dev/fd/" + fd}) {
            try {
                OutputStream os = new FileOutputStream(path, true);
                return new PrintStream(os, true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw new IOException("cannot write progress to file descriptor " + fd
                + (first != null ? ": " + first.getMessage() : ""));
    }

    /** The header printed before pass {@code n} (0 = before pass 1). */
    public static String passTitle(int n) {
        return n >= 0 && n < PASS_TITLES.length ? PASS_TITLES[n] : "checking";
    }

    /** "Pass N: ..." before a pass; not printed under -p. Pass 0 has no header. */
    public synchronized void passHeader(int pass) {
        if (preen || pass <= 0) {
            return;
        }
        out.println("Pass " + pass + ": " + passTitle(pass));
    }

    /** A header for a pass without a number ("Pass 1B"); not printed under -p. */
    public synchronized void passHeader(String name) {
        if (!preen) {
            out.println(name);
        }
    }

    /** A plain line, prefixed with the device under -p. */
    public synchronized void line(String text) {
        out.println(preen ? device + ": " + text : text);
    }

    /** A plain line without any prefix. */
    public synchronized void raw(String text) {
        out.println(text);
    }

    // ---- problems (called by the FixDecider) ----

    /** A problem that asks nothing, or whose answer is not shown (preen, no message flag). */
    synchronized void problem(String message) {
        line(message);
    }

    /** A question and its answer under -n or -y: the message, then "  Fix? yes". */
    synchronized void asked(String message, Prompt prompt, boolean answer) {
        if (!answer) {
            leftAlone = true;
        }
        if (preen) {
            out.println(device + ": " + message + " [" + (answer ? prompt.done() : "left alone") + "]");
            return;
        }
        out.println(message);
        out.println("  " + prompt.text() + "? " + (answer ? "yes" : "no"));
    }

    /** The line saying that further occurrences of a problem are not printed. */
    synchronized void folded(Problem p, long ino, int shown) {
        String where = ino > 0 ? " for inode " + ino : "";
        line("(problem " + p.hexCode() + where + " seen " + shown + " times; further occurrences are handled but not shown)");
    }

    /** The -p stop: the problem, then the advice to run by hand. */
    synchronized void preenHalt(String message) {
        out.println(device + ": " + message);
        out.println();
        out.println(device + ": cannot be repaired automatically. Run pe2fsck by hand, without -a or -p.");
    }

    // ---- end of run ----

    /** The fast-path line: "DEV: clean, 11/2048 files, 1234/8192 blocks" plus an optional note. */
    public synchronized void clean(long filesUsed, long filesTotal, long blocksUsed, long blocksTotal, String note) {
        out.println(device + ": clean, " + filesUsed + "/" + filesTotal + " files, "
                + blocksUsed + "/" + blocksTotal + " blocks" + (note == null || note.isEmpty() ? "" : " " + note));
    }

    /** Why a file system that did not ask for a check is checked anyway. */
    public synchronized void checkForced(String reason) {
        out.println(device + " " + reason + "; checking it now.");
    }

    /** The final summary: "DEV: 11/2048 files (0.0% non-contiguous), 1234/8192 blocks". */
    public synchronized void summary(long filesUsed, long filesTotal, long fragmented, long blocksUsed, long blocksTotal) {
        out.println(device + ": " + filesUsed + "/" + filesTotal + " files (" + tenths(fragmented, filesUsed)
                + "% non-contiguous), " + blocksUsed + "/" + blocksTotal + " blocks");
    }

    /** The banner saying errors remain (printed before the summary, as fsck users expect). */
    public synchronized void errorsRemain() {
        out.println();
        out.println(device + ": ***** THE FILE SYSTEM STILL HAS ERRORS *****");
        out.println();
    }

    /** The banner saying the file system was written to. */
    public synchronized void modified() {
        if (!preen) {
            out.println();
            out.println(device + ": ***** THE FILE SYSTEM WAS MODIFIED *****");
        }
    }

    /** The -v statistics block. */
    public synchronized void statistics(Stats s, long inodesUsed, long inodesTotal, long blocksUsed, long blocksTotal) {
        long files = s.regular + s.directories + s.charDevices + s.blockDevices + s.fifos + s.symlinks
                + s.sockets + s.hardLinks;
        out.println();
        out.println(count(inodesUsed) + " inodes in use (" + hundredths(inodesUsed, inodesTotal) + "% of " + inodesTotal + ")");
        out.println(count(s.fragmented) + " non-contiguous files (" + tenths(s.fragmented, inodesUsed) + "%)");
        StringBuilder depth = new StringBuilder();
        int last = -1;
        for (int i = 0; i < s.extentDepth.length; i++) {
            if (s.extentDepth[i] != 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            depth.append(i == 0 ? "" : "/").append(s.extentDepth[i]);
        }
        if (last >= 0) {
            out.println("             extent tree depths (0/1/...): " + depth);
        }
        out.println(count(blocksUsed) + " blocks in use (" + hundredths(blocksUsed, blocksTotal) + "% of " + blocksTotal + ")");
        out.println(count(s.badBlocks) + " bad blocks");
        out.println(count(s.largeFiles) + " large files");
        out.println();
        out.println(count(s.regular) + " regular files");
        out.println(count(s.directories) + " directories");
        out.println(count(s.charDevices) + " character devices");
        out.println(count(s.blockDevices) + " block devices");
        out.println(count(s.fifos) + " fifos");
        out.println(count(s.hardLinks) + " extra hard links");
        out.println(count(s.symlinks) + " symbolic links (" + s.fastSymlinks + " fast)");
        out.println(count(s.sockets) + " sockets");
        out.println("------------");
        out.println(count(files) + " files");
    }

    /** The -v facts about the run itself, one "name: value" line each. */
    public synchronized void facts(List<String[]> nameValues) {
        for (String[] nv : nameValues) {
            out.println(nv[0] + ": " + nv[1]);
        }
    }

    /**
     * One -t line: "Pass 1: 0.123s wall, 0.100s CPU, peak RSS 45.2 MiB, read 12.0 MiB at 97.6 MB/s
     * in 48 requests, 3.9 in flight on average".
     */
    public synchronized void timing(String label, Timing t) {
        double wall = t.wallNanos() / 1e9;
        var io = t.io();
        out.println(String.format(Locale.ROOT,
                "%s: %.3fs wall, %.3fs CPU, peak RSS %s, read %s at %.1f MB/s in %d requests, %.1f in flight on average",
                label, wall, t.cpuNanos() / 1e9, bytes(t.peakRssBytes()), bytes(io.bytesRead()),
                wall > 0 ? io.bytesRead() / 1e6 / wall : 0, io.reads(), t.wallNanos() > 0 ? (double) io.readNanos() / t.wallNanos() : 0));
    }

    /**
     * The -tt lines under a pass's -t line, one per thread in the order given, indented by two
     * spaces; for example "  pass1-consumer-0: 0.412s CPU, 6 batches, 12288 inodes checked".
     */
    public synchronized void threadTimings(List<ThreadFigures.Entry> threads) {
        for (ThreadFigures.Entry t : threads) {
            out.println("  " + t.thread() + ": " + seconds(t.cpuNanos()) + " CPU, " + work(t));
        }
    }

    /** What a thread did, in the words of its role. */
    private static String work(ThreadFigures.Entry t) {
        return switch (t.role()) {
            case MAIN -> "main thread of the pass";
            case INODE_READER -> t.batches() + " batches, read " + bytes(t.bytes()) + ", "
                    + seconds(t.waitNanos()) + " waiting in reads";
            case INODE_CHECKER -> t.batches() + " batches, " + t.inodes() + " inodes checked";
            case MERGER -> t.batches() + " batches merged";
            case DIR_WALKER -> t.batches() + " directory blocks walked";
            case READ_AHEAD -> t.requests() + " requests, read " + bytes(t.bytes()) + ", "
                    + seconds(t.waitNanos()) + " waiting in reads";
        };
    }

    /** Nanoseconds as "1.234s", or "n/a" for a figure the JVM could not measure. */
    private static String seconds(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }

    /**
     * Progress for -C ("pass current maximum device" lines, or a bar). Not synchronized on the
     * report: passes call it from several threads, and the sink orders its own output.
     */
    public void progress(int pass, long current, long maximum) {
        progress.update(pass, current, maximum);
    }

    /** Pass {@code pass} has ended: its progress is taken to its maximum. */
    public void progressEnd(int pass) {
        progress.passEnded(pass);
    }

    public synchronized void flush() {
        out.flush();
    }

    // ---- number formatting ----

    private static String count(long n) {
        return String.format(Locale.ROOT, "%12d", n);
    }

    /** n/total as a percentage with one decimal, "0.0" when total is zero. */
    static String tenths(long n, long total) {
        if (total <= 0) {
            return "0.0";
        }
        long t = Math.round(1000.0 * n / total);
        return (t / 10) + "." + (t % 10);
    }

    static String hundredths(long n, long total) {
        if (total <= 0) {
            return "0.00";
        }
        return String.format(Locale.ROOT, "%.2f", 100.0 * n / total);
    }

    static String bytes(long b) {
        if (b < 0) {
            return "n/a";
        }
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    }
}
