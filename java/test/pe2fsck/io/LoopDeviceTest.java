package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real block device: a loop device over a temporary file. Needs root, losetup and a free loop
 * device; skipped otherwise. The loop device is always detached again.
 */
class LoopDeviceTest {

    private static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    private static String losetupPath() {
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(d, "losetup");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }

    @Test
    void loopDeviceThroughNativeDevice() throws Exception {
        assumeTrue(NativeLib.available(), () -> "skipping: " + NativeLib.status());
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String losetup = losetupPath();
        assumeTrue(losetup != null, "losetup not installed");

        byte[] data = AlignedReaderTest.pattern(SIZE, 29);
        Path backing = dir.resolve("loop.img");
        Files.write(backing, data);

        String loop;
        try {
            loop = run(losetup, "-f", "--show", backing.toString());
        } catch (IOException e) {
            assumeTrue(false, "cannot attach a loop device: " + e.getMessage());
            return;
        }
        assumeTrue(loop.startsWith("/dev/loop"), "unexpected losetup output: " + loop);
        try {
            try (NativeDevice dev = NativeDevice.open(loop, false, true)) {
                assertTrue(dev.isBlockDevice());
                assertEquals(SIZE, dev.size());
                assertEquals(512, dev.logicalSectorSize());
                assertTrue(dev.physicalSectorSize() >= dev.logicalSectorSize());
                assertEquals(IoMode.NATIVE_DIRECT, dev.mode());
                assertEquals(0, dev.alignment() % dev.logicalSectorSize());
                assertFalse(dev.exclusive(), "read-only opens must not be exclusive");
                assertTrue(dev.geometry().minimumIoBytes() >= 512, dev.geometry().toString());

                ByteBuffer aligned = dev.allocate(65536);
                dev.read(1 << 20, aligned);
                assertArrayEquals(Arrays.copyOfRange(data, 1 << 20, (1 << 20) + 65536),
                        FileChannelDeviceTest.toArray(aligned.flip()));
                Random rnd = new Random(31);
                for (int i = 0; i < 100; i++) {
                    int off = rnd.nextInt(SIZE);
                    int len = rnd.nextInt(Math.min(SIZE - off, 10_000) + 1);
                    ByteBuffer b = ByteBuffer.allocate(len);
                    dev.read(off, b);
                    assertArrayEquals(Arrays.copyOfRange(data, off, off + len), b.array());
                }
                assertThrows(DeviceException.class, () -> dev.read(SIZE - 10, ByteBuffer.allocate(20)));
            }

            try (NativeDevice rw = NativeDevice.open(loop, true, true)) {
                assertTrue(rw.exclusive(), "writable block devices are opened with O_EXCL");
                DeviceException busy = assertThrows(DeviceException.class,
                        () -> Devices.open(loop, true, false));
                assertEquals("cannot open " + loop + " for writing: it is in use (mounted, or held exclusively"
                        + " by another program); nothing was written", busy.getMessage());
                // A file system mounted read-only is written without O_EXCL (the kernel holds it).
                try (NativeDevice shared = NativeDevice.open(loop, true, false, true)) {
                    assertTrue(shared.writable() && !shared.exclusive());
                }

                byte[] sb = AlignedReaderTest.pattern(1024, 37);
                rw.write(1024, ByteBuffer.wrap(sb)); // superblock-sized, not aligned to 4 KiB
                rw.flush();
                ByteBuffer back = ByteBuffer.allocate(1024);
                rw.read(1024, back);
                assertArrayEquals(sb, back.array());
                System.arraycopy(sb, 0, data, 1024, 1024);
            }
            assertArrayEquals(Arrays.copyOfRange(data, 0, 8192),
                    Arrays.copyOfRange(Files.readAllBytes(backing), 0, 8192));
        } finally {
            run(losetup, "-d", loop);
        }
    }
}
