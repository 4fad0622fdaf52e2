"""Where a base image keeps its metadata, found once per base with dumpe2fs and debugfs.

The result is a map from region name to a list of (byte offset, length) structures: the primary
superblock, the primary group descriptors, every inode slot in use, directory blocks, extent
tree and indirect blocks, extended-attribute blocks, and the journal's superblock. Mutations
pick their targets here.
"""
import json
import os
import re
import subprocess

from bases import _env

# Bump when scan() finds more or other structures: cached layouts of another version are redone.
LAYOUT_VERSION = "2"

# Every directory and every file with metadata blocks of its own in the base tree (bases.py),
# plus the resize inode and the journal.
DIRS = ["/", "/lost+found", "/a", "/a/b", "/a/b/c", "/a/b/c/d", "/small", "/index", "/links",
        "/sym", "/special", "/xattr"]
FILES = ["/sparse.bin", "/medium.bin", "/sym/slow", "/xattr/ea-block", "/xattr/ea-inode",
         "/a/b/c/d/leaf", "/links/orig", "<7>", "<8>"]


def _ranges(text):
    """Numbers and ranges such as '14-1024, 2000' as a list of (first, last)."""
    out = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        a, _, b = part.partition("-")
        out.append((int(a), int(b or a)))
    return out


def _dumpe2fs(img):
    p = subprocess.run(["dumpe2fs", img], env=_env(None), capture_output=True, text=True)
    head, groups = {}, []
    for line in p.stdout.splitlines():
        m = re.match(r"^([A-Za-z][A-Za-z /_-]*):\s+(.*)$", line)
        if m and not re.match(r"Group \d", line) and not groups:
            head[m.group(1).strip()] = m.group(2).strip()
        m = re.match(r"^Group (\d+): \(Blocks (\d+)-(\d+)\)", line)
        if m:
            groups.append({"free_inodes": []})
            continue
        if not groups:
            continue
        g = groups[-1]
        m = re.search(r"Group descriptors at (\d+)-(\d+)", line)
        if m and "gdt" not in g:
            g["gdt"] = (int(m.group(1)), int(m.group(2)))
        m = re.search(r"Inode table at (\d+)-(\d+)", line)
        if m:
            g["itable"] = int(m.group(1))
        m = re.match(r"^\s+Free inodes: (.*)$", line)
        if m:
            g["free_inodes"] = _ranges(m.group(1))
    return head, groups


def _stats(img, paths):
    """debugfs stat of each path: {path: (inode number, file ACL block, block-list text)}."""
    script = "".join("stat %s\n" % p for p in paths)
    p = subprocess.run(["debugfs", "-f", "-", img], env=_env(None), input=script,
                       capture_output=True, text=True)
    out, cur, lines = {}, None, []
    for line in p.stdout.splitlines() + ["debugfs: stat <end>"]:
        if line.startswith("debugfs: stat "):
            if cur is not None:
                text = "\n".join(lines)
                ino = re.search(r"Inode: (\d+)", text)
                acl = re.search(r"File ACL: (\d+)", text)
                blk = re.search(r"(?:BLOCKS|EXTENTS):\n(.*)", text)
                if ino:
                    out[cur] = (int(ino.group(1)), int(acl.group(1)) if acl else 0,
                                blk.group(1) if blk else "")
            cur, lines = line[len("debugfs: stat "):].strip(), []
        else:
            lines.append(line)
    return out


def _blocks(listing, want_data):
    """Block numbers of a debugfs block list: data blocks, or the tree/indirect blocks."""
    found = []
    for item in listing.split(", "):
        m = re.match(r"\(([^)]*)\):(\d+)(?:-(\d+))?", item.strip())
        if not m:
            continue
        is_meta = m.group(1).startswith(("ETB", "IND", "DIND", "TIND"))
        if is_meta != want_data:
            first, last = int(m.group(2)), int(m.group(3) or m.group(2))
            found.extend(range(first, min(last, first + 63) + 1))
    return found


def scan(img):
    head, groups = _dumpe2fs(img)
    bs = int(head["Block size"])
    isize = int(head.get("Inode size", "128"))
    ipg = int(head["Inodes per group"])
    ninodes = int(head["Inode count"])
    dsize = int(head.get("Group descriptor size", "32"))
    regions = {"sb": [(1024, 1024)]}
    g0 = groups[0]["gdt"]
    regions["gd"] = [(g0[0] * bs, len(groups) * dsize)]
    inodes = []
    for gi, g in enumerate(groups):
        free = set()
        for a, b in g["free_inodes"]:
            free.update(range(a, b + 1))
        for ino in range(gi * ipg + 1, min((gi + 1) * ipg, ninodes) + 1):
            if ino not in free:
                inodes.append((g["itable"] * bs + (ino - 1 - gi * ipg) * isize, isize))
    regions["inode"] = inodes
    stats = _stats(img, DIRS + FILES)
    dirs, trees, xattrs, journal = set(), set(), set(), []
    for path, (ino, acl, listing) in stats.items():
        if path in DIRS:
            dirs.update(_blocks(listing, True))
        meta = _blocks(listing, False)
        if path == "<7>":
            # The resize inode's indirect blocks are the reserved descriptor blocks: keep only
            # its double-indirect block, or they would outweigh every other tree block.
            meta = meta[:1]
        trees.update(meta)
        if acl:
            xattrs.add(acl)
        if path == "<8>":
            journal = _blocks(listing, True)[:1]  # the journal's superblock
    regions["dir"] = [(b * bs, bs) for b in sorted(dirs)]
    regions["tree"] = [(b * bs, bs) for b in sorted(trees)]
    regions["xattr"] = [(b * bs, bs) for b in sorted(xattrs)]
    regions["journal"] = [(b * bs, 1024) for b in journal]
    feats = head.get("Filesystem features", "").split()
    return {"block_size": bs, "desc_size": dsize, "groups": len(groups), "features": feats,
            "regions": regions}


def load(img):
    """The layout of IMG, cached beside it as JSON."""
    cache = img + ".layout%s.json" % LAYOUT_VERSION
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    lay = scan(img)
    with open(cache + ".tmp", "w") as f:
        json.dump(lay, f)
    os.replace(cache + ".tmp", cache)
    return lay
