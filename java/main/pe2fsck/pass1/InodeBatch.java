package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One ring slot: a run of inode-table bytes and what the consumer learned from it.
 * Preallocated by the ring; the reader fills {@link #data}, one consumer fills {@link #result},
 * the publisher merges and the slot is reused. An event with {@code batch < 0} carries nothing
 * (a reader's end marker).
 */
public final class InodeBatch {

    int batch = -1;
    long firstIno;
    int inodes;
    ByteBuffer data;
    /** Set by the reader when the read failed. */
    String readError;
    final BatchResult result = new BatchResult();

    void allocate(ByteBuffer buffer) {
        this.data = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }
}
