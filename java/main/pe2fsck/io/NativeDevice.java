package pe2fsck.io;

import com.sun.jna.Pointer;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

import pe2fsck.io.NativeLib.Calls;

/**
 * A device opened through the native shim: one descriptor, positional reads and writes, page
 * cache hints, and O_DIRECT where the kernel accepts it.
 *
 * <p>In O_DIRECT mode transfers whose offset, length or buffer address are not multiples of
 * {@link #alignment()} (or that use heap buffers) still work: reads go through an
 * {@link AlignedReader} bounce buffer, writes switch O_DIRECT off on the descriptor for their
 * duration. These slow paths exist so callers never see EINVAL; hot paths should use
 * {@link #allocate(int)} and aligned ranges.
 *
 * <p>Thread-safe. {@link #close()} waits for transfers in progress on other threads.
 */
public final class NativeDevice implements BlockDevice {

    /** errno of a block device another program holds exclusively. */
    private static final int EBUSY = 16;

    /** Largest piece of a heap-buffer write copied through one temporary direct buffer. */
    private static final int WRITE_COPY_CHUNK = 1 << 20;

    /** Page cache hints for {@link #advise}. */
    public enum Advice {
        NORMAL(NativeLib.ADV_NORMAL),
        SEQUENTIAL(NativeLib.ADV_SEQUENTIAL),
        RANDOM(NativeLib.ADV_RANDOM),
        WILLNEED(NativeLib.ADV_WILLNEED),
        DONTNEED(NativeLib.ADV_DONTNEED);

        final int code;

        Advice(int code) {
            this.code = code;
        }
    }

    private final String path;
    private final int fd;
    private final boolean writable;
    private final boolean direct;
    private final boolean directRefused;
    private final boolean exclusive;
    private final boolean blockDevice;
    private final long size;
    private final int logicalSector;
    private final int physicalSector;
    private final int alignment;
    private final DeviceGeometry geometry;
    private final AlignedReader slowReader;

    /** Read-locked by every transfer, write-locked by close. */
    private final StampedLock lifecycle = new StampedLock();
    /** Serialises the unaligned-write path, which toggles O_DIRECT on the descriptor. */
    private final ReentrantLock unalignedWrite = new ReentrantLock();
    private volatile boolean closed;
    /** Set once asking for cached bytes only has failed: the kernel or the file cannot tell. */
    private volatile boolean cacheProbeFailed;

    private NativeDevice(String path, int fd, int modeBits, boolean writable, boolean blockDevice,
                         long size, int[] sectors, DeviceGeometry geometry) {
        this.path = path;
        this.fd = fd;
        this.writable = writable;
        this.direct = (modeBits & NativeLib.MODE_DIRECT) != 0;
        this.directRefused = (modeBits & NativeLib.MODE_DIRECT_REFUSED) != 0;
        this.exclusive = (modeBits & NativeLib.MODE_EXCL) != 0;
        this.blockDevice = blockDevice;
        this.size = size;
        this.logicalSector = sectors[NativeLib.SECT_LOGICAL];
        this.physicalSector = sectors[NativeLib.SECT_PHYSICAL];
        this.alignment = direct ? sectors[NativeLib.SECT_DIO_ALIGN] : 1;
        this.geometry = geometry;
        this.slowReader = new AlignedReader(path, alignment,
                Math.max(AlignedReader.DEFAULT_CHUNK, alignment), this::allocate, this::rawRead, () -> this.size);
    }

    /**
     * Opens {@code path} through the shim. Requires {@link NativeLib#available()}.
     *
     * @param writable read-write; block devices are then opened exclusively (O_EXCL)
     * @param direct   ask for O_DIRECT, falling back to buffered I/O where it is refused
     */
    public static NativeDevice open(String path, boolean writable, boolean direct) {
        return open(path, writable, direct, false);
    }

    /**
     * As {@link #open(String, boolean, boolean)}; with {@code shared}, a writable block device is
     * opened without O_EXCL (a file system mounted read-only holds its device exclusively).
     */
    public static NativeDevice open(String path, boolean writable, boolean direct, boolean shared) {
        if (!NativeLib.available()) {
            throw new DeviceException("cannot open " + path + ": " + NativeLib.status());
        }
        int flags = (writable ? NativeLib.OPEN_WRITE : 0) | (direct ? NativeLib.OPEN_DIRECT : 0)
                | (writable && shared ? NativeLib.OPEN_SHARED : 0);
        int[] mode = new int[1];
        int fd = Calls.pe2io_open(NativeLib.cPath(path), flags, mode);
        if (fd < 0) {
            if (writable && fd == -EBUSY) {
                // O_EXCL on a block device: mounted, or held exclusively by another program.
                throw new DeviceException("cannot open " + path + " for writing: it is in use (mounted, or held"
                        + " exclusively by another program); nothing was written");
            }
            throw new DeviceException("cannot open " + path + ": " + NativeLib.strerror(-fd));
        }
        try {
            int kind = Calls.pe2io_file_kind(fd);
            if (kind < 0) {
                throw new DeviceException("cannot open " + path + ": " + NativeLib.strerror(-kind));
            }
            if (kind == NativeLib.KIND_DIRECTORY) {
                throw new DeviceException("cannot open " + path + ": Is a directory");
            }
            if (kind != NativeLib.KIND_BLOCK && kind != NativeLib.KIND_REGULAR) {
                throw new DeviceException("cannot open " + path
                        + ": not a block device or regular file");
            }
            long size = Calls.pe2io_size(fd);
            if (size < 0) {
                throw new DeviceException("cannot open " + path + ": cannot determine its size: "
                        + NativeLib.strerror((int) -size));
            }
            int[] sectors = new int[NativeLib.SECT_NVALS];
            int rc = Calls.pe2io_sector_sizes(fd, sectors);
            if (rc < 0) {
                throw new DeviceException("cannot open " + path
                        + ": cannot determine its sector size: " + NativeLib.strerror(-rc));
            }
            boolean block = kind == NativeLib.KIND_BLOCK;
            DeviceGeometry geometry = block ? readGeometry(fd) : holderGeometry(path);
            return new NativeDevice(path, fd, mode[0], writable, block, size, sectors, geometry);
        } catch (RuntimeException | Error e) {
            Calls.pe2io_close(fd);
            throw e;
        }
    }

    private static DeviceGeometry readGeometry(int fd) {
        int[] dev = new int[2];
        if (Calls.pe2io_dev_numbers(fd, dev) != 0) {
            return DeviceGeometry.NONE;
        }
        return readGeometry(dev[0], dev[1]);
    }

    /**
     * An image file's reads land on the device that holds its file system, so the file gets
     * that device's geometry (a partition's is its disk's); none where the file system has no
     * block device (tmpfs, overlays) or the attribute is unavailable.
     */
    private static DeviceGeometry holderGeometry(String path) {
        long dev;
        try {
            dev = (Long) Files.getAttribute(Path.of(path), "unix:dev");
        } catch (IOException | RuntimeException e) {
            return DeviceGeometry.NONE;
        }
        // Linux's dev_t: minor in bits 0-7 and 20-39, major in bits 8-19 and 40-63.
        int major = (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
        int minor = (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
        return major == 0 ? DeviceGeometry.NONE : readGeometry(major, minor);
    }

    private static DeviceGeometry readGeometry(int major, int minor) {
        long[] vals = new long[NativeLib.GEOM_NVALS];
        byte[] level = new byte[64];
        if (Calls.pe2io_sysfs_geometry(major, minor, vals, level, level.length) != 0) {
            return DeviceGeometry.NONE;
        }
        return new DeviceGeometry(
                Math.max(0, vals[NativeLib.GEOM_MIN_IO]),
                Math.max(0, vals[NativeLib.GEOM_OPT_IO]),
                Math.max(0, vals[NativeLib.GEOM_MD_CHUNK]),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, vals[NativeLib.GEOM_MD_DISKS])),
                NativeLib.cString(level),
                vals[NativeLib.GEOM_ROTATIONAL] == 1);
    }

    @Override public String path() { return path; }
    @Override public long size() { return size; }
    @Override public int logicalSectorSize() { return logicalSector; }
    @Override public int physicalSectorSize() { return physicalSector; }
    @Override public int alignment() { return alignment; }
    @Override public IoMode mode() { return direct ? IoMode.NATIVE_DIRECT : IoMode.NATIVE_BUFFERED; }
    @Override public boolean writable() { return writable; }
    @Override public DeviceGeometry geometry() { return geometry; }

    /** True if O_DIRECT was asked for but the kernel or file system refused it. */
    public boolean directRefused() {
        return directRefused;
    }

    /** True if the device was opened with O_EXCL (a writable block device). */
    public boolean exclusive() {
        return exclusive;
    }

    /** True for a block device, false for a regular (image) file. */
    public boolean isBlockDevice() {
        return blockDevice;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity " + capacity);
        }
        int align = Math.max(alignment, 64);
        long padded = AlignedReader.roundUp(Math.max(capacity, 1), align) + align;
        if (padded > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer too large: " + capacity);
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) padded);
        ByteBuffer aligned = raw.alignedSlice(align);
        aligned.limit(capacity);
        return aligned.slice();
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int len = dst.remaining();
        AlignedReader.checkRange(offset, len);
        if (len == 0) {
            return;
        }
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            if (fastPathOk(offset, dst)) {
                int pos = dst.position();
                long got = transfer(false, offset, dst, pos, len);
                if (got < len) {
                    // A read that starts beyond the end transfers nothing: the data ends at the size.
                    throw AlignedReader.pastEnd(path, offset, len, Math.min(offset + got, size));
                }
                dst.position(pos + len);
            } else {
                slowReader.read(offset, dst);
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    /**
     * One read that never waits for the device (preadv2 with RWF_NOWAIT): true with the bytes
     * in {@code dst} if all of them were in the page cache. Never on an O_DIRECT descriptor,
     * which has no cache to ask. An error other than "not cached" turns the probing off for
     * this device; the ordinary read that follows reports real errors.
     */
    @Override
    public boolean readIfCached(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        if (direct || cacheProbeFailed || len == 0 || dst.isReadOnly() || !fastPathOk(offset, dst)) {
            return false;
        }
        AlignedReader.checkRange(offset, len);
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            int pos = dst.position();
            long got;
            try {
                got = Calls.pe2io_pread_cached(fd, NativeLib.addressAt(dst, pos), len, offset);
            } finally {
                Reference.reachabilityFence(dst);
            }
            if (got == len) {
                dst.position(pos + len);
                return true;
            }
            if (got < 0) {
                cacheProbeFailed = true;
            }
            return false;
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    /** Aligned transfer for the bounce path: returns the count, short only at the end. */
    private int rawRead(long offset, ByteBuffer dst) {
        return (int) transfer(false, offset, dst, dst.position(), dst.remaining());
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        if (!writable) {
            throw new DeviceException(path + ": opened read-only, cannot write at byte " + offset);
        }
        int len = src.remaining();
        AlignedReader.checkRange(offset, len);
        if (len == 0) {
            return;
        }
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            if (fastPathOk(offset, src)) {
                int pos = src.position();
                long done = transfer(true, offset, src, pos, len);
                if (done < len) {
                    throw shortWrite(offset + done);
                }
                src.position(pos + len);
            } else if (direct) {
                unalignedWrite.lock();
                try {
                    setDirect(false);
                    try {
                        bufferedWrite(offset, src);
                    } finally {
                        setDirect(true);
                    }
                } finally {
                    unalignedWrite.unlock();
                }
            } else {
                bufferedWrite(offset, src);
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    /** Writes any buffer without alignment demands (O_DIRECT must be off). */
    private void bufferedWrite(long offset, ByteBuffer src) {
        int len = src.remaining();
        if (src.isDirect()) {
            int pos = src.position();
            long done = transfer(true, offset, src, pos, len);
            if (done < len) {
                throw shortWrite(offset + done);
            }
            src.position(pos + len);
            return;
        }
        ByteBuffer tmp = ByteBuffer.allocateDirect(Math.min(len, WRITE_COPY_CHUNK));
        long pos = offset;
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), tmp.capacity());
            tmp.clear();
            tmp.put(0, src, src.position(), n);
            long done = transfer(true, pos, tmp, 0, n);
            if (done < n) {
                throw shortWrite(pos + done);
            }
            src.position(src.position() + n);
            pos += n;
        }
    }

    private void setDirect(boolean on) {
        int rc = Calls.pe2io_set_direct(fd, on ? 1 : 0);
        if (rc < 0) {
            throw new DeviceException(path + ": cannot switch O_DIRECT " + (on ? "on" : "off")
                    + ": " + NativeLib.strerror(-rc));
        }
    }

    /**
     * Moves {@code len} bytes between the device and {@code buf[index..]} (a direct buffer).
     * Returns the count, which is short only at end of data; throws on errors with the exact
     * failing byte offset.
     */
    private long transfer(boolean write, long offset, ByteBuffer buf, int index, int len) {
        Pointer base = NativeLib.addressAt(buf, index);
        long done = 0;
        try {
            while (done < len) {
                Pointer at = done == 0 ? base : base.share(done);
                long n = write
                        ? Calls.pe2io_pwrite(fd, at, len - done, offset + done)
                        : Calls.pe2io_pread(fd, at, len - done, offset + done);
                if (n < 0) {
                    if (!write && direct && n == -NativeLib.EINVAL && done > 0
                            && (done & (alignment - 1)) != 0) {
                        break; // the data ended inside an alignment unit
                    }
                    throw ioError(write ? "write" : "read", offset + done, (int) -n);
                }
                if (n == 0) {
                    break;
                }
                done += n;
                if (direct && (done & (alignment - 1)) != 0) {
                    break; // an O_DIRECT transfer only stops mid-unit at the end of the data
                }
            }
        } finally {
            Reference.reachabilityFence(buf);
        }
        return done;
    }

    private boolean fastPathOk(long offset, ByteBuffer buf) {
        if (!buf.isDirect()) {
            return false;
        }
        if (alignment == 1) {
            return true;
        }
        long mask = alignment - 1;
        long address = NativeLib.address(buf) + buf.position();
        return (offset & mask) == 0 && (buf.remaining() & mask) == 0 && (address & mask) == 0;
    }

    private DeviceException ioError(String what, long offset, int errno) {
        return new DeviceException(path + ": " + what + " error at byte " + offset + ": "
                + NativeLib.strerror(errno));
    }

    private DeviceException shortWrite(long at) {
        return new DeviceException(path + ": short write at byte " + at + " (device ends at "
                + size + ")");
    }

    /** Hint for a range, or the whole device when {@code length} is 0. Never fails. */
    public void advise(Advice advice, long offset, long length) {
        if (offset < 0 || length < 0) {
            return;
        }
        long stamp = lifecycle.readLock();
        try {
            if (!closed) {
                Calls.pe2io_fadvise(fd, offset, length, advice.code);
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    /** Starts reading a range into the page cache (buffered mode only). Never fails. */
    public void readahead(long offset, long length) {
        if (direct || offset < 0 || length <= 0) {
            return; // O_DIRECT reads bypass the page cache, so filling it would be wasted work
        }
        long stamp = lifecycle.readLock();
        try {
            if (!closed) {
                Calls.pe2io_readahead(fd, offset, length);
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    @Override
    public void willNeed(long offset, long length) {
        if (!direct && length > 0) {
            advise(Advice.WILLNEED, offset, length);
        }
    }

    @Override
    public void dontNeed(long offset, long length) {
        if (!direct && length > 0) {
            advise(Advice.DONTNEED, offset, length);
        }
    }

    @Override
    public void flush() {
        long stamp = lifecycle.readLock();
        try {
            ensureOpen();
            int rc = Calls.pe2io_sync(fd, 0);
            if (rc < 0) {
                throw new DeviceException(path + ": flush failed: " + NativeLib.strerror(-rc));
            }
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    @Override
    public void close() {
        long stamp = lifecycle.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            int rc = Calls.pe2io_close(fd);
            if (rc < 0) {
                throw new DeviceException(path + ": close failed: " + NativeLib.strerror(-rc));
            }
        } finally {
            lifecycle.unlockWrite(stamp);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DeviceException(path + ": device is closed");
        }
    }

    @Override
    public String toString() {
        return "NativeDevice[" + path + ", " + mode().description() + ", " + size + " bytes]";
    }
}
