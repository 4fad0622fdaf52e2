"""Mutations of a base image's metadata, drawn from a seeded generator and written down as a
recipe that replays them exactly.

A recipe is a comma-separated list of operations on byte offsets of the base image:
  flip@OFF.BIT        invert one bit
  put@OFF=HEX         write these bytes
  copy@DST<SRC+LEN    copy LEN bytes from SRC to DST (one metadata block over another)
  zero@OFF+LEN        zero LEN bytes
  csum@sb, csum@gd    recompute the superblock's or the descriptors' checksums afterwards
The first field of a recorded case names the region the mutation aimed at (sb, gd, inode, dir,
tree, xattr, journal); the recipe alone is enough to rebuild the image.
"""
import random

import checksums

REGION_WEIGHTS = [("sb", 12), ("gd", 12), ("inode", 30), ("dir", 22), ("tree", 14), ("xattr", 10),
                  ("journal", 5)]
KIND_WEIGHTS = [("flip", 28), ("bytes", 18), ("field", 30), ("copy", 12), ("zero", 12)]
# One image in HAVOC_P gets several field mutations at once, in the region drawn and elsewhere.
HAVOC_P = 0.15
HUGE = [0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x10000000, 0x00FFFFFF, 0x7FFF, 0x8000, 0xFFFE, 0x100]

# Bytes of each structure that matter most: a mutation lands there with probability HOT_P.
HOT = {"sb": 0x180, "gd": None, "inode": 0xA0, "dir": 0x40, "tree": 0x60, "xattr": 0x80,
       "journal": 0x60}
HOT_P = 0.6


def _pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for name, w in weighted:
        if x < w:
            return name
        x -= w
    return weighted[-1][0]


def _offset(rng, region, start, length, align=1):
    hot = HOT.get(region)
    span = min(hot, length) if hot and rng.random() < HOT_P else length
    off = rng.randrange(0, span)
    return start + off - off % align


def generate(rng, lay):
    """(region, recipe) for one mutation of a base with layout LAY."""
    regions = [(r, w) for r, w in REGION_WEIGHTS if lay["regions"].get(r)]
    region = _pick(rng, regions)
    ops = _ops(rng, lay, region, _pick(rng, KIND_WEIGHTS))
    if rng.random() < HAVOC_P:
        for _ in range(rng.randrange(1, 5)):
            other = region if rng.random() < 0.5 else _pick(rng, regions)
            ops += _ops(rng, lay, other, rng.choice(["flip", "bytes", "field"]))
    # Most of the time, make the checksum agree again so that the field itself is judged.
    if region == "sb" and rng.random() < 0.7:
        ops.append("csum@sb")
    if region == "gd" and rng.random() < 0.7:
        ops.append("csum@gd")
    return region, ",".join(ops)


def _ops(rng, lay, region, kind):
    """The operations of one mutation of KIND in REGION."""
    start, length = rng.choice(lay["regions"][region])
    bs = lay["block_size"]
    ops = []
    if kind == "flip":
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            ops.append("flip@%d.%d" % (_offset(rng, region, start, length), rng.randrange(8)))
    elif kind == "bytes":
        n = rng.randrange(1, 9)
        off = _offset(rng, region, start, max(1, length - n))
        ops.append("put@%d=%s" % (off, bytes(rng.randrange(256) for _ in range(n)).hex()))
    elif kind == "field":
        width = rng.choice([1, 2, 4, 4, 4])
        off = _offset(rng, region, start, length - width + 1, width)
        choice = rng.random()
        if choice < 0.35:
            value = 0
        elif choice < 0.65:
            value = (1 << (8 * width)) - 1
        else:
            value = rng.choice(HUGE) & ((1 << (8 * width)) - 1)
        ops.append("put@%d=%s" % (off, value.to_bytes(width, "little").hex()))
    elif kind == "copy":
        everything = [s for r, _ in REGION_WEIGHTS for s in lay["regions"].get(r, [])]
        src = rng.choice(everything)[0]
        dst_block = start - start % bs
        if region == "sb":
            # the superblock's 1 KiB, whatever the block size
            ops.append("copy@%d<%d+%d" % (1024, src - src % bs, 1024))
        elif dst_block != src - src % bs:
            ops.append("copy@%d<%d+%d" % (dst_block, src - src % bs, bs))
        else:
            ops.append("zero@%d+%d" % (start, length))
    else:
        if region in ("sb", "inode", "gd"):
            ops.append("zero@%d+%d" % (start, length))
        else:
            ops.append("zero@%d+%d" % (start - start % bs, bs))
    return ops


def apply(img, recipe, lay):
    """Applies RECIPE to IMG, a bytearray of the base image, in place."""
    for op in recipe.split(","):
        name, _, arg = op.partition("@")
        if name == "flip":
            off, bit = arg.split(".")
            img[int(off)] ^= 1 << int(bit)
        elif name == "put":
            off, hexed = arg.split("=")
            data = bytes.fromhex(hexed)
            img[int(off):int(off) + len(data)] = data
        elif name == "copy":
            dst, rest = arg.split("<")
            src, n = rest.split("+")
            dst, src, n = int(dst), int(src), int(n)
            img[dst:dst + n] = img[src:src + n]
        elif name == "zero":
            off, n = arg.split("+")
            img[int(off):int(off) + int(n)] = bytes(int(n))
        elif op == "csum@sb":
            checksums.fix_superblock(img)
        elif op == "csum@gd":
            checksums.fix_descriptors(img, lay["regions"]["gd"][0][0], lay["groups"], lay["desc_size"])
            checksums.fix_superblock(img)
        else:
            raise ValueError("unknown mutation '%s'" % op)
