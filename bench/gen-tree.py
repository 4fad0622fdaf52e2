#!/usr/bin/env python3
"""Writes a synthetic but realistic-looking directory tree for benchmark images.

usage: gen-tree.py INODES DEST [SEED]

Fixed seed, so the same INODES always gives the same tree. Roughly INODES inodes in total:
mostly small files, a few large ones, deep chains and wide fans of directories, a few huge
directories (50k+ entries once INODES allows), hard links, fast and slow symlinks, and
extended attributes. Contents are cheap (one repeated buffer, sliced) so that generation is
bound by the file system calls, not by the random generator.
"""
import os
import random
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    total = int(sys.argv[1])
    dest = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20240601
    rnd = random.Random(seed)
    blob = bytes(rnd.getrandbits(8) for _ in range(1 << 16))
    os.makedirs(dest, exist_ok=True)

    made = 0          # inodes created (files, dirs, symlinks; hard links are not inodes)
    files = []        # a sample of regular files, for hard links
    dirs = []

    def write(path, size):
        nonlocal made
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            left = size
            off = rnd.randrange(1 << 15)
            while left > 0:
                n = min(left, len(blob) - off)
                os.write(fd, blob[off:off + n])
                left -= n
                off = 0
        finally:
            os.close(fd)
        made += 1
        if len(files) < 200000 and rnd.random() < 0.05:
            files.append(path)

    def small_size():
        r = rnd.random()
        if r < 0.10:
            return 0
        if r < 0.60:
            return rnd.randint(1, 1024)
        if r < 0.94:
            return rnd.randint(1025, 16384)
        if r < 0.995:
            return rnd.randint(16385, 65536)
        return rnd.randint(65537, 262144)

    def mkdir(path):
        nonlocal made
        os.mkdir(path)
        made += 1
        dirs.append(path)

    # Share of the budget: huge directories, large files, then the ordinary tree.
    huge_dirs = []
    if total >= 90000:
        n_huge = max(1, min(4, total // 400000 + 1))
        for i in range(n_huge):
            huge_dirs.append((os.path.join(dest, "huge%d" % i), 50000 + 10000 * i))
    for path, entries in huge_dirs:
        mkdir(path)
        for j in range(entries):
            # mail-spool / cache style names, small files
            write(os.path.join(path, "m%08x.%d" % (rnd.getrandbits(32), j)), rnd.choice((0, 120, 700, 2500, 5000)))

    big = os.path.join(dest, "big")
    mkdir(big)
    for i in range(max(3, total // 20000)):
        write(os.path.join(big, "blob%04d.bin" % i), rnd.randint(1 << 20, 16 << 20))

    # Deep chains: a few paths 20-40 levels deep with files along the way.
    for c in range(8):
        p = os.path.join(dest, "deep%d" % c)
        mkdir(p)
        for level in range(rnd.randint(20, 40)):
            p = os.path.join(p, "d%02d" % level)
            mkdir(p)
            for k in range(rnd.randint(0, 5)):
                write(os.path.join(p, "f%d" % k), small_size())

    # The ordinary tree: projects > modules > packages, fan-out varies, files per dir lognormal.
    top = 0
    while made < total * 0.93:
        proj = os.path.join(dest, "proj%04d" % top)
        top += 1
        mkdir(proj)
        stack = [(proj, 0)]
        budget = rnd.randint(200, 6000)
        while stack and budget > 0 and made < total * 0.93:
            d, depth = stack.pop()
            nfiles = min(int(rnd.lognormvariate(2.3, 1.0)), 2000)
            for k in range(nfiles):
                write(os.path.join(d, "%s%d.%s" % (rnd.choice("abcdefgmnpqrstuvxyz"), k,
                                                   rnd.choice(("c", "h", "py", "txt", "o", "json", "md")))),
                      small_size())
                budget -= 1
            if depth < 10:
                for s in range(rnd.choice((0, 1, 2, 3, 4, 6, 12))):
                    sub = os.path.join(d, "sub%d_%d" % (depth, s))
                    mkdir(sub)
                    stack.append((sub, depth + 1))

    # Symlinks: fast (short target, in the inode) and slow (long target, in a block).
    links = os.path.join(dest, "links")
    mkdir(links)
    i = 0
    while made < total * 0.96:
        if rnd.random() < 0.7:
            target = "../proj%04d/a%d.c" % (rnd.randrange(top), i % 50)
        else:
            target = "/".join("segment%03d_%s" % (k, "x" * rnd.randint(5, 20)) for k in range(rnd.randint(4, 12)))
        os.symlink(target, os.path.join(links, "l%06d" % i))
        made += 1
        i += 1

    # Hard links into another directory (not new inodes).
    hl = os.path.join(dest, "hardlinks")
    mkdir(hl)
    for i, f in enumerate(rnd.sample(files, min(len(files), total // 50))):
        os.link(f, os.path.join(hl, "h%06d" % i))
        if rnd.random() < 0.2:
            os.link(f, os.path.join(hl, "h%06d.b" % i))

    # Extended attributes on some files and directories: small ones (in-inode) and larger ones
    # (an external xattr block).
    for f in rnd.sample(files, min(len(files), total // 20)):
        os.setxattr(f, "user.origin", b"gen-tree/" + str(rnd.getrandbits(32)).encode())
        if rnd.random() < 0.3:
            os.setxattr(f, "user.blob", blob[:rnd.randint(300, 2000)])
    for d in rnd.sample(dirs, min(len(dirs), 500)):
        os.setxattr(d, "user.mark", b"1")

    # Fill up to the target with more small files in a flat-ish area.
    rest = os.path.join(dest, "rest")
    mkdir(rest)
    j = 0
    while made < total:
        sub = os.path.join(rest, "r%04d" % (j // 1000))
        if j % 1000 == 0:
            mkdir(sub)
        write(os.path.join(sub, "f%d" % j), small_size())
        j += 1
    print("inodes=%d dirs=%d" % (made, len(dirs)))


if __name__ == "__main__":
    main()
