#!/bin/bash
# usage: test-images/boot/report.sh WORKDIR
# The boot test's verdict, from what boot-test.sh left in WORKDIR (expect.tsv, PHASE.tsv,
# check1.host.tsv, decoy.log, boots.tsv): one line per check, PASS, FAIL, PEND (expected to fail
# until a named piece of work lands; does not fail the test) or INFO, then a summary line.
# Exit status 0 only when nothing FAILed.
# BOOT_PENDING names the work not landed yet, whose absence is PEND rather than FAIL; take a
# word out of its default when that work lands:
#   journal-replay   pe2fsck cannot replay a journal: it checks without writing and exits 4
#                    where e2fsck replays (the journal area);
#   usr-signals      pe2fsck dies of SIGUSR1/SIGUSR2, which fsck(8) sends its ext checkers to
#                    hand the progress display from one to the next (the boot area); a signal
#                    that comes while the launcher or the JVM is still starting counts too.
pending=" ${BOOT_PENDING-} "
set -uo pipefail
[ $# -eq 1 ] || { sed -n 2p "$0" >&2; exit 2; }
work=$1
fails=0 pends=0 passes=0
line() {
	case $1 in
		PASS) passes=$(( passes + 1 )) ;;
		FAIL) fails=$(( fails + 1 )) ;;
		PEND) pends=$(( pends + 1 )) ;;
	esac
	printf '%-4s  %s\n' "$1" "$2"
}
# get FILE NAME WHAT: the result column of the line NAME WHAT in WORKDIR/FILE, or "missing".
get() {
	local v
	v=$(awk -F'\t' -v n="$2" -v w="$3" '$1 == n && $2 == w {print $3; exit}' "$work/$1" 2> /dev/null)
	echo "${v:-missing}"
}
# expect NAME, kind NAME: e2fsck -p's exit status on a copy of disk NAME; its kind (journal: it
# needs recovery).
expect() { local v; v=$(awk -F'\t' -v n="$1" '$1 == n {print $2}' "$work/expect.tsv"); echo "${v:-missing}"; }
kind() { awk -F'\t' -v n="$1" '$1 == n {print $3}' "$work/expect.tsv"; }
secs() { awk -F'\t' -v n="$1" '$1 == n {print $2}' "$work/boots.tsv" 2> /dev/null; }
check() { # check SEEN WANTED TEXT: PASS when SEEN is WANTED
	if [ "$1" = "$2" ]; then line PASS "$3"; else line FAIL "$3 (wanted $2)"; fi
}
names="plain crash raid1 raid5"

echo "boot-test: pe2fsck as fsck.ext4 under fsck -A in User-Mode Linux; work directory $work"
for phase in setup check1 check2; do
	if [ -f "$work/$phase.done" ]; then
		line PASS "$phase boot: guest ran to the end ($(secs "$phase") s)"
	else
		line FAIL "$phase boot: guest did not finish (see $phase.log, $phase.boot.log)"
	fi
done
check "$(get setup.tsv arrays created)" 0 "setup: RAID1 of 2 and RAID5 of 3 created, file systems written"
for phase in check1 check2; do
	b=${phase#check}
	for a in md0 md1; do
		check "$(get "$phase.tsv" "$a" assembled)" yes "boot $b: /dev/$a assembled from its members"
	done
	ndisks=$(echo "$names" | wc -w)
	check "$(get "$phase.tsv" all planned)" "$ndisks" "boot $b: fsck -N -A plans the work directory's fsck.ext4 for all $ndisks disks"
	v=$(get "$phase.tsv" all version)
	case $v in pe2fsck*) line PASS "boot $b: fsck.ext4 along fsck's PATH is $v" ;; *) line FAIL "boot $b: fsck.ext4 -V says '$v', not pe2fsck" ;; esac
done
if [ -s "$work/decoy.log" ]; then
	line FAIL "fsck(8) ran the system's e2fsck: $(head -n 1 "$work/decoy.log")"
else
	line PASS "fsck(8) never ran the system's e2fsck (decoys over its names stayed unused)"
fi

is_pending() { case $pending in *" $1 "*) return 0 ;; esac; return 1; }
# fsck_verdict PHASE BOOT NAME WANTED: the line for one disk's exit status under fsck -A;
# returns 1 when the line is a FAIL.
fsck_verdict() {
	local phase=$1 b=$2 n=$3 want=$4 seen sig text
	seen=$(get "$phase.tsv" "$n" fsck) sig=$(get "$phase.tsv" "$n" signal)
	text="boot $b: fsck.ext4 on $n: exit $seen, wanted $want"
	[ "$b" = 1 ] && text="$text (e2fsck -p on a copy of the disk)"
	if [ "$seen" = "$want" ]; then
		line PASS "$text"
	elif { [ "$sig" = 10 ] || [ "$sig" = 12 ]; } && is_pending usr-signals; then
		line PEND "$text: killed by signal $sig after $(get "$phase.tsv" "$n" fsck-run) (SIGUSR1/SIGUSR2, which fsck sends to hand the progress display on; pe2fsck must survive them from its first instant, launcher included)"
	elif [ "$b" = 1 ] && [ "$(kind "$n")" = journal ] && [ "$seen" = 4 ] && is_pending journal-replay; then
		line PEND "$text: journal replay is not in pe2fsck yet (it checks without writing and exits 4)"
	else
		line FAIL "$text"
		return 1
	fi
}
# fsck_all PHASE BOOT WANTED ONLY-PENDING: the line for fsck -A's own exit status.
fsck_all() {
	local seen text
	seen=$(get "$1.tsv" all fsck)
	text="boot $2: fsck -A -a -C 0 exit $seen, wanted $3"
	[ "$2" = 1 ] && text="$text (e2fsck's answers OR-ed)"
	if [ "$seen" = "$3" ]; then
		line PASS "$text"
	elif [ "$4" = 1 ] && [ "$seen" != missing ]; then
		line PEND "$text (differs only where a disk's answer is pending)"
	else
		line FAIL "$text"
	fi
}

# Boot 1: each disk gets e2fsck -p's answer on a copy of it.
want_all=0 only_pending=1
for n in $names; do
	want=$(expect "$n")
	want_all=$(( want_all | ${want//missing/0} ))
	fsck_verdict check1 1 "$n" "$want" || only_pending=0
done
fsck_all check1 1 "$want_all" "$only_pending"
for n in $names; do
	m=$(get check1.tsv "$n" mount) f=$(get check1.tsv "$n" files)
	w=$(get check1.tsv "$n" write) u=$(get check1.tsv "$n" umount)
	text="boot 1: $n mounted read-write ($m), files as made ($f), written ($w), unmounted ($u)"
	if [ "$m $f $w $u" = "ok same ok ok" ]; then line PASS "$text"; else line FAIL "$text"; fi
done
check "$(get check1.host.tsv crash needs_recovery)" no "after boot 1: the crashed disk no longer needs recovery"
mc=$(get check1.host.tsv plain mount_count)
if [ "$mc" = 1 ]; then
	line PASS "after boot 1: the plain disk's mount count is 1 (reset by the check, then one mount)"
else
	line INFO "after boot 1: the plain disk's mount count is $mc; e2fsck resets it after a forced check (then one mount: 1); pe2fsck does not keep that bookkeeping yet"
fi

# Boot 2: everything clean, by fsck -A, systemd-fsck and full checks of both checkers.
only_pending=1
for n in $names; do
	fsck_verdict check2 2 "$n" 0 || only_pending=0
done
fsck_all check2 2 0 "$only_pending"
s=$(get check2.tsv plain systemd-fsck)
case $s in
	absent) line INFO "boot 2: systemd-fsck not installed; not run" ;;
	*) check "$s" 0 "boot 2: systemd-fsck on the plain disk: exit $s" ;;
esac
s=$(get check2.tsv plain usr-signals)
text="boot 2: a full check of the plain disk with SIGUSR1 and SIGUSR2 every 0.2 s from 0.1 s after its start: exit $s"
if [ "$s" = 0 ]; then
	line PASS "$text"
elif { [ "$s" = 138 ] || [ "$s" = 140 ]; } && is_pending usr-signals; then
	line PEND "$text (killed by the signal)"
else
	line FAIL "$text, wanted 0"
fi
for n in $names; do
	p=$(get check2.tsv "$n" pe2fsck-fn) e=$(get check2.tsv "$n" e2fsck-fn)
	text="boot 2: full check of $n: pe2fsck -fn exit $p, e2fsck -fn exit $e"
	if [ "$p $e" = "0 0" ]; then line PASS "$text"; else line FAIL "$text"; fi
done

total=$(secs total)
echo "boot-test: $passes passed, $fails failed, $pends pending, in $total s"
[ "$fails" = 0 ]
