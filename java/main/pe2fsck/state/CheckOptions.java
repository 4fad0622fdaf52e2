package pe2fsck.state;

import java.util.Map;

/**
 * Everything the command line says about one run, immutable.
 *
 * @param device          path of the device or image
 * @param mode            answer mode (-n, -p, -y)
 * @param force           -f: check even if the file system looks clean
 * @param verbose         -v
 * @param timing          -t count (0, 1 or 2)
 * @param threads         -m: pass-1 consumers, or 0 to choose from the machine and the device
 * @param progressFd      -C fd, or -1 for none
 * @param superblock      -b block, or -1 for the primary
 * @param blockSize       -B bytes, or 0 to probe
 * @param journalPath     -j external journal, or null
 * @param undoFile        -z undo file, or null
 * @param extended        -E options, name to value (value "" for flags)
 * @param direct          use O_DIRECT where the device allows
 * @param debug           -d: debug diagnostics on standard error
 */
public record CheckOptions(String device, RunMode mode, boolean force, boolean verbose, int timing, int threads,
                           int progressFd, long superblock, int blockSize, String journalPath, String undoFile,
                           Map<String, String> extended, boolean direct, boolean debug) {

    public CheckOptions {
        extended = Map.copyOf(extended);
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative");
        }
    }

    /** Read-only forced check with {@code threads} consumers; handy for tests. */
    public static CheckOptions readOnly(String device, int threads) {
        return new CheckOptions(device, RunMode.NO, true, false, 0, threads, -1, -1, 0, null, null, Map.of(), false, false);
    }
}
