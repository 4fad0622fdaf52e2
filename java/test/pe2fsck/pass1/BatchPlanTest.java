package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;

class BatchPlanTest {

    @TempDir
    Path tmp;

    /** The ring's buffers are as large as the largest batch, so every batch fits and none is oversized. */
    private static void assertSlotFitsLargestBatch(FileSystem fs, BatchPlan plan) {
        int largest = 0;
        for (int i = 0; i < plan.size(); i++) {
            largest = Math.max(largest, plan.blocks(i) * fs.blockSize());
        }
        assertEquals(largest, plan.maxBytes());
    }

    @Test
    void smallFileSystemGetsSmallSlots() throws Exception {
        // 8 MiB, 4 KiB blocks, 2048 inodes: with uninit_bg only the used head of group 0 is read
        Path img = TestImages.mkfs(tmp.resolve("small.img"), "ext4", 4096, null, null, 8192);
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            BatchPlan plan = BatchPlan.of(fs, Pass1.DEFAULT_BATCH_BYTES);
            assertTrue(plan.size() >= 1);
            assertSlotFitsLargestBatch(fs, plan);
            assertTrue(plan.maxBytes() < Pass1.DEFAULT_BATCH_BYTES, "slot of " + plan.maxBytes() + " bytes");
        }
    }

    @Test
    void fullGroupsFillWholeBatches() throws Exception {
        // no group checksums: every inode of every group is read, so batches are full-sized
        Path img = TestImages.mkfs(tmp.resolve("ext2.img"), "ext2", 1024, "^uninit_bg", null, 16384, "-N", "4096");
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            BatchPlan plan = BatchPlan.of(fs, 16 * 1024);
            assertSlotFitsLargestBatch(fs, plan);
            assertEquals(16 * 1024, plan.maxBytes());
            assertEquals(fs.superblock().inodesCount(), plan.totalInodes());
        }
    }
}
