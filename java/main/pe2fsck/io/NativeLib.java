package pe2fsck.io;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.File;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Binding to {@code libpe2fsck_io.so}, the native I/O shim, through JNA direct mapping.
 *
 * <p>The library is looked up, in this order, in each directory of the system property
 * {@code jna.library.path}, in {@code ../native} next to the directory holding the pe2fsck jar
 * (the {@code build/lib} layout), and in {@code build/native} below the system property
 * {@code pe2fsck.root}. JNA's own {@code libjnidispatch.so} must be found the same way (or through
 * {@code jna.boot.library.path}): this class sets {@code jna.nounpack=true} before JNA starts, so
 * nothing is ever unpacked into a temporary directory.
 *
 * <p>Loading happens once, on first use, and never throws: when anything goes wrong
 * {@link #available()} is false and {@link #failureReason()} says why in one line.
 */
public final class NativeLib {

    /** Base name of the shim, as passed to {@link System#mapLibraryName(String)}. */
    public static final String LIBRARY_NAME = "pe2fsck_io";

    /** The ABI version this class was written against ({@code PE2IO_ABI_VERSION}). */
    static final int ABI_VERSION = 2;

    // pe2io_open flags and mode bits (pe2fsck_io.h)
    static final int OPEN_WRITE = 0x1;
    static final int OPEN_DIRECT = 0x2;
    static final int OPEN_SHARED = 0x4;
    static final int MODE_DIRECT = 0x1;
    static final int MODE_EXCL = 0x2;
    static final int MODE_DIRECT_REFUSED = 0x4;

    // pe2io_file_kind results
    static final int KIND_BLOCK = 1;
    static final int KIND_REGULAR = 2;
    static final int KIND_DIRECTORY = 3;
    static final int KIND_OTHER = 4;

    // pe2io_fadvise advice values
    static final int ADV_NORMAL = 0;
    static final int ADV_SEQUENTIAL = 1;
    static final int ADV_RANDOM = 2;
    static final int ADV_WILLNEED = 3;
    static final int ADV_DONTNEED = 4;

    // slots of pe2io_sector_sizes and pe2io_sysfs_geometry
    static final int SECT_LOGICAL = 0;
    static final int SECT_PHYSICAL = 1;
    static final int SECT_DIO_ALIGN = 2;
    static final int SECT_NVALS = 3;
    static final int GEOM_MIN_IO = 0;
    static final int GEOM_OPT_IO = 1;
    static final int GEOM_ROTATIONAL = 2;
    static final int GEOM_MD_CHUNK = 3;
    static final int GEOM_MD_DISKS = 4;
    static final int GEOM_NVALS = 5;

    // errno values the Java side reacts to (Linux numbering)
    static final int EINVAL = 22;

    /** Charset the JVM uses for file names; paths go to the shim encoded the same way. */
    private static final Charset PATH_CHARSET = pathCharset();

    private NativeLib() {
    }

    /** Holder: loading runs on first use of any method below, exactly once. */
    private static final class State {
        static final String LOADED_FROM;
        static final String FAILURE;

        static {
            String[] result = load();
            LOADED_FROM = result[0];
            FAILURE = result[1];
        }
    }

    /** True if the shim and JNA loaded and the shim's ABI version matches. */
    public static boolean available() {
        return State.FAILURE == null;
    }

    /** One line saying why the shim is not available, or null if it is. */
    public static String failureReason() {
        return State.FAILURE;
    }

    /** Absolute path of the loaded library, or null if it did not load. */
    public static String libraryPath() {
        return State.LOADED_FROM;
    }

    /** One line for {@code -v}: where the shim came from, or why it did not load. */
    public static String status() {
        return available()
                ? "native shim loaded from " + State.LOADED_FROM
                : "native shim not loaded: " + State.FAILURE;
    }

    /** Returns {loadedFrom, failure}; exactly one is null. */
    private static String[] load() {
        try {
            List<Path> dirs = candidateDirectories();
            String libFile = System.mapLibraryName(LIBRARY_NAME);
            Path lib = findIn(dirs, libFile);
            if (lib == null) {
                return failed(libFile + " not found in " + describe(dirs)
                        + " (build it with cmake, see native/README.md)");
            }
            String bootProblem = prepareJnaBoot(dirs, lib.getParent());
            if (bootProblem != null) {
                return failed(bootProblem);
            }
            NativeLibrary library = NativeLibrary.getInstance(lib.toString());
            Native.register(Calls.class, library);
            int abi = Calls.pe2io_abi_version();
            if (abi != ABI_VERSION) {
                return failed(lib + " has ABI version " + abi + ", expected " + ABI_VERSION
                        + " (rebuild the native shim)");
            }
            return new String[] {lib.toString(), null};
        } catch (Throwable t) { // loading must never take the program down
            return failed(oneLine(t));
        }
    }

    private static String[] failed(String reason) {
        return new String[] {null, reason};
    }

    /**
     * Makes JNA load its dispatch library from the build instead of unpacking it: sets
     * {@code jna.nounpack}, {@code jna.nosys} and, unless the launcher already did,
     * {@code jna.boot.library.path}. Also sets {@code jna.platform.library.path} (to the shim's
     * directory) unless given: the shim is loaded by its full path, and without that property
     * JNA runs {@code ldconfig -p} to learn the system's library directories, a process start
     * that cost 20-40 ms of every run. Returns a reason if the dispatch library cannot be found.
     */
    private static String prepareJnaBoot(List<Path> dirs, Path shimDirectory) {
        System.setProperty("jna.nounpack", "true");
        if (System.getProperty("jna.nosys") == null) {
            System.setProperty("jna.nosys", "true");
        }
        if (System.getProperty("jna.platform.library.path") == null && shimDirectory != null) {
            System.setProperty("jna.platform.library.path", shimDirectory.toString());
        }
        String dispatch = System.mapLibraryName("jnidispatch");
        String boot = System.getProperty("jna.boot.library.path");
        if (boot != null && !boot.isBlank()) {
            List<Path> bootDirs = split(boot);
            if (findIn(bootDirs, dispatch) == null) {
                return "JNA's " + dispatch + " not found in jna.boot.library.path "
                        + describe(bootDirs) + " (run native/extract-jnidispatch.sh)";
            }
            return null;
        }
        Path found = findIn(dirs, dispatch);
        if (found == null) {
            return "JNA's " + dispatch + " not found in " + describe(dirs)
                    + " (run native/extract-jnidispatch.sh)";
        }
        System.setProperty("jna.boot.library.path", found.getParent().toString());
        return null;
    }

    /** Directories to search, in order, without duplicates. */
    static List<Path> candidateDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        String libraryPath = System.getProperty("jna.library.path");
        if (libraryPath != null) {
            dirs.addAll(split(libraryPath));
        }
        Path jarDir = jarDirectory();
        if (jarDir != null) {
            Path parent = jarDir.getParent();
            if (parent != null) {
                dirs.add(parent.resolve("native").normalize());
            }
        }
        String root = System.getProperty("pe2fsck.root");
        if (root != null && !root.isBlank()) {
            dirs.add(Path.of(root, "build", "native").toAbsolutePath().normalize());
        }
        return new ArrayList<>(dirs);
    }

    /** The directory holding the jar this class came from, or null when run from classes. */
    private static Path jarDirectory() {
        try {
            var source = NativeLib.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            URI uri = source.getLocation().toURI();
            if (!"file".equals(uri.getScheme())) {
                return null;
            }
            Path location = Path.of(uri);
            if (!Files.isRegularFile(location)) {
                return null; // a classes directory, as under Maven's test runner
            }
            return location.toAbsolutePath().getParent();
        } catch (Exception | Error e) {
            return null;
        }
    }

    private static List<Path> split(String pathList) {
        List<Path> out = new ArrayList<>();
        for (String part : pathList.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                try {
                    out.add(Path.of(part).toAbsolutePath().normalize());
                } catch (RuntimeException ignored) {
                    // an unusable entry is skipped, like a missing directory
                }
            }
        }
        return out;
    }

    private static Path findIn(List<Path> dirs, String fileName) {
        for (Path dir : dirs) {
            Path candidate = dir.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String describe(List<Path> dirs) {
        if (dirs.isEmpty()) {
            return "any directory (jna.library.path is not set)";
        }
        List<String> names = new ArrayList<>();
        for (Path d : dirs) {
            names.add(d.toString());
        }
        return String.join(File.pathSeparator, names);
    }

    static String oneLine(Throwable t) {
        Throwable root = t;
        while ((root instanceof ExceptionInInitializerError || root.getMessage() == null)
                && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        String text = root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return text.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            if (name != null) {
                return Charset.forName(name);
            }
        } catch (RuntimeException ignored) {
            // fall through to the default
        }
        return Charset.defaultCharset();
    }

    // ---- thin wrappers used by NativeDevice ------------------------------------------------

    /** Encodes a path as a NUL-terminated C string in the platform's file name encoding. */
    static byte[] cPath(String path) {
        byte[] raw = path.getBytes(PATH_CHARSET);
        byte[] out = new byte[raw.length + 1];
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    /** Native address of {@code buf}'s current position (direct buffers only). */
    static Pointer addressAt(ByteBuffer buf, int index) {
        long base = Pointer.nativeValue(Native.getDirectBufferPointer(buf));
        return new Pointer(base + index);
    }

    /** Native address of the start of a direct buffer, for alignment checks. */
    static long address(ByteBuffer buf) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buf));
    }

    /** Message text for an errno value, as the C library words it. */
    static String strerror(int errno) {
        if (!available()) {
            return "error " + errno;
        }
        byte[] buf = new byte[256];
        if (Calls.pe2io_strerror(errno, buf, buf.length) != 0) {
            return "error " + errno;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, PATH_CHARSET);
    }

    /** C string in a byte array, up to the first NUL. */
    static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, PATH_CHARSET);
    }

    /**
     * Direct-mapped functions of the shim; see {@code native/include/pe2fsck_io.h}. Only
     * usable once {@link NativeLib#available()} returned true.
     */
    static final class Calls {
        private Calls() {
        }

        static native int pe2io_abi_version();

        static native int pe2io_open(byte[] path, int flags, int[] modeOut);

        static native int pe2io_file_kind(int fd);

        static native long pe2io_size(int fd);

        static native int pe2io_sector_sizes(int fd, int[] out);

        static native long pe2io_pread(int fd, Pointer buf, long len, long off);

        static native long pe2io_pread_cached(int fd, Pointer buf, long len, long off);

        static native long pe2io_pwrite(int fd, Pointer buf, long len, long off);

        static native int pe2io_fadvise(int fd, long off, long len, int advice);

        static native int pe2io_readahead(int fd, long off, long len);

        static native int pe2io_set_direct(int fd, int on);

        static native int pe2io_sync(int fd, int dataOnly);

        static native int pe2io_close(int fd);

        static native int pe2io_dev_numbers(int fd, int[] out);

        static native int pe2io_sysfs_geometry(int major, int minor, long[] vals, byte[] level,
                                               int levelLen);

        static native int pe2io_strerror(int errnum, byte[] buf, int len);
    }
}
