package pe2fsck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;
import pe2fsck.pass1.BatchPlan;

/**
 * -tt: the per-thread lines under each pass's -t line. The image is made with small batches
 * (readahead_kb=4) so that pass 1 has many batches to share among its three consumers.
 */
class ThreadTimingTest {

    private static final Pattern THREAD_LINE = Pattern.compile("^  (\\S+): (\\d+\\.\\d{3}s|n/a) CPU, (.*)$");
    private static final Pattern PASS_LINE = Pattern.compile("^(Pass \\S+|Total): \\d+\\.\\d{3}s wall, .*$");
    private static final Pattern CONSUMER = Pattern.compile("^(\\d+) batches, (\\d+) inodes checked$");
    private static final Pattern READER = Pattern.compile("^(\\d+) batches, read .+, \\d+\\.\\d{3}s waiting in reads$");
    private static final Pattern PUBLISHER = Pattern.compile("^(\\d+) batches merged$");
    private static final int BATCH_BYTES = 4096;
    private static final int IO_DEPTH = 2;

    @TempDir
    Path tmp;
    private Path img;

    @BeforeEach
    void image() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int d = 0; d < 6; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int f = 0; f < 25; f++) {
                Files.write(dir.resolve("f" + f), new byte[(d * 31 + f * 577) % 6000]);
            }
        }
        img = TestImages.mkfs(tmp.resolve("tt.img"), "ext4", 0, null, src, 8192);
    }

    private String check(String timing) {
        return check(timing, "");
    }

    /** A check with {@code timing} (-t or -tt) and {@code moreExtended} appended to -E. */
    private String check(String timing, String moreExtended) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"-fn", timing, "-m", "3", "-E",
            "readahead_kb=" + BATCH_BYTES / 1024 + ",io_depth=" + IO_DEPTH + moreExtended, img.toString()},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                () -> false);
        assertEquals(0, status, e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8);
    }

    /** The thread lines printed under the -t line of {@code pass}, in order. */
    private static List<Matcher> threadLines(String out, String pass) {
        List<Matcher> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            Matcher p = PASS_LINE.matcher(line);
            if (p.matches()) {
                in = p.group(1).equals(pass);
                continue;
            }
            Matcher t = THREAD_LINE.matcher(line);
            if (in && t.matches()) {
                lines.add(t);
            } else {
                in = false;
            }
        }
        return lines;
    }

    @Test
    void theDirectoryPrefetchRunsOnlyWhenAskedAndChangesNothingButTheTimings() throws Exception {
        String off = check("-tt");
        assertFalse(off.contains("pass1-dir-prefetch"), off);
        String on = check("-tt", ",prefetch_dirs_mb=16");
        List<String> prefetchers = new ArrayList<>();
        for (Matcher m : threadLines(on, "Pass 1")) {
            if (m.group(1).startsWith("pass1-dir-prefetch-")) {
                prefetchers.add(m.group(1));
                assertTrue(m.group(3).matches("\\d+ requests, read .+, \\d+\\.\\d{3}s waiting in reads"), m.group(3));
            }
        }
        assertEquals(List.of("pass1-dir-prefetch-0"), prefetchers, on);
        assertEquals(withoutTimings(off), withoutTimings(on));
    }

    /** The report without -t and -tt lines. */
    private static String withoutTimings(String out) {
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            if (!PASS_LINE.matcher(line).matches() && !THREAD_LINE.matcher(line).matches()) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void passOneShowsEveryReaderConsumerAndThePublisher() throws Exception {
        String out = check("-tt");
        List<Matcher> lines = threadLines(out, "Pass 1");
        List<String> names = new ArrayList<>();
        long consumerInodes = 0;
        long consumerBatches = 0;
        long readerBatches = 0;
        long merged = -1;
        int consumers = 0;
        int readers = 0;
        for (Matcher m : lines) {
            String name = m.group(1);
            names.add(name);
            String work = m.group(3);
            if (name.startsWith("pass1-consumer-")) {
                Matcher c = CONSUMER.matcher(work);
                assertTrue(c.matches(), work);
                consumers++;
                consumerBatches += Long.parseLong(c.group(1));
                consumerInodes += Long.parseLong(c.group(2));
            } else if (name.startsWith("pass1-reader-")) {
                Matcher r = READER.matcher(work);
                assertTrue(r.matches(), work);
                readers++;
                readerBatches += Long.parseLong(r.group(1));
            } else if (name.equals("pass1-publisher")) {
                Matcher p = PUBLISHER.matcher(work);
                assertTrue(p.matches(), work);
                merged = Long.parseLong(p.group(1));
            }
        }
        assertEquals(3, consumers, out);
        assertEquals(IO_DEPTH, readers, out);
        assertTrue(names.containsAll(List.of("pass1-consumer-0", "pass1-consumer-1", "pass1-consumer-2",
                "pass1-reader-0", "pass1-reader-1", "pass1-publisher")), out);
        assertTrue(names.contains(Thread.currentThread().getName()), "main thread's line: " + out);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names, "thread lines sorted by name");

        // What the consumers say they checked is what pass 1 planned to read, batch for batch.
        BatchPlan plan;
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            plan = BatchPlan.of(fs, BATCH_BYTES);
        }
        assertTrue(plan.size() >= 6, "the image should give several batches, got " + plan.size());
        assertEquals(plan.totalInodes(), consumerInodes, out);
        assertEquals(plan.size(), consumerBatches, out);
        assertEquals(plan.size(), readerBatches, out);
        assertEquals(plan.size(), merged, out);
    }

    @Test
    void everyPassHasItsMainThreadAndReadAheadThreadsAreNamed() throws Exception {
        String out = check("-tt");
        for (String pass : new String[] {"Pass 0", "Pass 1", "Pass 2", "Pass 3", "Pass 4", "Pass 5"}) {
            List<Matcher> lines = threadLines(out, pass);
            assertTrue(lines.stream().anyMatch(m -> m.group(3).equals("main thread of the pass")), pass + ": " + out);
        }
        List<Matcher> pass2 = threadLines(out, "Pass 2");
        assertTrue(pass2.stream().anyMatch(m -> m.group(1).matches("pass2-worker-\\d+/read-ahead-\\d+")
                && m.group(3).matches("\\d+ requests, read .+, \\d+\\.\\d{3}s waiting in reads")), out);
        // The workers' rows add up to the directory blocks pass 2 had to walk.
        long walked = pass2.stream().filter(m -> m.group(1).matches("pass2-worker-\\d+"))
                .mapToLong(m -> Long.parseLong(m.group(3).replaceAll(" directory blocks walked", ""))).sum();
        assertTrue(walked > 0, out);
        assertTrue(threadLines(out, "Total").isEmpty(), out);
    }

    @Test
    void singleTimingPrintsNoThreadLines() throws Exception {
        String out = check("-t");
        assertTrue(out.contains("Pass 1: "), out);
        assertTrue(out.contains("Total: "), out);
        for (String line : out.split("\n")) {
            assertFalse(THREAD_LINE.matcher(line).matches(), line);
        }
        assertFalse(out.contains("pass1-"), out);
    }
}
