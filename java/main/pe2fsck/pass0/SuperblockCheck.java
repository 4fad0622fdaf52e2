package pe2fsck.pass0;

import java.util.BitSet;
import pe2fsck.fs.FileSystem;
import pe2fsck.run.CheckContext;
import pe2fsck.run.IoTuning;
import pe2fsck.run.Pass;

/**
 * "Pass 0": what has to hold before inodes are read, in e2fsck's order. Says when the check runs
 * from backup copies ({@link BackupReport}); refuses unknown features ({@link FeatureCheck});
 * validates the superblock's fields ({@link SuperblockFields}) and every group descriptor
 * ({@link DescriptorCheck}); fills {@link CheckContext#blockMeta} with every metadata block
 * ({@link MetadataMap}, {@link MmpCheck}); looks at the journal ({@link JournalPresence}); and,
 * once the checker has decided on a full check, at the resize inode ({@link ResizeInodeCheck}).
 *
 * <p>Repairs answered "yes" are made in the in-memory superblock and descriptor table and
 * recorded as dirty; the checker hands them to the run's write cache, which writes them to the
 * primary copies at the end of a writing run.
 *
 * <p>Some inconsistencies e2fsck does not report but which make a file system that claims to be
 * clean need a full check anyway (free counts that disagree with the groups', counts above
 * their totals, a check from a backup); {@link #fullCheckNeeded()} says so.
 */
public final class SuperblockCheck implements Pass {

    private long now = -1;
    private Pass0Context state;

    @Override
    public String name() {
        return "Pass 0";
    }

    /** Uses {@code epochSeconds} as "now" for the future-timestamp checks (tests). */
    public SuperblockCheck now(long epochSeconds) {
        this.now = epochSeconds;
        return this;
    }

    /** True if something was found that makes a "clean" file system need a full check anyway. */
    public boolean fullCheckNeeded() {
        return state != null && state.fullCheckNeeded();
    }

    /** The groups' free clusters added up and converted to blocks (-1 before the pass ran). */
    public long groupFreeBlocks() {
        return state == null ? -1 : state.groupFreeBlocks();
    }

    /** The groups' free inodes added up (-1 before the pass ran). */
    public long groupFreeInodes() {
        return state == null ? -1 : state.groupFreeInodes();
    }

    /** True if an accepted repair (or a check from a backup) changed the in-memory superblock. */
    public boolean superblockDirty() {
        return state != null && state.isSuperblockDirty();
    }

    /** Groups whose in-memory descriptors an accepted repair (or a check from a backup) changed. */
    public BitSet dirtyGroups() {
        return state == null ? new BitSet() : (BitSet) state.dirtyGroups().clone();
    }

    @Override
    public void run(CheckContext ctx) {
        long t = now >= 0 ? now : System.currentTimeMillis() / 1000;
        Pass0Context c = new Pass0Context(ctx.fs(), ctx.problems(), !ctx.options().mode().writes(), t);
        state = c;
        BackupReport.run(c);
        FeatureCheck.run(c);
        new SuperblockFields(c).run();
        DescriptorCheck.run(c);
        MetadataMap.run(c, ctx.blockMeta);
        MmpCheck.run(c, ctx.blockMeta);
        JournalPresence.run(c);
    }

    /**
     * The part of pass 0 e2fsck does only once it has decided to check in full: the resize
     * inode. The checker calls it after that decision, before pass 1's header.
     */
    public void beforePass1(CheckContext ctx) {
        if (state != null) {
            new ResizeInodeCheck(ctx.fs(), state.problems(), IoTuning.depth(ctx), ctx.threadFigures().readAhead()).run();
        }
    }

    /**
     * Asks the questions this pass found but e2fsck asks under pass 1's header (metadata blocks
     * that collide); the checker calls it once pass 1's header is out.
     */
    public void reportForPass1(pe2fsck.problem.Problems problems) {
        if (state != null) {
            state.forPass1().forEach(problems::ask);
            state.forPass1().clear();
        }
    }
}
