package pe2fsck.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Pure-Java device used when the native shim cannot be loaded: buffered I/O, no hints. */
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
        try {
            FileChannel ch = writable
                    ? FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(Path.of(path), StandardOpenOption.READ);
            long size = ch.size();
            if (size == 0) {
                // A block device reports size 0 through FileChannel.size(); find the end instead.
                size = probeSize(ch);
            }
            return new FileChannelDevice(path, ch, writable, size);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DeviceException("cannot open " + path + ": No such file or directory", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new DeviceException("cannot open " + path + ": Permission denied", e);
        } catch (IOException e) {
            throw new DeviceException("cannot open " + path + ": " + e.getMessage(), e);
        }
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
        long pos = offset;
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw new DeviceException(path + ": short read at byte " + pos
                            + " (device ends at " + size + ")");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new DeviceException(path + ": read error at byte " + pos + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        if (!writable) {
            throw new IllegalStateException(path + " was opened read-only");
        }
        long pos = offset;
        try {
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
        } catch (IOException e) {
            throw new DeviceException(path + ": write error at byte " + pos + ": " + e.getMessage(), e);
        }
    }

    @Override public void willNeed(long offset, long length) { }
    @Override public void dontNeed(long offset, long length) { }

    @Override
    public void flush() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new DeviceException(path + ": flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new DeviceException(path + ": close failed: " + e.getMessage(), e);
        }
    }
}
