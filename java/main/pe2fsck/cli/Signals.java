package pe2fsck.cli;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import pe2fsck.checker.Checker;
import pe2fsck.io.NativeLib;
import pe2fsck.problem.ExitCodes;
import pe2fsck.problem.Report;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals a checker gets at boot, answered as e2fsck answers them. SIGUSR1 and SIGUSR2
 * (which fsck(8) forwards to its checkers) turn progress output on and off. SIGINT and SIGTERM
 * cancel: a read-only run stops at once (it has nothing half written), a writing run at the next
 * safe point, between two passes; either way the run ends with the cancelled line and exit 32. A
 * second SIGINT or SIGTERM stops a writing run at once.
 *
 * <p>A SIGINT or SIGTERM ignored by whoever started us (a shell's background job, a service
 * manager) still cancels, as with e2fsck: the JVM leaves an inherited "ignore" alone, so the C
 * library's default is restored first. SIGUSR2 is ours only because the launcher moves HotSpot's
 * own use of it to another signal.
 */
final class Signals {

    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;

    private final boolean writes;
    private volatile ProgressOutput progress;
    /** The last progress signal (1 on, 2 off), for one that comes before the output exists. */
    private volatile int requested;
    private volatile String device = "";
    private volatile Report report;

    private Signals(boolean writes) {
        this.writes = writes;
    }

    /** Installs the handlers for a run that writes ({@code -p}, {@code -y}) or only reads. */
    static Signals install(boolean writes) {
        Signals s = new Signals(writes);
        s.handle("USR1", sig -> s.progressOn());
        s.handle("USR2", sig -> s.progressOff());
        boolean ignored = s.handle("INT", s::cancel) | s.handle("TERM", s::cancel);
        if (ignored) {
            // Restoring the default needs the C library, reached through JNA: load it off the
            // main thread, as the native shim is loaded (JNA's settings come from NativeLib).
            Thread t = new Thread(s::unignore, "signal-setup");
            t.setDaemon(true);
            t.start();
        }
        return s;
    }

    /** The run's output, once it exists; progress signals before that are remembered. */
    void attach(ProgressOutput p, Report r, String dev) {
        this.device = dev;
        this.report = r;
        this.progress = p;
        if (requested == 1) {
            p.start();
        } else if (requested == 2) {
            p.stop();
        }
    }

    private void progressOn() {
        requested = 1;
        ProgressOutput p = progress;
        if (p != null) {
            p.start();
        }
    }

    private void progressOff() {
        requested = 2;
        ProgressOutput p = progress;
        if (p != null) {
            p.stop();
        }
    }

    private void cancel(Signal sig) {
        if (!writes || Checker.cancelRequested()) {
            ProgressOutput p = progress;
            if (p != null) {
                p.stop();
            }
            Report r = report;
            boolean errors = r != null && r.leftAlone();
            System.out.flush();
            System.out.println(device.isEmpty() ? "pe2fsck: check cancelled." : device + ": check cancelled.");
            if (errors) {
                r.errorsRemain(); // as e2fsck: problems already left alone still count
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(ExitCodes.CANCELLED | (errors ? ExitCodes.UNCORRECTED : 0));
        }
        System.err.println("pe2fsck: " + (sig.getNumber() == SIGINT ? "interrupt" : "termination")
                + " received; stopping after the current step (send it again to stop now)");
        Checker.requestCancel();
    }

    /** Returns true if the signal was ignored when we started (the handler is then not in place). */
    private boolean handle(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler) == SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException e) {
            return false; // the JVM keeps this signal for itself; nothing to do
        }
    }

    private void unignore() {
        if (!NativeLib.available()) {
            return;
        }
        try {
            Native.register(CLibrary.class, Platform.C_LIBRARY_NAME);
            for (int sig : new int[] {SIGINT, SIGTERM}) {
                Pointer old = CLibrary.signal(sig, Pointer.NULL);
                if (Pointer.nativeValue(old) != 1) {
                    CLibrary.signal(sig, old); // not ignored: put back what was there
                }
            }
            handle("INT", this::cancel);
            handle("TERM", this::cancel);
        } catch (LinkageError | RuntimeException e) {
            // the inherited "ignore" stays, as the JVM alone would leave it
        }
    }

    /** The C library's signal(2), direct-mapped. */
    static final class CLibrary {
        private CLibrary() {
        }

        static native Pointer signal(int sig, Pointer handler);
    }
}
