package pe2fsck.state;

/** Where passes say how far they are, for -C: pass number, work done, work in all. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (pass, current, maximum) -> { };

    void update(int pass, long current, long maximum);
}
