package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void closeGivesItsBuffersBackForTheNextReadAhead() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        Path f = Files.write(tmp.resolve("pooled"), data);
        int n = 64;
        long[] off = new long[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            off[i] = i * 16384L;
            len[i] = 4096;
        }
        try (BlockDevice dev = Devices.open(f.toString(), false, false)) {
            BufferPool pool = new BufferPool(dev);
            for (int round = 0; round < 3; round++) {
                // stopped part-way in some rounds: unread requests' buffers come back too
                int upTo = round == 1 ? n / 3 : n;
                try (ReadAhead ra = new ReadAhead(dev, ranges(off, len), 4, 8, 4096, 0, 0, null, pool)) {
                    for (int i = 0; i < upTo; i++) {
                        ByteBuffer b = ra.take();
                        assertEquals(data[(int) off[i]], b.get(0), "round " + round + " range " + i);
                    }
                }
            }
            // 8 buffers of 4 KiB made once and reused by the later rounds. A read still running
            // when round 1 closes keeps its buffer (one per thread at most, 4 here), so up to 4
            // more may be made; queued reads that never started give theirs back.
            assertTrue(pool.allocatedBytes() <= 12 * 4096, "allocated " + pool.allocatedBytes());
            assertTrue(pool.freeBytes() >= 8 * 4096, "free " + pool.freeBytes());
        }
    }

    /** A device over another that records, in order, the offsets announced and read. */
    private static final class Recording implements BlockDevice {
        final BlockDevice d;
        final java.util.Set<Long> hinted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicLong furthest = new java.util.concurrent.atomic.AtomicLong(-1);

        Recording(BlockDevice d) { this.d = d; }
        @Override public String path() { return d.path(); }
        @Override public long size() { return d.size(); }
        @Override public int logicalSectorSize() { return d.logicalSectorSize(); }
        @Override public int physicalSectorSize() { return d.physicalSectorSize(); }
        @Override public int alignment() { return d.alignment(); }
        @Override public IoMode mode() { return d.mode(); }
        @Override public boolean writable() { return false; }
        @Override public DeviceGeometry geometry() { return d.geometry(); }
        @Override public ByteBuffer allocate(int capacity) { return d.allocate(capacity); }
        @Override public void write(long offset, ByteBuffer src) { throw new UnsupportedOperationException(); }
        @Override public void dontNeed(long offset, long length) { }
        @Override public void flush() { }
        @Override public void close() { d.close(); }

        @Override
        public void willNeed(long offset, long length) {
            hinted.add(offset);
            furthest.accumulateAndGet(offset, Math::max);
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            d.read(offset, dst);
        }
    }

    @Test
    void hintsAnnounceEveryLaterRequestOnceAndNotTooFarAhead() throws Exception {
        Path f = Files.write(tmp.resolve("h"), new byte[1 << 20]);
        int n = 200;
        long[] off = new long[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            off[i] = i * 4096L;
            len[i] = 512; // 3.5 KiB gaps: with no merging, one request per range
        }
        int depth = 2;
        int window = 4;
        int distance = 10;
        try (Recording dev = new Recording(Devices.open(f.toString(), false, false));
             ReadAhead ra = new ReadAhead(dev, ranges(off, len), depth, window, 512).hintAhead(distance)) {
            while (ra.hasNext()) {
                ra.take();
                // never announced much further ahead than asked: at most the distance beyond
                // the requests already submitted
                long furthest = dev.furthest.get() / 4096;
                assertTrue(furthest < ra.nextIndex() + window + distance, "hinted up to " + furthest + " at " + ra.nextIndex());
            }
            // the announcing thread may still be catching up
            java.util.Set<Long> hinted = dev.hinted;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (hinted.size() < n - window && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (int i = window; i < n; i++) {
                assertTrue(hinted.contains(off[i]), "request " + i + " announced");
            }
            assertFalse(hinted.stream().anyMatch(o -> o >= n * 4096L), "nothing past the list announced");
        }
    }

    @Test
    void eachPoolThreadReportsItsReadsBeforeCloseReturns() throws Exception {
        byte[] data = new byte[1 << 18];
        Path f = Files.write(tmp.resolve("t"), data);
        int n = 64;
        long[] off = new long[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            off[i] = i * 4096L;
            len[i] = 1024;
        }
        java.util.List<String> names = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        ReadAhead.ThreadReport report = (thread, cpu, reads, read, nanos) -> {
            assertEquals(thread, Thread.currentThread().getName(), "reported on the thread itself");
            assertTrue(cpu >= -1 && nanos >= 0);
            names.add(thread);
            requests.addAndGet(reads);
            bytes.addAndGet(read);
        };
        int made;
        try (BlockDevice dev = Devices.open(f.toString(), false, false)) {
            try (ReadAhead ra = new ReadAhead(dev, ranges(off, len), 3, 6, 1024, 0, 0, report)) {
                while (ra.hasNext()) {
                    ra.take();
                }
                made = ra.requestCount();
            }
            // close() has returned: every thread has reported.
            assertEquals(3, names.size(), names.toString());
            assertEquals(java.util.Set.of("read-ahead-0", "read-ahead-1", "read-ahead-2"), new java.util.HashSet<>(names));
            assertEquals(made, requests.get());
            assertEquals(n * 1024L, bytes.get());
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

    @Test
    void neighboursAreMergedAndStillArriveOneByOne() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        Path f = Files.write(tmp.resolve("m"), data);
        // Runs of adjacent 4 KiB ranges, a jump back, a 4 KiB gap, and a run longer than one request.
        long[] off = {0, 4096, 8192, 65536, 69632, 4096, 77824, 81920, 131072, 135168, 139264, 143360};
        int[] len = new int[off.length];
        java.util.Arrays.fill(len, 4096);
        try (BlockDevice dev = Devices.open(f.toString(), false, false);
             ReadAhead ra = new ReadAhead(dev, ranges(off, len), 2, 4, 4096, 8192 + 4096, 4096)) {
            // {0,4096,8192} {65536,69632} {4096} {77824,81920} {131072,135168,139264} {143360}
            assertEquals(6, ra.requestCount());
            for (int i = 0; i < off.length; i++) {
                ByteBuffer b = ra.take();
                assertEquals(0, b.position());
                assertEquals(4096, b.remaining());
                byte[] got = new byte[4096];
                b.get(got);
                assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) off[i], (int) off[i] + 4096), got, "range " + i);
            }
            assertFalse(ra.hasNext());
        }
    }

    @Test
    void aFailedMergedReadCostsOnlyTheRangesPastTheFailure() throws Exception {
        byte[] data = new byte[4096];
        new Random(5).nextBytes(data);
        Path f = Files.write(tmp.resolve("t"), data);
        long[] off = {2048, 3072, 4096, 5120};
        int[] len = {1024, 1024, 1024, 1024};
        try (BlockDevice dev = Devices.open(f.toString(), false, false);
             ReadAhead ra = new ReadAhead(dev, ranges(off, len), 1, 1, 1024, 1 << 16, 0)) {
            assertEquals(1, ra.requestCount());
            byte[] got = new byte[1024];
            ra.take().get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 2048, 3072), got);
            ra.take().get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 3072, 4096), got);
            assertThrows(DeviceException.class, ra::take);
            assertThrows(DeviceException.class, ra::take);
            assertFalse(ra.hasNext());
        }
    }
}
