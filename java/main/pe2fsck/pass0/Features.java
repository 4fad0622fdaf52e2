package pe2fsck.pass0;

import java.nio.ByteBuffer;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Le;

/** Sets and clears feature flags in the in-memory superblock, marking it dirty. */
final class Features {

    private Features() {
    }

    static void clear(Pass0Context c, Feature f) {
        ByteBuffer b = c.fs().superblockBuffer();
        int off = offset(f);
        Le.put32(b, off, Le.u32(b, off) & ~Integer.toUnsignedLong(f.mask()));
        c.superblockDirty();
    }

    static void set(Pass0Context c, Feature f) {
        ByteBuffer b = c.fs().superblockBuffer();
        int off = offset(f);
        Le.put32(b, off, Le.u32(b, off) | Integer.toUnsignedLong(f.mask()));
        c.superblockDirty();
    }

    private static int offset(Feature f) {
        return switch (f.kind()) {
            case COMPAT -> 0x5C;
            case INCOMPAT -> 0x60;
            case RO_COMPAT -> 0x64;
        };
    }
}
