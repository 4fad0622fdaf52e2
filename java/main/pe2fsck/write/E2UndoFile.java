package pe2fsck.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import pe2fsck.fs.Crc32c;
import pe2fsck.io.DeviceException;

/**
 * An undo file in the format e2fsprogs' {@code e2undo} replays (version "E2UNDO02"), kept
 * complete after every call, so it restores the device whenever the run stops.
 *
 * <p>Layout, in blocks of the file system's block size: block 0 the header (512 bytes: magic,
 * key count, where the superblock copy and the first key block are, block sizes, crc32c of the
 * superblock, state, feature words, file system offset, crc32c of the header); blocks 1 and 2
 * two slots for the copy of the superblock the file applies to (stored with its magic number
 * inverted); from block 3 on, key blocks (magic 0xCADECADE, crc32c of the block, then 16-byte
 * keys: file system block, crc32c of the data, size in bytes), each followed by the data its
 * keys describe. All crc32c values start from ~0 without a final inversion.
 *
 * <p>Order of each update: data and key block, then sync, then the header (one 512-byte write
 * naming the new key count), then sync. A new superblock copy goes to the slot the header does
 * not name, then the header switches to it. The header always says "finished": every state the
 * file passes through is a complete undo record. One moment cannot be covered: between the
 * switch of the header and the superblock write on the device, {@code e2undo} finds that the
 * superblocks differ and refuses (it writes nothing then); {@code e2undo -f} applies it anyway.
 */
public final class E2UndoFile implements UndoLog {

    private static final byte[] MAGIC = "E2UNDO02".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_MAGIC = 0xCADECADE;
    private static final int STATE_FINISHED = 1;
    private static final int HEADER_SIZE = 512;
    private static final int HEADER_CRC_OFFSET = 508;
    private static final int KEY_SIZE = 16;
    private static final int SUPERBLOCK_SIZE = 1024;
    private static final int SUPERBLOCK_MAGIC_OFFSET = 0x38;
    /** e2undo refuses keys longer than this many blocks. */
    private static final int MAX_KEY_BLOCKS = 512;
    private static final long FIRST_KEY_BLOCK = 3;

    private final FileChannel file;
    private final Path path;
    private final int blockSize;
    private final int keysPerBlock;
    private final ByteBuffer keyBlock;
    private final Set<Long> saved = new HashSet<>();
    private long keyBlockNr = FIRST_KEY_BLOCK;
    private int keysInBlock;
    private long nextFileBlock = FIRST_KEY_BLOCK + 1;
    private long keys;
    private long superSlot = 1;
    private int superCrc;

    private E2UndoFile(FileChannel file, Path path, int blockSize) {
        this.file = file;
        this.path = path;
        this.blockSize = blockSize;
        this.keysPerBlock = blockSize / KEY_SIZE - 1;
        this.keyBlock = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or empties) the undo file for a file system of {@code blockSize}-byte blocks
     * whose primary superblock is now {@code superblock}, and makes it durable.
     */
    public static E2UndoFile create(Path path, int blockSize, ByteBuffer superblock) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
            E2UndoFile u = new E2UndoFile(ch, path, Math.max(blockSize, 1024));
            u.writeSuperblockCopy(1, superblock);
            u.superCrc = crc(superblock, 0, SUPERBLOCK_SIZE);
            u.writeHeader();
            ch.force(true);
            return u;
        } catch (IOException e) {
            throw new DeviceException("cannot create undo file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(long firstBlock, ByteBuffer old) {
        int blocks = old.remaining() / blockSize;
        int base = old.position();
        try {
            boolean any = false;
            int i = 0;
            while (i < blocks) {
                if (saved.contains(firstBlock + i)) {
                    i++;
                    continue;
                }
                int run = 1;
                while (i + run < blocks && run < MAX_KEY_BLOCKS && !saved.contains(firstBlock + i + run)) {
                    run++;
                }
                ByteBuffer data = old.duplicate();
                data.limit(base + (i + run) * blockSize).position(base + i * blockSize);
                addKey(firstBlock + i, data);
                for (int k = 0; k < run; k++) {
                    saved.add(firstBlock + i + k);
                }
                any = true;
                i += run;
            }
            if (any) {
                writeKeyBlock();
                file.force(false);
                writeHeader();
                file.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing undo file " + path, e);
        }
    }

    private void addKey(long fsBlock, ByteBuffer data) throws IOException {
        if (keysInBlock == keysPerBlock) {
            writeKeyBlock();
            keyBlockNr = nextFileBlock++;
            keysInBlock = 0;
            keyBlock.clear();
            keyBlock.put(new byte[blockSize]).clear();
        }
        int size = data.remaining();
        int crc = crc(data, data.position(), size);
        writeAt(nextFileBlock * blockSize, data.duplicate());
        nextFileBlock += (size + blockSize - 1) / blockSize;
        int at = KEY_SIZE * (1 + keysInBlock);
        keyBlock.putLong(at, fsBlock);
        keyBlock.putInt(at + 8, crc);
        keyBlock.putInt(at + 12, size);
        keysInBlock++;
        keys++;
    }

    private void writeKeyBlock() throws IOException {
        keyBlock.putInt(0, KEY_MAGIC);
        keyBlock.putInt(4, 0);
        keyBlock.putLong(8, 0);
        keyBlock.putInt(4, crc(keyBlock, 0, blockSize));
        writeAt(keyBlockNr * blockSize, keyBlock.duplicate().clear());
    }

    @Override
    public void superblockWillBe(ByteBuffer superblock) {
        try {
            long slot = superSlot == 1 ? 2 : 1;
            writeSuperblockCopy(slot, superblock);
            file.force(false);
            superSlot = slot;
            superCrc = crc(superblock, superblock.position(), SUPERBLOCK_SIZE);
            writeHeader();
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("writing undo file " + path, e);
        }
    }

    private void writeSuperblockCopy(long slot, ByteBuffer superblock) throws IOException {
        ByteBuffer copy = ByteBuffer.allocate(blockSize).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer src = superblock.duplicate();
        src.limit(src.position() + SUPERBLOCK_SIZE);
        copy.put(src);
        copy.putShort(SUPERBLOCK_MAGIC_OFFSET, (short) ~copy.getShort(SUPERBLOCK_MAGIC_OFFSET));
        writeAt(slot * blockSize, copy.clear());
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC);
        h.putLong(8, keys);
        h.putLong(16, superSlot);
        h.putLong(24, FIRST_KEY_BLOCK);
        h.putInt(32, blockSize);
        h.putInt(36, blockSize);
        h.putInt(40, superCrc);
        h.putInt(44, STATE_FINISHED);
        // feature words, padding and the file system offset (0) stay zero
        h.putInt(HEADER_CRC_OFFSET, crc(h, 0, HEADER_CRC_OFFSET));
        writeAt(0, h.clear());
    }

    private void writeAt(long offset, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            offset += file.write(b, offset);
        }
    }

    private static int crc(ByteBuffer b, int off, int len) {
        return new Crc32c().reset(0xFFFFFFFF).update(b, off, len).value();
    }

    /** Keys recorded so far (tests). */
    public long keys() {
        return keys;
    }

    @Override
    public void close() {
        try {
            file.force(true);
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing undo file " + path, e);
        }
    }
}
