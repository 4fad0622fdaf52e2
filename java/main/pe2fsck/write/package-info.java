/**
 * The one way anything reaches the disk in a writing run.
 *
 * <p>How a pass repairs a metadata block:
 * <pre>{@code
 *   WriteCache cache = ctx.writes();               // null under -n: nothing may be written
 *   ByteBuffer b = cache.block(blk);               // the cached copy (read on first use)
 *   ... change b through the fs/ flyweight views ...
 *   cache.markDirty(blk, BlockKind.DIR_LEAF, ino); // say what the block is and whose
 * }</pre>
 * The superblock and the descriptor table stay the buffers {@code FileSystem} holds; a pass
 * that changes them says so with {@link pe2fsck.write.WriteCache#superblockChanged()} and
 * {@link pe2fsck.write.WriteCache#descriptorChanged(long)}.
 *
 * <p>Passes read the device, not the cache. The checker flushes once, at the end of the run; a
 * step whose changes later passes must read from the disk (a journal replay, before pass 0)
 * calls {@link pe2fsck.write.WriteCache#flush} itself. A dirty block that holds the primary
 * superblock or a primary descriptor block (as a replay's may) is taken into the in-memory
 * copies {@code FileSystem} holds.
 *
 * <p>On {@link pe2fsck.write.WriteCache#flush}: checksums of every dirty structure are recomputed in one
 * place ({@link pe2fsck.write.ChecksumStamper}), so a pass never computes one; blocks go to disk
 * in block order with neighbours merged ({@link pe2fsck.write.OrderedWriter}); before any block
 * is overwritten its old contents are in the undo log and that log is on stable storage
 * ({@link pe2fsck.write.UndoLog}, in e2undo's format with {@code -z}). The order keeps a killed
 * run repairable: the superblock is first written with its "valid" state cleared, then every
 * other block, then a flush, and only then the final superblock.
 *
 * <p>{@link pe2fsck.write.Bookkeeping} makes the superblock updates e2fsck makes after a
 * completed check (mount count, last check time, state). Under {@code -n} no cache exists, and
 * {@code MeteredDevice} refuses writes as the last guard.
 */
package pe2fsck.write;
