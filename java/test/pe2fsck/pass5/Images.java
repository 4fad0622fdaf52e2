package pe2fsck.pass5;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;

/** Test images: mke2fs, debugfs damage, the reference checker's verdict, and opening contexts. */
public final class Images {

    private Images() {
    }

    /** What the reference checker printed and its exit code. */
    public record Verdict(int rc, String output) {
    }

    public static void requireTools() {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        assumeTrue(TestImages.tool("debugfs") != null, "debugfs not installed");
    }

    /** An ext4 image with 1 KiB blocks and 40000 blocks: five groups, some flagged uninitialised. */
    public static Path ext4(Path dir, String name) throws IOException, InterruptedException {
        return TestImages.mkfs(dir.resolve(name), "ext4", 1024, null, null, 40000);
    }

    public static Path copy(Path img, String name) throws IOException {
        Path p = img.resolveSibling(name);
        Files.copy(img, p);
        return p;
    }

    /** Runs debugfs -w with the commands, one per line. */
    public static void debugfs(Path img, String... cmds) throws IOException, InterruptedException {
        Path script = Files.createTempFile(img.getParent(), "dbg", ".txt");
        Files.write(script, List.of(cmds));
        int rc = TestImages.run(null, TestImages.tool("debugfs"), "-w", "-f", script.toString(), img.toString());
        if (rc != 0) {
            throw new IOException("debugfs failed: " + rc);
        }
    }

    /** e2fsck -fn on the image, or null if it is not installed. */
    public static Verdict e2fsck(Path img) throws IOException, InterruptedException {
        String tool = TestImages.tool("e2fsck");
        if (tool == null) {
            return null;
        }
        Path log = Files.createTempFile(img.getParent(), "fsck", ".log");
        List<String> cmd = new ArrayList<>(List.of(tool, "-fn", img.toString()));
        int rc = TestImages.run(log, cmd.toArray(String[]::new));
        return new Verdict(rc, Files.readString(log));
    }

    public static CheckContext context(Path img, Recorder rec) {
        FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false));
        return new CheckContext(fs, CheckOptions.readOnly(img.toString(), 1), rec);
    }
}
