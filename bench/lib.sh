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

# snapshot_tree DIR: copies the launcher, the built tree and the run parser into DIR, with a
# class-data archive of its own (an archive is tied to its jars' paths), and points $pe2fsck at
# the copy: a run measures one build even if the checkout is rebuilt while it goes on.
snapshot_tree() {
	local dir=$1
	[ -d "$root/build/lib" ] || { echo "bench: build first (make all)" >&2; exit 2; }
	rm -rf "$dir"
	mkdir -p "$dir/build" "$dir/bench"
	cp -r "$root/bin" "$dir/"
	cp -r "$root/build/lib" "$root/build/native" "$dir/build/"
	cp "$bench/parse-run.py" "$bench/uml-lib.sh" "$dir/bench/"
	PATH="$PATH:/usr/sbin:/sbin" mke2fs -F -q -t ext4 "$dir/cds-sample.img" 8M > /dev/null
	PE2FSCK_JAVA_OPTS="-XX:ArchiveClassesAtExit=$dir/build/pe2fsck.jsa" "$dir/bin/pe2fsck" -fn "$dir/cds-sample.img" > /dev/null
	rm -f "$dir/cds-sample.img"
	pe2fsck=$dir/bin/pe2fsck
	snapshot_rev=$(build_line)
}

# The commit the checkout is at, with "+changes" when it has uncommitted changes.
build_line() {
	local rev
	rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if ! git -C "$root" diff --quiet HEAD -- java native pom.xml bin 2>/dev/null; then
		rev="$rev+changes"
	fi
	echo "$rev"
}

machine_line() {
	local cpu
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	echo "$(nproc) CPUs (${cpu:-unknown}), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r); pe2fsck at ${snapshot_rev:-$(build_line)}"
}
