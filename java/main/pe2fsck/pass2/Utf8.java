package pe2fsck.pass2;

import java.nio.ByteBuffer;
import pe2fsck.fs.Le;

/**
 * Well-formedness of UTF-8 names, as required in casefolded directories: shortest-form
 * sequences of one to four bytes, no UTF-16 surrogates, nothing above U+10FFFF.
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean valid(ByteBuffer b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = Le.u8(b, i);
            int n;
            int cp;
            if (c < 0x80) {
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                cp = c & 0x07;
            } else {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= end) {
                    return false;
                }
                int d = Le.u8(b, i + k);
                if ((d & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (d & 0x3F);
            }
            if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}
