package pe2fsck.pass2;

/**
 * A directory entry's name as e2fsck prints it: bytes above 128 as "M-" and the byte less
 * 128, control bytes and DEL as "^" and the byte with bit 6 flipped ("^@" for NUL, "^?" for
 * DEL), everything else as it is. So a damaged name never puts raw control bytes on a terminal
 * or in a log. (e2fsck writes the byte 128 itself raw; it is printed as "M-^@" here, as the
 * report is text.)
 */
final class PrintableName {

    private PrintableName() {
    }

    static String of(byte[] name, int len) {
        StringBuilder out = null;
        for (int i = 0; i < len; i++) {
            int c = name[i] & 0xFF;
            if (out == null && (c < 32 || c >= 127)) {
                out = new StringBuilder(len + 8);
                for (int k = 0; k < i; k++) {
                    out.append((char) name[k]);
                }
            }
            if (out == null) {
                continue;
            }
            if (c >= 128) {
                out.append("M-");
                c -= 128;
            }
            if (c < 32 || c == 127) {
                out.append('^');
                c ^= 0x40;
            }
            out.append((char) c);
        }
        if (out == null) {
            return new String(name, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return out.toString();
    }
}
