package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory; runs with or without the native shim. */
class DevicesTest {

    @Test
    void statusIsOneLineAndNamesTheOutcome() {
        String status = Devices.nativeStatus();
        assertFalse(status.contains("\n"), status);
        if (NativeLib.available()) {
            assertTrue(status.startsWith("native shim loaded from "), status);
        } else {
            assertTrue(status.startsWith("native shim not loaded: "), status);
            assertTrue(status.endsWith("; using Java FileChannel"), status);
        }
    }

    @Test
    void refusesMissingPathsAndDirectories(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        DeviceException e = assertThrows(DeviceException.class,
                () -> Devices.open(missing.toString(), false, false));
        assertEquals("cannot open " + missing + ": No such file or directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> Devices.open(dir.toString(), true, true));
        assertEquals("cannot open " + dir + ": Is a directory", e.getMessage());
        e = assertThrows(DeviceException.class, () -> Devices.open("", false, false));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void opensAnImageEitherWay(@TempDir Path dir) throws Exception {
        byte[] data = AlignedReaderTest.pattern(5000, 23);
        Path file = dir.resolve("img");
        Files.write(file, data);
        try (BlockDevice dev = Devices.open(file.toString(), false, true)) {
            assertEquals(5000, dev.size());
            ByteBuffer b = ByteBuffer.allocate(5000);
            dev.read(0, b);
            assertArrayEquals(data, b.array());
        }
    }
}
