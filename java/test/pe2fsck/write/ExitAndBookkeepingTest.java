package pe2fsck.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes and e2fsck's superblock bookkeeping of writing runs, each against what the
 * system's e2fsck 1.47 does with the same image (measured when these tests were written, and
 * the images are checked with e2fsck -fn after every repair).
 */
class ExitAndBookkeepingTest {

    private static final int FREE_BLOCKS = 0x0C;
    private static final int MOUNT_COUNT = 0x34;
    private static final int MAX_MOUNT_COUNT = 0x36;
    private static final int STATE = 0x3A;
    private static final int LAST_CHECK = 0x40;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Images.haveTools("mke2fs", "e2fsck", "debugfs"), "needs e2fsprogs");
    }

    /** ext4 without metadata_csum, so superblock fields can be patched by hand. */
    private Path plain(String name) throws Exception {
        return Images.mkfs(dir.resolve(name), 32 * 1024, "-t", "ext4", "-O", "^metadata_csum");
    }

    @Test
    void refusedDescriptorCountDoesNotRewriteTheSuperblocksCount() throws Exception {
        // Group 0's free-block count is wrong; pass 5 repairs it. The superblock's own count is
        // right and must stay as it is (it was once rewritten from the groups' sum, the bad
        // descriptor included).
        Path img = Images.mkfs(dir.resolve("gd.img"), 64 * 1024, "-t", "ext4");
        long sbFree = Images.superblockField(img, FREE_BLOCKS, 4);
        for (String req : new String[] {"set_bg 0 free_blocks_count 7", "set_bg 0 checksum calc"}) {
            Images.Run set = Images.exec("debugfs", "-w", "-R", req, img.toString());
            assertEquals(0, set.exit(), set.out());
        }
        Images.Run r = Images.pe2fsck("-fy", img.toString());
        assertEquals(sbFree, Images.superblockField(img, FREE_BLOCKS, 4), r.out());
        assertEquals(1, r.exit(), "the group count is repaired: " + r.out());
        assertEquals(0, Images.e2fsckFn(img), r.out());
    }

    @Test
    void bigallocRepairKeepsTheFreeBlockCountInBlocks() throws Exception {
        Path img = Images.mkfs(dir.resolve("big.img"), 64 * 1024, "-t", "ext4", "-O", "bigalloc", "-C", "16384");
        long sbFree = Images.superblockField(img, FREE_BLOCKS, 4);
        // A wrong descriptor checksum: the repair writes the descriptors and then the superblock
        // (a wrong superblock checksum alone makes pe2fsck, like e2fsck, refuse to open it).
        Images.Run set = Images.exec("debugfs", "-w", "-R", "set_bg 0 checksum 0x1234", img.toString());
        assertEquals(0, set.exit(), set.out());
        Images.Run r = Images.pe2fsck("-fy", img.toString());
        assertEquals(sbFree, Images.superblockField(img, FREE_BLOCKS, 4), r.out());
        assertEquals(0, Images.e2fsckFn(img), r.out());
        assertEquals(1, r.exit(), r.out());
    }

    @Test
    void cleanBigallocForcedCheckChangesNothing() throws Exception {
        Path img = Images.mkfs(dir.resolve("big2.img"), 64 * 1024, "-t", "ext4", "-O", "bigalloc", "-C", "16384");
        long sbFree = Images.superblockField(img, FREE_BLOCKS, 4);
        Images.Run r = Images.pe2fsck("-fy", img.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(sbFree, Images.superblockField(img, FREE_BLOCKS, 4), r.out());
        assertEquals(0, Images.e2fsckFn(img));
    }

    @Test
    void superblockFreeCountAloneIsACorrectionInAFullCheck() throws Exception {
        // e2fsck -fy: "Free blocks count wrong ... Fix? yes", exit 1; -fp the same silently.
        for (String mode : new String[] {"-fy", "-fp"}) {
            Path img = plain("sb" + mode + ".img");
            long right = Images.superblockField(img, FREE_BLOCKS, 4);
            Images.putSuperblockField(img, FREE_BLOCKS, 4, 1000);
            Images.Run r = Images.pe2fsck(mode, img.toString());
            assertEquals(1, r.exit(), mode + ": " + r.out());
            assertEquals(right, Images.superblockField(img, FREE_BLOCKS, 4), mode);
            assertEquals(0, Images.e2fsckFn(img), mode);
        }
    }

    @Test
    void skippedCheckUpdatesTheCountsQuietlyWithExitZero() throws Exception {
        // e2fsck -p on a clean file system that is not due: the counts take the groups' sums,
        // nothing is printed but the "clean" line, exit 0; mount count and last check untouched.
        Path img = plain("skip.img");
        Images.putSuperblockField(img, MOUNT_COUNT, 2, 3);
        long right = Images.superblockField(img, FREE_BLOCKS, 4);
        long lastCheck = Images.superblockField(img, LAST_CHECK, 4);
        Images.putSuperblockField(img, FREE_BLOCKS, 4, 1000);
        Images.Run r = Images.pe2fsck("-p", img.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("clean"), r.out());
        assertEquals(right, Images.superblockField(img, FREE_BLOCKS, 4));
        assertEquals(3, Images.superblockField(img, MOUNT_COUNT, 2));
        assertEquals(lastCheck, Images.superblockField(img, LAST_CHECK, 4));
    }

    @Test
    void dueCheckResetsMountCountAndLastCheckWithExitZero() throws Exception {
        Path img = plain("due.img");
        Images.putSuperblockField(img, MAX_MOUNT_COUNT, 2, 20);
        Images.putSuperblockField(img, MOUNT_COUNT, 2, 25);
        Images.putSuperblockField(img, LAST_CHECK, 4, 1_000_000);
        long before = System.currentTimeMillis() / 1000;
        Images.Run r = Images.pe2fsck("-p", img.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(0, Images.superblockField(img, MOUNT_COUNT, 2));
        assertTrue(Images.superblockField(img, LAST_CHECK, 4) >= before, "last check time set");
        assertEquals(1, Images.superblockField(img, STATE, 2));
        assertEquals(0, Images.e2fsckFn(img));
    }

    @Test
    void forcedCheckOfACleanFileSystemAlsoResetsTheCount() throws Exception {
        Path img = plain("forced.img");
        Images.putSuperblockField(img, MOUNT_COUNT, 2, 3);
        Images.Run r = Images.pe2fsck("-fy", img.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(0, Images.superblockField(img, MOUNT_COUNT, 2));
    }

    @Test
    void readOnlyRunTouchesNothing() throws Exception {
        Path img = plain("n.img");
        Images.putSuperblockField(img, MOUNT_COUNT, 2, 25);
        Images.putSuperblockField(img, MAX_MOUNT_COUNT, 2, 20);
        Images.putSuperblockField(img, STATE, 2, 0);
        Images.putSuperblockField(img, FREE_BLOCKS, 4, 1000);
        String sha = Images.sha256(img);
        Images.pe2fsck("-fn", img.toString());
        Images.pe2fsck("-n", img.toString());
        assertEquals(sha, Images.sha256(img));
    }

    @Test
    void notCleanlyUnmountedBecomesValidWithExitOne() throws Exception {
        Path img = plain("dirty.img");
        Images.putSuperblockField(img, STATE, 2, 0);
        Images.Run r = Images.pe2fsck("-p", img.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals(1, Images.superblockField(img, STATE, 2));
    }

    @Test
    void errorStateIsClearedAfterACleanCheckWithExitZero() throws Exception {
        Path img = plain("err.img");
        Images.putSuperblockField(img, STATE, 2, 3);
        Images.putSuperblockField(img, 0x194, 4, 5); // s_error_count
        Images.Run r = Images.pe2fsck("-p", img.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(1, Images.superblockField(img, STATE, 2));
        assertEquals(0, Images.superblockField(img, 0x194, 4));
    }

    @Test
    void preenStopMarksTheFileSystemAsHavingErrors() throws Exception {
        // A required extra isize of 3 is not a preen repair: e2fsck -p stops with exit 4 and
        // leaves the state "clean with errors".
        Path img = plain("halt.img");
        Images.putSuperblockField(img, 0x15C, 2, 3);
        Images.Run r = Images.pe2fsck("-fp", img.toString());
        assertEquals(4, r.exit(), r.out());
        assertEquals(3, Images.superblockField(img, STATE, 2));
        assertEquals(3, Images.superblockField(img, 0x15C, 2), "nothing else changed");
    }
}
