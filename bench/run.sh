#!/bin/bash
# Runs the benchmarks: host.sh, then uml.sh where User-Mode Linux is (or can be) installed.
# BENCH_QUICK=1 (default, what `make bench` runs): 100k-inode image, 3 runs, UML on a single
# delayed disk and a 4-disk RAID0. BENCH_QUICK=0: 100k, 1M and 3M images, 5 runs, more arrays.
# Then journal.sh (journal replay; BENCH_SKIP_JOURNAL=1 skips it). BENCH_SKIP_UML=1 skips the UML
# part. Results: bench/results/*.md.
set -euo pipefail
bench=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
export BENCH_QUICK=${BENCH_QUICK:-1}
if [ "$(id -u)" != 0 ]; then
	echo "run.sh: the benchmarks need root (loop devices, drop_caches, tmpfs)" >&2
	exit 2
fi
"$bench/host.sh"
if [ "${BENCH_SKIP_JOURNAL:-0}" != 1 ]; then
	"$bench/journal.sh"
fi
if [ "${BENCH_SKIP_UML:-0}" = 1 ]; then
	exit 0
fi
if ! command -v linux.uml > /dev/null || ! command -v mdadm > /dev/null || ! command -v dmsetup > /dev/null; then
	if command -v apt-get > /dev/null; then
		echo "run.sh: installing user-mode-linux, mdadm, dmsetup" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q user-mode-linux mdadm dmsetup time > /dev/null \
			|| { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q user-mode-linux mdadm dmsetup time > /dev/null; } \
			|| { echo "run.sh: could not install User-Mode Linux; skipping uml.sh" >&2; exit 0; }
	else
		echo "run.sh: no linux.uml and no apt-get; skipping uml.sh" >&2
		exit 0
	fi
fi
# uml.sh exits 3 when UML cannot run on this host at all: a skip, like a missing package.
rc=0
"$bench/uml.sh" || rc=$?
if [ "$rc" = 3 ]; then
	echo "run.sh: skipped uml.sh (User-Mode Linux cannot run here)" >&2
	exit 0
fi
exit "$rc"
