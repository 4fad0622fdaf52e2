package pe2fsck.pass0;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.journal.JournalSuperblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/**
 * The journal as the superblock describes it, before pass 1: the needs_recovery flag without a
 * journal, a journal inode that cannot hold a journal (falling back on the superblock's copy of
 * its block map, as e2fsck does), and the journal superblock's magic, type, geometry, users and
 * checksum. External journals are not looked at (-j is not supported yet).
 */
final class JournalPresence {

    /** s_jnl_backup_type value saying s_jnl_blocks holds a copy of the journal inode's map. */
    private static final int JNL_BACKUP_BLOCKS = 1;
    /** JBD2 magic number, big-endian at the start of the journal superblock. */
    static final int JBD2_MAGIC = 0xC03B3998;
    /** Journals smaller than this many blocks are refused by the kernel. */
    static final long JBD2_MIN_BLOCKS = 1024;
    private static final int JOURNAL_INO = 8;
    /** Bytes of a version 1 journal superblock; everything after belongs to version 2. */
    private static final int JOURNAL_V1_SIZE = 0x24;

    private JournalPresence() {
    }

    static void run(Pass0Context c) {
        FileSystem fs = c.fs();
        Problems problems = c.problems();
        boolean readOnly = c.readOnly();
        Superblock sb = fs.superblock();
        ByteBuffer b = fs.superblockBuffer();
        boolean hasJournal = sb.has(Feature.HAS_JOURNAL);
        boolean recover = sb.has(Feature.RECOVER);

        if (!hasJournal) {
            if (recover) {
                if (problems.ask(Finding.of(Problem.JOURNAL_RECOVER_SET).build())) {
                    Features.clear(c, Feature.RECOVER);
                } else {
                    // Left set, the flag asks for a journal that is not there: e2fsck gives up.
                    c.errorsLeft();
                    problems.ask(Finding.of(Problem.CANNOT_PROCEED)
                            .text("the superblock asks for journal recovery without a journal").build());
                }
            }
            if (sb.journalInum() != 0 && sb.journalDev() == 0
                    && problems.ask(Finding.of(Problem.JOURNAL_HAS_JOURNAL).ino(sb.journalInum()).build())) {
                Le.put32(b, 0xE0, 0);
                c.superblockDirty();
            }
            return;
        }
        if (recover && readOnly) {
            problems.ask(Finding.of(Problem.NEEDS_RECOVERY).build());
        }
        // As e2fsck: a journal UUID in the superblock names an external journal, whatever the
        // journal inode field says.
        boolean namedExternal = !isZero(sb.journalUuid());
        boolean external = namedExternal || sb.journalDev() != 0;
        if (external) {
            if (namedExternal && !ExternalJournalDevice.present(sb.journalUuid(), sb.journalDev())) {
                // e2fsck cannot go on without the journal it names: it stops with errors left.
                c.errorsLeft();
                problems.ask(Finding.of(Problem.CANT_FIND_JOURNAL)
                        .text(ExternalJournalDevice.uuidText(sb.journalUuid())).build());
            }
            return; // an external journal is looked at only with -j, which is not supported yet
        }
        long ino = sb.journalInum();
        boolean badInode = ino == 0 || ino > sb.inodesCount() || (ino != JOURNAL_INO && ino < sb.firstIno());
        long first = -1;
        long blocks = 0;
        if (!badInode) {
            Inode inode = fs.readInode(ino);
            if (!usableJournalInode(fs, inode) && sb.jnlBackupType() == JNL_BACKUP_BLOCKS) {
                // Like e2fsck, fall back on the copy of the journal inode's block map that the
                // superblock keeps; pass 1 reports the damaged inode itself.
                inode = backupJournalInode(sb);
            }
            blocks = inode.size() / fs.blockSize();
            badInode = !usableJournalInode(fs, inode);
            if (!badInode) {
                first = firstBlock(fs, ino, inode);
                badInode = first <= 0 || first >= fs.geometry().blocksCount();
            }
        }
        int magic = 0;
        int type = 0;
        if (!badInode) {
            ByteBuffer jsb = fs.readBlock(first).order(ByteOrder.BIG_ENDIAN);
            magic = jsb.getInt(0);
            type = jsb.getInt(4);
            badInode = magic != JBD2_MAGIC;
        }
        if (badInode) {
            if (problems.ask(Finding.of(Problem.JOURNAL_BAD_INODE).ino(ino).build())) {
                Features.clear(c, Feature.HAS_JOURNAL);
                Features.clear(c, Feature.RECOVER);
                Le.put32(b, 0xE0, 0);
            } else {
                // Kept, the journal cannot be loaded: e2fsck stops here.
                c.errorsLeft();
                problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal cannot be loaded").build());
            }
            return;
        }
        if (type == 3 || type == 4) {
            checkJournalSuperblock(c, first, blocks);
            return;
        }
        switch (type) {
            case 1, 2, 5 -> problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER)
                    .text(" (block type " + type + " where the superblock should be)").build());
            default -> problems.ask(Finding.of(Problem.JOURNAL_UNSUPP_VERSION).num(type).build());
        }
    }

    /**
     * The journal superblock's own fields, as e2fsck looks at them when loading the journal. A
     * failure here stops e2fsck before it has marked the file system valid, so a fatal outcome
     * also counts as errors left (exit 12).
     */
    private static void checkJournalSuperblock(Pass0Context c, long block, long inodeBlocks) {
        FileSystem fs = c.fs();
        Problems problems = c.problems();
        JournalSuperblock jsb = JournalSuperblock.wrap(fs.readBlock(block), 0);
        // The journal's geometry must fit the journal inode: same block size and no longer than
        // the inode. Otherwise the journal cannot be loaded at all. The first log block is not
        // judged here: as e2fsck, only a replay reads it (and the replay refuses a bad one).
        String geometry = null;
        if (jsb.blockSize() != fs.blockSize()) {
            geometry = " (block size " + jsb.blockSize() + ", the file system uses " + fs.blockSize() + ")";
        } else if (jsb.maxLen() > inodeBlocks) {
            geometry = " (it claims " + jsb.maxLen() + " blocks, the journal inode holds " + inodeBlocks + ")";
        }
        if (geometry != null) {
            if (!problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER).text(geometry).build())) {
                c.errorsLeft();
                problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal superblock is corrupt").build());
            }
            return;
        }
        if (!jsb.isV2()) {
            ByteBuffer raw = fs.readBlock(block);
            boolean v2Fields = false;
            for (int i = JOURNAL_V1_SIZE; i < JournalSuperblock.SIZE && !v2Fields; i++) {
                v2Fields = raw.get(i) != 0;
            }
            if (v2Fields) {
                if (problems.ask(Finding.of(Problem.CLEAR_V2_JOURNAL).build())) {
                    c.repairMissing();
                }
            }
        }
        // An internal journal cannot have several users: the version 2 fields should be
        // cleared. Until they are (never under -n; the journal repair is not implemented yet),
        // the journal cannot be used and e2fsck gives up.
        if (jsb.isV2() && jsb.nrUsers() > 1) {
            if (problems.ask(Finding.of(Problem.CLEAR_V2_JOURNAL).build())) {
                c.repairMissing();
            }
            c.errorsLeft();
            problems.ask(Finding.of(Problem.JOURNAL_UNSUPP_MULTIFS).num(jsb.nrUsers()).build());
        }
        if (jsb.isV2() && jsb.hasChecksum()) {
            int expected = jsb.expectedChecksum();
            if (expected != jsb.checksum()) {
                boolean fix = problems.ask(Finding.of(Problem.JOURNAL_BAD_SUPER)
                        .text(String.format(java.util.Locale.ROOT, " (checksum 0x%08x, should be 0x%08x)",
                                jsb.checksum(), expected))
                        .build());
                if (!fix) {
                    c.errorsLeft();
                    problems.ask(Finding.of(Problem.CANNOT_PROCEED).text("the journal superblock is corrupt").build());
                }
            }
        }
    }

    private static boolean usableJournalInode(FileSystem fs, Inode inode) {
        return inode.isRegular() && inode.linksCount() != 0 && inode.size() / fs.blockSize() >= JBD2_MIN_BLOCKS;
    }

    /**
     * A journal inode rebuilt from the superblock's backup (s_jnl_blocks: i_block[0..14], then
     * i_size_high and i_size), marked as using extents when the copy starts with an extent header.
     */
    private static Inode backupJournalInode(Superblock sb) {
        ByteBuffer buf = ByteBuffer.allocate(Inode.GOOD_OLD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        Inode inode = new Inode(Inode.GOOD_OLD_SIZE).at(buf, 0);
        inode.setMode(Inode.S_IFREG | 0600);
        inode.setLinksCount(1);
        for (int i = 0; i < 15; i++) {
            inode.setBlock(i, sb.jnlBlock(i));
        }
        inode.setSize(sb.jnlBlock(16) | sb.jnlBlock(15) << 32);
        // e2fsck 1.47 does not mark the copy as using extents, so an extent-mapped journal's
        // backup reads as a block map and fails; doing the same keeps the verdicts equal.
        return inode;
    }

    /** Physical block of the inode's logical block 0, or -1 if it cannot be found. */
    static long firstBlock(FileSystem fs, long ino, Inode inode) {
        try {
            return new FileReader(fs).physicalBlock(ino, inode, 0);
        } catch (FormatException e) {
            return -1; // a map that cannot be walked: the journal is unusable
        }
    }

    private static boolean isZero(byte[] a) {
        for (byte x : a) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
