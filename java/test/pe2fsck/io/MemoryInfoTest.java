package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryInfoTest {

    @Test
    void readsMemAvailableInBytes() {
        assertEquals(2048L * 1024, MemoryInfo.availableBytes(List.of("MemTotal:  9999 kB", "MemFree: 1 kB",
                "MemAvailable:    2048 kB", "Buffers: 3 kB")));
    }

    @Test
    void missingOrMalformedIsMinusOne() {
        assertEquals(-1, MemoryInfo.availableBytes(List.of("MemTotal: 10 kB")));
        assertEquals(-1, MemoryInfo.availableBytes(List.of("MemAvailable: lots kB")));
        assertEquals(-1, MemoryInfo.availableBytes(List.of()));
    }

    @Test
    void thisMachineReportsSomeMemoryWhenItHasProc() {
        if (Files.isReadable(Path.of("/proc/meminfo"))) {
            assertTrue(MemoryInfo.availableBytes() > 0);
        }
    }
}
