package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native device. Skipped, with the loader's reason, when {@code libpe2fsck_io.so} or JNA's
 * dispatch library is not in {@code jna.library.path} (build them first, see native/README.md).
 */
class NativeDeviceTest {

    @TempDir
    Path dir;

    @BeforeEach
    void requireShim() {
        assumeTrue(NativeLib.available(), () -> "skipping native tests: " + NativeLib.status());
    }

    private Path image(String name, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, data);
        return file;
    }

    /**
     * Whether this file system takes O_DIRECT, asked independently of the shim: the JDK opens
     * with O_DIRECT and reads one aligned block.
     */
    static boolean javaCanOpenDirect(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
                ExtendedOpenOption.DIRECT)) {
            int block = Math.max(4096, (int) Files.getFileStore(file).getBlockSize());
            ByteBuffer b = ByteBuffer.allocateDirect(2 * block).alignedSlice(block);
            b.limit(block);
            ch.read(b, 0);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static byte[] readRange(BlockDevice dev, long off, int len, Random rnd) {
        ByteBuffer b;
        switch (rnd.nextInt(3)) {
            case 0 -> b = ByteBuffer.allocate(len);
            case 1 -> {
                // direct but deliberately misaligned by one byte
                b = ByteBuffer.allocateDirect(len + 1).position(1).slice();
            }
            default -> b = dev.allocate(len);
        }
        dev.read(off, b);
        assertEquals(len, b.position());
        return FileChannelDeviceTest.toArray(b.flip());
    }

    @Test
    void loaderReportsWhereTheLibraryCameFrom() {
        assertTrue(Devices.nativeStatus().startsWith("native shim loaded from "),
                Devices.nativeStatus());
        assertTrue(NativeLib.libraryPath().endsWith(System.mapLibraryName(NativeLib.LIBRARY_NAME)));
        assertEquals("true", System.getProperty("jna.nounpack"));
        assertEquals("Device or resource busy", NativeLib.strerror(16));
        assertEquals("No such file or directory", NativeLib.strerror(2));
    }

    @Test
    void directModeOnAnOrdinaryFileSystem() throws Exception {
        byte[] data = AlignedReaderTest.pattern(1 << 20, 11);
        Path file = image("plain.img", data);
        boolean expectDirect = javaCanOpenDirect(file);
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, true)) {
            assertEquals(expectDirect ? IoMode.NATIVE_DIRECT : IoMode.NATIVE_BUFFERED, dev.mode());
            assertEquals(!expectDirect, dev.directRefused());
            assertEquals(data.length, dev.size());
            assertTrue(Integer.bitCount(dev.alignment()) == 1);
            if (expectDirect) {
                assertTrue(dev.alignment() >= 512, "alignment " + dev.alignment());
            }
            ByteBuffer b = dev.allocate(65536);
            dev.read(65536, b);
            assertArrayEquals(Arrays.copyOfRange(data, 65536, 131072),
                    FileChannelDeviceTest.toArray(b.flip()));
        }
    }

    @Test
    void sharedMemoryFileSystemEitherTakesDirectOrFallsBack() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm");
        byte[] data = AlignedReaderTest.pattern(12345, 12);
        Path file = Files.createTempFile(shm, "pe2fsck-io-test", ".img");
        try {
            Files.write(file, data);
            boolean expectDirect = javaCanOpenDirect(file);
            try (NativeDevice dev = NativeDevice.open(file.toString(), false, true)) {
                // tmpfs refused O_DIRECT before Linux 6.6 and accepts it since
                assertEquals(expectDirect ? IoMode.NATIVE_DIRECT : IoMode.NATIVE_BUFFERED,
                        dev.mode());
                Random rnd = new Random(5);
                for (int i = 0; i < 100; i++) {
                    int off = rnd.nextInt(data.length);
                    int len = rnd.nextInt(data.length - off + 1);
                    assertArrayEquals(Arrays.copyOfRange(data, off, off + len),
                            readRange(dev, off, len, rnd));
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void fileSystemWithoutDirectIoFallsBackToBuffered() {
        // procfs has no direct I/O at all: open(O_DIRECT) fails with EINVAL there
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "no /proc");
        assumeTrue(!javaCanOpenDirect(status), "this kernel takes O_DIRECT on procfs");
        try (NativeDevice dev = NativeDevice.open(status.toString(), false, true)) {
            assertEquals(IoMode.NATIVE_BUFFERED, dev.mode());
            assertTrue(dev.directRefused());
            assertEquals(1, dev.alignment());
            ByteBuffer b = ByteBuffer.allocate(5);
            dev.read(0, b);
            assertEquals("Name:", new String(b.array(), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void unalignedReadsMatchTheReference() throws Exception {
        Random rnd = new Random(7);
        for (int size : new int[] {1, 511, 4096, 4097, 100_000 + 123}) {
            byte[] data = AlignedReaderTest.pattern(size, size);
            Path file = image("sz" + size + ".img", data);
            for (boolean direct : new boolean[] {true, false}) {
                try (NativeDevice dev = NativeDevice.open(file.toString(), false, direct)) {
                    assertEquals(size, dev.size());
                    for (int i = 0; i < 150; i++) {
                        int off = rnd.nextInt(size);
                        int len = rnd.nextInt(Math.min(size - off, 40_000) + 1);
                        assertArrayEquals(Arrays.copyOfRange(data, off, off + len),
                                readRange(dev, off, len, rnd),
                                "size " + size + " off " + off + " len " + len + " " + dev.mode());
                    }
                    // the whole file in one go, in an aligned buffer longer than the tail
                    assertArrayEquals(data, readRange(dev, 0, size, rnd));
                }
            }
        }
    }

    @Test
    void cachedReadsComeFromThePageCacheOnly() throws Exception {
        byte[] data = AlignedReaderTest.pattern(3 * 4096 + 1808, 17);
        Path file = image("cached.img", data);
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, false)) {
            ByteBuffer all = dev.allocate(data.length);
            dev.read(0, all); // now cached
            ByteBuffer b = dev.allocate(8192);
            b.position(0).limit(8192);
            boolean got = dev.readIfCached(4096, b);
            // a file system that cannot tell says false; then nothing moved
            assertEquals(got ? 8192 : 0, b.position());
            if (got) {
                assertArrayEquals(Arrays.copyOfRange(data, 4096, 4096 + 8192), bytes(b.flip()));
                MeteredDevice metered = new MeteredDevice(dev, true);
                assertTrue(metered.readIfCached(0, dev.allocate(4096)));
                assertEquals(1, metered.snapshot().reads());
                assertEquals(4096, metered.snapshot().bytesRead());
            }
            // a range that runs past the end is never whole: false, position unchanged
            ByteBuffer tail = dev.allocate(4096);
            assertFalse(dev.readIfCached(3 * 4096, tail));
            assertEquals(0, tail.position());
        }
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, true)) {
            if (dev.mode() == IoMode.NATIVE_DIRECT) {
                assertFalse(dev.readIfCached(0, dev.allocate(4096)), "O_DIRECT has no cache to ask");
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void readingPastTheEndThrows() throws Exception {
        byte[] data = AlignedReaderTest.pattern(10_000, 13);
        Path file = image("short.img", data);
        for (boolean direct : new boolean[] {true, false}) {
            try (NativeDevice dev = NativeDevice.open(file.toString(), false, direct)) {
                DeviceException e = assertThrows(DeviceException.class,
                        () -> dev.read(9_990, ByteBuffer.allocate(20)));
                assertTrue(e.getMessage().startsWith(file + ": read past end"), e.getMessage());
                assertTrue(e.getMessage().contains("10000"), e.getMessage());
                // aligned request that crosses the end: the fast path must notice too
                ByteBuffer aligned = dev.allocate(8192);
                assertThrows(DeviceException.class, () -> dev.read(8192, aligned));
                e = assertThrows(DeviceException.class, () -> dev.read(1 << 20, dev.allocate(4096)));
                assertTrue(e.getMessage().endsWith("the data ends at byte 10000"), e.getMessage());
            }
        }
    }

    @Test
    void allocateReturnsAlignedBuffersOfTheRequestedSize() throws Exception {
        Path file = image("alloc.img", new byte[8192]);
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, true)) {
            for (int cap : new int[] {0, 1, 1000, 4096, 12345}) {
                ByteBuffer b = dev.allocate(cap);
                assertEquals(cap, b.capacity());
                assertEquals(0, b.position());
                assertTrue(b.isDirect());
                assertEquals(0, NativeLib.address(b) % dev.alignment());
            }
        }
    }

    @Test
    void concurrentReadsFromManyThreads() throws Exception {
        int size = 4 << 20;
        byte[] data = AlignedReaderTest.pattern(size, 17);
        Path file = image("conc.img", data);
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, true)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    long seed = t;
                    jobs.add(pool.submit(() -> {
                        Random rnd = new Random(seed);
                        for (int i = 0; i < 300; i++) {
                            int off;
                            int len;
                            if (rnd.nextBoolean()) { // aligned 4 KiB blocks: the fast path
                                off = rnd.nextInt(size / 4096) * 4096;
                                len = 4096 * (1 + rnd.nextInt(4));
                                len = Math.min(len, size - off);
                            } else {
                                off = rnd.nextInt(size);
                                len = rnd.nextInt(Math.min(size - off, 20_000) + 1);
                            }
                            byte[] got = readRange(dev, off, len, rnd);
                            if (!Arrays.equals(got, Arrays.copyOfRange(data, off, off + len))) {
                                throw new AssertionError("mismatch at " + off + "+" + len);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void writeThenReadBack() throws Exception {
        int size = 64 * 1024 + 100; // not a multiple of the block size
        byte[] data = AlignedReaderTest.pattern(size, 19);
        Path file = image("rw.img", data);
        byte[] expected = data.clone();
        for (boolean direct : new boolean[] {true, false}) {
            try (NativeDevice dev = NativeDevice.open(file.toString(), true, direct)) {
                assertTrue(dev.writable());
                assertFalse(dev.exclusive(), "O_EXCL is for block devices only");
                // aligned write from an aligned buffer
                ByteBuffer block = dev.allocate(4096);
                byte[] blockBytes = AlignedReaderTest.pattern(4096, direct ? 1 : 2);
                block.put(blockBytes).flip();
                dev.write(8192, block);
                assertFalse(block.hasRemaining());
                System.arraycopy(blockBytes, 0, expected, 8192, 4096);
                // unaligned write from a heap buffer, ending exactly at the end of the file
                byte[] tail = AlignedReaderTest.pattern(150, direct ? 3 : 4);
                dev.write(size - 150, ByteBuffer.wrap(tail));
                System.arraycopy(tail, 0, expected, size - 150, 150);
                // unaligned write from a misaligned direct buffer
                ByteBuffer odd = ByteBuffer.allocateDirect(1001).position(1).slice();
                byte[] oddBytes = AlignedReaderTest.pattern(1000, direct ? 5 : 6);
                odd.put(oddBytes).flip();
                dev.write(1023, odd);
                System.arraycopy(oddBytes, 0, expected, 1023, 1000);
                // visible to (direct) reads before any flush
                assertArrayEquals(expected, readRange(dev, 0, size, new Random(2)));
                dev.flush();
                assertEquals(direct ? IoMode.NATIVE_DIRECT : IoMode.NATIVE_BUFFERED, dev.mode(),
                        "an unaligned write must leave the mode as it was");
                assertArrayEquals(expected, readRange(dev, 0, size, new Random(1)));
            }
            assertEquals(size, Files.size(file), "writes must not change the file size");
            assertArrayEquals(expected, Files.readAllBytes(file));
        }
    }

    @Test
    void readOnlyDeviceRefusesWrites() throws Exception {
        Path file = image("ro.img", new byte[4096]);
        try (NativeDevice dev = NativeDevice.open(file.toString(), false, false)) {
            DeviceException e = assertThrows(DeviceException.class,
                    () -> dev.write(0, ByteBuffer.allocate(1)));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        }
    }

    @Test
    void openFailuresAreOneLineWithPathAndReason() throws Exception {
        Path missing = dir.resolve("missing");
        DeviceException e = assertThrows(DeviceException.class,
                () -> NativeDevice.open(missing.toString(), false, true));
        assertEquals("cannot open " + missing + ": No such file or directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> NativeDevice.open(dir.toString(), false, true));
        assertEquals("cannot open " + dir + ": Is a directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> NativeDevice.open(dir.toString(), true, false));
        assertEquals("cannot open " + dir + ": Is a directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> NativeDevice.open("/dev/null", false, false));
        assertEquals("cannot open /dev/null: not a block device or regular file", e.getMessage());
    }

    @Test
    void closedDeviceReportsItself() throws Exception {
        Path file = image("closed.img", new byte[4096]);
        NativeDevice dev = NativeDevice.open(file.toString(), false, false);
        dev.close();
        dev.close(); // a second close is harmless
        DeviceException e = assertThrows(DeviceException.class,
                () -> dev.read(0, ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void devicesFactoryPicksTheNativeDevice() throws Exception {
        Path file = image("factory.img", new byte[4096]);
        try (BlockDevice dev = Devices.open(file.toString(), false, true)) {
            assertTrue(dev instanceof NativeDevice);
            assertNotEquals(IoMode.JAVA_FALLBACK, dev.mode());
        }
    }

    /** An image file gets the geometry of the block device its file system is on, if any. */
    @Test
    void anImageFileHasItsHoldingDevicesGeometry() throws Exception {
        Path file = image("held.img", new byte[4096]);
        long devNo = (Long) Files.getAttribute(file, "unix:dev");
        long major = ((devNo >>> 8) & 0xfff) | ((devNo >>> 32) & ~0xfffL);
        long minor = (devNo & 0xff) | ((devNo >>> 12) & ~0xffL);
        Path sys = Path.of("/sys/dev/block/" + major + ":" + minor);
        try (BlockDevice dev = Devices.open(file.toString(), false, false)) {
            if (major == 0 || !Files.isDirectory(sys)) {
                assertEquals(DeviceGeometry.NONE, dev.geometry());
                return;
            }
            Path queue = Files.exists(sys.resolve("partition")) ? sys.resolve("../queue") : sys.resolve("queue");
            boolean rotational = Files.readString(queue.resolve("rotational")).trim().equals("1");
            long minIo = Long.parseLong(Files.readString(queue.resolve("minimum_io_size")).trim());
            assertEquals(rotational, dev.geometry().rotational());
            assertEquals(minIo, dev.geometry().minimumIoBytes());
        }
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            Path onTmpfs = Files.createTempFile(shm, "pe2fsck-geometry", ".img");
            try (BlockDevice dev = Devices.open(Files.write(onTmpfs, new byte[4096]).toString(), false, false)) {
                assertEquals(DeviceGeometry.NONE, dev.geometry(), "a file on tmpfs has no device");
            } finally {
                Files.deleteIfExists(onTmpfs);
            }
        }
    }
}
