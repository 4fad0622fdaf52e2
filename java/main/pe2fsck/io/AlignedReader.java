package pe2fsck.io;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Reads arbitrary byte ranges from a source that only accepts aligned transfers (a device in
 * O_DIRECT mode): each request is widened to whole alignment units, read into an aligned bounce
 * buffer and the wanted bytes are copied into the caller's buffer, which may be of any kind and at
 * any position.
 *
 * <p>This is the slow path: it costs one extra copy and reads up to one alignment unit more at
 * either end. Callers that can arrange aligned requests should read the device directly.
 *
 * <p>Thread-safe: bounce buffers are taken from a small pool per reader.
 */
public final class AlignedReader {

    /** Bounce buffer size used when the caller does not choose one. */
    public static final int DEFAULT_CHUNK = 128 * 1024;

    /** Pooled bounce buffers kept per reader; more concurrent callers allocate temporary ones. */
    private static final int MAX_POOLED = 16;

    /**
     * An aligned transfer. Called with {@code offset} a multiple of the alignment and {@code dst}
     * an aligned direct buffer whose {@code remaining()} is a multiple of the alignment; fills
     * {@code dst} from its position and returns how many bytes arrived, fewer than asked only
     * when the data ends. Errors are thrown as {@link DeviceException}. May move {@code dst}'s
     * position.
     */
    @FunctionalInterface
    public interface Source {
        int read(long offset, ByteBuffer dst);
    }

    private final String name;
    private final int alignment;
    private final int chunk;
    private final IntFunction<ByteBuffer> allocator;
    private final Source source;
    private final java.util.function.LongSupplier size;
    private final ConcurrentLinkedQueue<ByteBuffer> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /**
     * @param name      device name for error messages
     * @param alignment required alignment, a power of two (1 = none)
     * @param chunk     bounce buffer size; rounded up to a multiple of the alignment
     * @param allocator returns an aligned direct buffer of the given capacity
     * @param source    performs the aligned transfers
     */
    public AlignedReader(String name, int alignment, int chunk, IntFunction<ByteBuffer> allocator,
                         Source source) {
        this(name, alignment, chunk, allocator, source, null);
    }

    /**
     * As above; {@code size} gives the data's length, so that a read starting beyond the end says
     * where the data really ends (null: unknown, the message then says where the read found it).
     */
    public AlignedReader(String name, int alignment, int chunk, IntFunction<ByteBuffer> allocator,
                         Source source, java.util.function.LongSupplier size) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        if (chunk <= 0) {
            throw new IllegalArgumentException("chunk must be positive: " + chunk);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.alignment = alignment;
        long rounded = roundUp(chunk, alignment);
        if (rounded > Integer.MAX_VALUE - alignment) {
            throw new IllegalArgumentException("chunk too large: " + chunk);
        }
        this.chunk = (int) rounded;
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.source = Objects.requireNonNull(source, "source");
        this.size = size;
    }

    /**
     * A reader over any {@link BlockDevice}: transfers go through {@link BlockDevice#read} with
     * aligned offsets, buffers from {@link BlockDevice#allocate} and lengths clipped to the
     * device's size.
     */
    public static AlignedReader of(BlockDevice device) {
        Source src = (offset, dst) -> {
            long avail = device.size() - offset;
            if (avail <= 0) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), avail);
            ByteBuffer view = dst.duplicate();
            view.limit(view.position() + n);
            device.read(offset, view);
            return n;
        };
        return new AlignedReader(device.path(), Math.max(1, device.alignment()), DEFAULT_CHUNK,
                device::allocate, src, device::size);
    }

    /** The alignment transfers are widened to. */
    public int alignment() {
        return alignment;
    }

    /**
     * Reads exactly {@code dst.remaining()} bytes at byte {@code offset} into {@code dst} from its
     * position and advances the position. Throws {@link DeviceException} if the data ends first
     * (the position is then left unchanged, though bytes before it may have been overwritten).
     */
    public void read(long offset, ByteBuffer dst) {
        int len = dst.remaining();
        if (dst.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        checkRange(offset, len);
        if (len == 0) {
            return;
        }
        long end = offset + len;
        int dstPos = dst.position();
        ByteBuffer bounce = take();
        try {
            long pos = offset;
            while (pos < end) {
                long blockStart = pos & -(long) alignment;
                int span = (int) Math.min(roundUp(end - blockStart, alignment), bounce.capacity());
                bounce.clear().limit(span);
                int got = source.read(blockStart, bounce);
                int skip = (int) (pos - blockStart);
                if (got <= skip) {
                    throw pastEnd(name, offset, len, endOfData(blockStart + Math.max(0, got)));
                }
                int n = (int) Math.min(got - skip, end - pos);
                dst.put(dstPos, bounce, skip, n);
                dstPos += n;
                pos += n;
                if (got < span && pos < end) {
                    throw pastEnd(name, offset, len, endOfData(blockStart + got));
                }
            }
            dst.position(dstPos);
        } finally {
            give(bounce);
        }
    }

    /** Reads {@code len} bytes at byte {@code offset} into {@code dst[off..off+len)}. */
    public void read(long offset, byte[] dst, int off, int len) {
        read(offset, ByteBuffer.wrap(dst, off, len));
    }

    private ByteBuffer take() {
        ByteBuffer b = pool.poll();
        if (b != null) {
            pooled.decrementAndGet();
            return b;
        }
        ByteBuffer fresh = allocator.apply(chunk);
        if (fresh.capacity() < alignment || !fresh.isDirect()) {
            throw new IllegalStateException("allocator returned an unusable bounce buffer");
        }
        return fresh;
    }

    private void give(ByteBuffer b) {
        if (pooled.incrementAndGet() <= MAX_POOLED) {
            pool.offer(b);
        } else {
            pooled.decrementAndGet();
        }
    }

    static long roundUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    static void checkRange(long offset, long len) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (len > Long.MAX_VALUE - offset) {
            throw new IllegalArgumentException("range overflows: offset " + offset + ", length " + len);
        }
    }

    /** Where the data ends: where a short transfer stopped, or the known size if that is less. */
    private long endOfData(long stoppedAt) {
        return size == null ? stoppedAt : Math.min(stoppedAt, size.getAsLong());
    }

    /** The message for a read that runs past the end of the data. */
    static DeviceException pastEnd(String name, long offset, long len, long endOfData) {
        return new DeviceException(name + ": read past end: bytes " + offset + ".." + (offset + len)
                + " requested, but the data ends at byte " + endOfData);
    }
}
