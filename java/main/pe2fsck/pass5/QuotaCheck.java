package pe2fsck.pass5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import pe2fsck.run.CheckContext;
import pe2fsck.state.QuotaUsage;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileReader;
import pe2fsck.fs.FormatException;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Le;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * After pass 5, with the quota feature: the usage each quota file records (space and inodes per
 * user, group and project) must equal what pass 1 counted. The files use the kernel's quota
 * tree format: 1 KiB blocks, a header naming the type, a four-level tree from block 1 indexed
 * by the id's bytes, and data blocks of 72-byte entries. One question per type, as e2fsck asks.
 */
final class QuotaCheck {

    private static final int BLOCK = 1024;
    private static final int TREE_ROOT = 1;
    private static final int TREE_DEPTH = 4;
    private static final int DATA_HEADER = 16;
    private static final int ENTRY = 72;
    private static final long[] MAGIC = {0xd9c01f11L, 0xd9c01927L, 0xd9c03f14L};
    private static final String[] NAMES = {"user", "group", "project"};

    private QuotaCheck() {
    }

    static void run(CheckContext ctx) {
        FileSystem fs = ctx.fs();
        Superblock sb = fs.superblock();
        if (!sb.has(Feature.QUOTA)) {
            return;
        }
        long[] inodes = {sb.usrQuotaInum(), sb.grpQuotaInum(), sb.has(Feature.PROJECT) ? sb.prjQuotaInum() : 0};
        for (int type = 0; type < 3; type++) {
            long ino = inodes[type];
            if (ino == 0 || ino > fs.geometry().inodesCount()) {
                continue;
            }
            Map<Long, long[]> recorded = read(fs, ino, type);
            if (recorded != null) {
                compare(ctx, type, recorded);
            }
        }
    }

    private static void compare(CheckContext ctx, int type, Map<Long, long[]> recorded) {
        Map<Long, long[]> counted = ctx.quota.of(type);
        TreeSet<Long> ids = new TreeSet<>(recorded.keySet());
        ids.addAll(counted.keySet());
        boolean differs = false;
        for (long id : ids) {
            long[] have = counted.getOrDefault(id, new long[2]);
            long[] says = recorded.getOrDefault(id, new long[2]);
            if (have[0] != says[0] || have[1] != says[1]) {
                differs = true;
                ctx.problems().ask(Finding.of(Problem.QUOTA_USAGE).text(NAMES[type]).ino(id)
                        .num(have[0]).num2(have[1]).blk(says[0]).dir(says[1]).build());
            }
        }
        if (differs) {
            ctx.problems().ask(Finding.of(Problem.UPDATE_QUOTAS).num(type).text(NAMES[type]).build());
        }
    }

    /** id to {space, inodes} as the quota file records them; null if the file is not one. */
    static Map<Long, long[]> read(FileSystem fs, long ino, int type) {
        byte[] file;
        try {
            file = new FileReader(fs).readAll(ino);
        } catch (FormatException e) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 2 * BLOCK || Le.u32(b, 0) != MAGIC[type] || Le.u32(b, 4) != 1) {
            return null;
        }
        TreeSet<Integer> dataBlocks = new TreeSet<>();
        collect(b, TREE_ROOT, 0, dataBlocks, new TreeSet<>());
        Map<Long, long[]> out = new TreeMap<>();
        for (int blk : dataBlocks) {
            int base = blk * BLOCK;
            for (int e = base + DATA_HEADER; e + ENTRY <= base + BLOCK; e += ENTRY) {
                if (allZero(file, e, ENTRY)) {
                    continue;
                }
                long id = Le.u32(b, e);
                out.put(id, new long[] {Le.u64(b, e + 48), Le.u64(b, e + 24)});
            }
        }
        return out;
    }

    /** Walks tree block {@code blk} at {@code depth}, gathering the data blocks it leads to. */
    private static void collect(ByteBuffer b, int blk, int depth, TreeSet<Integer> data, TreeSet<Integer> seen) {
        int blocks = b.capacity() / BLOCK;
        if (blk <= 0 || blk >= blocks || !seen.add(blk)) {
            return; // outside the file, or visited already: a damaged tree is not followed twice
        }
        for (int i = 0; i < BLOCK / 4; i++) {
            int ref = (int) Le.u32(b, blk * BLOCK + 4 * i);
            if (ref == 0) {
                continue;
            }
            if (depth == TREE_DEPTH - 1) {
                if (ref < blocks) {
                    data.add(ref);
                }
            } else {
                collect(b, ref, depth + 1, data, seen);
            }
        }
    }

    private static boolean allZero(byte[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
