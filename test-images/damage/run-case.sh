#!/usr/bin/env bash
# run-case.sh NAME OUTIMG
#
# Builds the damaged image of case NAME (see cases.sh) as OUTIMG: copies the
# healthy image of the case's base profile and applies the damage.  Healthy
# images are kept in $TI_CACHE (default: .base beside OUTIMG) and built there
# on first use.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=cases.sh
. "$here/cases.sh"

name=${1:?usage: run-case.sh NAME OUTIMG}
out=${2:?usage: run-case.sh NAME OUTIMG}
[[ -n "${CASE_BASE[$name]:-}" ]] || die "unknown case '$name'"
base=${CASE_BASE[$name]}
cache=${TI_CACHE:-$(dirname "$out")/.base}
mkdir -p "$cache"
if [[ ! -f "$cache/$base.img" ]]; then
	"$TI_DIR/make-healthy.sh" "$cache" "$base" >/dev/null
fi
cp --sparse=always "$cache/$base.img" "$out"
img=$out
"dmg_${name//-/_}" "$img"
