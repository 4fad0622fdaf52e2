package pe2fsck.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The undo file and the order of writes: {@code -z FILE} gives a file the system's e2undo
 * replays to the original bytes, and a run killed at any moment leaves a file system that e2undo
 * restores and that a second run repairs.
 */
class UndoAndCrashTest {

    /** The test hook that slows every device write of a run (milliseconds). */
    private static final String DELAY_ENV = "PE2FSCK_TEST_WRITE_DELAY_MS";
    private static final int KILLS = 20;
    private static final long DELAY_MS = 80;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Images.haveTools("mke2fs", "e2fsck", "e2undo"), "needs e2fsprogs with e2undo");
    }

    @Test
    void undoFileRestoresTheOriginal() throws Exception {
        Path img = Images.manyWritesCase(dir.resolve("many.img"));
        String original = Images.sha256(img);
        Path undo = dir.resolve("run.e2undo");
        Images.Run r = Images.pe2fsck("-fy", "-z", undo.toString(), img.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals(0, Images.e2fsckFn(img), "the repair is complete");
        assertTrue(!original.equals(Images.sha256(img)));
        Images.Run u = Images.exec("e2undo", undo.toString(), img.toString());
        assertEquals(0, u.exit(), u.out());
        assertEquals(original, Images.sha256(img), u.out());
    }

    @Test
    void undoFileOfARunThatWroteNothingIsHarmless() throws Exception {
        Path img = Images.mkfs(dir.resolve("clean.img"), 16 * 1024, "-t", "ext4");
        String original = Images.sha256(img);
        Path undo = dir.resolve("clean.e2undo");
        assertEquals(0, Images.pe2fsck("-p", "-z", undo.toString(), img.toString()).exit());
        Images.Run u = Images.exec("e2undo", undo.toString(), img.toString());
        assertEquals(0, u.exit(), u.out());
        assertEquals(original, Images.sha256(img));
    }

    @Test
    void killedRunsAreUndoneAndRepairedByASecondRun() throws Exception {
        Path base = Images.manyWritesCase(dir.resolve("base.img"));
        String original = Images.sha256(base);
        Path img = dir.resolve("k.img");
        Path undo = dir.resolve("k.e2undo");
        Path copy = dir.resolve("second.img");

        // One uninterrupted run gives the span over which the kills are spread.
        Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        Process whole = start(img, undo);
        assertTrue(whole.waitFor(2, TimeUnit.MINUTES));
        long spanMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, whole.exitValue());

        Random random = new Random(20261203);
        int midWrite = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            Files.copy(base, img, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(undo);
            long at = 1 + random.nextInt((int) spanMillis);
            Process p = start(img, undo);
            if (!p.waitFor(at, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
            }
            boolean touched = !original.equals(Images.sha256(img));
            if (touched) {
                midWrite++;
            }
            Files.copy(img, copy, StandardCopyOption.REPLACE_EXISTING);

            // Undone: the original bytes, whatever moment the kill hit.
            if (touched) {
                Images.Run u = Images.exec("e2undo", undo.toString(), img.toString());
                if (u.exit() != 0 || !original.equals(Images.sha256(img))) {
                    failures.add("kill " + i + " at " + at + " ms: e2undo " + u.exit() + " " + u.out().trim());
                }
            }
            // Not undone: a second run (not forced) finishes the repair.
            Images.Run second = Images.pe2fsck("-y", copy.toString());
            int fn = Images.e2fsckFn(copy);
            if ((second.exit() & ~1) != 0 || fn != 0) {
                failures.add("kill " + i + " at " + at + " ms: second run " + second.exit() + ", e2fsck -fn " + fn
                        + "\n" + second.out());
            }
        }
        System.out.println("UndoAndCrashTest: " + midWrite + " of " + KILLS + " kills after the first write, "
                + (KILLS - midWrite) + " before it; run span " + spanMillis + " ms");
        assertEquals(List.of(), failures);
        // Most kills must land among the writes, or the test shows nothing.
        assertTrue(midWrite >= KILLS / 2, "only " + midWrite + " of " + KILLS + " kills came after the first write");
    }

    private Process start(Path img, Path undo) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Images.pe2fsckCommand("-fy", "-z", undo.toString(), img.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(DELAY_ENV, Long.toString(DELAY_MS));
        return pb.start();
    }
}
