package pe2fsck.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.cli.Main;

/**
 * Detection agreement with e2fsck on the conformance corpus that may sit beside the checkout
 * (images from e2fsprogs' own tests, with the verdicts e2fsck gave). Runs pe2fsck -fn in-process
 * on each non-special image and applies the corpus's scoring rule: clean where e2fsck was clean,
 * the "errors" bit where e2fsck found errors, any orderly failure where e2fsck failed too.
 * Skipped when the corpus is absent.
 */
class ConformanceTest {

    @TempDir
    Path tmp;

    private static Path corpus() {
        String root = System.getProperty("pe2fsck.root", ".");
        Path p = Path.of(root).toAbsolutePath().getParent().resolve("shared/conformance");
        return Files.isRegularFile(p.resolve("manifest.tsv")) ? p : null;
    }

    @Test
    void detectionAgreesWithE2fsck() throws Exception {
        Path corpus = corpus();
        assumeTrue(corpus != null, "conformance corpus not present beside the checkout");
        List<String> rows = Files.readAllLines(corpus.resolve("manifest.tsv"));
        int scored = 0;
        int agreed = 0;
        List<String> misses = new ArrayList<>();
        List<String> crashes = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split("\t");
            if (c.length < 8 || "1".equals(c[7])) {
                continue;
            }
            String test = c[0];
            int oracle = Integer.parseInt(c[4]);
            Path img = tmp.resolve(test + ".img");
            if (!unpack(corpus.resolve("images"), test, img)) {
                continue;
            }
            byte[] before = Files.readAllBytes(img);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc;
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            ExecutorService one = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "conformance-" + test);
                t.setDaemon(true);
                return t;
            });
            try {
                rc = one.submit(() -> Main.run(new String[] {"-fn", img.toString()}, o, e)).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException t) {
                crashes.add(test + " (timed out)");
                one.shutdownNow();
                continue;
            } finally {
                one.shutdown();
            }
            String errText = err.toString(StandardCharsets.UTF_8);
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(img)), test + ": -n changed the image");
            assertTrue(!errText.contains("\tat pe2fsck."), test + ": stack trace on stderr:\n" + errText);
            scored++;
            boolean ok = switch (oracle) {
                case 0 -> rc == 0;
                case 4, 12 -> rc < 16 && (rc & 4) != 0;
                default -> rc != 0;
            };
            if (rc >= 8 && oracle < 8) {
                crashes.add(test + " (exit " + rc + ": " + errText.strip() + ")");
            }
            if (ok) {
                agreed++;
            } else {
                misses.add(test + " (pe2fsck " + rc + ", e2fsck " + oracle + ")");
            }
            Files.delete(img);
        }
        System.out.printf("conformance detect %d/%d%nmisses: %s%ncrashes: %s%n", agreed, scored, misses, crashes);
        assertTrue(scored > 100, "too few images scored: " + scored);
        assertEquals(List.of(), crashes, "runs that failed where e2fsck did not");
        assertTrue(agreed * 100 >= 95 * scored, "detection " + agreed + "/" + scored + " is below 95%; misses: " + misses);
    }

    private static boolean unpack(Path dir, String test, Path dest) throws IOException, InterruptedException {
        Path gz = dir.resolve(test + ".img.gz");
        if (Files.isRegularFile(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz)); OutputStream out = Files.newOutputStream(dest)) {
                in.transferTo(out);
            }
            return true;
        }
        Path bz = dir.resolve(test + ".img.bz2");
        if (Files.isRegularFile(bz)) {
            Process p = new ProcessBuilder("bzip2", "-dc", bz.toString()).redirectOutput(dest.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        }
        return false;
    }
}
