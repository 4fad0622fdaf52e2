package pe2fsck.write;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import pe2fsck.cli.Main;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.io.FileChannelDevice;

/** Images, byte patches, child processes and in-process runs for the write-path tests. */
final class Images {

    /** The outcome of one run. */
    record Run(int exit, String out) {
    }

    private Images() {
    }

    /** Runs a command; returns its exit code and merged output. */
    static Run exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("E2FSCK_CONFIG", "/dev/null");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Run exec(String... cmd) throws IOException, InterruptedException {
        return exec(List.of(cmd));
    }

    /** pe2fsck in this JVM (no terminal: -n, -p or -y must be given). */
    static Run pe2fsck(String... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
        int rc = Main.run(args, ps, ps, () -> false);
        return new Run(rc, b.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command that runs pe2fsck in a JVM of its own, on this JVM's class path (the classes
     * under test, not a jar built earlier) with its JNA settings.
     */
    static List<String> pe2fsckCommand(String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("jna.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("pe2fsck.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The system's e2fsck -fn: its exit code. */
    static int e2fsckFn(Path img) throws IOException, InterruptedException {
        return exec("e2fsck", "-fn", img.toString()).exit();
    }

    static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** mke2fs -F -q with the given arguments before the image and its size in KiB. */
    static Path mkfs(Path img, long sizeKb, String... args) throws IOException, InterruptedException {
        Files.deleteIfExists(img);
        List<String> cmd = new java.util.ArrayList<>(List.of("mke2fs", "-F", "-q"));
        cmd.addAll(List.of(args));
        cmd.add(img.toString());
        cmd.add(sizeKb + "k");
        Run r = exec(cmd);
        if (r.exit() != 0) {
            throw new IOException("mke2fs failed: " + r.out());
        }
        return img;
    }

    static boolean haveTools(String... names) {
        for (String n : names) {
            boolean found = false;
            for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
                found |= Files.isExecutable(Path.of(dir, n));
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    static long superblockField(Path img, int offset, int bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            byte[] b = new byte[bytes];
            f.seek(1024 + offset);
            f.readFully(b);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return bytes == 2 ? bb.getShort() & 0xFFFF : bytes == 4 ? bb.getInt() & 0xFFFF_FFFFL : bb.getLong();
        }
    }

    /** Writes a little-endian value into the primary superblock (no checksum update). */
    static void putSuperblockField(Path img, int offset, int bytes, long value) throws IOException {
        putLe(img, 1024 + offset, bytes, value);
    }

    static void putLe(Path img, long at, int bytes, long value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] b = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                b[i] = (byte) (value >>> (8 * i));
            }
            f.seek(at);
            f.write(b);
        }
    }

    static long getLe(Path img, long at, int bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            long v = 0;
            f.seek(at);
            for (int i = 0; i < bytes; i++) {
                v |= (long) (f.read() & 0xFF) << (8 * i);
            }
            return v;
        }
    }

    /** Byte offset in the image of group {@code g}'s primary descriptor. */
    static long descriptorOffset(Path img, long g) {
        try (FileSystem fs = FileSystem.open(FileChannelDevice.open(img.toString(), false))) {
            Geometry geo = fs.geometry();
            long blk = geo.descriptorBlock(FileSystem.primarySuperblockBlock(fs.superblock()), g / geo.descPerBlock());
            return blk * geo.blockSize() + (g % geo.descPerBlock()) * geo.descSize();
        }
    }

    static long groupCount(Path img) {
        try (FileSystem fs = FileSystem.open(FileChannelDevice.open(img.toString(), false))) {
            return fs.groupCount();
        }
    }

    /**
     * A file system of 512 groups with meta_bg (its 32 descriptor blocks far apart) and no
     * descriptor checksums, every descriptor wrongly flagged "inode table not initialised": a
     * repair that rewrites every descriptor block, one write each, and that pe2fsck completes.
     */
    static Path manyWritesCase(Path img) throws IOException, InterruptedException {
        mkfs(img, 128 * 1024, "-t", "ext4", "-b", "1024", "-g", "256", "-N", "8192",
                "-O", "meta_bg,^resize_inode,^metadata_csum,^uninit_bg");
        long groups = groupCount(img);
        for (long g = 0; g < groups; g++) {
            long at = descriptorOffset(img, g) + 0x12;
            putLe(img, at, 2, getLe(img, at, 2) | 1);
        }
        return img;
    }
}
