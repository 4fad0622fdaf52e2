package pe2fsck.pass1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import pe2fsck.run.CheckContext;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Inode;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Passes 1B-1D: runs only when pass 1 saw a block claimed twice. The scan knew only the
 * second claimant of each such block, so this rescans every inode in use to learn all owners
 * (metadata included), then reports each inode's shared blocks and, per file, who it shares
 * them with. Sequential and rare; clarity over speed.
 */
final class Pass1B {

    private final CheckContext ctx;

    Pass1B(CheckContext ctx) {
        this.ctx = ctx;
    }

    void run() {
        FileSystem fs = ctx.fs();
        int inodeSize = fs.geometry().inodeSize();
        BatchPlan plan = BatchPlan.of(fs, Pass1.DEFAULT_BATCH_BYTES);
        ByteBuffer data = fs.device().allocate(plan.maxBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        BlockChecker walker = new BlockChecker(fs);
        boolean inlineFeature = fs.has(pe2fsck.fs.Feature.INLINE_DATA);
        boolean extentsFeature = fs.has(pe2fsck.fs.Feature.EXTENTS);
        BatchResult scratch = new BatchResult();
        Inode inode = new Inode(inodeSize);
        // inode -> its shared blocks; block -> owners
        Map<Long, List<Long>> sharedBy = new TreeMap<>();
        Map<Long, TreeSet<Long>> owners = new TreeMap<>();
        for (int i = 0; i < plan.size(); i++) {
            data.clear().limit(plan.blocks(i) * fs.blockSize());
            fs.readBlocks(plan.tableBlock(i), plan.blocks(i), data);
            for (int k = 0; k < plan.inodes(i); k++) {
                long ino = plan.firstIno(i) + k;
                if (!ctx.inodeUsed.contains(ino)) {
                    continue;
                }
                inode.at(data, k * inodeSize);
                // The same blocks pass 1 claimed: the xattr block, and i_block where pass 1 walks it.
                boolean walks = InodeChecker.walksBlocks(ino, inode, inlineFeature, fs.blockSize());
                long acl = inode.fileAcl();
                if (!walks && acl == 0) {
                    continue;
                }
                scratch.reset(1);
                walker.start(ino, 0, false, inode, scratch);
                if (acl != 0 && walker.legal(acl)) {
                    walker.claimEaBlock(acl);
                }
                if (walks && (inode.flags() & Inode.FL_EXTENTS) != 0 && extentsFeature) {
                    walker.walkExtents(inode);
                } else if (walks) {
                    walker.walkBlockMap(inode);
                }
                collect(ino, scratch, sharedBy, owners);
            }
        }
        ctx.blockDup.forEach(b -> {
            if (ctx.blockMeta.contains(b)) {
                owners.computeIfAbsent(b, x -> new TreeSet<>()).add(0L);
            }
        });
        for (Map.Entry<Long, List<Long>> e : sharedBy.entrySet()) {
            ctx.problems().ask(Finding.of(Problem.DUP_BLOCK).ino(e.getKey()).num(e.getValue().size())
                    .text(blockList(e.getValue())).build());
        }
        for (Map.Entry<Long, List<Long>> e : sharedBy.entrySet()) {
            long ino = e.getKey();
            TreeSet<Long> others = new TreeSet<>();
            for (long b : e.getValue()) {
                others.addAll(owners.get(b));
            }
            others.remove(ino);
            List<String> names = new ArrayList<>();
            for (long o : others) {
                names.add(o == 0 ? "<file system metadata>" : "inode " + o);
            }
            ctx.problems().ask(Finding.of(Problem.DUP_FILE).ino(ino).num(e.getValue().size())
                    .text(String.join(", ", names)).build());
            if (!ctx.problems().ask(Finding.of(Problem.CLONE_QUESTION).ino(ino).build())) {
                ctx.problems().ask(Finding.of(Problem.DELETE_QUESTION).ino(ino).build());
            }
        }
    }

    private void collect(long ino, BatchResult r, Map<Long, List<Long>> sharedBy, Map<Long, TreeSet<Long>> owners) {
        for (int k = 0; k < r.claims; k++) {
            for (long b = r.claimStart[k]; b < r.claimStart[k] + r.claimLen[k]; b++) {
                if (ctx.blockDup.contains(b)) {
                    sharedBy.computeIfAbsent(ino, x -> new ArrayList<>()).add(b);
                    owners.computeIfAbsent(b, x -> new TreeSet<>()).add(ino);
                }
            }
        }
        for (int k = 0; k < r.eaRefs; k++) {
            long b = r.eaBlock[k];
            if (ctx.blockDup.contains(b)) {
                sharedBy.computeIfAbsent(ino, x -> new ArrayList<>()).add(b);
                owners.computeIfAbsent(b, x -> new TreeSet<>()).add(ino);
            }
        }
    }

    private static String blockList(List<Long> blocks) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (long b : blocks) {
            if (shown++ == 32) {
                sb.append(" ...");
                break;
            }
            sb.append(shown > 1 ? " " : "").append(b);
        }
        return sb.toString();
    }
}
