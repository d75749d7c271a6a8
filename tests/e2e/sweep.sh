#!/usr/bin/env bash
# End to end: `tinyfleet sweep` on the shipped sweep scenario. The file opens
# in xarray with a sweep_point dimension and the settings as coordinates;
# a point run alone (--point) and a plain `tinyfleet run` with the point's
# settings and seed give the same realizations, bit for bit; the points'
# seeds are exact uint64. Seeds with and without common random numbers:
# tests/e2e/sweep_crn.sh.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scenario="$src/scenarios/sweep_grid_decline.yaml"
"$bin" sweep "$scenario" --set run.samples=64 -q -o "$work/sweep.h5" || fail "sweep"
"$bin" sweep "$scenario" --set run.samples=64 -q --point 3 -o "$work/p3.h5" || fail "sweep --point 3"
seed="$(/usr/bin/python3 -c "import h5py; print(int(h5py.File('$work/sweep.h5')['seed'][3]))")"
"$bin" run "$scenario" --set run.samples=64 --seed "$seed" \
  --set parameters.world_grid_decline.distribution.max=0.04 --set run.sampling=lhs -q -o "$work/run3.h5" || fail "run"
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np, xarray as xr, h5py
w = sys.argv[1]
ds = xr.open_dataset(f"{w}/sweep.h5", group="samples")
assert ds.sizes["sweep_point"] == 6 and ds.sizes["sample"] == 64, ds.sizes
path = "parameters.world_grid_decline.distribution.max"
assert list(ds[path].values) == [0.02, 0.02, 0.04, 0.04, 0.08, 0.08], ds[path].values
assert list(ds["run.sampling"].values) == ["mc", "lhs"] * 3
sel = ds.set_xindex(path).sel({path: 0.04})
assert list(sel.sweep_point.values) == [2, 3], sel.sweep_point.values
run = h5py.File(f"{w}/run3.h5")
# Each point's seed is stored exactly, as the uint64 a result file's seed is.
seeds = h5py.File(f"{w}/sweep.h5")["seed"]
assert seeds.dtype == np.uint64, seeds.dtype
# ... which is version 2 of the sweep format (version 1 stored float64 seeds).
assert int(h5py.File(f"{w}/sweep.h5").attrs["format_version"]) == 2
assert int(seeds[3]) == int(run.attrs["seed"]) and run.attrs["seed"].dtype == np.uint64
one = xr.open_dataset(f"{w}/p3.h5", group="samples")
assert list(one.sweep_point.values) == [3]
assert h5py.File(f"{w}/p3.h5").attrs["sweep_size"] == 6
for metric in ["net", "emissions_total", "offsets", "cumulative_net"]:
    a = ds[metric].sel(sweep_point=3).values
    assert np.array_equal(a, run[f"samples/{metric}"][...]), metric
    assert np.array_equal(one[metric].sel(sweep_point=3).values, a), metric
inputs = xr.open_dataset(f"{w}/sweep.h5", group="inputs")
assert np.array_equal(inputs["world_grid_decline"].sel(sweep_point=3).values, run["inputs/world_grid_decline"][...])
# Points 0 (mc) and 1 (lhs) have different designs: their draws differ.
assert not np.array_equal(inputs["world_grid_2020"].values[0], inputs["world_grid_2020"].values[1])
print("sweep ok")
PY
# Bad input: exit 2 with a message.
set +e
err="$("$bin" sweep "$scenario" --point 6 -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"6 points"* ]] || fail "--point out of range: $code $err"
printf 'extends: %s\nsweep:\n  grid:\n    parameters.world_grid_decline.distribution.maxx: [0.1]\n' \
  "$src/scenarios/global_baseline.yaml" > "$work/bad.yaml"
set +e
err="$("$bin" sweep "$work/bad.yaml" -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"bad.yaml:4"* ]] && [[ "$err" == *"did you mean"* ]] || fail "bad sweep path: $code $err"
[ ! -e "$work/x.h5" ] || fail "a file was written for bad input"
echo ok
