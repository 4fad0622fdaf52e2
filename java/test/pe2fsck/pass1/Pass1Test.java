package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

class Pass1Test {

    @TempDir
    Path tmp;

    /** Records findings and answers "no", as -n does. */
    static final class Recorder implements Problems {
        final List<Finding> found = new ArrayList<>();

        @Override
        public boolean ask(Finding f) {
            found.add(f);
            return false;
        }
    }

    private Path source() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int f = 0; f < 30; f++) {
                byte[] data = new byte[(d * 997 + f * 131) % 9000];
                java.util.Arrays.fill(data, (byte) (d + f));
                Files.write(dir.resolve("f" + f), data);
            }
        }
        Files.write(src.resolve("big"), new byte[3 << 20]);
        Files.createSymbolicLink(src.resolve("short"), Path.of("d1/f1"));
        Files.createSymbolicLink(src.resolve("long"), Path.of("x".repeat(200)));
        return src;
    }

    private CheckContext run(Path img, int threads) {
        FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false));
        Recorder rec = new Recorder();
        CheckContext ctx = new CheckContext(fs, CheckOptions.readOnly(img.toString(), threads), rec);
        new Pass1().run(ctx);
        fs.close();
        return ctx;
    }

    private static List<Finding> findings(CheckContext ctx) {
        return ((Recorder) ctx.problems()).found;
    }

    @Test
    void healthyImagesHaveNoFindingsAndAgreeAcrossThreadCounts() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path src = source();
        String[][] profiles = {{"ext2", "1024"}, {"ext3", "4096"}, {"ext4", "1024"}, {"ext4", "4096"}};
        for (String[] p : profiles) {
            Path img = TestImages.mkfs(tmp.resolve(p[0] + p[1] + ".img"), p[0], Integer.parseInt(p[1]), null, src, 32768);
            CheckContext one = run(img, 1);
            assertEquals(List.of(), findings(one), p[0] + " " + p[1]);
            assertTrue(one.stats.regular >= 601, "regular files counted: " + one.stats.regular);
            assertTrue(one.inodeDup.isEmpty());
            for (int m : new int[] {2, 4}) {
                CheckContext other = run(img, m);
                assertEquals(one.inodeUsed, other.inodeUsed);
                assertEquals(one.blockUsed.cardinality(), other.blockUsed.cardinality());
                assertEquals(one.dirBlocks.size(), other.dirBlocks.size());
            }
        }
    }

    @Test
    void damageIsFoundTheSameWayWithAnyThreadCount() throws Exception {
        assumeTrue(TestImages.tool("debugfs") != null, "debugfs not installed");
        Path src = source();
        Path img = TestImages.mkfs(tmp.resolve("dmg.img"), "ext4", 1024, null, src, 32768);
        // i_size too small, a dtime on a live file, and two files sharing a block.
        String script = String.join("\n",
                "sif /d1/f5 size 1",
                "sif /d2/f7 dtime 12345678",
                "sif /d3/f9 block[2] 0",
                "") ;
        Path cmds = Files.writeString(tmp.resolve("cmds"), script);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-f", cmds.toString(), img.toString()));
        List<Finding> one = findings(run(img, 1));
        assertTrue(one.stream().anyMatch(f -> f.problem() == Problem.BAD_I_SIZE), one.toString());
        assertTrue(one.stream().anyMatch(f -> f.problem() == Problem.SET_DTIME), one.toString());
        for (int m : new int[] {2, 3, 8}) {
            assertEquals(one, findings(run(img, m)), "threads " + m);
        }
    }

    @Test
    void theRingHasASlotPerReadAndTwoPerConsumer() {
        assertEquals(16, Pass1.ringSize(4, 2));
        assertEquals(16, Pass1.ringSize(1, 1));
        assertEquals(32, Pass1.ringSize(16, 4));
        assertEquals(64, Pass1.ringSize(32, 8));
        for (int r = 1; r <= 64; r++) {
            for (int w = 1; w <= 16; w++) {
                int n = Pass1.ringSize(r, w);
                assertEquals(1, Integer.bitCount(n));
                assertTrue(n >= r + 2 * w && n < 2 * Math.max(16, r + 2 * w), r + " readers, " + w + " consumers: " + n);
            }
        }
    }

    @Test
    void theRingsBuffersGoBackToTheRunsPoolForLaterPasses() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path img = TestImages.mkfs(tmp.resolve("pool.img"), "ext4", 4096, null, source(), 32768);
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            CheckContext ctx = new CheckContext(fs, CheckOptions.readOnly(img.toString(), 2), new Recorder());
            new Pass1().run(ctx);
            assertTrue(fs.buffers().allocatedBytes() > 0, "pass 1 reads through the pool");
            assertEquals(fs.buffers().allocatedBytes(), fs.buffers().freeBytes(), "every buffer is back");
        }
    }
}
