package pe2fsck.state;

/** How questions are answered: fsck's -n, -p/-a and -y, or interactively (not supported: treated as -n). */
public enum RunMode {
    /** -n: open read-only, answer every question "no", never write. */
    NO,
    /** -p / -a: fix what is safe without asking; stop on anything else. */
    PREEN,
    /** -y: answer every question "yes". */
    YES;

    public boolean writes() {
        return this != NO;
    }
}
