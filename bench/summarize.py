#!/usr/bin/env python3
"""Markdown tables from the raw TSV rows of host.sh or uml.sh (medians per configuration).

usage: summarize.py host RAW MACHINE JVM_TIMES RUNS
       summarize.py uml RAW MACHINE JVM_TIMES RUNS
"""
import collections
import datetime
import statistics
import sys

kind, raw, machine, jvm, runs = sys.argv[1:6]
rows = []
with open(raw) as f:
    head = f.readline().rstrip("\n").split("\t")
    for line in f:
        if line.strip():
            rows.append(dict(zip(head, line.rstrip("\n").split("\t"))))


def med(vals):
    vals = [float(v) for v in vals if v not in ("", None)]
    return statistics.median(vals) if vals else None


def fmt(v, nd=2):
    return "" if v is None else ("%.*f" % (nd, v))


def mib(v):
    return "" if v is None else "%.0f" % (v / (1 << 20))


groups = collections.OrderedDict()
keys = [k for k in head if k not in ("checker", "run", "rc", "wall", "rss_kib", "p1", "p2", "internal",
                                     "read_bytes", "inodes", "report")]
for r in rows:
    groups.setdefault(tuple(r[k] for k in keys), collections.OrderedDict()).setdefault(r["checker"], []).append(r)

jv = med(jvm.split())
print("# pe2fsck vs e2fsck, %s (%s)" % (kind, datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")))
print()
print("Machine: %s. Medians of %s runs per row; checks are `-fn`, runs interleaved." % (machine, runs))
print("JVM start-up alone (`pe2fsck -V`): median %s s." % fmt(jv))
print()
print("| %s | checker | wall s | x e2fsck | pass 1 s | pass 1 kinodes/s | pass 2 s | outside passes s | peak RSS MiB | read MiB | exit |"
      % " | ".join(keys))
print("|%s" % ("---|" * (len(keys) + 10)))
for key, checkers in groups.items():
    base = med(r["wall"] for r in checkers.get("e2fsck", []))
    for name, rs in checkers.items():
        wall = med(r["wall"] for r in rs)
        p1 = med(r["p1"] for r in rs)
        inodes = med(r["inodes"] for r in rs)
        internal = med(r["internal"] for r in rs)
        rss = med(r["rss_kib"] for r in rs)
        rate = (inodes / p1 / 1000) if (p1 and inodes) else None
        ratio = (wall / base) if (base and wall) else None
        outside = (wall - internal) if (wall is not None and internal is not None) else None
        rcs = sorted(set(r["rc"] for r in rs))
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            " | ".join(key), name.replace("|", "/"), fmt(wall), fmt(ratio), fmt(p1), fmt(rate, 1 if rate is not None and rate < 10 else 0),
            fmt(med(r["p2"] for r in rs)), fmt(outside), fmt(rss / 1024 if rss else None, 0),
            mib(med(r["read_bytes"] for r in rs)), ",".join(rcs)))
print()
# Every pe2fsck run of one configuration (any thread count, any option set) must print the same
# report; older raw files have no report column.
same, differ = 0, []
for key, checkers in groups.items():
    digests = {}
    for name, rs in checkers.items():
        if name.startswith("pe2fsck"):
            for r in rs:
                if r.get("report"):
                    digests.setdefault(r["report"], []).append("%s run %s" % (name, r["run"]))
    if len(digests) == 1:
        same += 1
    elif len(digests) > 1:
        differ.append("%s: %s" % (" ".join(key), "; ".join("%s by %s" % (d, ", ".join(w)) for d, w in digests.items())))
if same or differ:
    print("Reports: in %d of %d configurations every pe2fsck run printed a byte-identical report "
          "(apart from its -t timing lines)%s" % (same, same + len(differ), "." if not differ else "; they differ in:"))
    for d in differ:
        print("- " + d)
    print()
# Time and bytes per inode across sizes, for each place, cache and checker (host runs with
# several sizes): flat means a checker scales linearly.
sizes = []
scale = collections.OrderedDict()
for key, checkers in groups.items():
    kd = dict(zip(keys, key))
    size = kd.get("size", "")
    if size not in sizes:
        sizes.append(size)
    place = tuple(v for k, v in kd.items() if k != "size")
    for name, rs in checkers.items():
        wall = med(r["wall"] for r in rs)
        inodes = med(r["inodes"] for r in rs)
        read = med(r["read_bytes"] for r in rs)
        if wall and inodes:
            scale.setdefault(place + (name,), {})[size] = (wall / inodes * 1e6, read / inodes if read else None)
if len(sizes) > 1 and scale:
    print("Per inode (whole wall time / inodes in use, in µs; bytes read / inode):")
    print()
    print("| %s | checker | %s | last / previous |" % (
        " | ".join(k for k in keys if k != "size"), " | ".join("%s µs | %s B" % (z, z) for z in sizes)))
    print("|%s" % ("---|" * (len(keys) + 2 * len(sizes) + 1)))
    for place, per in scale.items():
        cells = []
        for z in sizes:
            us, b = per.get(z, (None, None))
            cells += [fmt(us), "" if b is None else "%.0f" % b]
        have = [per[z][0] for z in sizes if z in per]
        growth = fmt(have[-1] / have[-2]) if len(have) > 1 else ""
        print("| %s | %s | %s | %s |" % (" | ".join(place[:-1]), place[-1].replace("|", "/"), " | ".join(cells), growth))
    print()
print("wall: elapsed time of the whole command (GNU time), JVM start-up included for pe2fsck. "
      "x e2fsck: wall / e2fsck's wall in the same configuration (below 1 means pe2fsck is faster). "
      "pass 1/2 s: the checker's own per-pass timing (pe2fsck -t, e2fsck -tt). "
      "outside passes: wall minus the checker's own total (JVM start-up, class loading, opening). "
      "read MiB: bytes the checker says it read.")
