#!/usr/bin/env bash
# list.sh: prints every damage case, one per line, tab-separated:
#   name  base-profile  pass  fy_passes  description
# pass is where `e2fsck -fn` first reports the problem (0 = superblock or
# journal, before pass 1; "-" = healthy control); fy_passes is how many
# `e2fsck -fy` runs make the image clean.  Both are checked by verify.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=cases.sh
. "$here/cases.sh"

for n in "${CASE_NAMES[@]}"; do
	printf '%s\t%s\t%s\t%s\t%s\n' "$n" "${CASE_BASE[$n]}" "${CASE_PASS[$n]}" \
		"${CASE_FY[$n]}" "${CASE_DESC[$n]}"
done
