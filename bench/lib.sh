# Shared helpers for the bench scripts (sourced, not run). Expects $bench set to bench/.

root=$(CDPATH= cd -- "$bench/.." && pwd)
work=${BENCH_WORK:-$bench/work}
pe2fsck=$root/bin/pe2fsck
export E2FSCK_CONFIG=/dev/null

# Image sizes for this mode: BENCH_SIZES wins, else quick (100k) or full (100k 1M 3M).
bench_sizes() {
	if [ -n "${BENCH_SIZES:-}" ]; then
		echo "$BENCH_SIZES"
	elif [ "${BENCH_QUICK:-1}" = 1 ]; then
		echo 100k
	else
		echo "100k 1M 3M"
	fi
}

bench_runs() {
	if [ -n "${BENCH_RUNS:-}" ]; then
		echo "$BENCH_RUNS"
	elif [ "${BENCH_QUICK:-1}" = 1 ]; then
		echo 3
	else
		echo 5
	fi
}

# image_for SIZE: builds (or reuses) the cached image and prints its path.
image_for() {
	local img=$work/img-$1.img
	"$bench/make-image.sh" "$1" "$img" >&2
	echo "$img"
}

machine_line() {
	local cpu
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	echo "$(nproc) CPUs (${cpu:-unknown}), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
}
