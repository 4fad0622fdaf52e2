package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heap-array path of {@link Le} must read exactly what the buffer's own accessors read. */
class LeTest {

    private static final int N = 300;

    private static ByteBuffer[] views(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(0, bytes);
        ByteBuffer bigEndianHeap = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.BIG_ENDIAN);
        // A slice has a non-zero array offset: index 0 of the slice is byte 7 of the array.
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        ByteBuffer slice = ByteBuffer.wrap(padded).position(7).slice().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer readOnly = ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
        return new ByteBuffer[] {ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN), direct,
                bigEndianHeap, slice, readOnly};
    }

    @Test
    void everyKindOfBufferReadsTheSameLittleEndianValues() {
        byte[] bytes = new byte[N];
        new Random(42).nextBytes(bytes);
        ByteBuffer reference = ByteBuffer.allocateDirect(N).order(ByteOrder.LITTLE_ENDIAN).put(0, bytes);
        for (ByteBuffer b : views(bytes)) {
            for (int off = 0; off + 8 <= N; off++) {
                assertEquals(reference.get(off) & 0xFF, Le.u8(b, off));
                assertEquals(reference.getShort(off) & 0xFFFF, Le.u16(b, off));
                assertEquals(reference.getInt(off), Le.s32(b, off));
                assertEquals(reference.getInt(off) & 0xFFFFFFFFL, Le.u32(b, off));
                assertEquals(reference.getLong(off), Le.u64(b, off));
            }
        }
    }

    @Test
    void readsPastTheLimitFailAsTheBufferWould() {
        byte[] bytes = new byte[64];
        ByteBuffer heap = ByteBuffer.wrap(bytes).limit(16);
        assertThrows(IndexOutOfBoundsException.class, () -> Le.u16(heap, 15));
        assertThrows(IndexOutOfBoundsException.class, () -> Le.s32(heap, 13));
        assertThrows(IndexOutOfBoundsException.class, () -> Le.u8(heap, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> Le.u8(heap, -1));
        assertEquals(0, Le.s32(heap, 12));
        // The slice's array is larger than the slice: the slice's own limit still holds.
        ByteBuffer slice = ByteBuffer.wrap(bytes).position(8).slice().limit(8);
        assertThrows(IndexOutOfBoundsException.class, () -> Le.s32(slice, 6));
    }
}
