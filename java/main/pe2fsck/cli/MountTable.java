package pe2fsck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds out whether a device is mounted, from the kernel's mount table. A mount matches when its
 * source names the same file (after resolving links) or, for device nodes, the same device
 * number, or when its source is a loop device whose backing file (sysfs
 * {@code loop/backing_file}) is the image file named. A device another process holds
 * exclusively shows up when it is opened for writing (O_EXCL fails with "busy").
 */
final class MountTable {

    /** Where and how a file system is mounted. */
    record Mount(String mountPoint, boolean readOnly) {

        /** True if mounted on "/" (the root at boot). */
        boolean root() {
            return mountPoint.equals("/");
        }
    }

    private static final Path SYS_BLOCK = Path.of("/sys/block");

    private MountTable() {
    }

    /** The mount of {@code device}, if it is mounted. */
    static Optional<Mount> mountOf(String device) {
        for (String table : new String[] {"/proc/self/mounts", "/proc/mounts"}) {
            Path p = Path.of(table);
            if (Files.isReadable(p)) {
                try {
                    return mountOf(device, Files.readAllLines(p), SYS_BLOCK);
                } catch (IOException e) {
                    // try the next table
                }
            }
        }
        return Optional.empty();
    }

    /** The mount point of {@code device}, if it is mounted. */
    static Optional<String> mountPointOf(String device) {
        return mountOf(device).map(Mount::mountPoint);
    }

    /** The mount point of {@code device} according to {@code lines} in /proc/mounts format. */
    static Optional<String> mountPointOf(String device, List<String> lines) {
        return mountOf(device, lines, SYS_BLOCK).map(Mount::mountPoint);
    }

    /**
     * The mount of {@code device} according to {@code lines} in /proc/mounts format, with loop
     * devices' backing files looked up under {@code sysBlock}.
     */
    static Optional<Mount> mountOf(String device, List<String> lines, Path sysBlock) {
        Path dev = Path.of(device);
        Path real = realPath(dev);
        long rdev = rdev(dev);
        boolean imageFile = Files.isRegularFile(dev);
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length < 2 || !f[0].startsWith("/")) {
                continue;
            }
            Path source = Path.of(unescape(f[0]));
            boolean same = source.equals(dev) || (real != null && real.equals(realPath(source)));
            if (!same && rdev > 0) {
                same = rdev == rdev(source);
            }
            if (!same && imageFile && real != null) {
                same = real.equals(loopBackingFile(source, sysBlock));
            }
            if (same) {
                return Optional.of(new Mount(unescape(f[1]), f.length > 3 && readOnly(f[3])));
            }
        }
        return Optional.empty();
    }

    /** True if the mount options (fourth field) start with or contain "ro". */
    static boolean readOnly(String options) {
        for (String o : options.split(",")) {
            if (o.equals("ro")) {
                return true;
            }
        }
        return false;
    }

    /** The file behind loop device {@code source} (/dev/loopN), or null if it is none. */
    static Path loopBackingFile(Path source, Path sysBlock) {
        Path name = source.getFileName();
        if (name == null || !name.toString().startsWith("loop")) {
            return null;
        }
        Path backing = sysBlock.resolve(name.toString()).resolve("loop").resolve("backing_file");
        try {
            if (!Files.isReadable(backing)) {
                return null;
            }
            String s = Files.readString(backing).trim();
            if (s.endsWith(" (deleted)") || s.isEmpty()) {
                return null;
            }
            Path p = realPath(Path.of(s));
            return p != null ? p : Path.of(s);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** st_rdev of a block device node, or 0 for anything else. */
    private static long rdev(Path p) {
        try {
            if (Files.isRegularFile(p) || Files.isDirectory(p) || !Files.exists(p)) {
                return 0;
            }
            Object v = Files.getAttribute(p, "unix:rdev");
            return v instanceof Number n ? n.longValue() : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Undoes the octal escapes (\040 for a space) the kernel uses in mount fields. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
