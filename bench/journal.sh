#!/bin/bash
# Journal replay benchmark: e2fsck -p -E journal_only against pe2fsck -p -E journal_only on fresh
# copies of a crashed image whose 128 MiB journal holds a large live log (test-images/
# make-crash-images.sh ext4-big: 1 GiB ext4 mounted data=journal, about 80 MiB of committed,
# not checkpointed transactions, copied while mounted). Each run replays a fresh copy; on the
# image file and on a loop device over it; cold (page cache dropped after the copy) and warm
# (the copy just written, so in the cache). Medians of BENCH_RUNS runs (default 5), ratio
# pe2fsck / e2fsck. Both results are compared once: they must be equal but for the superblock's
# write time and checksum.
# Env: BENCH_RUNS, BENCH_TARGETS (default "file loop"), BENCH_CACHES (default "cold warm").
# Writes bench/results/journal-<date>.md; raw rows go to bench/work/journal-<date>.tsv.
set -euo pipefail
bench=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$bench/lib.sh"
[ "$(id -u)" = 0 ] || { echo "journal.sh: needs root (loop mounts, drop_caches)" >&2; exit 2; }
runs=${BENCH_RUNS:-5}
stamp=$(date -u +%Y-%m-%d-%H%M)
mkdir -p "$work/journal" "$bench/results"
snapshot_tree "$work/journal-$stamp-tree"
raw=$work/journal-$stamp.tsv
out=$bench/results/journal-$stamp.md
img=$work/journal/ext4-big.img
scratch=$work/journal/scratch.img
loopdev=

cleanup() {
	[ -n "$loopdev" ] && losetup -d "$loopdev" 2>/dev/null || true
	rm -f "$scratch" "$scratch.e2fsck" "$scratch.pe2fsck"
	rm -rf "$work/journal-$stamp-tree"
}
trap cleanup EXIT

if [ ! -f "$img" ] || [ "$root/test-images/make-crash-images.sh" -nt "$img" ]; then
	CRASH_BIG=1 "$root/test-images/make-crash-images.sh" "$work/journal" ext4-big > /dev/null
fi
PATH="$PATH:/usr/sbin:/sbin"
log_blocks() {
	local start end
	start=$(dumpe2fs -h "$1" 2>/dev/null | sed -n 's/^Journal start:[[:space:]]*//p')
	end=$(debugfs -R logdump "$1" 2>/dev/null | sed -n 's/^No magic number at block \([0-9]*\).*/\1/p')
	echo $(( end >= start ? end - start : end ))
}
bs=$(dumpe2fs -h "$img" 2>/dev/null | sed -n 's/^Block size:[[:space:]]*//p')
live=$(log_blocks "$img")

drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# one_run TARGET CACHE CHECKER RUN: replays a fresh copy, appends a row to $raw.
one_run() {
	local target=$1 cache=$2 checker=$3 run=$4 dev t0 t1 rc
	cp --sparse=always "$img" "$scratch"
	dev=$scratch
	if [ "$target" = loop ]; then
		loopdev=$(losetup -f --show "$scratch")
		dev=$loopdev
	fi
	[ "$cache" = cold ] && drop
	t0=$(date +%s.%N)
	if [ "$checker" = e2fsck ]; then
		e2fsck -p -E journal_only "$dev" > /dev/null 2>&1 && rc=0 || rc=$?
	else
		"$pe2fsck" -p -E journal_only "$dev" > /dev/null 2>&1 && rc=0 || rc=$?
	fi
	t1=$(date +%s.%N)
	if [ -n "$loopdev" ]; then
		losetup -d "$loopdev"
		loopdev=
	fi
	[ "$rc" = 0 ] || echo "journal.sh: $checker on $target exited $rc" >&2
	printf '%s\t%s\t%s\t%s\t%s\t%.3f\n' "$target" "$cache" "$checker" "$run" "$rc" "$(echo "$t1 - $t0" | bc -l)" >> "$raw"
	if [ "$run" = 1 ] && [ "$target" = file ] && [ "$cache" = warm ]; then
		cp --sparse=always "$scratch" "$scratch.$checker"
	fi
}

printf 'target\tcache\tchecker\trun\trc\twall\n' > "$raw"
for target in ${BENCH_TARGETS:-file loop}; do
	for cache in ${BENCH_CACHES:-cold warm}; do
		for ((r = 1; r <= runs; r++)); do
			# Interleaved, so a drift of the machine hits both alike.
			one_run "$target" "$cache" e2fsck "$r"
			one_run "$target" "$cache" pe2fsck "$r"
		done
	done
done

same=unchecked
if [ -f "$scratch.e2fsck" ] && [ -f "$scratch.pe2fsck" ]; then
	# Byte offsets (from 1) that differ, outside the superblock's s_wtime, s_wtime_hi and checksum.
	diffs=$({ cmp -l "$scratch.e2fsck" "$scratch.pe2fsck" || true; } | awk '{o = $1 - 1025; if (!((o >= 48 && o < 52) || o == 628 || (o >= 1020 && o < 1024))) n++} END {print n + 0}')
	same=$([ "$diffs" = 0 ] && echo "yes" || echo "no ($diffs bytes differ)")
fi

python3 - "$raw" "$out" "$(machine_line)" "$runs" "$live" "$bs" "$same" <<'EOF'
import csv, statistics, sys
raw, out, machine, runs, live, bs, same = sys.argv[1:]
rows = list(csv.DictReader(open(raw), delimiter='\t'))
groups = {}
for r in rows:
    groups.setdefault((r['target'], r['cache']), {}).setdefault(r['checker'], []).append(float(r['wall']))
lines = [f"# Journal replay, {machine}", "",
         f"Image: 1 GiB ext4, 128 MiB journal, live log of {live} blocks of {bs} bytes "
         f"({int(live) * int(bs) / 1048576:.0f} MiB), copied while mounted data=journal. "
         f"`-p -E journal_only` on a fresh copy per run; {runs} runs each, interleaved; wall seconds, medians "
         f"(min-max). Results equal but for the write time: {same}.", "",
         "| target | cache | e2fsck s | pe2fsck s | ratio |", "|---|---|---|---|---|"]
for (target, cache), by in groups.items():
    e, p = by.get('e2fsck', []), by.get('pe2fsck', [])
    if not e or not p:
        continue
    me, mp = statistics.median(e), statistics.median(p)
    lines.append(f"| {target} | {cache} | {me:.2f} ({min(e):.2f}-{max(e):.2f}) | {mp:.2f} ({min(p):.2f}-{max(p):.2f}) | {mp / me:.2f} |")
open(out, 'w').write('\n'.join(lines) + '\n')
print('\n'.join(lines))
EOF
echo "journal.sh: wrote $out"
