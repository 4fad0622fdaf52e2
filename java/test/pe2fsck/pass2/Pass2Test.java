package pe2fsck.pass2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pe2fsck.run.CheckContext;
import pe2fsck.state.CheckOptions;
import pe2fsck.fs.FileSystem;
import pe2fsck.fs.TestImages;
import pe2fsck.io.Devices;
import pe2fsck.pass1.Pass1;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

class Pass2Test {

    @TempDir
    Path tmp;

    private Path source() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path wide = Files.createDirectories(src.resolve("wide"));
        for (int f = 0; f < 3000; f++) {
            Files.write(wide.resolve("entry-" + f), new byte[f % 7]);
        }
        Path deep = src;
        for (int d = 0; d < 10; d++) {
            deep = Files.createDirectories(deep.resolve("level" + d));
            Files.writeString(deep.resolve("file"), "depth " + d);
        }
        Files.createLink(src.resolve("hard"), deep.resolve("file"));
        Files.createSymbolicLink(src.resolve("sym"), Path.of("level0/file"));
        return src;
    }

    private static List<Finding> check(Path img, boolean healthy) {
        List<Finding> found = new ArrayList<>();
        Problems rec = f -> {
            found.add(f);
            return false;
        };
        try (FileSystem fs = FileSystem.open(Devices.open(img.toString(), false, false))) {
            CheckContext ctx = new CheckContext(fs, CheckOptions.readOnly(img.toString(), 2), rec);
            new Pass1().run(ctx);
            new Pass2().run(ctx);
            long first = fs.superblock().firstIno();
            if (!healthy) {
                return found;
            }
            ctx.inodeUsed.forEach((long ino) -> {
                if (ino == 2 || ino >= first) {
                    assertEquals(ctx.linkCount.get(ino), ctx.refCount.get(ino), "links of inode " + ino);
                }
            });
            for (int i = 0; i < ctx.dirInfo.size(); i++) {
                long dir = ctx.dirInfo.inoAt(i);
                if (dir >= first || dir == 2) {
                    assertEquals(ctx.dirInfo.dotdot(dir), ctx.dirInfo.parent(dir), "parent of " + dir);
                }
            }
        }
        return found;
    }

    @Test
    void healthyDirectoriesCountEveryLink() throws Exception {
        assumeTrue(TestImages.tool("mke2fs") != null, "mke2fs not installed");
        Path src = source();
        String[][] profiles = {{"ext2", "1024", ""}, {"ext4", "4096", ""}, {"ext4", "1024", "inline_data"},
            {"ext4", "4096", "^metadata_csum,uninit_bg"}};
        for (String[] p : profiles) {
            Path img = TestImages.mkfs(tmp.resolve(p[0] + p[1] + ".img"), p[0], Integer.parseInt(p[1]), p[2], src, 65536);
            assertEquals(List.of(), check(img, true), String.join(" ", p));
        }
    }

    @Test
    void brokenEntriesAreReported() throws Exception {
        assumeTrue(TestImages.tool("debugfs") != null, "debugfs not installed");
        Path src = source();
        Path img = TestImages.mkfs(tmp.resolve("d.img"), "ext4", 1024, "^metadata_csum", src, 65536);
        Path cmds = Files.writeString(tmp.resolve("cmds"), "clri /level0/file\nsif /level0/level1 mode 0140755\n");
        assertEquals(0, TestImages.run(null, TestImages.tool("debugfs"), "-w", "-f", cmds.toString(), img.toString()));
        List<Finding> found = check(img, false);
        assertTrue(found.stream().anyMatch(f -> f.problem() == Problem.UNUSED_INODE), found.toString());
    }
}
