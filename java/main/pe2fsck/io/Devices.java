package pe2fsck.io;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens devices: the native shim when it loads, the Java fallback otherwise. */
public final class Devices {

    private Devices() {
    }

    /**
     * Opens {@code path}. Every failure, including a missing path or a directory, is a
     * {@link DeviceException} with a one-line message such as
     * {@code cannot open /dev/sdb1: Device or resource busy}.
     *
     * @param writable open for writing (O_EXCL on block devices in the native shim)
     * @param direct   ask for O_DIRECT; the native device falls back to buffered I/O where the
     *                 underlying file system refuses it, the Java fallback always buffers
     */
    public static BlockDevice open(String path, boolean writable, boolean direct) {
        return open(path, writable, direct, false);
    }

    /**
     * As {@link #open(String, boolean, boolean)}; {@code shared} opens a writable block device
     * without O_EXCL, for a file system mounted read-only (whose device the kernel holds).
     */
    public static BlockDevice open(String path, boolean writable, boolean direct, boolean shared) {
        if (path == null || path.isEmpty()) {
            throw new DeviceException("cannot open device: no path given");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new DeviceException("cannot open " + path + ": invalid path (" + e.getReason() + ")", e);
        }
        // notExists, not !exists: a path we may not look into is left to open() to report.
        if (Files.notExists(p)) {
            throw new DeviceException("cannot open " + path + ": No such file or directory");
        }
        if (Files.isDirectory(p)) {
            throw new DeviceException("cannot open " + path + ": Is a directory");
        }
        try {
            if (NativeLib.available()) {
                return NativeDevice.open(path, writable, direct, shared);
            }
            return FileChannelDevice.open(path, writable);
        } catch (DeviceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeviceException("cannot open " + path + ": " + NativeLib.oneLine(e), e);
        }
    }

    /**
     * One line for {@code -v} output: where the native shim was loaded from, or why it was not
     * and that the Java FileChannel fallback is used instead.
     */
    public static String nativeStatus() {
        if (NativeLib.available()) {
            return NativeLib.status();
        }
        return NativeLib.status() + "; using Java FileChannel";
    }
}
