#!/usr/bin/env bash
# make-healthy.sh OUTDIR [PROFILE...]
#
# Builds one healthy image per feature profile (all profiles when none are
# named) from the source tree of make-source-tree.sh, as OUTDIR/PROFILE.img,
# checks each with `e2fsck -fn` (fails loudly when one is not clean) and
# prints the list of images with their profile descriptions.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out=${1:?usage: make-healthy.sh OUTDIR [PROFILE...]}
shift
mkdir -p "$out"
out=$(cd "$out" && pwd)
profiles=("$@")
((${#profiles[@]})) || profiles=("${TI_PROFILES[@]}")

ensure_source_tree "$out/src"
for p in "${profiles[@]}"; do
	profile_desc "$p" >/dev/null || die "unknown profile '$p'"
done
# Two builds at a time; each one fails loudly on its own.
jobs=${TI_JOBS:-2}
# shellcheck disable=SC2016  # the inner script expands its own arguments
printf '%s\n' "${profiles[@]}" |
	xargs -P "$jobs" -I{} bash -c '. "$1/lib.sh"; build_healthy "$2" "$3/src" "$3/$2.img"' \
		_ "$TI_DIR" {} "$out" ||
	die "building the healthy images failed"
for p in "${profiles[@]}"; do
	printf '%s\t%s\n' "$out/$p.img" "$(profile_desc "$p")"
done
