package pe2fsck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.fs.TestImages;

/**
 * -C fd as fsck front ends read it: every line "pass current maximum device" (systemd-fsck scans
 * four fields and skips a maximum of 0), passes in order, within a pass a fixed maximum and
 * currents that only grow, and in pass 1 a line for every group.
 */
class ProgressLinesTest {

    @TempDir
    Path tmp;

    @Test
    void linesAreMonotoneWithFixedMaximaAndOnePerGroupInPass1() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int d = 0; d < 40; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int f = 0; f < 20; f++) {
                Files.writeString(dir.resolve("f" + f), "x".repeat(d * 10 + f));
            }
        }
        // 1 KiB blocks, 8 MiB each group: 32 groups
        Path img = TestImages.mkfs(tmp.resolve("p.img"), "ext4", 1024, null, src, 32 * 8192, "-g", "8192", "-N", "4096");
        String dev = img.toString();
        MainTest.Run r = MainTest.run("-fn", "-C", "1", dev);
        assertEquals(0, r.status(), r.err());
        List<long[]> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[3].equals(dev) && f[0].matches("\\d")) {
                lines.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        assertTrue(lines.size() > 32, "too few progress lines: " + lines.size());
        Map<Long, Long> maxima = new HashMap<>();
        long[] previous = {0, -1, 0};
        int pass1Lines = 0;
        for (long[] l : lines) {
            assertTrue(l[0] >= previous[0] && l[0] <= 5, "passes out of order at " + l[0]);
            assertTrue(l[2] > 0 && l[1] >= 0 && l[1] <= l[2], "bad line " + l[0] + " " + l[1] + " " + l[2]);
            Long max = maxima.putIfAbsent(l[0], l[2]);
            assertTrue(max == null || max == l[2], "pass " + l[0] + " changed its maximum from " + max + " to " + l[2]);
            if (l[0] == previous[0]) {
                assertTrue(l[1] > previous[1], "pass " + l[0] + " went from " + previous[1] + " to " + l[1]);
            }
            if (l[0] == 1) {
                pass1Lines++;
            }
            previous = l;
        }
        assertEquals(32L, maxima.get(1L), "pass 1 counts groups");
        assertEquals(32, pass1Lines, "a line per group in pass 1");
        for (long pass = 1; pass <= 5; pass++) {
            assertTrue(maxima.containsKey(pass), "no line for pass " + pass);
        }
        assertEquals(64L, maxima.get(5L), "pass 5 counts each group's two bitmaps");
    }
}
