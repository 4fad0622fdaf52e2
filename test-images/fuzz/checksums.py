"""The two checksums the fuzzer recomputes after a mutation, so that a damaged field is checked
for what it says, not only rejected for its checksum: the superblock's crc32c and the group
descriptors' crc32c (metadata_csum) or crc16 (uninit_bg). Layout facts: superblock checksum at
0x3FC over the bytes before it; a descriptor's checksum at 0x1E, over the seed, the group number
and the descriptor without those two bytes."""
import struct


def _table(poly):
    t = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        t.append(c)
    return t


_C32 = _table(0x82F63B78)
_C16 = _table(0xA001)


def crc32c(crc, data):
    for b in data:
        crc = _C32[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc


def crc16(crc, data):
    for b in data:
        crc = _C16[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc & 0xFFFF


def _u32(buf, off):
    return struct.unpack_from("<I", buf, off)[0]


def fix_superblock(img):
    """IMG is a bytearray of the whole image; fixes the primary superblock's checksum when the
    (possibly mutated) superblock says metadata_csum."""
    sb = 1024
    if _u32(img, sb + 0x64) & 0x400:
        struct.pack_into("<I", img, sb + 0x3FC, crc32c(0xFFFFFFFF, img[sb:sb + 0x3FC]))


def fix_descriptors(img, base, groups, desc_size):
    """Fixes the checksums of the GROUPS descriptors that start at byte BASE."""
    sb = 1024
    ro = _u32(img, sb + 0x64)
    incompat = _u32(img, sb + 0x60)
    uuid = bytes(img[sb + 0x68:sb + 0x78])
    for g in range(groups):
        off = base + g * desc_size
        d = img[off:off + desc_size]
        gnum = struct.pack("<I", g)
        if ro & 0x400:
            seed = _u32(img, sb + 0x270) if incompat & 0x2000 else crc32c(0xFFFFFFFF, uuid)
            c = crc32c(seed, gnum)
            c = crc32c(c, d[:0x1E] + b"\0\0" + d[0x20:]) & 0xFFFF
        elif ro & 0x10:
            c = crc16(crc16(0xFFFF, uuid), gnum)
            c = crc16(c, d[:0x1E])
            if desc_size > 32:
                c = crc16(c, d[0x20:])
        else:
            return
        struct.pack_into("<H", img, off + 0x1E, c)
