#!/usr/bin/env bash
# End to end: `tinyfleet sensitivity` on the global baseline (Sobol' indices
# with intervals, printed ranked and written to sensitivity/), Morris, and
# the given-data method on a run result; bad input exits 2.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scenario="$src/scenarios/global_baseline.yaml"
# Sanitizer builds (TINYFLEET_E2E_LIGHT, tests/CMakeLists.txt): smaller runs.
base=256; light=()
[ -n "${TINYFLEET_E2E_LIGHT:-}" ] && { base=32; light=(--set run.cohort_devices=16); }
out="$("$bin" sensitivity "$scenario" "${light[@]}" --outputs net@2030 emissions_total@2030 --base-samples $base --bootstrap 100 -q \
  -o "$work/sobol.h5")" || fail "sobol"
[[ "$out" == *"cost N (D + 2)"* && "$out" == *"total order ST"* && "$out" == *"net@2030"* ]] || fail "table: $out"
"$bin" sensitivity "$scenario" "${light[@]}" --method morris --base-samples 10 --outputs net@2030 -q -o "$work/morris.h5" >/dev/null \
  || fail "morris"
"$bin" run "$scenario" --samples 400 -q -o "$work/run.h5"
"$bin" sensitivity --method spearman "$work/run.h5" --outputs net@2030 -q -o "$work/rank.h5" >/dev/null || fail "spearman"
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np, xarray as xr
w = sys.argv[1]
s = xr.open_dataset(f"{w}/sobol.h5", group="sensitivity")
assert s.first_order.dims == ("parameter", "output"), s.first_order.dims
assert list(s.output.values) == ["net@2030", "emissions_total@2030"]
assert (s.total_order_low <= s.total_order + 1e-12).all() and (s.total_order <= s.total_order_high + 1e-12).all()
assert "building_energy_saved" in s.parameter.values
m = xr.open_dataset(f"{w}/morris.h5", group="sensitivity")
assert (m.mu_star >= 0).all() and m.mu_star.dims == ("parameter", "output")
r = xr.open_dataset(f"{w}/rank.h5", group="sensitivity")
assert (abs(r.spearman) <= 1).all() and r.srrc.dims == ("parameter", "output")
print("sensitivity ok")
PY
set +e
err="$("$bin" sensitivity "$scenario" --outputs nett@2030 -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"unknown metric 'nett'"* ]] || fail "bad output: $code $err"
# Refused before any model run (the cost line is printed when runs start).
[[ "$err" != *"model runs"* ]] || fail "bad output refused only after the model runs: $err"
set +e
err="$("$bin" sensitivity "$scenario" --outputs net@1999 -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"2020-2035"* ]] || fail "bad year: $code $err"
[[ "$err" != *"model runs"* ]] || fail "bad year refused only after the model runs: $err"
{ cat "$scenario"; printf 'correlations:\n  parameters: [world_grid_2020, world_grid_decline]\n  matrix: [[1, 0.5], [0.5, 1]]\n'; } > "$work/corr.yaml"
set +e
err="$("$bin" sensitivity "$work/corr.yaml" -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"assume independent inputs"* ]] || fail "correlated: $code $err"
[ ! -e "$work/x.h5" ] || fail "a file was written for bad input"
# A correlated run works and records its rank correlations' inputs.
"$bin" run "$work/corr.yaml" "${light[@]}" --samples 2000 -q -o "$work/corr.h5" || fail "correlated run"
echo ok
