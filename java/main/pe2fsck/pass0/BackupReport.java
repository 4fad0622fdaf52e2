package pe2fsck.pass0;

import pe2fsck.fs.BackupUse;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Says why the check runs from a backup superblock and descriptors, when opening chose them, as
 * e2fsck does before its first pass. A repair run then owes the primary copies a rewrite from the
 * backup: the whole superblock and descriptor table are marked dirty (e2fsck writes them back too),
 * and the file system counts as changed.
 */
final class BackupReport {

    /** s_block_group_nr: the group a superblock copy lives in. */
    private static final int BLOCK_GROUP_NR = 0x5A;

    private BackupReport() {
    }

    static void run(Pass0Context c) {
        FileSystem fs = c.fs();
        BackupUse use = fs.backupUse();
        if (use == null) {
            if (fs.fromBackup() && !c.readOnly()) {
                markAllDirty(c); // a superblock named by -b is written to the primary location too
            }
            return;
        }
        Problem what = use.kind() == BackupUse.Kind.SUPERBLOCK ? Problem.OPEN_FAILED : Problem.CHECK_DESC_FAILED;
        c.problems().ask(Finding.of(what).text(use.reason()).build());
        if (!use.inUse()) {
            Finding f = use.block() < 0
                    ? Finding.of(Problem.SB_LOADED_DESPITE_ERRORS).build()
                    : Finding.of(Problem.BACKUP_UNUSABLE).blk(use.block()).text(use.failure()).build();
            c.problems().ask(f);
            return;
        }
        c.problems().ask(Finding.of(Problem.BACKUP_IN_USE).blk(use.block()).num(use.blockSize()).build());
        // No forced check here: a backup's state says "not clean" (the library writes the copies
        // so), which forces it as it does for e2fsck.
        if (!c.readOnly()) {
            markAllDirty(c);
        }
    }

    private static void markAllDirty(Pass0Context c) {
        // A backup records the group it lives in; the primary's copy says group 0.
        FileSystem fs = c.fs();
        Le.put16(fs.superblockBuffer(), BLOCK_GROUP_NR, 0);
        if (fs.has(Feature.METADATA_CSUM)) {
            fs.superblock().setChecksum(fs.checksums().superblock(fs.superblockBuffer()));
        }
        c.superblockDirty();
        for (long g = 0; g < fs.groupCount(); g++) {
            c.groupDirty(g);
        }
        c.changedWithoutQuestion();
    }
}
