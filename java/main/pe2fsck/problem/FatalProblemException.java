package pe2fsck.problem;

/**
 * Thrown by the {@link FixDecider} for a problem flagged {@link Flag#FATAL}, or a "yes" to an
 * {@link Prompt#ABORT} question: the check cannot go on. The message is already printed; the
 * checker ends the run with exit status 8.
 */
public final class FatalProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    public FatalProblemException(Finding finding, String message) {
        super(message, null, false, false);
        this.finding = finding;
    }

    public Finding finding() {
        return finding;
    }
}
