package pe2fsck.pass1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import pe2fsck.io.BlockDevice;
import pe2fsck.io.DeviceException;
import pe2fsck.io.IoMode;

class DirectoryPrefetchTest {

    /**
     * A device in {@code mode} that records each read as (offset, length) and fills nothing;
     * reads at or past {@code size} fail as a short device would.
     */
    private static BlockDevice device(IoMode mode, long size, List<long[]> reads) {
        return (BlockDevice) Proxy.newProxyInstance(BlockDevice.class.getClassLoader(), new Class<?>[] {BlockDevice.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "mode" -> mode;
                    case "allocate" -> ByteBuffer.allocateDirect((Integer) args[0]);
                    case "read" -> {
                        long offset = (Long) args[0];
                        ByteBuffer dst = (ByteBuffer) args[1];
                        if (offset + dst.remaining() > size) {
                            throw new DeviceException("short device");
                        }
                        reads.add(new long[] {offset, dst.remaining()});
                        dst.position(dst.limit());
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void waitFor(List<long[]> reads, int n) throws InterruptedException {
        for (int i = 0; i < 500 && reads.size() < n; i++) {
            Thread.sleep(10);
        }
    }

    private static List<Long> flat(List<long[]> reads) {
        return reads.stream().sorted(Comparator.comparingLong(r -> r[0])).flatMap(r -> Stream.of(r[0], r[1])).toList();
    }

    @Test
    void readsEveryOfferedRangeInChunks() throws Exception {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        long[] figures = new long[3];
        DirectoryPrefetch p = DirectoryPrefetch.start(device(IoMode.NATIVE_BUFFERED, 1L << 40, reads), 4096, 1L << 30, 1,
                (thread, cpu, requests, bytes, waits) -> {
                    figures[0]++;
                    figures[1] = requests;
                    figures[2] = bytes;
                });
        assertNotNull(p);
        p.offer(new long[] {10, 2, 400, 100}); // 100 blocks: 256 KiB and 144 KiB
        p.offer(new long[] {});
        p.offer(new long[] {7, 3});
        waitFor(reads, 4);
        p.close();
        assertEquals(List.of(7L * 4096, 3L * 4096, 10L * 4096, 2L * 4096, 400L * 4096, (long) DirectoryPrefetch.CHUNK,
                400L * 4096 + DirectoryPrefetch.CHUNK, 100L * 4096 - DirectoryPrefetch.CHUNK), flat(reads));
        assertArrayEquals(new long[] {1, 4, 105 * 4096}, figures, "one report as the thread ends");
    }

    @Test
    void severalThreadsShareTheWork() throws Exception {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        DirectoryPrefetch p = DirectoryPrefetch.start(device(IoMode.JAVA_FALLBACK, 1L << 40, reads), 1024, 1L << 30, 3, null);
        for (int i = 0; i < 30; i++) {
            p.offer(new long[] {100 * i + 1, 1});
        }
        waitFor(reads, 30);
        p.close();
        assertEquals(30, reads.size());
    }

    @Test
    void stopsWhenTheBudgetIsSpent() throws Exception {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        DirectoryPrefetch p = DirectoryPrefetch.start(device(IoMode.NATIVE_BUFFERED, 1L << 40, reads), 1024, 3 * 1024, 1, null);
        p.offer(new long[] {10, 2, 20, 1, 30, 1});
        waitFor(reads, 2);
        p.offer(new long[] {50, 1});
        p.close();
        // 2 + 1 blocks spend the 3-block budget: the rest is never read, whatever the timing.
        assertEquals(List.of(10L * 1024, 2048L, 20L * 1024, 1024L), flat(reads));
    }

    @Test
    void aFailedReadIsSkipped() throws Exception {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        DirectoryPrefetch p = DirectoryPrefetch.start(device(IoMode.NATIVE_BUFFERED, 100 * 1024, reads), 1024, 1L << 30, 1, null);
        p.offer(new long[] {200, 1, 300, 1});
        p.offer(new long[] {5, 1});
        waitFor(reads, 1);
        p.close();
        assertEquals(List.of(5L * 1024, 1024L), flat(reads));
    }

    @Test
    void nothingStartsWithoutAPageCacheOrABudget() {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        assertNull(DirectoryPrefetch.start(device(IoMode.NATIVE_DIRECT, 1L << 40, reads), 4096, 1L << 30, 1, null));
        assertNull(DirectoryPrefetch.start(device(IoMode.NATIVE_BUFFERED, 1L << 40, reads), 4096, 0, 1, null));
    }

    @Test
    void closeEndsTheThreadsWithRangesStillQueued() throws Exception {
        List<long[]> reads = new CopyOnWriteArrayList<>();
        DirectoryPrefetch p = DirectoryPrefetch.start(device(IoMode.NATIVE_BUFFERED, 1L << 40, reads), 4096, 1L << 40, 2, null);
        for (int i = 0; i < 1000; i++) {
            p.offer(new long[] {i + 1, 1}); // more than the queue holds: the rest are dropped
        }
        p.close();
        p.offer(new long[] {5, 1}); // after close: ignored
        long before = reads.size();
        Thread.sleep(100);
        assertEquals(before, reads.size(), "a read after close");
    }
}
