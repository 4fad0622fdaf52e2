package pe2fsck.state;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pe2fsck.io.ReadAhead;

/**
 * Collects, for -tt, what each thread of the current pass did. A pass's threads hand in one
 * record each as they finish (so the CPU time they quote is their whole life, which is the
 * pass); the checker drains the records after the pass and prints them under its -t line.
 * Records are immutable; adding and draining are synchronised, so any thread may add.
 *
 * <p>When -tt was not asked for the collector is off: it keeps nothing, and
 * {@link #readAhead()} gives the read-ahead engine no one to report to.
 */
public final class ThreadFigures implements ReadAhead.ThreadReport {

    /** What a thread was for, which decides the figures it has. */
    public enum Role {
        /** The thread that runs the pass itself. */
        MAIN,
        /** Pass 1: reads inode-table batches into the ring. */
        INODE_READER,
        /** Pass 1: checks the inodes of its share of the batches. */
        INODE_CHECKER,
        /** Pass 1: merges checked batches, in order, into the run's maps. */
        MERGER,
        /** A read-ahead engine thread: reads metadata ranges ahead of the pass. */
        READ_AHEAD,
        /** Pass 2: walks a stretch of directories. */
        DIR_WALKER
    }

    /**
     * One thread's figures. Fields a role does not use are zero.
     *
     * @param thread    the thread's name
     * @param cpuNanos  CPU the thread used, or -1 where the JVM cannot tell
     * @param batches   inode batches read, checked or merged; directory rows walked
     * @param inodes    inodes checked
     * @param requests  device reads made (read-ahead)
     * @param bytes     bytes read
     * @param waitNanos time spent inside device reads
     */
    public record Entry(String thread, Role role, long cpuNanos, long batches, long inodes, long requests, long bytes,
                        long waitNanos) {

        public static Entry main(String thread, long cpuNanos) {
            return new Entry(thread, Role.MAIN, cpuNanos, 0, 0, 0, 0, 0);
        }

        public static Entry inodeReader(String thread, long cpuNanos, long batches, long bytes, long waitNanos) {
            return new Entry(thread, Role.INODE_READER, cpuNanos, batches, 0, 0, bytes, waitNanos);
        }

        public static Entry inodeChecker(String thread, long cpuNanos, long batches, long inodes) {
            return new Entry(thread, Role.INODE_CHECKER, cpuNanos, batches, inodes, 0, 0, 0);
        }

        public static Entry merger(String thread, long cpuNanos, long batches) {
            return new Entry(thread, Role.MERGER, cpuNanos, batches, 0, 0, 0, 0);
        }

        public static Entry dirWalker(String thread, long cpuNanos, long blocks) {
            return new Entry(thread, Role.DIR_WALKER, cpuNanos, blocks, 0, 0, 0, 0);
        }

        public static Entry readAhead(String thread, long cpuNanos, long requests, long bytes, long waitNanos) {
            return new Entry(thread, Role.READ_AHEAD, cpuNanos, 0, 0, requests, bytes, waitNanos);
        }
    }

    /**
     * Name order, except that a trailing number compares as a number, so "reader-10" follows
     * "reader-9". Threads with equal names keep the order they finished in (the sort is stable).
     */
    static final Comparator<Entry> BY_NAME = (a, b) -> compareNames(a.thread(), b.thread());

    private final boolean enabled;
    private final List<Entry> entries = new ArrayList<>();

    /** @param enabled whether to collect at all (-tt) */
    public ThreadFigures(boolean enabled) {
        this.enabled = enabled;
    }

    /** True when -tt asked for per-thread figures. */
    public boolean enabled() {
        return enabled;
    }

    /** Records one finished thread (ignored when off). */
    public synchronized void add(Entry e) {
        if (enabled) {
            entries.add(e);
        }
    }

    /** The records handed in since the last drain, sorted by thread name; the collector is left empty. */
    public synchronized List<Entry> drain() {
        List<Entry> out = new ArrayList<>(entries);
        entries.clear();
        out.sort(BY_NAME);
        return List.copyOf(out);
    }

    /** Where a read-ahead engine of this run reports its threads: this collector, or null when off. */
    public ReadAhead.ThreadReport readAhead() {
        return enabled ? this : null;
    }

    @Override
    public void threadEnded(String thread, long cpuNanos, long requests, long bytes, long readNanos) {
        add(Entry.readAhead(thread, cpuNanos, requests, bytes, readNanos));
    }

    /** CPU time the calling thread has used so far, or -1 where the JVM cannot measure it. */
    public static long thisThreadCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try {
            return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    static int compareNames(String a, String b) {
        int ai = digitsStart(a);
        int bi = digitsStart(b);
        int c = a.substring(0, ai).compareTo(b.substring(0, bi));
        if (c != 0 || ai == a.length() || bi == b.length()) {
            return c != 0 ? c : a.compareTo(b);
        }
        String an = a.substring(ai);
        String bn = b.substring(bi);
        // Compare the numbers without parsing them: fewer digits (ignoring leading zeros) is smaller.
        String at = stripZeros(an);
        String bt = stripZeros(bn);
        c = at.length() != bt.length() ? Integer.compare(at.length(), bt.length()) : at.compareTo(bt);
        return c != 0 ? c : an.compareTo(bn);
    }

    /** Index where the name's trailing run of digits begins (the length when there is none). */
    private static int digitsStart(String s) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9') {
            i--;
        }
        return i;
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
