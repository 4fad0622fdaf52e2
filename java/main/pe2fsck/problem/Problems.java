package pe2fsck.problem;

/**
 * Where passes send what they find. The single implementation that matters is the
 * {@link FixDecider}: it answers every question according to the run mode, prints the outcome
 * and records whether the file system was left with errors. Passes never decide a fix
 * themselves: they ask, and act only on a "yes".
 */
public interface Problems {

    /** Reports a finding and returns true if the caller should fix it. */
    boolean ask(Finding f);

    /** Shorthand for findings that need only an inode number. */
    default boolean ask(Problem p, long ino) {
        return ask(Finding.of(p).ino(ino).build());
    }
}
