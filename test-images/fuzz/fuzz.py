#!/usr/bin/env python3
"""pe2fsck's metadata fuzzer: mutates small healthy images and compares pe2fsck -fn with
e2fsck -fn on each (see README.md beside this file).

  fuzz.py campaign --seed S --count N [--time SECONDS] [--bases a,b] [--jobs J]
  fuzz.py slice                       the fixed short campaign `make test` runs; fails on findings
  fuzz.py replay [-v] CASES.tsv       rebuilds and checks each case of the table; fails on findings
  fuzz.py sweep BASE REGION [--width W] [--values 0,ffffffff]   every field of one structure
  fuzz.py image BASE RECIPE OUT.img   rebuilds one mutated image from its recipe
"""
import argparse
import collections
import concurrent.futures
import os
import random
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # nothing written beside the sources
sys.path.insert(0, HERE)

import bases  # noqa: E402
import layout  # noqa: E402
import mutations  # noqa: E402
import verdict  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build", "fuzz")
PE2FSCK = os.path.join(ROOT, "bin", "pe2fsck")
# Mutated images of this process: two runs at once must not check each other's images.
WORK = os.path.join(BUILD, "work", str(os.getpid()))
SLICE_SEED, SLICE_COUNT = 20261203, 105
# What the slice tolerates, each a bound measured on the day it was set (README.md): misses are
# the detection rules' open work, fallbacks the backup superblock and descriptors' (both counted,
# not failed, up to here); base-false-alarm counts the images of a base pe2fsck does not find
# clean even unmutated (ext4-new: the orphan file's inode taken for an unattached one).
SLICE_BOUNDS = {"miss": 2, "fallback": 0, "base-false-alarm": 0}


class Bench:
    """The base images, their layouts and their own verdicts, made once per run."""

    def __init__(self, names, timeout):
        self.images, self.layouts, self.base_class = {}, {}, {}
        for n in names:
            img = bases.build(n, os.path.join(BUILD, "bases"))
            self.images[n] = img
            self.layouts[n] = layout.load(img)
            cls, pe_rc, _, out = verdict.judge(PE2FSCK, img, timeout)
            self.base_class[n] = cls
            if cls != "agree":
                print("base %s: pe2fsck on the healthy base: %s (exit %s: %s); its images' false "
                      "alarms are counted as base-false-alarm" % (n, cls, pe_rc, verdict.first_line(out)),
                      file=sys.stderr)

    def mutated(self, base, recipe, out):
        with open(self.images[base], "rb") as f:
            img = bytearray(f.read())
        mutations.apply(img, recipe, self.layouts[base])
        with open(out, "wb") as f:
            f.write(img)


def _check(bench, base, recipe, work, timeout):
    os.makedirs(work, exist_ok=True)
    img = os.path.join(work, "%s.img" % base)
    bench.mutated(base, recipe, img)
    cls, pe_rc, e2_rc, out = verdict.judge(PE2FSCK, img, timeout)
    if cls == "false-alarm" and bench.base_class[base] == "false-alarm":
        cls = "base-false-alarm"
    return cls, pe_rc, e2_rc, out


def campaign(seed, count, seconds, names, jobs, timeout, results, quiet=False):
    """Runs the campaign; returns the count of each class."""
    bench = Bench(names, timeout)
    os.makedirs(os.path.dirname(results), exist_ok=True)
    logdir = os.path.join(BUILD, "flagged")
    os.makedirs(logdir, exist_ok=True)
    deadline = time.time() + seconds if seconds else None
    counts = collections.Counter()
    per_base = collections.defaultdict(collections.Counter)

    def one(index):
        if deadline and time.time() > deadline:
            return None
        base = names[index % len(names)]
        rng = random.Random("%d:%d" % (seed, index))
        region, recipe = mutations.generate(rng, bench.layouts[base])
        work = os.path.join(WORK, "s%d-j%d" % (seed, index % jobs))
        cls, pe_rc, e2_rc, out = _check(bench, base, recipe, work, timeout)
        if cls in verdict.FAILING:
            with open(os.path.join(logdir, "s%d-i%d.log" % (seed, index)), "w") as f:
                f.write(out)
        return index, base, region, recipe, cls, pe_rc, e2_rc, verdict.first_line(out)

    started = time.time()
    done = 0
    with open(results, "w") as res, concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        res.write("seed\tindex\tbase\tregion\tclass\tpe2fsck\te2fsck\trecipe\tpe2fsck says\n")
        # Submitted in windows of one per worker, so a time budget stops the campaign promptly.
        for lo in range(0, count, jobs):
            rows = list(pool.map(one, range(lo, min(count, lo + jobs))))
            for row in rows:
                if row is None:
                    continue
                index, base, region, recipe, cls, pe_rc, e2_rc, line = row
                done += 1
                counts[cls] += 1
                per_base[base][cls] += 1
                if cls != "agree":
                    res.write("%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n"
                              % (seed, index, base, region, cls, pe_rc, e2_rc, recipe, line))
                    res.flush()
                    if not quiet and cls in verdict.FAILING:
                        print("%s: seed %d index %d %s %s (pe2fsck %s, e2fsck %s) %s"
                              % (cls, seed, index, base, recipe, pe_rc, e2_rc, line))
            if None in rows:
                break
    classes = list(verdict.CLASSES) + ["base-false-alarm"]
    print("fuzz: seed %d, %d images in %.0f s, bases: %s" % (seed, done, time.time() - started,
                                                               " ".join(names)))
    print("  %-14s %s" % ("class", " ".join("%12s" % c for c in classes)))
    print("  %-14s %s" % ("all", " ".join("%12d" % counts[c] for c in classes)))
    for n in names:
        print("  %-14s %s" % (n, " ".join("%12d" % per_base[n][c] for c in classes)))
    print("  flagged cases (recipes): %s" % os.path.relpath(results, ROOT))
    return counts


def replay(table, timeout, verbose=False):
    """Each case (name, base, region, recipe) must come out clear of the failing classes;
    VERBOSE prints every case's class and exit codes."""
    cases = []
    with open(table) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                cases.append(line.rstrip("\n").split("\t"))
    names = sorted({c[1] for c in cases})
    bench = Bench(names, timeout)
    bad = 0
    for name, base, _region, recipe in (c[:4] for c in cases):
        cls, pe_rc, e2_rc, out = _check(bench, base, recipe, os.path.join(WORK, "replay"),
                                        timeout)
        if cls in verdict.FAILING:
            bad += 1
        if cls in verdict.FAILING or verbose:
            print("%s %s: %s (pe2fsck %s, e2fsck %s) %s" % ("FAIL" if cls in verdict.FAILING else "    ",
                                                            name, cls, pe_rc, e2_rc, verdict.first_line(out)))
    print("fuzz regressions: %d cases, %d failing" % (len(cases), bad))
    return bad


def sweep(base, region, nth, width, values, limit, timeout, results):
    """Every WIDTH-byte field of structure NTH of REGION, within its first LIMIT bytes,
    set to each of VALUES in turn (checksums made to agree): a systematic pass over one
    structure's fields, where a campaign samples."""
    bench = Bench([base], timeout)
    start, length = bench.layouts[base]["regions"][region][nth]
    fix = {"sb": ",csum@sb", "gd": ",csum@gd"}.get(region, "")
    counts = collections.Counter()
    os.makedirs(os.path.dirname(results), exist_ok=True)
    with open(results, "w") as res:
        res.write("base\tregion\tclass\tpe2fsck\te2fsck\trecipe\tpe2fsck says\n")
        for off in range(start, start + min(length, limit), width):
            for v in values:
                recipe = "put@%d=%s%s" % (off, v.to_bytes(width, "little").hex(), fix)
                cls, pe_rc, e2_rc, out = _check(bench, base, recipe,
                                                os.path.join(WORK, "sweep"), timeout)
                counts[cls] += 1
                if cls != "agree":
                    res.write("%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (base, region, cls, pe_rc, e2_rc, recipe,
                                                           verdict.first_line(out)))
                if cls in verdict.FAILING:
                    print("%s: %s %s (pe2fsck %s, e2fsck %s) %s" % (cls, base, recipe, pe_rc, e2_rc,
                                                                 verdict.first_line(out)))
    print("fuzz sweep %s %s: %s; cases in %s" % (base, region, dict(counts), os.path.relpath(results, ROOT)))
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("campaign")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--count", type=int, default=1000)
    c.add_argument("--time", type=float, default=0, help="stop after this many seconds")
    c.add_argument("--bases", default=",".join(bases.BASES))
    c.add_argument("--jobs", type=int, default=1)
    c.add_argument("--results", default=None)
    sub.add_parser("slice")
    r = sub.add_parser("replay")
    r.add_argument("table")
    r.add_argument("-v", "--verbose", action="store_true", help="print every case's class")
    w = sub.add_parser("sweep")
    w.add_argument("base")
    w.add_argument("region")
    w.add_argument("--nth", type=int, default=0, help="which structure of the region")
    w.add_argument("--width", type=int, default=4)
    w.add_argument("--values", default="0,ffffffff", help="hexadecimal, comma-separated")
    w.add_argument("--limit", type=int, default=0x180, help="bytes of the structure swept")
    i = sub.add_parser("image")
    i.add_argument("base")
    i.add_argument("recipe")
    i.add_argument("out")
    for p in (c, r, w, sub.choices["slice"]):
        p.add_argument("--timeout", type=float, default=60)
    a = ap.parse_args()
    if shutil.which("e2fsck", path=os.environ.get("PATH", "") + ":/sbin:/usr/sbin") is None:
        print("fuzz: e2fsck not found; skipped")
        return 0
    if a.cmd == "image":
        bench = Bench.__new__(Bench)
        bench.images = {a.base: bases.build(a.base, os.path.join(BUILD, "bases"))}
        bench.layouts = {a.base: layout.load(bench.images[a.base])}
        bench.mutated(a.base, a.recipe, a.out)
        return 0
    if not os.access(PE2FSCK, os.X_OK):
        print("fuzz: %s is not built (make all)" % PE2FSCK, file=sys.stderr)
        return 2
    if a.cmd == "replay":
        return 1 if replay(a.table, a.timeout, a.verbose) else 0
    if a.cmd == "sweep":
        values = [int(v, 16) for v in a.values.split(",")]
        counts = sweep(a.base, a.region, a.nth, a.width, values, a.limit, a.timeout,
                       os.path.join(BUILD, "sweep-%s-%s%d.tsv" % (a.base, a.region, a.nth)))
        return 1 if any(counts[c] for c in verdict.FAILING) else 0
    if a.cmd == "slice":
        counts = campaign(SLICE_SEED, SLICE_COUNT, 0, list(bases.BASES), 1, a.timeout,
                          os.path.join(BUILD, "slice.tsv"))
        over = ["%s %d" % (c, counts[c]) for c in verdict.FAILING if counts[c]]
        over += ["%s %d > %d" % (c, counts[c], n) for c, n in SLICE_BOUNDS.items() if counts[c] > n]
        print("fuzz slice: %s" % ("FAILED: " + ", ".join(over) if over else "clear (bounds: %s)"
                                  % ", ".join("%s <= %d" % cb for cb in SLICE_BOUNDS.items())))
        return 1 if over else 0
    names = [n for n in a.bases.split(",") if n]
    for n in names:
        if n not in bases.BASES:
            ap.error("unknown base '%s' (known: %s)" % (n, " ".join(bases.BASES)))
    results = a.results or os.path.join(BUILD, "results-seed%d.tsv" % a.seed)
    counts = campaign(a.seed, a.count, a.time, names, max(1, a.jobs), a.timeout, results)
    return 1 if any(counts[c] for c in verdict.FAILING) else 0


if __name__ == "__main__":
    try:
        status = main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(status)
