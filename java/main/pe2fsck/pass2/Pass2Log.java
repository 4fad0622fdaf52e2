package pe2fsck.pass2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pe2fsck.problem.Finding;

/**
 * What one pass-2 worker found, kept in the order it found it, to be applied later by the one
 * thread that applies results ({@link #replay}). References are only counted, so they are kept
 * as a plain list of inode numbers; findings, subdirectories and bad-inode entries keep their
 * order. Asking returns false: the answer is given when the finding is replayed.
 */
final class Pass2Log implements Pass2Sink {

    private record Subdirectory(long dir, long child, String name, EntryFix clear) {
    }

    private record Fixable(Finding finding, EntryFix fix) {
    }

    private record BadInode(long dir, long ino, String name, boolean badType) {
    }

    private final List<Object> events = new ArrayList<>();
    private int[] references = new int[4096];
    private int referenceCount;

    @Override
    public boolean ask(Finding f) {
        events.add(f);
        return false;
    }

    @Override
    public void ask(Finding f, EntryFix fix) {
        events.add(new Fixable(f, fix));
    }

    @Override
    public void reference(long ino) {
        if (referenceCount == references.length) {
            references = Arrays.copyOf(references, referenceCount * 2);
        }
        references[referenceCount++] = (int) ino;
    }

    @Override
    public void subdirectory(long dir, long child, String name, EntryFix clear) {
        events.add(new Subdirectory(dir, child, name, clear));
    }

    @Override
    public void badInode(long dir, long ino, String name, boolean badType) {
        events.add(new BadInode(dir, ino, name, badType));
    }

    /** Hands everything recorded to {@code to}, in the order it was recorded. */
    void replay(Pass2Sink to) {
        for (int i = 0; i < referenceCount; i++) {
            to.reference(Integer.toUnsignedLong(references[i]));
        }
        for (Object e : events) {
            if (e instanceof Finding f) {
                to.ask(f);
            } else if (e instanceof Fixable x) {
                to.ask(x.finding(), x.fix());
            } else if (e instanceof Subdirectory s) {
                to.subdirectory(s.dir(), s.child(), s.name(), s.clear());
            } else if (e instanceof BadInode b) {
                to.badInode(b.dir(), b.ino(), b.name(), b.badType());
            }
        }
    }
}
