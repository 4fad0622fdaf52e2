package pe2fsck.problem;

/** Policy bits of a problem: together they say what each run mode does with it. */
public enum Flag {
    /** Safe to fix without asking under -p (preen). Without it, preen stops and asks for a manual run. */
    PREEN_OK,
    /** Under -p, fix without printing the message (routine housekeeping such as free counts). */
    PREEN_NOMSG,
    /** Answering "no" leaves the file system inconsistent (so -n exits 4). */
    NO_OK_IS_ERROR,
    /** Nothing can be done: the check stops with exit 8. */
    FATAL,
    /** Only informative: no question is asked and the file system is not marked as having errors. */
    NO_PROMPT,
    /** Printed only with -v. */
    VERBOSE_ONLY,
    /** The default answer is "no" even under -y. */
    NO_DEFAULT,
    /** Not counted as an error when left alone (harmless, e.g. an optimisation hint). */
    NOT_AN_ERROR,
    /** Under -p the answer is "no": reported and left alone, without stopping the run. */
    PREEN_NO,
    /** Not printed under -n (the change would be routine and is not made anyway). */
    NO_NOMSG,
    /** A "yes" does not count as a repair (the file system is not reported as modified). */
    NOT_A_FIX
}
