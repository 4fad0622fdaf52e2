#!/bin/bash
# Init of the boot test's User-Mode Linux guest (boot-test.sh boots it; not meant to be run by
# hand). The guest's root is the host's root through hostfs, so this script writes only under
# the test's work directory and mounts tmpfs on /run before any tool may write there; the host's
# /etc/fstab is never read or written (fsck and mount get FSTAB_FILE, or explicit devices).
# The kernel hands BOOT_PARAMS=<file> to init; that file sets root (the checkout), work (the
# work directory), phase and disks (NAME:DEVICE words). Phases:
#   setup   makes the md arrays (RAID1 over ubdc-d, RAID5 over ubde-g) and writes the file
#           systems raid1.fs and raid5.fs onto them;
#   check1  a boot: assembles the arrays by scan, runs fsck -A -a -C 0 as an init system
#           would, then mounts every file system read-write, checks its files, writes one and
#           unmounts;
#   check2  the next boot: the same fsck -A, which must be clean, then systemd-fsck on one disk,
#           a full check with SIGUSR1 and SIGUSR2 coming all along, and a full check of every
#           disk by pe2fsck -fn and by the system's e2fsck -fn.
# Each phase writes PHASE.tsv (NAME, what, result) and PHASE.log, then PHASE.done, and halts.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
ln -s /proc/self/fd /dev/fd
# shellcheck disable=SC1090
. "$BOOT_PARAMS"
# shellcheck disable=SC2154 # root, work, phase and disks come from BOOT_PARAMS
{ : "$root" "$work" "$phase" "$disks"; }
# shellcheck source=../../bench/uml-lib.sh
. "$root/bench/uml-lib.sh"
exec > "$work/$phase.log" 2>&1
export E2FSCK_CONFIG=/dev/null BLKID_FILE=/run/blkid.tab FSTAB_FILE=$work/fstab
# fsck(8) looks for fsck.TYPE along PATH: the test's sbin comes first.
checker_path=$work/sbin:$PATH
out=$work/$phase.tsv
: > "$out"
result() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$out"; echo "RESULT $1 $2 $3"; }
halt() { sync; poweroff -f; }
echo "guest: phase $phase, kernel $(uname -r)"
result guest started "$(uname -r)"

uml_load drivers/md/raid1.ko
uml_load drivers/md/raid456.ko
# A deep queue on every ubd disk can stall the host I/O channel the disks share.
for q in /sys/block/ubd*/queue/nr_requests; do echo 4 > "$q" || true; done

r1=(/dev/ubdc /dev/ubdd)
r5=(/dev/ubde /dev/ubdf /dev/ubdg)
if [ "$phase" = setup ]; then
	rc=0
	mdadm --create /dev/md0 --run --assume-clean --level=1 --raid-devices=2 --metadata=1.2 \
		"${r1[@]}" < /dev/null || rc=$?
	mdadm --create /dev/md1 --run --assume-clean --level=5 --raid-devices=3 --chunk=64 \
		--metadata=1.2 "${r5[@]}" < /dev/null || rc=$?
	dd if="$work/raid1.fs" of=/dev/md0 bs=1M conv=sparse,fsync status=none || rc=$?
	dd if="$work/raid5.fs" of=/dev/md1 bs=1M conv=sparse,fsync status=none || rc=$?
	cat /proc/mdstat
	# the arrays as an mdadm.conf lists them, for the next boots' assembly by scan
	mdadm --detail --scan > "$work/mdadm.conf" || rc=$?
	cat "$work/mdadm.conf"
	mdadm --stop /dev/md0 /dev/md1 || rc=$?
	result arrays created "$rc"
	echo finished > "$work/$phase.done"
	halt
fi

# as an init script assembles them: by scan, from the configuration (the work directory's, not
# the host's)
mdadm --assemble --scan --config="$work/mdadm.conf" || true
cat /proc/mdstat
for a in md0 md1; do
	if [ -b "/dev/$a" ] && [ "$(cat "/sys/block/$a/md/array_state" 2> /dev/null)" != inactive ]; then
		result "$a" assembled yes
	else
		result "$a" assembled no
	fi
done

# Decoys over the system's e2fsck under each of its names, for the length of the fsck -A run:
# should fsck(8) run any of them rather than pe2fsck, the decoy says so in decoy.log and exits 8.
# The bind mounts live in the guest's kernel; the host's files are not touched.
decoys=()
decoys_on() {
	local n d p
	for n in e2fsck fsck.ext2 fsck.ext3 fsck.ext4; do
		for d in /sbin /usr/sbin; do
			[ -e "$d/$n" ] || continue
			p=$(readlink -f "$d/$n")
			case " ${decoys[*]} " in *" $p "*) continue ;; esac
			mount --bind "$work/decoy.sh" "$p" && decoys+=("$p")
		done
	done
	echo "decoys over: ${decoys[*]}"
}
decoys_off() {
	local p
	for p in "${decoys[@]}"; do umount "$p"; done
	decoys=()
}

# fsck -A as an init script runs it: -a (preen), -C 0 (progress); -r 3 writes each device's exit
# status, peak RSS and times to fd 3.
run_fsck_all() {
	local rc=0 d name dev st
	decoys_on
	echo "== fsck -N -A (the programs fsck would run)"
	PATH=$checker_path fsck -N -A | tee "$work/$phase.plan"
	result all planned "$(grep -c "^\[$work/sbin/fsck.ext4 " "$work/$phase.plan")"
	echo "== fsck.ext4 -V along the same PATH"
	st=$(PATH=$checker_path fsck.ext4 -V 2>&1 | head -n 1)
	result all version "${st:-nothing}"
	echo "== fsck -A -a -C 0"
	t0=$(date +%s%N)
	PATH=$checker_path fsck -A -a -C 0 -r 3 3> "$work/$phase.stats" < /dev/null \
		> "$work/$phase.fsck" 2>&1 || rc=$?
	cat "$work/$phase.fsck"
	echo "== fsck -A exit $rc in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	decoys_off
	cat "$work/$phase.stats"
	result all fsck "$rc"
	# -r to a descriptor writes "DEVICE STATUS RSS REAL USER SYS" per device; a checker killed
	# by a signal gets status 8 there and a warning naming the signal in fsck's output
	for d in $disks; do
		name=${d%%:*} dev=${d#*:}
		st=$(awk -v dev="$dev" '$1 == dev {print $2; exit}' "$work/$phase.stats")
		result "$name" fsck "${st:-none}"
		st=$(awk -v dev="$dev" '$1 == dev {printf "%.1f s, peak RSS %d KiB", $4, $3; exit}' "$work/$phase.stats")
		result "$name" fsck-run "${st:-none}"
		st=$(sed -n "s|.* for device $dev exited with signal \([0-9]*\).*|\1|p" "$work/$phase.fsck")
		[ -z "$st" ] || result "$name" signal "$st"
	done
}
run_fsck_all

if [ "$phase" = check1 ]; then
	for d in $disks; do
		name=${d%%:*} dev=${d#*:}
		mnt=$work/mnt/$name
		mkdir -p "$mnt"
		if ! mount -t ext4 -o rw "$dev" "$mnt"; then
			result "$name" mount failed
			continue
		fi
		result "$name" mount ok
		got=$(cd "$mnt" && find . -path ./lost+found -prune -o \( -type f -o -type l \) -printf '%p %s\n' | sort)
		if [ "$got" = "$(cat "$work/$name.list")" ]; then
			result "$name" files same
		else
			result "$name" files differ
			diff <(echo "$got") "$work/$name.list" | head -n 20
		fi
		w=ok
		echo "written in the first boot" > "$mnt/boot1.txt" && sync || w=failed
		result "$name" write "$w"
		if umount "$mnt"; then result "$name" umount ok; else result "$name" umount failed; fi
	done
else
	# systemd-fsck checks one disk as systemd-fsck@.service would: it runs fsck(8) (found along
	# PATH) with -a -T -l -M and reads its progress.
	if [ -x /lib/systemd/systemd-fsck ]; then
		rc=0
		PATH=$checker_path SYSTEMD_LOG_TARGET=console /lib/systemd/systemd-fsck /dev/ubda || rc=$?
		result plain systemd-fsck "$rc"
	else
		result plain systemd-fsck absent
	fi
	# fsck(8) may send SIGUSR1 and SIGUSR2 at any moment of a checker's life, its start-up
	# included; here they come every 0.2 s to a full check, from 0.1 s after its program
	# replaced the shell that forked it (before, the signal would only kill that shell) to its end.
	echo "== fsck.ext4 -fn /dev/ubda under SIGUSR1 and SIGUSR2"
	"$work/sbin/fsck.ext4" -fn /dev/ubda < /dev/null &
	pid=$!
	while grep -q guest-init "/proc/$pid/cmdline" 2> /dev/null; do sleep 0.01; done
	sleep 0.1
	while kill -USR1 "$pid" 2> /dev/null; do
		sleep 0.2
		kill -USR2 "$pid" 2> /dev/null || break
		sleep 0.2
	done
	rc=0
	wait "$pid" || rc=$?
	result plain usr-signals "$rc"
	for d in $disks; do
		name=${d%%:*} dev=${d#*:}
		rc=0
		echo "== pe2fsck -fn $dev"
		"$work/sbin/pe2fsck" -fn "$dev" || rc=$?
		result "$name" pe2fsck-fn "$rc"
		rc=0
		echo "== e2fsck -fn $dev"
		e2fsck -fn "$dev" || rc=$?
		result "$name" e2fsck-fn "$rc"
	done
fi
mdadm --stop /dev/md0 /dev/md1 || true
echo finished > "$work/$phase.done"
halt
