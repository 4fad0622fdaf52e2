package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java fallback device; runs whether or not the native shim is built. */
class FileChannelDeviceTest {

    @Test
    void readsWritesAndReportsTheEnd(@TempDir Path dir) throws Exception {
        byte[] data = AlignedReaderTest.pattern(3000, 5);
        Path file = dir.resolve("img");
        Files.write(file, data);
        try (FileChannelDevice dev = FileChannelDevice.open(file.toString(), true)) {
            assertEquals(3000, dev.size());
            assertEquals(IoMode.JAVA_FALLBACK, dev.mode());
            assertEquals(1, dev.alignment());
            ByteBuffer b = dev.allocate(100);
            dev.read(2900, b);
            assertFalse(b.hasRemaining());
            assertArrayEquals(Arrays.copyOfRange(data, 2900, 3000), toArray(b.flip()));

            dev.write(10, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            dev.flush();
            ByteBuffer back = ByteBuffer.allocate(3);
            dev.read(10, back);
            assertArrayEquals(new byte[] {1, 2, 3}, back.array());

            DeviceException e = assertThrows(DeviceException.class,
                    () -> dev.read(2990, ByteBuffer.allocate(20)));
            assertTrue(e.getMessage().startsWith(file + ": read past end"), e.getMessage());
            // A read that starts far beyond the end still says where the data ends.
            e = assertThrows(DeviceException.class, () -> dev.read(1 << 20, ByteBuffer.allocate(20)));
            assertTrue(e.getMessage().endsWith("the data ends at byte 3000"), e.getMessage());
        }
    }

    @Test
    void refusesWritesWhenReadOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("img");
        Files.write(file, new byte[100]);
        try (FileChannelDevice dev = FileChannelDevice.open(file.toString(), false)) {
            assertThrows(DeviceException.class, () -> dev.write(0, ByteBuffer.allocate(1)));
        }
    }

    @Test
    void openErrorsAreOneLineWithThePath(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        DeviceException e = assertThrows(DeviceException.class,
                () -> FileChannelDevice.open(missing.toString(), false));
        assertEquals("cannot open " + missing + ": No such file or directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> FileChannelDevice.open(dir.toString(), false));
        assertEquals("cannot open " + dir + ": Is a directory", e.getMessage());
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
