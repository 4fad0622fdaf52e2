package pe2fsck.pass5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.check.CheckContext;
import pe2fsck.check.CheckOptions;
import pe2fsck.fs.FileSystem;
import pe2fsck.io.Devices;
import pe2fsck.io.MeteredDevice;

/** The early bitmap reads: what pass 5 gets, and when it must read again itself. */
class BitmapPreloadTest {

    @TempDir
    static Path dir;
    static Path healthy;

    @BeforeAll
    static void image() throws Exception {
        Images.requireTools();
        healthy = Images.ext4(dir, "preload.img");
    }

    private static CheckContext context(FileSystem fs) {
        return new CheckContext(fs, CheckOptions.readOnly(fs.device().path(), 1), new Recorder());
    }

    @Test
    void readOnlyDeviceGetsTheBitmapsPassFiveWouldRead() {
        try (FileSystem fs = FileSystem.open(Devices.open(healthy.toString(), false, false))) {
            BitmapPreload p = BitmapPreload.start(context(fs));
            assertNotNull(p);
            Bitmaps early = p.take();
            assertNotNull(early);
            Bitmaps late = Bitmaps.read(fs, 4);
            assertArrayEquals(late.block, early.block);
            assertArrayEquals(late.inode, early.inode);
        }
    }

    @Test
    void aWriteInBetweenSendsPassFiveBackToTheDevice() throws Exception {
        Path copy = Images.copy(healthy, "preload-rw.img");
        MeteredDevice dev = new MeteredDevice(Devices.open(copy.toString(), true, false), false);
        try (FileSystem fs = FileSystem.open(dev)) {
            assertNotNull(BitmapPreload.start(context(fs)).take(), "nothing written");
            BitmapPreload p = BitmapPreload.start(context(fs));
            ByteBuffer b = ByteBuffer.allocate(fs.blockSize());
            fs.device().read(0, b);
            fs.device().write(0, b.flip()); // same bytes, but a write all the same
            assertNull(p.take());
        }
    }

    @Test
    void writesThatCannotBeCountedMeanNoPreload() throws Exception {
        Path copy = Images.copy(healthy, "preload-raw.img");
        try (FileSystem fs = FileSystem.open(Devices.open(copy.toString(), true, false))) {
            assertNull(BitmapPreload.start(context(fs)));
        }
    }
}
