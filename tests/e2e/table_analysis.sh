#!/usr/bin/env bash
# End to end: scripts/table on a sensitivity file (indices with intervals,
# sorted by the method's measure) and on a sweep file (metric x point), in
# csv, latex and markdown; the numbers are those in the files; Markdown and
# LaTeX name parameters, outputs, metrics and sweep settings by their labels
# (a scenario's label, LaTeX-escaped), CSV by their identifiers.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$bin" sensitivity "$src/scenarios/global_baseline.yaml" --parameters world_grid_2020 share_buildings rebound \
  --set 'parameters.rebound.label=Rebound & take-back (50%)' --outputs net@2030 --base-samples 16 --bootstrap 50 -q -o "$work/sens.h5" >/dev/null 2>&1 || fail "sensitivity"
"$bin" sweep "$src/scenarios/sweep_grid_decline.yaml" --set run.samples=16 -q -o "$work/sweep.h5" >/dev/null \
  || fail "sweep"
for f in sens sweep; do
  for fmt in csv latex markdown; do
    "$src/scripts/table" "$work/$f.h5" --format "$fmt" > "$work/$f.$fmt" || fail "table $f $fmt"
  done
done
grep -q '\\begin{tabular}{ll' "$work/sens.latex" && grep -q 'bottomrule' "$work/sweep.latex" || fail "latex"
grep -q '^| output | parameter | S | ST |' "$work/sens.markdown" || fail "markdown: $(cat "$work/sens.markdown")"
grep -q '^| metric | unit | year | point 0: ' "$work/sweep.markdown" || fail "sweep markdown: $(cat "$work/sweep.markdown")"
# Labels: the scenario's, the derived output label, escaped for LaTeX; identifiers stay in CSV.
grep -q '^| Net emissions, 2030 | Share: buildings | ' "$work/sens.markdown" || fail "labels in markdown: $(cat "$work/sens.markdown")"
grep -q '^| Net emissions, 2030 | Rebound & take-back (50%) | ' "$work/sens.markdown" || fail "label in markdown"
grep -qF '    Net emissions, 2030 & Rebound \& take-back (50\%) & ' "$work/sens.latex" || fail "label in latex: $(cat "$work/sens.latex")"
grep -q 'share_buildings' "$work/sens.markdown" "$work/sens.latex" && fail "an identifier in a table made to be read"
grep -q '^net@2030,share_buildings,' "$work/sens.csv" || fail "identifiers in csv: $(cat "$work/sens.csv")"
grep -q '^| Net emissions | Mt CO2e/yr | [0-9]* | ' "$work/sweep.markdown" || fail "metric label in sweep markdown"
grep -qF 'point 0: World grid decline (upper bound) = 0.0200, Sampling design = mc' "$work/sweep.markdown" \
  || fail "sweep settings by label: $(head -3 "$work/sweep.markdown")"
/usr/bin/python3 - "$work" <<'PY'
import csv, sys, h5py, numpy as np
w = sys.argv[1]
rows = list(csv.DictReader(open(f"{w}/sens.csv")))
g = h5py.File(f"{w}/sens.h5")["sensitivity"]
params = [p.decode() for p in g["parameter"][()]]
total = {p: float(g["total_order"][i, 0]) for i, p in enumerate(params)}
# Sorted by total order, largest first; every index and bound as in the file.
assert [r["parameter"] for r in rows] == sorted(params, key=lambda p: -total[p]), rows
for r in rows:
    i = params.index(r["parameter"])
    for name in ("first_order", "first_order_low", "first_order_high", "total_order", "total_order_low", "total_order_high"):
        assert abs(float(r[name]) - float(g[name][i, 0])) <= 1e-5 * max(1, abs(float(g[name][i, 0]))), (name, r)
rows = list(csv.DictReader(open(f"{w}/sweep.csv")))
f = h5py.File(f"{w}/sweep.h5")
q = list(f["summary/quantile"][()])
assert len(rows) == 2 * f["sweep_point"].size, len(rows)  # net and cumulative_net at the last year, per point
r = [r for r in rows if r["metric"] == "net" and r["sweep_point"] == "2"][0]
median = float(f["summary/net"][2, q.index(0.5), -1]) / 1e9  # kg -> Mt
assert abs(float(r["median"]) - median) <= 0.005 * abs(median), (r, median)
print("tables ok")
PY
echo ok
