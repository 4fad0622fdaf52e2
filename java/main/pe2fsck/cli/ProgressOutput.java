package pe2fsck.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import pe2fsck.state.Progress;

/**
 * What -C and the progress signals show. Two forms, as e2fsck has them: lines
 * {@code pass current maximum device} on a file descriptor (what fsck(8), systemd-fsck and other
 * front ends read), or a bar on standard output for a person ({@code -C 0}). SIGUSR1 turns
 * output on (the bar, or lines when -C named a descriptor as a negative number), SIGUSR2 turns
 * it off. Within a pass the lines never go back and keep the pass's first maximum.
 *
 * <p>The bar spends each pass's share of 100% as e2fsck does (pass 1 up to 70%, 2 to 90%, 3 to
 * 92%, 4 to 95%, 5 to 100%), is redrawn at most every eighth of a second or when the tenth of a
 * percent changes, and is wrapped in the bytes 0x01 and 0x02 when standard input and output are
 * not both a terminal, so that boot loggers that keep fsck's output can leave it out. Before any
 * other output (see {@link #guard}) the bar is wiped. Thread-safe.
 */
final class ProgressOutput implements Progress {

    private static final int[] PASS_END = {0, 70, 90, 92, 95, 100};
    private static final char[] SPINNER = {'\\', '|', '/', '-'};
    private static final long TICK_NANOS = 125_000_000L;
    private static final int OFF = 0;
    private static final int LINES = 1;
    private static final int BAR = 2;

    private final PrintStream terminal;
    private final PrintStream lines;
    private final String device;
    private final String start;
    private final String stop;
    private final LongSupplier clock;
    private volatile int mode;

    // guarded by this
    private volatile int pass;
    private long maximum;
    private volatile long done = -1;
    private int lastTenths = -1;
    private long lastTick = Long.MIN_VALUE;
    private int spin;
    private boolean drawn;

    /**
     * @param terminal    standard output, for the bar
     * @param lines       the descriptor -C named, or null
     * @param device      the device as given, the last field of each line
     * @param interactive standard input and output are a terminal: no 0x01/0x02 around the bar
     * @param initially   on from the start: lines if a descriptor was given, else the bar
     * @param clock       nanoseconds, for the bar's redraw limit
     */
    ProgressOutput(PrintStream terminal, PrintStream lines, String device, boolean interactive, boolean initially,
                   LongSupplier clock) {
        this.terminal = terminal;
        this.lines = lines;
        this.device = device;
        this.start = interactive ? "" : "\001";
        this.stop = interactive ? "" : "\002";
        this.clock = clock;
        this.mode = initially ? (lines != null ? LINES : BAR) : OFF;
    }

    /** SIGUSR1: output on, in the form -C asked for (the bar when it named none). */
    void start() {
        if (mode == OFF) {
            mode = lines != null ? LINES : BAR;
        }
    }

    /** SIGUSR2: output off; a bar on the screen is wiped. */
    synchronized void stop() {
        clear();
        mode = OFF;
    }

    boolean on() {
        return mode != OFF;
    }

    @Override
    public void update(int pass, long current, long max) {
        if (mode == OFF || max <= 0 || pass < 1 || pass > 5 || (pass == this.pass && current <= done)) {
            return;
        }
        synchronized (this) {
            if (pass != this.pass) {
                if (pass < this.pass) {
                    return;
                }
                this.pass = pass;
                this.maximum = max;
                this.done = -1;
            }
            long c = Math.min(current, maximum);
            if (c <= done) {
                return;
            }
            done = c;
            if (mode == LINES) {
                lines.print(pass + " " + c + " " + maximum + " " + device + "\n");
                lines.flush();
            } else if (mode == BAR) {
                draw(PASS_END[pass - 1] + (PASS_END[pass] - PASS_END[pass - 1]) * (double) c / maximum);
            }
        }
    }

    @Override
    public synchronized void passEnded(int pass) {
        if (pass == this.pass && done < maximum) {
            update(pass, maximum, maximum);
        }
    }

    /** Wipes the bar if one is on the screen. */
    synchronized void clear() {
        if (drawn) {
            terminal.print(start + " ".repeat(80) + "\r" + stop);
            terminal.flush();
            drawn = false;
            lastTenths = -1;
        }
    }

    private void draw(double percent) {
        int tenths = (int) Math.round(percent * 10);
        if (tenths == lastTenths) {
            return;
        }
        long tick = clock.getAsLong() / TICK_NANOS;
        if (tick == lastTick && tenths != 0 && tenths != 1000) {
            return;
        }
        lastTenths = tenths;
        lastTick = tick;
        spin = (spin + 1) & 3;
        int width = Math.max(8, 8 * ((66 - device.length()) / 8));
        int filled = (int) ((percent * width + 50) / 100);
        filled = Math.max(0, Math.min(width, filled));
        terminal.print(start + device + ": |" + "=".repeat(filled) + " ".repeat(width - filled)
                + (tenths == 1000 ? '|' : SPINNER[spin])
                + String.format(Locale.ROOT, " %4.1f%%   ", percent) + "\r" + stop);
        terminal.flush();
        drawn = true;
    }

    /** {@code target} as a stream that wipes the bar before anything else is written to it. */
    PrintStream guard(PrintStream target) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                clearIfDrawn();
                target.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                clearIfDrawn();
                target.write(b, off, len);
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true, ConsoleCharset.STDOUT);
    }

    private void clearIfDrawn() {
        if (mode == BAR || drawn) {
            clear();
        }
    }
}
