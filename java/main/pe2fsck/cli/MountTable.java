package pe2fsck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds out whether a device is mounted, from the kernel's mount table. A mount matches when its
 * source names the same file (after resolving links) or, for device nodes, the same device
 * number. A loop device backed by an image file is not traced back to the file.
 */
final class MountTable {

    private MountTable() {
    }

    /** The mount point of {@code device}, if it is mounted. */
    static Optional<String> mountPointOf(String device) {
        for (String table : new String[] {"/proc/self/mounts", "/proc/mounts"}) {
            Path p = Path.of(table);
            if (Files.isReadable(p)) {
                try {
                    return mountPointOf(device, Files.readAllLines(p));
                } catch (IOException e) {
                    // try the next table
                }
            }
        }
        return Optional.empty();
    }

    /** The mount point of {@code device} according to {@code lines} in /proc/mounts format. */
    static Optional<String> mountPointOf(String device, List<String> lines) {
        Path dev = Path.of(device);
        Path real = realPath(dev);
        long rdev = rdev(dev);
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
            if (same) {
                return Optional.of(unescape(f[1]));
            }
        }
        return Optional.empty();
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
