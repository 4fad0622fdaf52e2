package pe2fsck.pass2;

import pe2fsck.problem.Finding;
import pe2fsck.problem.Problems;

/**
 * Where a directory walk's results go: applied to the run at once ({@link Pass2Apply}) or
 * recorded by a worker and applied later in directory order ({@link Pass2Log}). Results that
 * depend on what other directories said (which directory is a directory's parent, which entry
 * first reports a bad inode) are decided when applied, so the outcome is the same whichever
 * thread walked which directory.
 */
interface Pass2Sink extends Problems {

    /**
     * Reports {@code f}, which {@code fix} repairs if the question is answered "yes". The
     * answer is only known when the finding is applied; a walker must not depend on it.
     */
    void ask(Finding f, EntryFix fix);

    /** An entry ('.' and '..' included) refers to {@code ino}. */
    void reference(long ino);

    /**
     * Entry {@code name} of {@code dir} names the directory {@code child}; {@code clear} removes
     * the entry if it turns out to be a second name (null where no repair is offered).
     */
    void subdirectory(long dir, long child, String name, EntryFix clear);

    /**
     * Entry {@code name} of {@code dir} names {@code ino}, which pass 1 found bad: its type's
     * rules failed ({@code badType}), or it has fields that should be zero.
     */
    void badInode(long dir, long ino, String name, boolean badType);
}
