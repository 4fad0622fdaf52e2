package pe2fsck.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The entry hash worked by hand from its definition (name rotated by 5, value words by 16). */
class XattrHashTest {

    /** One entry at offset 0 (name after the 16-byte header), its value at offset 64. */
    private static XattrEntry entry(byte[] name, byte[] value, int storedHash) {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) name.length);
        b.put(1, (byte) XattrEntry.INDEX_USER);
        b.putShort(2, (short) 64);
        b.putInt(8, value.length);
        b.putInt(12, storedHash);
        b.put(16, name);
        b.put(64, value);
        return new XattrEntry().at(b, 0);
    }

    @Test
    void nameThenPaddedValueWords() {
        // name "a": 0x61; value "1" is one word 0x00000031: (0x61 << 16) ^ (0x61 >>> 16) ^ 0x31.
        XattrEntry e = entry(new byte[] {'a'}, new byte[] {'1'}, 0);
        assertEquals(0x00610031, XattrHash.of(e, 64, false));
        // name "ab": (0x61 << 5) ^ 0x62 = 0xC20 ^ 0x62 = 0xC42; no value.
        assertEquals(0xC42, XattrHash.of(entry(new byte[] {'a', 'b'}, new byte[0], 0), 64, false));
    }

    @Test
    void emptyNameHashesTheValueOnly() {
        // The kernel's POSIX ACL entries: index only, empty name.
        XattrEntry e = entry(new byte[0], new byte[] {2, 0, 0, 0, 1, 0}, 0);
        // words 0x00000002 then 0x00000001: ((2 << 16) ^ 0) ^ 1 = 0x20001.
        assertEquals(0x20001, XattrHash.of(e, 64, false));
    }

    @Test
    void highNameBytesMatchReadEitherWay() {
        byte[] name = {(byte) 0xE9};
        int unsigned = 0xE9;
        int signed = 0xFFFFFFE9;
        assertEquals(unsigned, XattrHash.of(entry(name, new byte[0], 0), 64, false));
        assertEquals(signed, XattrHash.of(entry(name, new byte[0], 0), 64, true));
        assertTrue(XattrHash.matches(entry(name, new byte[0], unsigned), 64));
        assertTrue(XattrHash.matches(entry(name, new byte[0], signed), 64));
        assertFalse(XattrHash.matches(entry(name, new byte[0], unsigned + 1), 64));
    }
}
