package pe2fsck.write;

import java.nio.ByteBuffer;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;

/**
 * What e2fsck 1.47 records in the superblock after a completed check in a writing run (-p or
 * -y, forced or due; never under -n, never when the check stopped early), measured against the
 * system's e2fsck:
 * <ul>
 *   <li>state: exactly "valid" when no error is left (an "errors" or "orphans" bit goes with
 *       it); otherwise the valid bit is cleared and the rest kept;</li>
 *   <li>mount count 0 and last check time now, whether or not anything was repaired;</li>
 *   <li>the error record (count, first and last error, 0x194 to 0x200) cleared.</li>
 * </ul>
 * A file system that was not marked valid and now is counts as corrected (exit 1), as for
 * e2fsck; the other updates alone leave the exit status 0.
 */
public final class Bookkeeping {

    private static final int STATE = 0x3A;
    private static final int MOUNT_COUNT = 0x34;
    private static final int LAST_CHECK = 0x40;
    private static final int LAST_CHECK_HI = 0x277;
    private static final int ERROR_RECORD_START = 0x194;
    private static final int ERROR_RECORD_END = 0x200;

    private Bookkeeping() {
    }

    /**
     * Applies the updates to {@code sb} (the in-memory superblock). Returns true if the file
     * system went from "not valid" to "valid", which e2fsck reports as a correction.
     */
    public static boolean afterCompletedCheck(ByteBuffer sb, boolean errorsLeft, long nowSeconds) {
        int state = Le.u16(sb, STATE);
        boolean becameValid = false;
        if (!errorsLeft) {
            becameValid = (state & Superblock.STATE_VALID) == 0;
            Le.put16(sb, STATE, Superblock.STATE_VALID);
        } else {
            Le.put16(sb, STATE, state & ~Superblock.STATE_VALID);
        }
        Le.put32(sb, LAST_CHECK, nowSeconds & 0xFFFF_FFFFL);
        sb.put(LAST_CHECK_HI, (byte) (nowSeconds >>> 32));
        Le.put16(sb, MOUNT_COUNT, 0);
        for (int i = ERROR_RECORD_START; i < ERROR_RECORD_END; i++) {
            sb.put(i, (byte) 0);
        }
        return becameValid;
    }
}
