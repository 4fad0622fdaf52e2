package pe2fsck.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferPoolTest {

    @TempDir
    Path tmp;

    private BlockDevice device() throws Exception {
        return Devices.open(Files.write(tmp.resolve("d"), new byte[1 << 16]).toString(), false, false);
    }

    @Test
    void sizesRoundUpToPowersOfTwoOfAtLeastAPage() {
        assertEquals(4096, BufferPool.sizeFor(0));
        assertEquals(4096, BufferPool.sizeFor(4096));
        assertEquals(8192, BufferPool.sizeFor(4097));
        assertEquals(256 * 1024, BufferPool.sizeFor(200 * 1024));
        assertThrows(IllegalArgumentException.class, () -> BufferPool.sizeFor(-1));
    }

    @Test
    void aBufferGivenBackIsHandedOutAgainCleared() throws Exception {
        try (BlockDevice dev = device()) {
            BufferPool pool = new BufferPool(dev);
            ByteBuffer a = pool.take(100_000);
            assertEquals(128 * 1024, a.capacity());
            a.position(10).limit(20);
            pool.give(a);
            ByteBuffer b = pool.take(70_000);
            assertSame(a, b);
            assertEquals(0, b.position());
            assertEquals(b.capacity(), b.limit());
            assertNotSame(b, pool.take(70_000), "a buffer in use is not handed out twice");
            assertEquals(2 * 128 * 1024, pool.allocatedBytes());
            assertEquals(0, pool.freeBytes());
            pool.give(a);
            assertEquals(128 * 1024, pool.freeBytes());
        }
    }

    @Test
    void buffersOfAnotherSizeAreNotMixedUp() throws Exception {
        try (BlockDevice dev = device()) {
            BufferPool pool = new BufferPool(dev);
            pool.give(pool.take(4096));
            assertEquals(65536, pool.take(65536).capacity());
            assertThrows(IllegalArgumentException.class, () -> pool.give(ByteBuffer.allocateDirect(5000)));
            pool.give(null);
            assertTrue(pool.allocatedBytes() >= 4096 + 65536);
        }
    }
}
