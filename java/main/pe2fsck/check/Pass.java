package pe2fsck.check;

/** One step of the check. Each implementation's header comment says what it reads and what it leaves behind. */
public interface Pass {

    /** Short name used in timing output ("Pass 1"). */
    String name();

    /** Runs the pass; findings go to {@code ctx.problems()}, results into {@code ctx}'s maps. */
    void run(CheckContext ctx);
}
