#!/usr/bin/env bash
# End to end: a run, a sensitivity and a sweep file follow the CF-1.8
# conventions (tests/e2e/cf_check.py: global attributes, every units string
# parses in plain UDUNITS-2, short long names (sensitivity files too), int64 years, device_class
# selectable by keyword, payback's "never" as _FillValue), and the
# version-1 fixture tests/data/format1_small.h5 is still read by info.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$bin" run "$src/tests/data/small.yaml" --samples 16 -q -o "$work/run.h5" || fail "run"
"$bin" sensitivity --method spearman "$work/run.h5" --outputs net@2027 -q -o "$work/rank.h5" >/dev/null || fail "sensitivity"
"$bin" sweep "$src/scenarios/sweep_grid_decline.yaml" --set run.samples=4 -q -o "$work/sweep.h5" >/dev/null || fail "sweep"
/usr/bin/python3 "$src/tests/e2e/cf_check.py" "$work/run.h5" "$work/rank.h5" "$work/sweep.h5" || fail "CF check"

# Version 1 (class dimension "class", units "kg CO2e", never = inf) still reads.
"$bin" info "$src/tests/data/format1_small.h5" > "$work/info1.txt" || fail "info of a version-1 file"
# It has no labels: classes get the ones derived from their names, metrics the program's.
grep -q "^classes: *Audio (audio), Camera (camera)" "$work/info1.txt" || fail "version-1 classes: $(head -20 "$work/info1.txt")"
grep -qE "^net \[.*CO2e\] — Net emissions, fleet total" "$work/info1.txt" || fail "version-1 units: $(grep '^net' "$work/info1.txt")"
echo "cf_conventions ok"
