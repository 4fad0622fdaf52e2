package pe2fsck.state;

/**
 * Where passes say how far they are, for -C: pass number, work done, work in all. A pass gives
 * the same maximum every time (its unit: groups in pass 1, directory blocks in pass 2,
 * directories in pass 3, groups in pass 4, twice the groups in pass 5); implementations may
 * drop an update that does not move forward, so callers on several threads need not order them.
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (pass, current, maximum) -> { };

    void update(int pass, long current, long maximum);

    /** The pass has finished: its last update, if any, is taken to its maximum. */
    default void passEnded(int pass) {
    }

    /**
     * Reports every unit from {@code done + 1} up to {@code now} (one update each: fsck front
     * ends expect a line per group in pass 1) and returns the new count done.
     */
    default long stepTo(int pass, long done, long now, long maximum) {
        for (long c = done + 1; c <= now; c++) {
            update(pass, c, maximum);
        }
        return Math.max(done, now);
    }
}
