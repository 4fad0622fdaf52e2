package pe2fsck.pass0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the device of an external journal can be found on this machine, the way e2fsck
 * looks for it without -j: by the journal's UUID among the block devices, else by the device
 * number the superblock keeps. pe2fsck does not read external journals yet; this only decides
 * between "not looked at" and "cannot be found".
 */
final class ExternalJournalDevice {

    private static final Path BY_UUID = Path.of("/dev/disk/by-uuid");
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");

    private ExternalJournalDevice() {
    }

    static boolean present(byte[] uuid, long devNumber) {
        if (Files.exists(BY_UUID.resolve(uuidText(uuid)))) {
            return true;
        }
        if (devNumber == 0) {
            return false;
        }
        long major = (devNumber >>> 8) & 0xFFF;
        long minor = (devNumber & 0xFF) | ((devNumber >>> 12) & 0xFFF00);
        return Files.exists(SYS_DEV_BLOCK.resolve(major + ":" + minor));
    }

    /** The UUID as blkid writes it: lower-case hex, 8-4-4-4-12. */
    static String uuidText(byte[] uuid) {
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < uuid.length; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(String.format(Locale.ROOT, "%02x", uuid[i] & 0xFF));
        }
        return s.toString();
    }
}
