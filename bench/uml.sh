#!/bin/bash
# I/O-concurrency benchmark in User-Mode Linux: one boot per array configuration. Members are
# sparse files given to UML as ubd disks; each member is ubd -> dm-delay (the latency) ->
# loop with O_DIRECT and a small hw_queue_depth (one member behaves like one disk). md builds
# the array on the loop devices; the image is written onto it, then both checkers run on it
# alternately, page cache dropped before each run.
# Env: UML_CONFIGS: space-separated LEVEL-NDISKS:LATENCY_MS (single-1:20 raid0-4:20 ...);
#      UML_VARIANTS: ';'-separated pe2fsck option sets, "-" for none;
#      UML_QD (loop hw_queue_depth, default 1); UML_MEM (default 1G); BENCH_RUNS; BENCH_SIZES
#      (first size only; default 100k); BENCH_QUICK as for host.sh.
# Writes bench/results/uml-<date>.md; boots' logs and raw rows stay in bench/work/uml-<date>/.
set -euo pipefail
bench=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$bench/lib.sh"
. "$bench/uml-lib.sh"
command -v linux.uml > /dev/null || { echo "uml.sh: linux.uml not found (apt-get install user-mode-linux mdadm dmsetup)" >&2; exit 2; }
# e2fsck takes 2-3 minutes on the 100k image in the guest at 20 ms, so quick mode is small.
if [ "${BENCH_QUICK:-1}" = 1 ]; then
	configs=${UML_CONFIGS:-"raid0-8:20 raid0-4:20 raid5-4:20 single-1:20"}
	variants=${UML_VARIANTS:-"-"}
	runs=${BENCH_RUNS:-2}
else
	configs=${UML_CONFIGS:-"single-1:20 single-1:60 raid0-4:20 raid0-4:60 raid0-8:20 raid5-4:20 raid10-4:20"}
	variants=${UML_VARIANTS:-"-;-E io_depth=8;-E io_depth=16;-E io_depth=32"}
	runs=$(bench_runs)
fi
size=${BENCH_SIZES:-100k}
size=${size%% *}
img=$(image_for "$size")
stamp=$(date -u +%Y-%m-%d-%H%M%S)
dir=$work/uml-$stamp
mkdir -p "$dir" "$bench/results"
fs_bytes=$(( $(dumpe2fs -h "$img" 2>/dev/null | awk -F: '/^Block count/ {print $2}') * 4096 ))
raw=$dir/raw.tsv
snapshot_tree "$dir/tree"
printf 'size\tarray\tcache\tchecker\trun\trc\twall\trss_kib\tp1\tp2\tinternal\tread_bytes\tinodes\treport\n' > "$raw"
jvm=()
for cfg in $configs; do
	name=${cfg%%:*} lat=${cfg#*:}
	level=${name%-*} nd=${name#*-}
	case $level in
		single|raid0) data=$nd ;;
		raid5) data=$(( nd - 1 )) ;;
		raid10) data=$(( nd / 2 )) ;;
		*) echo "uml.sh: unknown level $level" >&2; exit 2 ;;
	esac
	member=$(( fs_bytes / data + 256 * 1048576 ))
	cdir=$dir/$name-${lat}ms
	mkdir -p "$cdir"
	ubd=()
	letters=(a b c d e f g h i j k l m n o p)
	for i in $(seq 0 $(( nd - 1 ))); do
		rm -f "$cdir/disk$i.img"
		truncate -s "$member" "$cdir/disk$i.img"
		ubd+=("ubd${letters[$i]}=$cdir/disk$i.img")
	done
	cat > "$cdir/params.sh" <<EOF
root='$dir/tree'
outdir='$cdir'
img='$img'
level='$level'
ndisks=$nd
lat_ms=$lat
qd=${UML_QD:-1}
runs=$runs
variants='$variants'
label='$name ${lat}ms'
size='$size'
EOF
	echo "uml.sh: booting $name at ${lat} ms" >&2
	t0=$(date +%s)
	uml_boot "$cdir/boot.log" "$bench/uml-guest.sh" "${ubd[@]}" BENCH_PARAMS="$cdir/params.sh" || true
	echo "uml.sh: $name ${lat}ms took $(( $(date +%s) - t0 )) s" >&2
	rm -f "$cdir"/disk*.img
	if [ ! -f "$cdir/done" ]; then
		echo "uml.sh: $name ${lat}ms did not finish; see $cdir/guest.log and boot.log" >&2
		if uml_cannot_run "$cdir/boot.log"; then
			# every boot would fail the same way
			echo "uml.sh: this UML kernel cannot run user processes on this host's CPU (ptrace could not set the FP/extended register state); no arrays can be measured here" >&2
			exit 3
		fi
	fi
	[ -f "$cdir/raw.tsv" ] && cat "$cdir/raw.tsv" >> "$raw"
	[ -f "$cdir/jvm.txt" ] && jvm+=("$(cat "$cdir/jvm.txt")")
done
rm -rf "$dir/tree"
if [ "$(wc -l < "$raw")" -le 1 ]; then
	echo "uml.sh: no configuration finished; no results written" >&2
	exit 1
fi
out=$bench/results/uml-$stamp.md
python3 "$bench/summarize.py" "uml (User-Mode Linux guest, 1 CPU, mem ${UML_MEM:-1G}; members: ubd -> dm-delay -> loop O_DIRECT hw_queue_depth=${UML_QD:-1}; md chunk 512 KiB)" \
	"$raw" "host $(machine_line)" "${jvm[*]:-}" "$runs" > "$out"
echo "uml.sh: wrote $out" >&2
cat "$out"
