package pe2fsck.pass5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.cli.Main;
import pe2fsck.fs.TestImages;

class QuotaCheckTest {

    @TempDir
    Path tmp;

    private String out;

    private int check(Path img) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"-fn", img.toString()}, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        return rc;
    }

    @Test
    void quotaUsageMustMatchWhatTheFileSystemHolds() throws Exception {
        assumeTrue(TestImages.tool("debugfs") != null && TestImages.tool("e2fsck") != null, "e2fsprogs not installed");
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 1; i <= 20; i++) {
            Files.write(src.resolve("f" + i), new byte[i * 700]);
        }
        Path img = TestImages.mkfs(tmp.resolve("q.img"), "ext4", 1024, "quota,project", src, 16384);
        // mke2fs -d leaves the quota files counting only the root and lost+found, which both
        // checkers call inconsistent; e2fsck -fy brings them up to date.
        assertEquals(4, check(img), out);
        assertTrue(out.contains("Quota user id 0:"), out);
        assertEquals(1, TestImages.run(null, TestImages.tool("e2fsck"), "-fy", img.toString()));
        assertEquals(0, check(img), out);
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-R", "sif /f3 uid 77", img.toString()));
        assertEquals(4, check(img), out);
        assertTrue(out.contains("Quota user id 77: the check counts"), out);
        assertTrue(out.contains("the quota file says 0 bytes in 0 inodes"), out);
        assertEquals(4, TestImages.run(null, TestImages.tool("e2fsck"), "-fn", img.toString()), "e2fsck agrees");
    }
}
