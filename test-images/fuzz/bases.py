"""Base images for the fuzzer: small, healthy file systems with a little of every structure.

Each base is built once into a cache directory and reused; its name says what it is. A base is
made by mke2fs -d from a small tree written here (the same tree every time), then debugfs adds
device nodes and attributes, and e2fsck -fyD indexes the large directory. The base must check
clean with e2fsck -fn, or it is refused.
"""
import os
import shutil
import subprocess

# Bump when the tree or a recipe below changes: cached bases of another version are rebuilt.
BASE_VERSION = "3"

# name: (mke2fs arguments, image size in KiB, extra environment or None)
BASES = {
    "ext2-1k": (["-t", "ext2", "-b", "1024", "-g", "1024"], 4096, None),
    "ext3-4k": (["-t", "ext3", "-b", "4096", "-g", "2048"], 16384, None),
    "ext4-4k": (["-t", "ext4", "-b", "4096"], 8192, None),
    "ext4-new": (["-t", "ext4", "-b", "4096"], 8192, "mke2fs-new.conf"),
    "ext4-inline": (["-t", "ext4", "-b", "2048", "-O", "inline_data", "-g", "2048"], 8192, None),
    "ext4-uninit": (["-t", "ext4", "-b", "1024", "-g", "1024", "-O", "^metadata_csum,uninit_bg"],
                    4096, None),
    "ext4-bigalloc": (["-t", "ext4", "-b", "1024", "-O", "bigalloc", "-C", "16384"], 8192, None),
}

FIXED_TIME = 1700000000
HERE = os.path.dirname(os.path.abspath(__file__))


def _env(extra_conf):
    env = dict(os.environ)
    env["PATH"] = env.get("PATH", "") + ":/sbin:/usr/sbin"
    env["E2FSPROGS_FAKE_TIME"] = str(FIXED_TIME)
    env["E2FSCK_CONFIG"] = "/dev/null"
    if extra_conf:
        env["MKE2FS_CONFIG"] = os.path.join(HERE, extra_conf)
    return env


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def write_tree(root):
    """The source tree: every structure a check walks, kept small so a base builds in a second."""
    os.makedirs(root)
    text = lambda n, tag: (tag.encode() * (n // len(tag) + 1))[:n]
    _write(os.path.join(root, "hello.txt"), b"hello\n")
    _write(os.path.join(root, "tiny"), b"x" * 40)  # inline with inline_data
    os.makedirs(os.path.join(root, "a/b/c/d"))
    _write(os.path.join(root, "a/b/c/d/leaf"), text(3000, "leaf "))
    os.makedirs(os.path.join(root, "small"))
    for i in range(8):
        _write(os.path.join(root, "small/f%d" % i), text(100 * i + 1, "s%d" % i))
    # An indexed directory of several blocks at every block size.
    idx = os.path.join(root, "index")
    os.makedirs(idx)
    for i in range(360):
        _write(os.path.join(idx, "entry-with-a-longer-name-%04d" % i), b"")
    # Hard links in two directories.
    os.makedirs(os.path.join(root, "links"))
    _write(os.path.join(root, "links/orig"), text(500, "orig "))
    os.link(os.path.join(root, "links/orig"), os.path.join(root, "links/hard"))
    os.link(os.path.join(root, "links/orig"), os.path.join(root, "small/hard"))
    # More extents than the inode holds: an extent-tree block (runs of 8 KiB, holes between).
    with open(os.path.join(root, "sparse.bin"), "wb") as f:
        for run in range(7):
            f.seek(run * 128 * 1024)
            f.write(text(8192, "run %d " % run))
    # Enough blocks for an indirect block at 4 KiB and a double-indirect one at 1 KiB.
    _write(os.path.join(root, "medium.bin"), text(300 * 1024, "medium "))
    os.makedirs(os.path.join(root, "sym"))
    os.symlink("../hello.txt", os.path.join(root, "sym/fast"))
    os.symlink("t" * 120 + "/target", os.path.join(root, "sym/slow"))
    os.makedirs(os.path.join(root, "special"))
    os.mkfifo(os.path.join(root, "special/fifo"))
    os.makedirs(os.path.join(root, "xattr"))
    _write(os.path.join(root, "xattr/ea-block"), b"attribute block\n")
    _write(os.path.join(root, "xattr/ea-inode"), b"attribute in inode\n")
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            os.utime(os.path.join(dirpath, n), (FIXED_TIME, FIXED_TIME), follow_symlinks=False)


def _run(cmd, env, ok=(0,), stdin=None):
    p = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True)
    if p.returncode not in ok:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return p


def build(name, cache):
    """The path of base NAME in CACHE, built on first use."""
    os.makedirs(cache, exist_ok=True)
    img = os.path.join(cache, "%s.v%s.img" % (name, BASE_VERSION))
    if os.path.exists(img):
        return img
    args, size_kib, conf = BASES[name]
    env = _env(conf)
    tree = img + ".tree"
    shutil.rmtree(tree, ignore_errors=True)
    write_tree(tree)
    tmp = img + ".tmp"
    try:
        _run(["mke2fs", "-F", "-q", "-N", "1024", "-U", "6b1f6c1e-0d1f-4e7a-9a37-5f2e2d0c0f00",
              "-E", "hash_seed=0b6e2a43-6a1c-4f5f-8d7e-3c2b1a000f00", "-L", "fuzz-" + name[:10]]
             + args + ["-d", tree, tmp, "%dk" % size_kib], env)
        big = "v" * 600
        reqs = ["mknod /special/chr c 1 3", "mknod /special/blk b 7 0",
                "ea_set /xattr/ea-block user.big " + big,
                "ea_set /xattr/ea-inode user.small tiny"]
        for f in ("/special/chr", "/special/blk"):
            for fld in ("atime", "ctime", "mtime", "crtime"):
                reqs.append("sif %s %s %d" % (f, fld, FIXED_TIME))
        _run(["debugfs", "-w", "-f", "-", tmp], env, stdin="\n".join(reqs) + "\n")
        _run(["e2fsck", "-fyD", tmp], env, ok=(0, 1))
        _run(["e2fsck", "-fn", tmp], env)
        os.replace(tmp, img)
    finally:
        shutil.rmtree(tree, ignore_errors=True)
        if os.path.exists(tmp):
            os.unlink(tmp)
    return img
