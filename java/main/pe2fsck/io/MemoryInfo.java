package pe2fsck.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the kernel says about memory, for sizing what the checker asks it to cache. */
public final class MemoryInfo {

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MemoryInfo() {
    }

    /**
     * Bytes the kernel estimates can be allocated without swapping (MemAvailable, which counts
     * reclaimable page cache), or -1 when it cannot be read.
     */
    public static long availableBytes() {
        try {
            return availableBytes(Files.readAllLines(MEMINFO));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** MemAvailable from the lines of a meminfo file, in bytes, or -1 if absent or malformed. */
    static long availableBytes(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("MemAvailable:")) {
                String[] words = line.substring("MemAvailable:".length()).trim().split("\\s+");
                try {
                    long v = Long.parseLong(words[0]);
                    return words.length > 1 && words[1].equals("kB") ? v * 1024 : v;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
