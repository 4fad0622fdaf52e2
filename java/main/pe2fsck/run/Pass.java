package pe2fsck.run;

/** One step of the check. Each implementation's header comment says what it reads and what it leaves behind. */
public interface Pass {

    /** Short name used in timing output ("Pass 1"). */
    String name();

    /** Runs the pass; findings go to {@code ctx.problems()}, results into {@code ctx}'s maps. */
    void run(CheckContext ctx);

    /**
     * Called once pass 1 has ended, before the passes after it run, for every pass that comes
     * later: a pass may start reads that nothing between pass 1 and itself changes. It must
     * not report anything or change {@code ctx}'s maps.
     */
    default void afterPass1(CheckContext ctx) {
    }
}
