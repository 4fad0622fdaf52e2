package pe2fsck.problem;

/**
 * Thrown by the {@link FixDecider} under -p when a problem turns up that preen mode may not
 * repair on its own. The message and the advice to run by hand have already been printed; the
 * checker catches this and ends the run with exit status 4.
 */
public final class PreenHaltException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    public PreenHaltException(Finding finding) {
        super("stopped: " + finding.problem().hexCode() + " needs a manual run", null, false, false);
        this.finding = finding;
    }

    /** The problem that stopped the run. */
    public Finding finding() {
        return finding;
    }
}
