package pe2fsck.io;

import java.nio.ByteBuffer;

/**
 * A disk, partition, array or image file, addressed in bytes.
 *
 * <p>Implementations are thread-safe for concurrent positional reads: the pass-1 reader stage
 * keeps many reads in flight on one device. Buffers passed in must come from
 * {@link #allocate(int)} when the device is in O_DIRECT mode, and offsets and lengths must then be
 * multiples of {@link #alignment()}; {@link AlignedReader} does that bookkeeping for callers that
 * read arbitrary ranges.
 */
public interface BlockDevice extends AutoCloseable {

    /** The path the user named. */
    String path();

    /** Size in bytes. */
    long size();

    /** Logical sector size: the unit O_DIRECT transfers must be aligned to. */
    int logicalSectorSize();

    /** Physical sector size as the device reports it (equal to the logical one for image files). */
    int physicalSectorSize();

    /** Alignment this device requires for offsets, lengths and buffer addresses (1 if none). */
    int alignment();

    /** How reads and writes reach the device. */
    IoMode mode();

    /** True if opened for writing. */
    boolean writable();

    /** RAID and queue geometry the kernel exposes; {@link DeviceGeometry#NONE} for plain files. */
    DeviceGeometry geometry();

    /** A direct buffer suitable for this device's transfers (aligned when the mode needs it). */
    ByteBuffer allocate(int capacity);

    /**
     * Reads exactly {@code dst.remaining()} bytes starting at byte {@code offset} into {@code dst}
     * from its position, advancing the position. Reading past the end throws
     * {@link DeviceException}.
     */
    void read(long offset, ByteBuffer dst);

    /**
     * Reads like {@link #read} if every byte is in the page cache now, without waiting for the
     * device, and returns true; otherwise returns false with {@code dst}'s position unchanged
     * (its contents may have changed) and the caller reads as usual. False also where the device
     * cannot tell: O_DIRECT, or no way to ask.
     */
    default boolean readIfCached(long offset, ByteBuffer dst) {
        return false;
    }

    /** Writes all of {@code src.remaining()} bytes at byte {@code offset}. */
    void write(long offset, ByteBuffer src);

    /** Hint that a range will be read soon. Never fails; a device may ignore it. */
    void willNeed(long offset, long length);

    /** Hint that a range will not be read again soon. Never fails; a device may ignore it. */
    void dontNeed(long offset, long length);

    /** Forces written data to stable storage. */
    void flush();

    @Override
    void close();
}
