#!/bin/bash
# Host benchmark: e2fsck -fn against pe2fsck -fn (-m 1, -m 2, default threads), on the image
# file and on a read-only loop device over it, warm and cold page cache; medians of N runs.
# Env: BENCH_QUICK=1 (default: 100k inodes, 3 runs) or 0 (100k 1M 3M, 5 runs); BENCH_SIZES,
# BENCH_RUNS override; BENCH_TARGETS (default "file loop"); BENCH_CACHES ("warm cold");
# PE2FSCK_VARIANTS: ';'-separated pe2fsck option sets, "-" for none (default "-m 1;-m 2;-E direct;-").
# Writes bench/results/host-<date>.md; raw per-run rows go to bench/work/host-<date>.tsv.
set -euo pipefail
bench=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$bench/lib.sh"
[ "$(id -u)" = 0 ] || { echo "host.sh: needs root (drop_caches, loop devices)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "host.sh: needs GNU time (/usr/bin/time; Debian package time)" >&2; exit 2; }
runs=$(bench_runs)
stamp=$(date -u +%Y-%m-%d-%H%M)
mkdir -p "$work" "$bench/results"
snapshot_tree "$work/host-$stamp-tree"
raw=$work/host-$stamp.tsv
out=$bench/results/host-$stamp.md
IFS=';' read -r -a variants <<< "${PE2FSCK_VARIANTS:--m 1;-m 2;-E direct;-}"
loopdev=

cleanup() {
	exec 9<&- 2>/dev/null || true
	[ -n "$loopdev" ] && losetup -d "$loopdev" 2>/dev/null || true
	rm -rf "$work/host-$stamp-tree"
}
trap cleanup EXIT

drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# one_run SIZE TARGET CACHE CHECKER-LABEL RUN DEV: runs one check, appends a row to $raw.
one_run() {
	local size=$1 target=$2 cache=$3 label=$4 run=$5 dev=$6 log rc
	log=$(mktemp "${TMPDIR:-/tmp}/pe2fsck-bench.XXXXXX")
	[ "$cache" = cold ] && drop
	if [ "$label" = e2fsck ]; then
		/usr/bin/time -f "TIME %e %M" -o "$log.time" e2fsck -fn -tt "$dev" > "$log" 2>&1 && rc=0 || rc=$?
	else
		local opts=()
		[ "$label" != "pe2fsck" ] && read -r -a opts <<< "${label#pe2fsck }"
		/usr/bin/time -f "TIME %e %M" -o "$log.time" "$pe2fsck" -fn -t "${opts[@]}" "$dev" > "$log" 2>&1 && rc=0 || rc=$?
	fi
	[ "$rc" -le 4 ] || { echo "host.sh: $label on $dev exited $rc" >&2; cat "$log" >&2; }
	if [ "$run" != warmup ]; then
		python3 "$bench/parse-run.py" "$size" "$target" "$cache" "$label" "$run" "$rc" "$log.time" "$log" >> "$raw"
	fi
	rm -f "$log" "$log.time"
}

printf 'size\ttarget\tcache\tchecker\trun\trc\twall\trss_kib\tp1\tp2\tinternal\tread_bytes\tinodes\treport\n' > "$raw"
labels=(e2fsck)
for v in "${variants[@]}"; do
	v=${v#"${v%%[![:space:]]*}"}; v=${v%"${v##*[![:space:]]}"}
	if [ "$v" = - ] || [ -z "$v" ]; then labels+=("pe2fsck"); else labels+=("pe2fsck $v"); fi
done

# JVM start-up alone: pe2fsck -V
jvm=()
for r in $(seq "$runs"); do
	jvm+=("$( { /usr/bin/time -f '%e' "$pe2fsck" -V > /dev/null; } 2>&1 | tail -n 1)")
done

for size in $(bench_sizes); do
	img=$(image_for "$size")
	for target in ${BENCH_TARGETS:-file loop}; do
		dev=$img
		if [ "$target" = loop ]; then
			loopdev=$(losetup -f --show -r "$img")
			exec 9< "$loopdev"   # keeps the device's page cache alive between runs
			dev=$loopdev
		fi
		for cache in ${BENCH_CACHES:-warm cold}; do
			echo "host.sh: $size $target $cache" >&2
			if [ "$cache" = warm ]; then
				for l in "${labels[@]}"; do one_run "$size" "$target" "$cache" "$l" warmup "$dev"; done
			fi
			for r in $(seq "$runs"); do
				for l in "${labels[@]}"; do one_run "$size" "$target" "$cache" "$l" "$r" "$dev"; done
			done
		done
		if [ -n "$loopdev" ]; then
			exec 9<&-
			losetup -d "$loopdev"
			loopdev=
		fi
	done
done

python3 "$bench/summarize.py" host "$raw" "$(machine_line)" "${jvm[*]}" "$runs" > "$out"
echo "host.sh: wrote $out" >&2
cat "$out"
