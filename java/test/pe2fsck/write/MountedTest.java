package pe2fsck.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.io.NativeLib;

/**
 * Mounted file systems, on loop devices: read-only mounted ones (the root at boot) are checked
 * and repaired in place with the reboot bit after a change; read-write mounted ones, by device
 * or by the image file behind the loop device, are refused without a byte written. Needs root.
 */
class MountedTest {

    private static final int WRITE_TIME = 0x30;
    private static final int WANT_EXTRA_ISIZE = 0x15E;

    @TempDir
    Path dir;

    @BeforeAll
    static void rootAndTools() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assumeTrue(NativeLib.available(), "needs the native shim");
        assumeTrue(Images.haveTools("mke2fs", "e2fsck", "losetup", "mount", "umount"), "needs util-linux");
    }

    /** A loop device over an image, mounted; detached and unmounted on close. */
    private final class Mounted implements AutoCloseable {
        final String loop;
        final Path mountPoint;
        private boolean mounted;

        Mounted(Path img, boolean readOnly) throws Exception {
            Images.Run l = Images.exec("losetup", "-f", "--show", img.toString());
            assumeTrue(l.exit() == 0, "cannot attach a loop device: " + l.out());
            loop = l.out().trim();
            mountPoint = Files.createTempDirectory(dir, "mnt");
            Images.Run m = Images.exec("mount", "-t", "ext4", "-o", readOnly ? "ro" : "rw", loop, mountPoint.toString());
            if (m.exit() != 0) {
                Images.exec("losetup", "-d", loop);
                assumeTrue(false, "cannot mount: " + m.out());
            }
            mounted = true;
        }

        @Override
        public void close() throws Exception {
            if (mounted) {
                Images.exec("umount", mountPoint.toString());
            }
            Images.exec("losetup", "-d", loop);
        }
    }

    private Path plain(String name) throws Exception {
        return Images.mkfs(dir.resolve(name), 32 * 1024, "-t", "ext4", "-O", "^metadata_csum");
    }

    @Test
    void readOnlyMountedCleanFileSystemIsCheckedWithExitZero() throws Exception {
        Path img = plain("clean.img");
        try (Mounted m = new Mounted(img, true)) {
            Images.Run r = Images.pe2fsck("-p", m.loop);
            assertEquals(0, r.exit(), r.out());
            assertTrue(r.out().contains("clean"), r.out());
        }
    }

    @Test
    void readOnlyMountedRepairSetsTheRebootBit() throws Exception {
        Path img = plain("fix.img");
        Images.putSuperblockField(img, WANT_EXTRA_ISIZE, 2, 3);
        try (Mounted m = new Mounted(img, true)) {
            Images.Run r = Images.pe2fsck("-y", m.loop);
            assertEquals(ExitCodes.CORRECTED | ExitCodes.REBOOT, r.exit(), r.out());
            assertEquals(32, Images.getLe(Path.of(m.loop), 1024 + WANT_EXTRA_ISIZE, 2));
            Images.Run again = Images.pe2fsck("-fp", m.loop);
            assertEquals(0, again.exit(), again.out());
        }
        assertEquals(0, Images.e2fsckFn(img));
    }

    @Test
    void readOnlyMountedChangeThatIsNoFixIsTheRebootBitAlone() throws Exception {
        // A last write time in the future: e2fsck does not count its correction as a fix (exit
        // 0 unmounted) but a mounted root it changed must still be rebooted.
        Path img = plain("future.img");
        try (Mounted m = new Mounted(img, true)) {
            long future = System.currentTimeMillis() / 1000 + 10 * 86_400;
            Images.putLe(Path.of(m.loop), 1024 + WRITE_TIME, 4, future);
            Images.Run r = Images.pe2fsck("-fp", m.loop);
            assertEquals(ExitCodes.REBOOT, r.exit(), r.out());
        }
    }

    @Test
    void readWriteMountedImageFileIsRefusedUntouched() throws Exception {
        Path img = plain("rw.img");
        try (Mounted m = new Mounted(img, false)) {
            Images.exec("sync");
            String sha = Images.sha256(img);
            Images.Run byFile = Images.pe2fsck("-fy", img.toString());
            assertEquals(8, byFile.exit(), byFile.out());
            assertTrue(byFile.out().contains("mounted read-write"), byFile.out());
            Images.Run byDevice = Images.pe2fsck("-fy", m.loop);
            assertEquals(8, byDevice.exit(), byDevice.out());
            assertEquals(sha, Images.sha256(img));
            assertEquals(1, byFile.out().strip().lines().count(), "one line: " + byFile.out());
        }
    }

    @Test
    void deviceHeldExclusivelyByAnotherProgramIsRefused() throws Exception {
        Path img = plain("held.img");
        Images.Run l = Images.exec("losetup", "-f", "--show", img.toString());
        assumeTrue(l.exit() == 0, "cannot attach a loop device: " + l.out());
        String loop = l.out().trim();
        try (pe2fsck.io.BlockDevice holder = pe2fsck.io.NativeDevice.open(loop, true, false)) {
            String sha = Images.sha256(img);
            Images.Run r = Images.pe2fsck("-fy", loop);
            assertEquals(8, r.exit(), r.out());
            assertTrue(r.out().contains("in use"), r.out());
            assertEquals(1, r.out().strip().lines().count(), "one line: " + r.out());
            assertEquals(sha, Images.sha256(img));
            assertTrue(holder.writable());
        } finally {
            Images.exec("losetup", "-d", loop);
        }
    }

    /** Local copy of the exit bits, to keep the assertions readable. */
    private static final class ExitCodes {
        static final int CORRECTED = pe2fsck.problem.ExitCodes.CORRECTED;
        static final int REBOOT = pe2fsck.problem.ExitCodes.REBOOT;
    }
}
