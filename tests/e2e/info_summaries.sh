#!/usr/bin/env bash
# End to end: scriptable summaries. The run summary shows the last simulated
# year (a 2024-2040 run shows 2040); `info --json` is valid JSON with the keys
# docs/result-format.md documents and the file's numbers, and --metrics,
# --years, --quantiles select exactly what they name; info describes a
# sensitivity file; `run --store summary` keeps the same summaries and inputs
# without /samples and /by_class, and merge and sensitivity --method
# spearman refuse it, saying why. A class's label from the scenario is in the
# file (device_class_label, CF auxiliary coordinate), in `info --json`, in
# the run table and in a figure's --data CSV; a class without one gets the
# label derived from its identifier.
set -euo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"
years=(--set run.first_year=2024 --set run.last_year=2040)

"$bin" run "$small" "${years[@]}" --set 'classes.audio.label=Smart speakers' --samples 32 --threads 2 \
  -o "$work/full.h5" > "$work/run.txt" || fail "run"
grep -q "Smart speakers" "$work/run.txt" || fail "the run table lacks the class label: $(cat "$work/run.txt")"
"$src/scripts/plot" payback "$work/full.h5" --data "$work/payback.csv" -o "$work/payback.png" || fail "payback figure"
grep -q "^audio,Smart speakers," "$work/payback.csv" || fail "the figure's data lacks the label: $(cat "$work/payback.csv")"
grep -qE "^metric +unit .* 2040 *$" "$work/run.txt" || fail "run summary lacks 2040: $(grep '^metric' "$work/run.txt")"
"$bin" info "$work/full.h5" > "$work/info.txt" || fail "info"
grep -qE "^metric +unit .* 2040 *$" "$work/info.txt" || fail "info summary lacks 2040"

"$bin" info "$work/full.h5" --json > "$work/all.json" || fail "info --json"
"$bin" info "$work/full.h5" --json --metrics net,offsets --years 2030,2040 --quantiles 0.05,0.5 > "$work/some.json" \
  || fail "info --json with filters"
"$bin" info "$work/full.h5" --metrics net --years 2040 --quantiles 0.5 > "$work/some.txt" || fail "info filters"
"$bin" sensitivity --method spearman "$work/full.h5" --outputs net@2040 -q -o "$work/rank.h5" >/dev/null \
  || fail "spearman"
"$bin" info "$work/rank.h5" > "$work/rank.txt" || fail "info of a sensitivity file"
"$bin" info "$work/rank.h5" --json > "$work/rank.json" || fail "info --json of a sensitivity file"
/usr/bin/python3 - "$work" <<'PY' || fail "info --json"
import json, sys
import h5py, numpy as np
w = sys.argv[1]
schema = {"file", "format", "scenario", "seed", "samples", "fleet_mode", "program", "created_utc", "command_line",
          "first_year", "last_year", "classes", "inputs", "years", "quantiles", "metrics"}
full = json.load(open(f"{w}/all.json"))
assert set(full) == schema, set(full) ^ schema
assert set(full["scenario"]) == {"name", "sha256", "overrides"} and set(full["program"]) == {"version", "commit", "build_type"}
assert full["last_year"] == 2040 and full["years"][-1] == 2040 and full["first_year"] == 2024
f = h5py.File(f"{w}/full.h5")
assert list(full["metrics"]) == f.attrs["metrics"].split(","), "metrics not in the file's order"
assert full["seed"] == int(f.attrs["seed"]) and full["samples"] == 32
for m, entry in full["metrics"].items():
    assert set(entry) == {"label", "long_name", "units", "cf_units", "mean", "std", "quantiles"}, entry.keys()
    assert entry["cf_units"] == f[f"summary/{m}"].attrs["units"]
    assert np.array_equal(entry["mean"], f[f"summary/{m}_mean"][()]), m  # %.17g: exact
    for i, q in enumerate(f["summary/quantile"][()]):
        assert np.array_equal(entry["quantiles"][f"{q:g}"], f[f"summary/{m}"][i]), (m, q)
some = json.load(open(f"{w}/some.json"))
assert list(some["metrics"]) == ["offsets", "net"] and some["years"] == [2030, 2040] and some["quantiles"] == [0.05, 0.5]
years = list(f["summary/year"][()])
net = some["metrics"]["net"]
assert list(net["quantiles"]) == ["0.05", "0.5"]
assert net["quantiles"]["0.5"] == [float(f["summary/net"][3, years.index(y)]) for y in (2030, 2040)]
assert net["label"] == "Net emissions" and net["units"] == "kg CO2e/year", net
rank = json.load(open(f"{w}/rank.json"))
assert rank["format"] == "tinyfleet-sensitivity" and rank["attributes"]["Conventions"] == "CF-1.8"
assert [g["name"] for g in rank["groups"]] == ["sensitivity"], rank["groups"]
assert "spearman" in [v["name"] for v in rank["groups"][0]["variables"]]
labels = {c["name"]: c["label"] for c in full["classes"]}
assert labels == {"audio": "Smart speakers", "camera": "Camera"}, full["classes"]
for where in ("device_class_label", "by_class/device_class_label", "payback/device_class_label"):
    assert [t.decode() for t in f[where][()]] == ["Smart speakers", "Camera"], (where, f[where][()])
assert f["by_class/net"].attrs["coordinates"] == "device_class_label"
import xarray as xr
ds = xr.open_dataset(f"{w}/full.h5", group="by_class")
assert "device_class_label" in ds.coords and ds["device_class_label"].dims == ("device_class",), ds.coords
assert str(ds["device_class_label"].sel(device_class="audio").item()) == "Smart speakers"
print("info --json ok")
PY
# Text filters: one table, one row, one quantile column.
[ "$(grep -c 'fleet total over realizations' "$work/some.txt")" -eq 1 ] || fail "--metrics net: $(grep 'fleet total' "$work/some.txt")"
grep -qE "^net \[.*CO2e/yr\] — Net emissions" "$work/some.txt" || fail "label and unit: $(grep '^net' "$work/some.txt")"
tail -2 "$work/some.txt" | head -1 | grep -qE "^ +year +q0\.5 +mean +std$" || fail "--quantiles: $(tail -2 "$work/some.txt")"
tail -1 "$work/some.txt" | grep -qE "^ +2040 " || fail "--years: $(tail -1 "$work/some.txt")"
grep -q "^format: *tinyfleet-sensitivity" "$work/rank.txt" && grep -qE "spearman\(parameter, output\)" "$work/rank.txt" \
  || fail "info of a sensitivity file: $(cat "$work/rank.txt")"
[ "$(grep -c '^format:' "$work/rank.txt")" = 1 ] || fail "info of a sensitivity file: the format line more than once"
expect 2 "'nosuch' is not a metric of .*\(it has shipments, " -- "$bin" info "$work/full.h5" --metrics nosuch
expect 2 "2050 is not simulated .*years 2024-2040" -- "$bin" info "$work/full.h5" --years 2050
expect 2 "0.3 is not a quantile level" -- "$bin" info "$work/full.h5" --quantiles 0.3
expect 2 "apply to result files" -- "$bin" info "$work/rank.h5" --years 2030

# --store summary: same summaries and inputs, no per-realization tables.
"$bin" run "$small" "${years[@]}" --set 'classes.audio.label=Smart speakers' --samples 32 --threads 2 \
  --store summary -q -o "$work/summary.h5" || fail "--store summary"
/usr/bin/python3 - "$work" <<'PY' || fail "--store summary contents"
import sys
import h5py, numpy as np
w = sys.argv[1]
full, summ = h5py.File(f"{w}/full.h5"), h5py.File(f"{w}/summary.h5")
assert summ.attrs["stored"] == "summary" and full.attrs["stored"] == "all"
assert "samples" not in summ and "by_class" not in summ, list(summ)
for group in ("summary", "inputs", "payback"):
    for name in full[group]:
        assert np.array_equal(full[group][name][()], summ[group][name][()]), f"{group}/{name} differs"
print("store summary ok")
PY
"$bin" info "$work/summary.h5" --metrics net > /dev/null || fail "info of a summary-only file"
expect 2 "cannot merge '.*summary.h5': it holds summaries only \(tinyfleet run --store summary\)" -- \
  "$bin" merge "$work/summary.h5" "$work/full.h5" -o "$work/merged.h5"
expect 2 "summary.h5' holds summaries only .*spearman needs every realization" -- \
  "$bin" sensitivity --method spearman "$work/summary.h5" --outputs net@2040 -q -o "$work/rank2.h5"
expect 2 "--store summary cannot be used with --shard" -- \
  "$bin" run "$small" --samples 8 --store summary --shard 0/2 -q -o "$work/shard.h5"
[ ! -e "$work/merged.h5" ] && [ ! -e "$work/rank2.h5" ] && [ ! -e "$work/shard.h5" ] || fail "a refused command wrote a file"
echo "info_summaries ok"
