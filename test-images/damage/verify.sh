#!/usr/bin/env bash
# verify.sh [WORKDIR] [NAME...]
#
# Builds every damage case (or the named ones) in WORKDIR (default: a new
# temporary directory) and checks the table against the real e2fsck:
#   * `e2fsck -fn` exits with bit 4 (errors left) set; controls exit 0;
#   * the pass under which e2fsck prints its first message equals the
#     table's pass column (0 = before "Pass 1");
#   * `e2fsck -fy` repeated until `e2fsck -fn` is clean takes exactly
#     fy_passes runs (at most 3 are tried).
# Prints one line per case and a summary; exits 1 on any mismatch.
# TI_JOBS (default 2) cases run at a time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=cases.sh
. "$here/cases.sh"

fsck() {
	E2FSCK_CONFIG=/dev/null e2fsck "$@"
}

# check_one NAME DIR: prints "NAME<TAB>rc<TAB>pass<TAB>fy" for one case.
check_one() {
	local name=$1 dir=$2 img rc=0 pass fy=0 clean=no
	img="$dir/$name.img"
	if ! "$here/run-case.sh" "$name" "$img" >"$dir/$name.build" 2>&1; then
		printf '%s\tbuild-failed\t-\t-\n' "$name"
		return 0
	fi
	fsck -fn "$img" >"$dir/$name.fn" 2>&1 || rc=$?
	pass=$(first_pass "$dir/$name.fn")
	cp --sparse=always "$img" "$img.fy"
	while ((fy < 3)); do
		local r=0
		if [[ $rc == 0 && $fy == 0 ]]; then
			clean=yes
			break
		fi
		fsck -fy "$img.fy" >"$dir/$name.fy$((fy + 1))" 2>&1 || true
		fy=$((fy + 1))
		fsck -fn "$img.fy" >"$dir/$name.after" 2>&1 || r=$?
		if ((r == 0)); then
			clean=yes
			break
		fi
	done
	[[ $clean == yes ]] || fy=never
	rm -f "$img.fy"
	printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$pass" "$fy"
}

if [[ "${1:-}" == --one ]]; then
	check_one "$2" "$3"
	exit 0
fi

work=${1:-}
[[ -n "$work" ]] || work=$(mktemp -d)
shift || true
mkdir -p "$work"
work=$(cd "$work" && pwd)
names=("$@")
((${#names[@]})) || names=("${CASE_NAMES[@]}")
jobs=${TI_JOBS:-2}
export TI_CACHE="$work/.base"

# Healthy bases first, so the parallel case builds never race for them.
declare -A need=()
for n in "${names[@]}"; do
	[[ -n "${CASE_BASE[$n]:-}" ]] || die "unknown case '$n'"
	need[${CASE_BASE[$n]}]=1
done
t0=$(date +%s)
missing=()
for b in "${!need[@]}"; do
	[[ -f "$TI_CACHE/$b.img" ]] || missing+=("$b")
done
if ((${#missing[@]})); then
	"$TI_DIR/make-healthy.sh" "$TI_CACHE" "${missing[@]}" >/dev/null
fi
t1=$(date +%s)

printf '%s\n' "${names[@]}" |
	xargs -P "$jobs" -I{} "$0" --one {} "$work" >"$work/results.tsv"
t2=$(date +%s)

fail=0
printf '%-40s %-14s %5s %5s %4s %4s  %s\n' case base want got fyw fy result
for n in "${names[@]}"; do
	line=$(grep -P "^\Q$n\E\t" "$work/results.tsv" || true)
	IFS=$'\t' read -r _ rc pass fy <<<"$line"
	# shellcheck disable=SC2153  # set in cases.sh
	want=${CASE_PASS[$n]}
	wfy=${CASE_FY[$n]}
	ok=ok
	if [[ "$want" == - ]]; then
		[[ "$rc" == 0 ]] || ok="FAIL(exit $rc)"
	else
		[[ "$rc" =~ ^[0-9]+$ ]] && (((rc & 4) != 0)) || ok="FAIL(exit $rc)"
	fi
	[[ "$pass" == "$want" ]] || ok="${ok/#ok/}${ok:+ }FAIL(pass)"
	[[ "$fy" == "$wfy" ]] || ok="${ok/#ok/}${ok:+ }FAIL(fy)"
	ok=${ok# }
	[[ "$ok" == ok ]] || fail=$((fail + 1))
	printf '%-40s %-14s %5s %5s %4s %4s  %s\n' "$n" "${CASE_BASE[$n]}" \
		"$want" "$pass" "$wfy" "$fy" "$ok"
done
echo "cases: ${#names[@]}  failed: $fail  bases: $((t1 - t0))s  cases+e2fsck: $((t2 - t1))s  logs: $work"
((fail == 0))
