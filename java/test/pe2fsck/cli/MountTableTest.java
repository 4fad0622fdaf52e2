package pe2fsck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {

    @TempDir
    Path tmp;

    @Test
    void matchesTheSameFileThroughALink() throws Exception {
        Path img = Files.createFile(tmp.resolve("disk.img"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), img);
        List<String> table = List.of("proc /proc proc rw 0 0",
                img + " /mnt/my\\040disk ext4 rw,relatime 0 0");
        assertEquals(Optional.of("/mnt/my disk"), MountTable.mountPointOf(link.toString(), table));
        assertTrue(MountTable.mountPointOf(tmp.resolve("other").toString(), table).isEmpty());
    }

    @Test
    void findsAnImageFileBehindAMountedLoopDevice() throws Exception {
        // /proc/mounts names only the loop device; sysfs names the file behind it.
        Path img = Files.createFile(tmp.resolve("disk.img"));
        Path sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("loop7/loop"));
        Files.writeString(sys.resolve("loop7/loop/backing_file"), img + "\n");
        Files.createDirectories(sys.resolve("loop8/loop"));
        Files.writeString(sys.resolve("loop8/loop/backing_file"), tmp.resolve("other.img") + "\n");
        List<String> table = List.of("/dev/loop8 /mnt/b ext4 rw 0 0", "/dev/loop7 /mnt/a ext4 ro,relatime 0 0");
        Optional<MountTable.Mount> m = MountTable.mountOf(img.toString(), table, sys);
        assertEquals(Optional.of(new MountTable.Mount("/mnt/a", true)), m);
        List<String> rw = List.of("/dev/loop7 / ext4 rw,relatime 0 0");
        MountTable.Mount root = MountTable.mountOf(img.toString(), rw, sys).orElseThrow();
        assertTrue(root.root() && !root.readOnly());
    }

    @Test
    void aDeletedBackingFileIsNoMatch() throws Exception {
        Path img = Files.createFile(tmp.resolve("disk.img"));
        Path sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("loop3/loop"));
        Files.writeString(sys.resolve("loop3/loop/backing_file"), img + " (deleted)\n");
        assertTrue(MountTable.mountOf(img.toString(), List.of("/dev/loop3 /mnt ext4 rw 0 0"), sys).isEmpty());
    }

    @Test
    void readOnlyOption() {
        assertTrue(MountTable.readOnly("ro,relatime"));
        assertTrue(MountTable.readOnly("relatime,ro"));
        assertTrue(!MountTable.readOnly("rw,errors=remount-ro"));
    }

    @Test
    void unescapesOctal() {
        assertEquals("a b\tc", MountTable.unescape("a\\040b\\011c"));
        assertEquals("plain", MountTable.unescape("plain"));
    }
}
