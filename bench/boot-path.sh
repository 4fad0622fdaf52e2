#!/bin/bash
# usage: bench/boot-path.sh IMAGE RUNS CHECKER...
# The boot-time case: a clean, unforced `-p` check of IMAGE, each CHECKER (a path; e2fsck
# included as given) run RUNS times, interleaved, wall time per run; prints each checker's
# median and range in seconds. Every run must exit 0.
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,5p "$0" >&2; exit 2; }
img=$1 runs=$2
shift 2
declare -A times
for ((r = 0; r < runs; r++)); do
	for c in "$@"; do
		t0=$(date +%s%N)
		"$c" -p "$img" > /dev/null || { echo "boot-path: $c -p $img failed" >&2; exit 1; }
		t1=$(date +%s%N)
		times[$c]+="$(( (t1 - t0) / 1000 )) "
	done
done
for c in "$@"; do
	echo "${times[$c]}" | tr ' ' '\n' | grep . | sort -n | awk -v c="$c" '
		{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
		      printf "%-50s median %.3f s  (%.3f-%.3f, %d runs)\n", c, m / 1e6, v[1] / 1e6, v[NR] / 1e6, NR }'
done
