package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The inode view reads the same fields from heap arrays, slices, read-only and direct buffers. */
class InodeFieldsTest {

    private static final int SIZE = 256;

    /** Every field the view has, as one string, for the record at {@code off}. */
    private static String fields(Inode i) {
        StringBuilder s = new StringBuilder();
        s.append(i.mode()).append(',').append(i.uid()).append(',').append(i.gid()).append(',').append(i.size())
                .append(',').append(i.dtime()).append(',').append(i.linksCount()).append(',').append(i.blocksRaw())
                .append(',').append(i.flags()).append(',').append(i.generation()).append(',').append(i.fileAcl())
                .append(',').append(i.checksumLo()).append(',').append(i.extraIsize()).append(',').append(i.checksumHi());
        for (int k = 0; k < 15; k++) {
            s.append(',').append(i.block(k));
        }
        return s.toString();
    }

    /** The buffers pass 1 and others may hand the view, each over its own random bytes. */
    private static ByteBuffer[] buffers(Random r) {
        byte[][] data = new byte[4][3 * SIZE];
        for (byte[] d : data) {
            r.nextBytes(d);
        }
        byte[] padded = new byte[data[1].length + 5];
        System.arraycopy(data[1], 0, padded, 5, data[1].length);
        return new ByteBuffer[] {
            ByteBuffer.wrap(data[0]),
            ByteBuffer.wrap(padded).position(5).slice(), // array offset 5
            ByteBuffer.wrap(data[2]).asReadOnlyBuffer(), // no accessible array
            ByteBuffer.allocateDirect(data[3].length).put(0, data[3]),
        };
    }

    private static ByteBuffer directCopy(ByteBuffer b) {
        ByteBuffer d = ByteBuffer.allocateDirect(b.limit()).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < b.limit(); k++) {
            d.put(k, b.get(k));
        }
        return d;
    }

    @Test
    void everyKindOfBufferGivesTheSameFieldsAndReusingTheViewFollowsTheBuffer() {
        ByteBuffer[] bufs = buffers(new Random(7));
        Inode view = new Inode(SIZE); // one view moved across all buffers, as pass 1 moves it
        for (int round = 0; round < 2; round++) {
            for (ByteBuffer b : bufs) {
                ByteBuffer copy = directCopy(b);
                for (int rec = 0; rec < 3; rec++) {
                    assertEquals(fields(new Inode(SIZE).at(copy, rec * SIZE)), fields(view.at(b, rec * SIZE)),
                            "record " + rec + " in " + b);
                }
            }
        }
    }

    @Test
    void readsPastTheLimitThrowAsTheBufferWould() {
        ByteBuffer b = ByteBuffer.wrap(new byte[SIZE]).limit(100);
        Inode view = new Inode(SIZE).at(b, 0);
        assertEquals(0, view.mode());
        assertThrows(IndexOutOfBoundsException.class, view::fileAcl); // 0x68 is past 100
        assertThrows(IndexOutOfBoundsException.class, () -> new Inode(SIZE).at(b, -2).mode());
    }
}
