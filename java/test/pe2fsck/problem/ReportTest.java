package pe2fsck.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import pe2fsck.state.Stats;

class ReportTest {

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    private String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void summaryLine() {
        new Report(out, "/dev/sdb1", false).summary(11, 2048, 1, 11, 8192);
        assertEquals("/dev/sdb1: 11/2048 files (9.1% non-contiguous), 11/8192 blocks\n", text());
    }

    @Test
    void summaryWithNoFiles() {
        new Report(out, "d", false).summary(0, 16, 0, 3, 64);
        assertEquals("d: 0/16 files (0.0% non-contiguous), 3/64 blocks\n", text());
    }

    @Test
    void cleanLineWithAndWithoutNote() {
        Report r = new Report(out, "img", false);
        r.clean(11, 2048, 1618, 8192, null);
        r.clean(11, 2048, 1618, 8192, "(check due in 3 mounts)");
        assertEquals("img: clean, 11/2048 files, 1618/8192 blocks\n"
                + "img: clean, 11/2048 files, 1618/8192 blocks (check due in 3 mounts)\n", text());
    }

    @Test
    void passHeadersOnlyOutsidePreen() {
        new Report(out, "img", false).passHeader(1);
        new Report(out, "img", true).passHeader(2);
        new Report(out, "img", false).passHeader(0);
        assertEquals("Pass 1: checking inodes, blocks and sizes\n", text());
    }

    @Test
    void progressLines() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        Report r = new Report(out, "img", false);
        r.progress(1, 5, 10);
        r.progressTo(new PrintStream(p, true, StandardCharsets.UTF_8));
        r.progress(1, 6, 10);
        r.progress(2, 0, 4);
        assertEquals("1 6 10 img\n2 0 4 img\n", p.toString(StandardCharsets.UTF_8));
        assertEquals("", text());
    }

    @Test
    void progressStreams() throws Exception {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertSame(out, Report.openProgress(1, out, err));
        assertSame(err, Report.openProgress(2, out, err));
        assertNull(Report.openProgress(0, out, err));
        assertNull(Report.openProgress(-5, out, err));
    }

    @Test
    void timingLine() {
        var io = new pe2fsck.io.MeteredDevice.Snapshot(3_000_000, 12, 3_000_000_000L, 0, 1_500_000_000L);
        new Report(out, "img", false).timing("Pass 1", new Report.Timing(1_500_000_000L, 250_000_000L, 3L << 20, io));
        assertEquals("Pass 1: 1.500s wall, 0.250s CPU, peak RSS 3.0 MiB, read 2.9 MiB at 2.0 MB/s in 12 requests,"
                + " 2.0 in flight on average\n", text());
    }

    @Test
    void statisticsBlock() {
        Stats s = new Stats();
        s.regular = 5;
        s.directories = 2;
        s.symlinks = 1;
        s.fastSymlinks = 1;
        s.extentDepth[0] = 4;
        s.extentDepth[1] = 1;
        new Report(out, "img", false).statistics(s, 18, 2048, 100, 8192);
        String t = text();
        assertTrue(t.contains("          18 inodes in use (0.88% of 2048)"), t);
        assertTrue(t.contains("extent tree depths (0/1/...): 4/1"), t);
        assertTrue(t.contains("           5 regular files"), t);
        assertTrue(t.contains("           1 symbolic links (1 fast)"), t);
        assertTrue(t.endsWith("           8 files\n"), t);
    }
}
