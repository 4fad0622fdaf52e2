package pe2fsck.problem;

/**
 * The exit status contract fsck front ends rely on. Bits are OR-ed together: a run that repaired
 * something but left other errors exits 4, not 5 (a remaining error clears {@link #CORRECTED}).
 */
public final class ExitCodes {

    /** Nothing wrong. */
    public static final int OK = 0;
    /** Errors were found and corrected. */
    public static final int CORRECTED = 1;
    /** Errors were corrected; the system should be rebooted (a mounted root was repaired). */
    public static final int REBOOT = 2;
    /** Errors were found and left uncorrected. */
    public static final int UNCORRECTED = 4;
    /** Operational error: the check could not be done. */
    public static final int OPERATIONAL = 8;
    /** Usage or syntax error on the command line. */
    public static final int USAGE = 16;
    /** Cancelled by the user (SIGINT). */
    public static final int CANCELLED = 32;
    /** A shared library (the native I/O shim) failed. */
    public static final int LIBRARY = 128;

    private ExitCodes() {
    }

    /**
     * Combines the outcome of a run into one status.
     *
     * @param changed     something was written to repair the file system
     * @param errorsLeft  an inconsistency was left alone
     * @param operational the run could not complete (a fatal problem or an I/O failure)
     * @param cancelled   the user interrupted the run
     */
    public static int compose(boolean changed, boolean errorsLeft, boolean operational, boolean cancelled) {
        int code = OK;
        if (changed) {
            code |= CORRECTED;
        }
        if (errorsLeft) {
            code |= UNCORRECTED;
            code &= ~CORRECTED;
        }
        if (operational) {
            code |= OPERATIONAL;
        }
        if (cancelled) {
            code |= CANCELLED;
        }
        return code;
    }
}
