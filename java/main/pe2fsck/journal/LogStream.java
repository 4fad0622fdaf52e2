package pe2fsck.journal;

import java.nio.ByteBuffer;

/**
 * The journal's blocks in log order, one at a time. A block returned stays valid, and may be
 * changed by the caller, until the next call.
 */
public interface LogStream {

    /** The next block (big-endian, position 0, one block long), or null when none is left. */
    ByteBuffer next();
}
