package pe2fsck.pass2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.roaringbitmap.RoaringBitmap;
import pe2fsck.check.CheckContext;
import pe2fsck.check.DirBlockList;
import pe2fsck.check.Pass;
import pe2fsck.fs.Crc32c;
import pe2fsck.fs.Feature;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.GroupDescriptor;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Pass 2: reads every directory block pass 1 listed (in directory order) and every inline
 * directory, and checks each entry: record lengths and name lengths, '.' and '..', inode
 * numbers in range and in use, names, file types against the inode, second links to a
 * directory, leaf checksums and the htree root's shape. Reports inodes pass 1 marked bad when an
 * entry leads to them.
 *
 * <p>Builds for later passes: a reference count per inode (every entry, '.' and '..' included),
 * each directory's '..' and the directory whose entry names it. Leaves connectivity to pass 3
 * and link counts to pass 4.
 */
public final class Pass2 implements Pass {

    static final long ROOT = 2;
    private static final int TAIL_TYPE = 0xDE;

    private CheckContext ctx;
    private FileSystem fs;
    private int blockSize;
    private boolean filetype;
    private boolean metadataCsum;
    private boolean encryptOrCasefold;
    private long firstIno;
    private long inodesCount;
    private final RoaringBitmap badReported = new RoaringBitmap();
    private final Inode inode = new Inode(128);

    @Override
    public String name() {
        return "Pass 2";
    }

    @Override
    public void run(CheckContext ctx) {
        this.ctx = ctx;
        this.fs = ctx.fs();
        this.blockSize = fs.blockSize();
        this.filetype = fs.has(Feature.FILETYPE);
        this.metadataCsum = fs.has(Feature.METADATA_CSUM);
        this.encryptOrCasefold = fs.has(Feature.ENCRYPT) || fs.has(Feature.CASEFOLD);
        this.firstIno = fs.superblock().firstIno();
        this.inodesCount = fs.geometry().inodesCount();
        if (ctx.dirInfo.contains(ROOT)) {
            ctx.dirInfo.setParent(ROOT, ROOT);
        }
        DirBlockList list = ctx.dirBlocks;
        list.sortByInode();
        ByteBuffer block = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        RoaringBitmap withBlocks = new RoaringBitmap();
        for (int i = 0; i < list.size(); i++) {
            long dir = list.ino(i);
            withBlocks.add((int) dir);
            long phys = list.physical(i);
            if (phys == 0) {
                continue;
            }
            block.clear();
            fs.readBlock(phys, block);
            checkBlock(dir, list.logical(i), block);
        }
        // Inline directories have no blocks; their entries live in the inode.
        if (fs.has(Feature.INLINE_DATA)) {
            for (int k = 0; k < ctx.dirInfo.size(); k++) {
                long dir = ctx.dirInfo.inoAt(k);
                if (!withBlocks.contains((int) dir)) {
                    checkInlineDir(dir);
                }
            }
        }
    }

    private void checkInlineDir(long dir) {
        Inode in = fs.readInode(dir);
        if ((in.flags() & Inode.FL_INLINE_DATA) == 0) {
            return;
        }
        long parent = InlineDirReader.parent(in);
        ctx.refCount.increment(dir); // the implicit '.'
        ctx.dirInfo.setDotdot(dir, parent);
        if (parent >= 1 && parent <= inodesCount) {
            ctx.refCount.increment(parent);
        }
        ByteBuffer entries = InlineDirReader.entries(in);
        walkEntries(dir, -1, entries, entries.capacity(), false);
    }

    private void checkBlock(long dir, long logical, ByteBuffer b) {
        boolean htreeNode = logical > 0 && Le.u32(b, 0) == 0 && recLen(b, 0) == blockSize;
        int limit = blockSize;
        if (metadataCsum && !htreeNode && !(logical == 0 && isHtreeRoot(b))) {
            int t = blockSize - 12;
            if (Le.u32(b, t) == 0 && Le.u16(b, t + 4) == 12 && Le.u8(b, t + 6) == 0 && Le.u8(b, t + 7) == TAIL_TYPE) {
                limit = t;
                Inode dirInode = fs.readInode(dir);
                int want = Crc32c.of(fs.checksums().inodeSeedValue(dir, dirInode.generation()), b, 0, t);
                if (want != Le.s32(b, t + 8)) {
                    ctx.problems().ask(Finding.of(Problem.LEAF_NODE_ONLY_CSUM_INVALID).dir(dir).num(logical).build());
                }
            } else {
                ctx.problems().ask(Finding.of(Problem.LEAF_NODE_MISSING_CSUM).dir(dir).num(logical).build());
            }
        }
        if (htreeNode) {
            return;
        }
        walkEntries(dir, logical, b, limit, logical == 0);
        if (logical == 0 && isHtreeRoot(b)) {
            checkHtreeRoot(dir, b);
        }
    }

    private boolean isHtreeRoot(ByteBuffer b) {
        // '.' of 12 bytes followed by '..' covering the rest of the block, then dx_root_info.
        return recLen(b, 0) == 12 && recLen(b, 12) == blockSize - 12 && Le.u8(b, 0x1D) == 8;
    }

    private void checkHtreeRoot(long dir, ByteBuffer b) {
        int hashVersion = Le.u8(b, 0x1C);
        int levels = Le.u8(b, 0x1E);
        int limit = Le.u16(b, 0x20);
        int count = Le.u16(b, 0x22);
        int expectLimit = (blockSize - 0x20 - (metadataCsum ? 8 : 0)) / 8;
        int maxLevels = fs.has(Feature.LARGEDIR) ? 3 : 2;
        if (hashVersion > 6) {
            ctx.problems().ask(Finding.of(Problem.HTREE_HASHV).ino(dir).num(hashVersion).build());
        } else if (levels >= maxLevels) {
            ctx.problems().ask(Finding.of(Problem.HTREE_DEPTH).ino(dir).num(levels).build());
        } else if (limit != expectLimit) {
            ctx.problems().ask(Finding.of(Problem.HTREE_BAD_LIMIT).dir(dir).num(0).num2(limit).build());
        } else if (count == 0 || count > limit) {
            ctx.problems().ask(Finding.of(Problem.HTREE_BAD_COUNT).dir(dir).num(0).num2(count).build());
        } else {
            long prev = -1;
            for (int i = 1; i < count; i++) {
                long h = Le.u32(b, 0x20 + 8 * i);
                if (h <= prev) {
                    ctx.problems().ask(Finding.of(Problem.HTREE_HASH_ORDER).dir(dir).num(0).build());
                    break;
                }
                prev = h;
            }
        }
    }

    private int recLen(ByteBuffer b, int off) {
        int len = Le.u16(b, off + 4);
        if (blockSize >= 65536 && (len == 65535 || len == 0)) {
            return blockSize;
        }
        return blockSize >= 65536 ? (len & 65532) | ((len & 3) << 16) : len;
    }

    /**
     * Checks the entries in [0, limit) of a block or inline region. {@code dots} says the first
     * two entries must be '.' and '..' (logical block 0 of a block directory).
     */
    private void walkEntries(long dir, long logical, ByteBuffer b, int limit, boolean dots) {
        int off = 0;
        int index = 0;
        while (off < limit) {
            if (off + 8 > limit) {
                corrupted(dir, logical, off);
                return;
            }
            long ino = Le.u32(b, off);
            int rec = recLen(b, off);
            int nameLen = filetype ? Le.u8(b, off + 6) : Le.u16(b, off + 6);
            int type = filetype ? Le.u8(b, off + 7) : 0;
            if (rec < 12 || (rec & 3) != 0 || off + rec > limit || nameLen + 8 > rec) {
                corrupted(dir, logical, off);
                return;
            }
            String name = nameLen == 0 ? "" : new String(bytes(b, off + 8, nameLen), StandardCharsets.ISO_8859_1);
            if (dots && index == 0) {
                checkDot(dir, ino, name, rec);
            } else if (dots && index == 1) {
                checkDotDot(dir, ino, name);
            } else if (ino != 0) {
                checkEntry(dir, ino, name, nameLen, type, b, off);
            }
            off += rec;
            index++;
        }
    }

    private static byte[] bytes(ByteBuffer b, int off, int len) {
        byte[] out = new byte[len];
        b.get(off, out);
        return out;
    }

    private void corrupted(long dir, long logical, int off) {
        ctx.problems().ask(Finding.of(Problem.DIR_CORRUPTED).dir(dir).num(logical).num2(off).build());
    }

    private void checkDot(long dir, long ino, String name, int rec) {
        if (!".".equals(name)) {
            ctx.problems().ask(Finding.of(ino == 0 ? Problem.MISSING_DOT : Problem.FIRST_NOT_DOT).dir(dir).text(name).build());
            return;
        }
        if (ino != dir) {
            ctx.problems().ask(Finding.of(Problem.BAD_INODE_DOT).dir(dir).ino(ino).build());
            return;
        }
        ctx.refCount.increment(dir);
    }

    private void checkDotDot(long dir, long ino, String name) {
        if (!"..".equals(name)) {
            ctx.problems().ask(Finding.of(ino == 0 ? Problem.MISSING_DOT_DOT : Problem.SECOND_NOT_DOT_DOT).dir(dir).text(name).build());
            return;
        }
        ctx.dirInfo.setDotdot(dir, ino);
        if (ino >= 1 && ino <= inodesCount) {
            ctx.refCount.increment(ino);
        }
    }

    private void checkEntry(long dir, long ino, String name, int nameLen, int type, ByteBuffer b, int off) {
        if (nameLen == 0) {
            ctx.problems().ask(Finding.of(Problem.NULL_NAME).dir(dir).ino(ino).build());
            return;
        }
        if (".".equals(name)) {
            ctx.problems().ask(Finding.of(Problem.DUP_DOT).dir(dir).build());
            return;
        }
        if ("..".equals(name)) {
            ctx.problems().ask(Finding.of(Problem.DUP_DOT_DOT).dir(dir).build());
            return;
        }
        if ((ino != ROOT && ino < firstIno) || ino > inodesCount || ino == 0) {
            ctx.problems().ask(Finding.of(Problem.BAD_INO).dir(dir).ino(ino).text(name).build());
            return;
        }
        if (!ctx.inodeUsed.contains((int) ino)) {
            ctx.problems().ask(Finding.of(unusedProblem(ino)).dir(dir).ino(ino).text(name).build());
            return;
        }
        if (ino == dir) {
            ctx.problems().ask(Finding.of(Problem.LINK_DOT).dir(dir).ino(ino).text(name).build());
            return;
        }
        if (ino == ROOT) {
            ctx.problems().ask(Finding.of(Problem.LINK_ROOT).dir(dir).ino(ino).text(name).build());
            return;
        }
        if (!encryptOrCasefold && (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0)) {
            ctx.problems().ask(Finding.of(Problem.BAD_NAME).dir(dir).ino(ino).text(name).build());
        }
        if (ctx.inodeBad.contains((int) ino) && !badReported.contains((int) ino)) {
            badReported.add((int) ino);
            reportBadInode(dir, ino, name);
        }
        int want = ctx.fileType[(int) ino];
        if (filetype) {
            if (type != want && want != 0) {
                ctx.problems().ask(Finding.of(type == 0 ? Problem.SET_FILETYPE : Problem.BAD_FILETYPE)
                        .dir(dir).ino(ino).text(name).num(want).num2(type).build());
            }
        }
        if (ctx.inodeDir.contains((int) ino)) {
            if (ctx.dirInfo.parent(ino) != 0) {
                ctx.problems().ask(Finding.of(Problem.LINK_DIR).dir(dir).ino(ino).text(name).build());
                return;
            }
            ctx.dirInfo.setParent(ino, dir);
        }
        ctx.refCount.increment(ino);
    }

    /** An entry that names an inode pass 1 did not find in use: in an unused area, or just free. */
    private Problem unusedProblem(long ino) {
        if (fs.superblock().hasGroupDescChecksums()) {
            GroupDescriptor gd = fs.descriptors().at((int) fs.geometry().groupOfInode(ino));
            if (gd.has(GroupDescriptor.FLAG_INODE_UNINIT)) {
                return Problem.INOREF_BG_INO_UNINIT;
            }
            long ipg = fs.geometry().inodesPerGroup();
            if (fs.geometry().indexInGroup(ino) >= ipg - gd.itableUnused()) {
                return Problem.INOREF_IN_UNUSED;
            }
        }
        return Problem.UNUSED_INODE;
    }

    private void reportBadInode(long dir, long ino, String name) {
        Problem p = switch (ctx.fileType[(int) ino]) {
            case 3 -> Problem.BAD_CHAR_DEV;
            case 4 -> Problem.BAD_BLOCK_DEV;
            case 5 -> Problem.BAD_FIFO;
            case 6 -> Problem.BAD_SOCKET;
            case 7 -> Problem.INVALID_SYMLINK;
            default -> Problem.BAD_MODE;
        };
        ctx.problems().ask(Finding.of(p).dir(dir).ino(ino).text(name).build());
    }
}
