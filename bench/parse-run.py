#!/usr/bin/env python3
"""Turns one checker run (GNU time output + the checker's -t/-tt output) into a TSV row:
size target cache checker run rc wall rss_kib p1 p2 internal read_bytes inodes report
(times in seconds, '' where the checker did not say). report: for pe2fsck, a digest of what it
printed apart from its -t timing lines, so runs can be compared for byte-identical reports."""
import hashlib
import re
import sys

size, target, cache, label, run, rc, timef, logf = sys.argv[1:9]
wall = rss = ""
for line in open(timef, errors="replace"):
    if line.startswith("TIME "):
        _, wall, rss = line.split()
text = open(logf, errors="replace").read()
p1 = p2 = internal = read = inodes = report = ""
m = re.search(r"(\d+)/\d+ files", text)
if m:
    inodes = m.group(1)
units = {"B": 1, "KiB": 1024, "MiB": 1 << 20, "GiB": 1 << 30, "MB": 1 << 20, "KB": 1024, "GB": 1 << 30}
if label.startswith("pe2fsck"):
    for n, var in (("1", "p1"), ("2", "p2")):
        m = re.search(r"^Pass %s: ([\d.]+)s wall" % n, text, re.M)
        if m:
            globals()[var] = m.group(1)
    timing = re.compile(r"^((Pass \d+|Total): [\d.]+s wall|  \S.*: [\d.]+s CPU)")
    kept = "".join(l for l in text.splitlines(True) if not timing.match(l))
    report = hashlib.sha256(kept.encode()).hexdigest()[:12]
    m = re.search(r"^Total: ([\d.]+)s wall.*read ([\d.]+) (\w+)", text, re.M)
    if m:
        internal = m.group(1)
        read = str(int(float(m.group(2)) * units[m.group(3)]))
else:
    for n, var in (("1", "p1"), ("2", "p2")):
        m = re.search(r"^Pass %s: Memory used: .*time:\s+([\d.]+)/" % n, text, re.M)
        if m:
            globals()[var] = m.group(1)
    m = re.search(r"^Memory used: .*time:\s+([\d.]+)/", text, re.M)
    if m:
        internal = m.group(1)
    m = re.search(r"^I/O read: (\d+)MB", text, re.M)
    if m:
        read = str(int(m.group(1)) << 20)
print("\t".join((size, target, cache, label, run, rc, wall, rss, p1, p2, internal, read, inodes, report)))
