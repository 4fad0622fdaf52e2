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
    void unescapesOctal() {
        assertEquals("a b\tc", MountTable.unescape("a\\040b\\011c"));
        assertEquals("plain", MountTable.unescape("plain"));
    }
}
