package pe2fsck.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Pure-Java device used when the native shim cannot be loaded: buffered I/O, no hints, no
 * O_EXCL. Positional reads are thread-safe, but note that interrupting a thread blocked in a read
 * closes the channel for every thread (a property of {@link FileChannel}).
 */
public final class FileChannelDevice implements BlockDevice {

    private final String path;
    private final FileChannel channel;
    private final boolean writable;
    private final long size;

    private FileChannelDevice(String path, FileChannel channel, boolean writable, long size) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.size = size;
    }

    public static FileChannelDevice open(String path, boolean writable) {
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DeviceException("cannot open " + path + ": invalid path (" + e.getReason() + ")", e);
        }
        if (Files.isDirectory(p)) {
            // FileChannel opens directories read-only without complaint; reads would then fail.
            throw new DeviceException("cannot open " + path + ": Is a directory");
        }
        FileChannel ch = null;
        try {
            ch = writable
                    ? FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(p, StandardOpenOption.READ);
            long size = ch.size();
            if (size == 0 && !Files.isRegularFile(p)) {
                // Before Java 19, FileChannel.size() reports 0 for block devices; find the end.
                size = probeSize(ch);
            }
            return new FileChannelDevice(path, ch, writable, size);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new DeviceException("cannot open " + path + ": " + reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw new DeviceException("cannot open " + path + ": " + NativeLib.oneLine(e), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /**
     * The operating system's wording of an I/O failure, without the path that
     * {@link FileSystemException#getMessage()} would repeat.
     */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof ClosedByInterruptException) {
            return "interrupted (the channel is now closed)";
        }
        if (e instanceof ClosedChannelException) {
            return "device is closed";
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    private static long probeSize(FileChannel ch) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        long lo = 0;
        long hi = 1L << 16;
        while (ch.read(one.clear(), hi - 1) == 1) {
            lo = hi;
            hi <<= 1;
            if (hi <= 0) {
                return lo;
            }
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (ch.read(one.clear(), mid - 1) == 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override public String path() { return path; }
    @Override public long size() { return size; }
    @Override public int logicalSectorSize() { return 512; }
    @Override public int physicalSectorSize() { return 512; }
    @Override public int alignment() { return 1; }
    @Override public IoMode mode() { return IoMode.JAVA_FALLBACK; }
    @Override public boolean writable() { return writable; }
    @Override public DeviceGeometry geometry() { return DeviceGeometry.NONE; }

    @Override
    public ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity);
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        long pos = offset;
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw AlignedReader.pastEnd(path, offset, len, Math.min(pos, size));
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new DeviceException(path + ": read error at byte " + pos + ": " + reason(e), e);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        if (!writable) {
            throw new DeviceException(path + ": opened read-only, cannot write at byte " + offset);
        }
        long pos = offset;
        try {
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
        } catch (IOException e) {
            throw new DeviceException(path + ": write error at byte " + pos + ": " + reason(e), e);
        }
    }

    @Override public void willNeed(long offset, long length) { }
    @Override public void dontNeed(long offset, long length) { }

    @Override
    public void flush() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new DeviceException(path + ": flush failed: " + reason(e), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new DeviceException(path + ": close failed: " + reason(e), e);
        }
    }
}
