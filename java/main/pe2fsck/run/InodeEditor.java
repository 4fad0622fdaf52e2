package pe2fsck.run;

import java.nio.ByteBuffer;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.Geometry;
import pe2fsck.fs.Inode;
import pe2fsck.write.BlockKind;
import pe2fsck.write.WriteCache;

/**
 * Changes inode records through the write cache: {@link #open} gives a view of the record in
 * its cached inode-table block, {@link #changed} marks that block dirty for the inode (its
 * checksum is stamped by the write path). Every repair that changes an inode goes through
 * here, so a later change of the same record sees the earlier one.
 */
public final class InodeEditor {

    private final FileSystem fs;
    private final WriteCache cache;

    public InodeEditor(FileSystem fs, WriteCache cache) {
        this.fs = fs;
        this.cache = cache;
    }

    /** The inode-table block holding inode {@code ino}. */
    public long tableBlock(long ino) {
        Geometry geo = fs.geometry();
        long g = geo.groupOfInode(ino);
        long idx = geo.indexInGroup(ino);
        return fs.descriptors().at((int) g).inodeTable() + idx * geo.inodeSize() / geo.blockSize();
    }

    /** A view of inode {@code ino}'s cached record (a new view: callers may hold several). */
    public Inode open(long ino) {
        Geometry geo = fs.geometry();
        long idx = geo.indexInGroup(ino);
        ByteBuffer b = cache.block(tableBlock(ino));
        return new Inode(geo.inodeSize()).at(b, (int) (idx * geo.inodeSize() % geo.blockSize()));
    }

    /** Says inode {@code ino}'s record was changed through a view from {@link #open}. */
    public void changed(long ino) {
        cache.markDirty(tableBlock(ino), BlockKind.INODE_TABLE, ino);
    }
}
