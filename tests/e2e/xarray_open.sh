#!/usr/bin/env bash
# End to end: Debian's Python with xarray (netCDF4 engine) opens a result file
# with named dimensions sample and year (tests/e2e/xarray_check.py), including
# the cohort mode's /cohort_error group (small.yaml runs in the cohort mode).
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$bin" run "$src/tests/data/small.yaml" -q -o "$work/small.h5"
out="$(/usr/bin/python3 "$src/tests/e2e/xarray_check.py" "$work/small.h5")"
echo "$out"
grep -q "cohort error estimates of installed_base" <<<"$out" || { echo "FAIL: /cohort_error not checked" >&2; exit 1; }
