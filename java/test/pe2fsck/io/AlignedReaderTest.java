package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aligned bounce path against an in-memory source that insists on alignment. */
class AlignedReaderTest {

    /** A source over a byte array that rejects any unaligned transfer, as O_DIRECT would. */
    private static AlignedReader.Source strictSource(byte[] data, int align, AtomicInteger calls) {
        return (offset, dst) -> {
            calls.incrementAndGet();
            if (offset % align != 0 || dst.remaining() % align != 0) {
                throw new AssertionError("unaligned transfer: offset " + offset + ", length "
                        + dst.remaining());
            }
            if (offset >= data.length) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), data.length - offset);
            dst.put(data, (int) offset, n);
            return n;
        };
    }

    private static AlignedReader reader(byte[] data, int align, int chunk, AtomicInteger calls) {
        return new AlignedReader("mem", align, chunk,
                cap -> ByteBuffer.allocateDirect(cap + align).alignedSlice(align).limit(cap).slice(),
                strictSource(data, align, calls));
    }

    static byte[] pattern(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void randomUnalignedRangesMatchReference() {
        Random rnd = new Random(42);
        for (int align : new int[] {1, 512, 4096}) {
            for (int size : new int[] {1, 511, 512, 4095, 4097, 65536 + 123, 300_001}) {
                byte[] data = pattern(size, size * 31L + align);
                AtomicInteger calls = new AtomicInteger();
                AlignedReader r = reader(data, align, 8192, calls);
                for (int i = 0; i < 200; i++) {
                    int off = rnd.nextInt(size);
                    int len = rnd.nextInt(Math.min(size - off, 70_000) + 1);
                    byte[] expected = Arrays.copyOfRange(data, off, off + len);
                    // heap buffer at a non-zero position
                    ByteBuffer heap = ByteBuffer.allocate(len + 7).position(3);
                    heap.limit(3 + len);
                    r.read(off, heap);
                    assertEquals(3 + len, heap.position());
                    byte[] got = new byte[len];
                    heap.get(3, got);
                    assertArrayEquals(expected, got, "align " + align + " size " + size
                            + " off " + off + " len " + len);
                    // direct buffer
                    ByteBuffer direct = ByteBuffer.allocateDirect(len);
                    r.read(off, direct);
                    assertEquals(len, direct.position());
                    direct.flip();
                    byte[] got2 = new byte[len];
                    direct.get(got2);
                    assertArrayEquals(expected, got2);
                }
            }
        }
    }

    @Test
    void readUpToTheExactEndOfShortData() {
        byte[] data = pattern(1000, 1);
        AlignedReader r = reader(data, 4096, 4096, new AtomicInteger());
        byte[] all = new byte[1000];
        r.read(0, all, 0, 1000);
        assertArrayEquals(data, all);
        byte[] tail = new byte[10];
        r.read(990, tail, 0, 10);
        assertArrayEquals(Arrays.copyOfRange(data, 990, 1000), tail);
    }

    @Test
    void readingPastTheEndThrows() {
        byte[] data = pattern(5000, 2);
        AlignedReader r = reader(data, 512, 1024, new AtomicInteger());
        ByteBuffer dst = ByteBuffer.allocate(20);
        DeviceException e = assertThrows(DeviceException.class, () -> r.read(4990, dst));
        assertTrue(e.getMessage().contains("read past end"), e.getMessage());
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
        assertEquals(0, dst.position(), "position must not move on failure");
        assertThrows(DeviceException.class, () -> r.read(5000, ByteBuffer.allocate(1)));
        assertThrows(DeviceException.class, () -> r.read(1 << 20, ByteBuffer.allocate(1)));
    }

    @Test
    void readingFarPastTheEndSaysWhereTheDataEnds() {
        byte[] data = pattern(5000, 3);
        AlignedReader r = new AlignedReader("mem", 512, 1024,
                cap -> ByteBuffer.allocateDirect(cap + 512).alignedSlice(512).limit(cap).slice(),
                strictSource(data, 512, new AtomicInteger()), () -> data.length);
        DeviceException e = assertThrows(DeviceException.class, () -> r.read(1 << 20, ByteBuffer.allocate(10)));
        assertTrue(e.getMessage().endsWith("the data ends at byte 5000"), e.getMessage());
    }

    @Test
    void largeReadsAreChunked() {
        byte[] data = pattern(100_000, 3);
        AtomicInteger calls = new AtomicInteger();
        AlignedReader r = reader(data, 512, 4096, calls);
        byte[] got = new byte[90_000];
        r.read(1, got, 0, got.length);
        assertArrayEquals(Arrays.copyOfRange(data, 1, 90_001), got);
        assertTrue(calls.get() >= 90_000 / 4096, "expected chunked transfers, got " + calls.get());
    }

    @Test
    void rejectsBadArguments() {
        AlignedReader r = reader(new byte[10], 512, 512, new AtomicInteger());
        assertThrows(IllegalArgumentException.class, () -> r.read(-1, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new AlignedReader("x", 3, 512, ByteBuffer::allocateDirect, (o, d) -> 0));
        r.read(0, ByteBuffer.allocate(0)); // empty reads are fine anywhere
        r.read(1 << 30, ByteBuffer.allocate(0));
    }

    @Test
    void worksOverAnyBlockDevice(@TempDir Path dir) throws Exception {
        byte[] data = pattern(10_000, 4);
        Path file = dir.resolve("img");
        Files.write(file, data);
        try (FileChannelDevice dev = FileChannelDevice.open(file.toString(), false)) {
            AlignedReader r = AlignedReader.of(dev);
            byte[] got = new byte[777];
            r.read(9_000, got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 9_000, 9_777), got);
            assertThrows(DeviceException.class, () -> r.read(9_999, new byte[2], 0, 2));
        }
    }
}
