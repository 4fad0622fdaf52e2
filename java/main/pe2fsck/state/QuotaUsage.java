package pe2fsck.state;

import java.util.Map;
import java.util.TreeMap;

/**
 * Space and inodes charged to each user, group or project, as the check counts them: the
 * figures quota files must agree with. Filled by pass 1's publisher (one thread), read after
 * pass 5. Only kept when the file system has quotas.
 */
public final class QuotaUsage {

    /** Quota types, in e2fsck's numbering. */
    public static final int USER = 0;
    public static final int GROUP = 1;
    public static final int PROJECT = 2;

    private final Map<Long, long[]>[] byType;

    @SuppressWarnings("unchecked")
    public QuotaUsage() {
        byType = new Map[] {new TreeMap<>(), new TreeMap<>(), new TreeMap<>()};
    }

    /** Charges {@code spaceBytes} and {@code inodes} to {@code id} of quota {@code type}. */
    public void charge(int type, long id, long spaceBytes, long inodes) {
        long[] u = byType[type].computeIfAbsent(id, k -> new long[2]);
        u[0] += spaceBytes;
        u[1] += inodes;
    }

    /** id to {space in bytes, inodes}, in id order. */
    public Map<Long, long[]> of(int type) {
        return byType[type];
    }
}
