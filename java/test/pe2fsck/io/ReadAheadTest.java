package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {

    @TempDir
    Path tmp;

    private static ReadAhead.Ranges ranges(long[] off, int[] len) {
        return new ReadAhead.Ranges() {
            public int count() { return off.length; }
            public long offset(int i) { return off[i]; }
            public int length(int i) { return len[i]; }
        };
    }

    @Test
    void deliversEveryRangeInOrderWithBoundedBuffers() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        Path f = Files.write(tmp.resolve("d"), data);
        Random r = new Random(11);
        int n = 500;
        long[] off = new long[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            len[i] = 1 + r.nextInt(8192);
            off[i] = r.nextInt(data.length - len[i]);
        }
        try (BlockDevice dev = Devices.open(f.toString(), false, false);
             ReadAhead ra = new ReadAhead(dev, ranges(off, len), 4, 8, 8192)) {
            for (int i = 0; i < n; i++) {
                assertTrue(ra.hasNext());
                ByteBuffer b = ra.take();
                byte[] got = new byte[b.remaining()];
                b.get(got);
                byte[] want = java.util.Arrays.copyOfRange(data, (int) off[i], (int) off[i] + len[i]);
                assertArrayEquals(want, got, "range " + i);
            }
            assertFalse(ra.hasNext());
        }
    }

    @Test
    void aFailedReadIsReportedAndTheRestStillArrive() throws Exception {
        Path f = Files.write(tmp.resolve("e"), new byte[4096]);
        long[] off = {0, 1 << 20, 1024};
        int[] len = {512, 512, 512};
        try (BlockDevice dev = Devices.open(f.toString(), false, false);
             ReadAhead ra = new ReadAhead(dev, ranges(off, len), 2, 2, 512)) {
            ra.take();
            assertThrows(DeviceException.class, ra::take);
            ByteBuffer last = ra.take();
            assertTrue(last.remaining() == 512);
            assertFalse(ra.hasNext());
        }
    }
}
