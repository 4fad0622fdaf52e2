package pe2fsck.pass0;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import pe2fsck.fs.FileSystem;
import pe2fsck.problem.Finding;
import pe2fsck.problem.FixDecider;
import pe2fsck.problem.Flag;
import pe2fsck.problem.Problems;

/**
 * What the checks before pass 1 share during one run: the file system, the decider behind a
 * wrapper that remembers declined questions, whether the run may write, and what the accepted
 * repairs changed in memory (the superblock, which groups' descriptors) for the write-back.
 */
final class Pass0Context {

    private final FileSystem fs;
    private final Problems decider;
    private final Problems problems;
    private final boolean readOnly;
    private final long now;
    private boolean declined;
    private boolean fullCheckNeeded;
    private boolean superblockDirty;
    private long groupFreeBlocks = -1;
    private long groupFreeInodes = -1;
    private final BitSet dirtyGroups = new BitSet();
    private final List<Finding> forPass1 = new ArrayList<>();

    /**
     * Like e2fsck, a question of this pass answered "no" does not by itself leave the file system
     * with errors (e2fsck marks it valid again once the superblock checks are done; most
     * pre-pass-1 problems therefore carry no {@link Flag#NO_OK_IS_ERROR}). It does force the full
     * check, and if the check then cannot go on, the refused repair counts: the run ends with both
     * the operational and the "errors left" bits, as e2fsck's does.
     */
    Pass0Context(FileSystem fs, Problems decider, boolean readOnly, long now) {
        this.fs = fs;
        this.decider = decider;
        this.readOnly = readOnly;
        this.now = now;
        this.problems = f -> {
            if (f.problem().has(Flag.FATAL) && declined) {
                errorsLeft();
            }
            boolean yes = decider.ask(f);
            if (!yes && f.problem().asks()) {
                declined = true;
            }
            return yes;
        };
    }

    FileSystem fs() { return fs; }
    Problems problems() { return problems; }
    boolean readOnly() { return readOnly; }
    /** "Now" for the future-timestamp checks, in seconds since the epoch. */
    long now() { return now; }

    boolean declined() { return declined; }

    void needFullCheck() { fullCheckNeeded = true; }
    boolean fullCheckNeeded() { return fullCheckNeeded || declined; }

    void superblockDirty() { superblockDirty = true; }

    /** Keeps the groups' free blocks (converted from clusters) and free inodes, added up. */
    void groupTotals(long blocks, long inodes) {
        groupFreeBlocks = blocks;
        groupFreeInodes = inodes;
    }
    long groupFreeBlocks() { return groupFreeBlocks; }
    long groupFreeInodes() { return groupFreeInodes; }
    boolean isSuperblockDirty() { return superblockDirty; }
    void groupDirty(long g) { dirtyGroups.set((int) g); }
    BitSet dirtyGroups() { return dirtyGroups; }

    /** Keeps a finding e2fsck reports under pass 1's header, for when pass 1 starts. */
    void deferToPass1(Finding f) {
        forPass1.add(f);
    }

    /** The findings kept for pass 1, in the order they were found. */
    List<Finding> forPass1() {
        return forPass1;
    }

    /** Tells the decider an inconsistency stays (a refused repair that stops the check). */
    void errorsLeft() {
        if (decider instanceof FixDecider d) {
            d.noteErrorLeft();
        }
    }

    /** Tells the decider a repair the run should make here does not exist yet. */
    void repairMissing() {
        if (decider instanceof FixDecider d) {
            d.noteRepairMissing();
        }
    }

    /** Tells the decider the file system changes although no question was asked. */
    void changedWithoutQuestion() {
        if (decider instanceof FixDecider d) {
            d.noteChanged();
        }
    }
}
