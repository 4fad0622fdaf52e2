package pe2fsck.pass2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import pe2fsck.fs.Inode;
import pe2fsck.fs.Le;

/**
 * Gathers an inline-data directory's entries into one buffer: the part in i_block after the
 * 4-byte parent number, followed by the continuation stored as the in-inode extended attribute
 * "system.data" (name index 7, name "data").
 */
final class InlineDirReader {

    private static final long XATTR_MAGIC = 0xEA020000L;
    private static final int SYSTEM_DATA_INDEX = 7;

    private InlineDirReader() {
    }

    /** The parent inode recorded at the start of i_block. */
    static long parent(Inode inode) {
        return Le.u32(inode.buffer(), inode.blockAreaOffset());
    }

    /** Entry bytes of the inline directory: i_block[4..60) then the xattr continuation. */
    static ByteBuffer entries(Inode inode) {
        ByteBuffer b = inode.buffer();
        int base = inode.offset();
        byte[] extra = new byte[0];
        int size = inode.recordSize();
        if (size > Inode.GOOD_OLD_SIZE) {
            int start = base + Inode.GOOD_OLD_SIZE + inode.extraIsize();
            int end = base + size;
            if (start + 4 <= end && Le.u32(b, start) == XATTR_MAGIC) {
                int first = start + 4;
                int e = first;
                while (e + 16 <= end && Le.s32(b, e) != 0) {
                    int nameLen = Le.u8(b, e);
                    int index = Le.u8(b, e + 1);
                    int valueOffs = Le.u16(b, e + 2);
                    long valueSize = Le.u32(b, e + 8);
                    if (index == SYSTEM_DATA_INDEX && nameLen == 4 && e + 16 + 4 <= end
                            && b.get(e + 16) == 'd' && b.get(e + 17) == 'a' && b.get(e + 18) == 't' && b.get(e + 19) == 'a') {
                        int vs = first + valueOffs;
                        if (valueSize > 0 && vs >= first && vs + valueSize <= end) {
                            extra = new byte[(int) valueSize];
                            b.get(vs, extra);
                        }
                        break;
                    }
                    e += (16 + nameLen + 3) & ~3;
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(Inode.BLOCK_BYTES - 4 + extra.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(0, b, inode.blockAreaOffset() + 4, Inode.BLOCK_BYTES - 4);
        out.put(Inode.BLOCK_BYTES - 4, extra);
        return out;
    }
}
