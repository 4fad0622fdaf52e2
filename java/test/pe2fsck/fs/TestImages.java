package pe2fsck.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs mke2fs and friends for tests; skips (via the caller's assumptions) where they are missing. */
public final class TestImages {

    private TestImages() {
    }

    public static String tool(String name) {
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Runs a command, returns its exit code; output goes to {@code log} when not null. */
    public static int run(Path log, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("E2FSCK_CONFIG", "/dev/null");
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }

    /** mke2fs -F -q -t TYPE [-b BS] [-O FEATURES] [-d SRC] IMG SIZE_KB; returns the image path. */
    public static Path mkfs(Path img, String type, int blockSize, String features, Path src, long sizeKb)
            throws IOException, InterruptedException {
        return mkfs(img, type, blockSize, features, src, sizeKb, new String[0]);
    }

    /** Like {@link #mkfs} with extra mke2fs arguments placed before the image path. */
    public static Path mkfs(Path img, String type, int blockSize, String features, Path src, long sizeKb,
            String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool("mke2fs"), "-F", "-q", "-t", type));
        if (blockSize > 0) {
            cmd.addAll(List.of("-b", Integer.toString(blockSize)));
        }
        if (features != null && !features.isEmpty()) {
            cmd.addAll(List.of("-O", features));
        }
        if (src != null) {
            cmd.addAll(List.of("-d", src.toString()));
        }
        cmd.addAll(List.of(extra));
        cmd.add(img.toString());
        cmd.add(sizeKb + "k");
        Path log = Files.createTempFile("mke2fs", ".log");
        int rc = run(log, cmd.toArray(String[]::new));
        if (rc != 0) {
            throw new IOException("mke2fs failed (" + rc + "): " + Files.readString(log));
        }
        Files.deleteIfExists(log);
        return img;
    }

    /** Runs a tool and fails unless its exit code is in {@code okCodes}; output is kept for the message. */
    public static void runChecked(int[] okCodes, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool", ".log");
        try {
            int rc = run(log, cmd);
            for (int ok : okCodes) {
                if (rc == ok) {
                    return;
                }
            }
            throw new IOException(String.join(" ", cmd) + " failed (" + rc + "): " + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
