#!/bin/bash
# Init script of the User-Mode Linux guest that uml.sh boots (not meant to be run by hand).
# The kernel passes BENCH_PARAMS=<file> in the environment; that file sets:
#   root (checkout), outdir (host dir for results), img (image to write onto the array),
#   level (single|raid0|raid5|raid10), ndisks, lat_ms, qd (loop hw_queue_depth), runs,
#   variants (';'-separated pe2fsck option sets, "-" for none), label (config name), size.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
# shellcheck disable=SC1090
. "$BENCH_PARAMS"
exec > "$outdir/guest.log" 2>&1
set -x

# shellcheck source=uml-lib.sh
. "$root/bench/uml-lib.sh"

uml_load drivers/md/dm-delay.ko
uml_load drivers/block/loop.ko hw_queue_depth="$qd"
case $level in
	raid0) uml_load drivers/md/raid0.ko ;;
	raid5) uml_load drivers/md/raid456.ko ;;
	raid10) uml_load drivers/md/raid10.ko ;;
esac

members=()
i=0
for d in /sys/block/ubd*; do
	[ "$i" -lt "$ndisks" ] || break
	n=$(basename "$d")
	echo $(( 128 / ndisks > 4 ? 128 / ndisks : 4 )) > "$d/queue/nr_requests" || true
	sz=$(blockdev --getsz "/dev/$n")
	dmsetup create "m$i" --table "0 $sz delay /dev/$n 0 0"
	dmsetup mknodes "m$i"
	lo=$(losetup --direct-io=on -f --show "/dev/mapper/m$i")
	members+=("$lo")
	i=$(( i + 1 ))
done

if [ "$level" = single ]; then
	dev=${members[0]}
else
	mdadm --create /dev/md0 --run --force --assume-clean --level="${level#raid}" \
		--raid-devices="$ndisks" --chunk=512 --metadata=1.2 "${members[@]}" < /dev/null
	dev=/dev/md0
fi
t0=$(date +%s)
dd if="$img" of="$dev" bs=4M conv=sparse,fsync status=none
echo "image written in $(( $(date +%s) - t0 )) s"

# now the latency: reload every member's dm-delay table
for j in $(seq 0 $(( ndisks - 1 ))); do
	lo=${members[$j]}
	back=$(dmsetup table "m$j" | awk '{print $4}')
	sz=$(dmsetup table "m$j" | awk '{print $2}')
	dmsetup suspend "m$j"
	dmsetup load "m$j" --table "0 $sz delay $back 0 $lat_ms"
	dmsetup resume "m$j"
done
dmsetup table
cat /proc/mdstat 2>/dev/null
dmesg | tail -n 30
[ -b "$dev" ] || { echo "no array device"; poweroff -f; }

labels=(e2fsck)
IFS=';' read -r -a vs <<< "$variants"
for v in "${vs[@]}"; do
	v=${v#"${v%%[![:space:]]*}"}; v=${v%"${v##*[![:space:]]}"}
	if [ "$v" = - ] || [ -z "$v" ]; then labels+=("pe2fsck"); else labels+=("pe2fsck $v"); fi
done
export E2FSCK_CONFIG=/dev/null
raw=$outdir/raw.tsv
: > "$raw"
s=$(date +%s.%N); "$root/bin/pe2fsck" -V; jvm=$(echo "$(date +%s.%N) - $s" | bc)
echo "$jvm" > "$outdir/jvm.txt"
set +x
for r in $(seq "$runs"); do
	for l in "${labels[@]}"; do
		sync; echo 3 > /proc/sys/vm/drop_caches
		log=/run/run.log
		if [ "$l" = e2fsck ]; then
			/usr/bin/time -f "TIME %e %M" -o "$log.time" e2fsck -fn -tt "$dev" > "$log" 2>&1 && rc=0 || rc=$?
		else
			opts=()
			[ "$l" != pe2fsck ] && read -r -a opts <<< "${l#pe2fsck }"
			/usr/bin/time -f "TIME %e %M" -o "$log.time" "$root/bin/pe2fsck" -fn -t "${opts[@]}" "$dev" > "$log" 2>&1 && rc=0 || rc=$?
		fi
		echo "== run $r $l rc=$rc $(cat "$log.time" | tr '\n' ' ')"
		tail -n 12 "$log"
		python3 "$root/bench/parse-run.py" "$size" "$label" cold "$l" "$r" "$rc" "$log.time" "$log" >> "$raw"
	done
done
echo done > "$outdir/done"
sync
poweroff -f
