#!/usr/bin/env bash
# End to end: Shapley effects on the global baseline with a correlations:
# block (tests/data/baseline_correlated.yaml) written with their intervals
# and drawn by scripts/plot; --target-width doubles N until it stops by
# itself and records the N it reached; a deliberately small N warns, naming
# the index and suggesting an N; --groups and --second-order land in the file.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
correlated="$src/tests/data/baseline_correlated.yaml"
scenario="$src/scenarios/global_baseline.yaml"
light=()
[ -n "${TINYFLEET_E2E_LIGHT:-}" ] && light=(--set run.cohort_devices=16)
four=(world_grid_2020 world_grid_decline building_energy_saved share_buildings)

out="$("$bin" sensitivity "$correlated" "${light[@]}" --method shapley --parameters "${four[@]}" --base-samples 32 \
  --bootstrap 100 --outputs net@2030 emissions_total@2030 -q -o "$work/shapley.h5")" || fail "shapley"
[[ "$out" == *"Shapley effect Sh"* && "$out" == *"exact Gaussian-copula conditioning"* ]] || fail "table: $out"
/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np, xarray as xr, h5py
w = sys.argv[1]
s = xr.open_dataset(f"{w}/shapley.h5", group="sensitivity")
assert s.shapley_effect.dims == ("parameter", "output"), s.shapley_effect.dims
assert set(s.parameter.values) == {"world_grid_2020", "world_grid_decline", "building_energy_saved", "share_buildings"}
# Effects sum to 1 by construction; every estimate inside its interval.
assert np.allclose(s.shapley_effect.sum("parameter"), 1.0, atol=1e-9), s.shapley_effect.sum("parameter").values
assert (s.shapley_effect_low <= s.shapley_effect + 1e-12).all() and (s.shapley_effect <= s.shapley_effect_high + 1e-12).all()
assert (s.shapley_effect_high > s.shapley_effect_low).any()
a = h5py.File(f"{w}/shapley.h5").attrs
assert a["method"] == "shapley" and a["permutations"] == 32 and a["model_runs"] == 1024 + 32 * 3 * 3, dict(a)
print("shapley ok")
PY
"$src/scripts/plot" sensitivity "$work/shapley.h5" -o "$work/shapley.png" >/dev/null || fail "plot shapley"
[ -s "$work/shapley.png" ] || fail "no figure"

# Without the shapley method, a correlated scenario is refused and told about it.
set +e
err="$("$bin" sensitivity "$correlated" -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"--method shapley"* ]] || fail "sobol on correlated: $code $err"

# --target-width on a cheap setting (three inputs, a wide target) stops by
# itself; the N it reached is in the file.
out="$("$bin" sensitivity "$scenario" "${light[@]}" --parameters rebound building_realisation world_grid_decline \
  --outputs net@2030 --base-samples 16 --bootstrap 100 --target-width 2 --max-runs 2560 -q -o "$work/width.h5" 2>&1)" \
  || fail "target width: $out"
[[ "$out" == *"target width reached: N = "* ]] || fail "target width not reached: $out"
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, xarray as xr
w = sys.argv[1]
a = h5py.File(f"{w}/width.h5").attrs
N = int(a["base_samples"])
assert N > 16 and N & (N - 1) == 0, N
assert a["target_width_reached"] == 1 and a["widest_interval"] < 2 and a["model_runs"] == N * 5, dict(a)
s = xr.open_dataset(f"{w}/width.h5", group="sensitivity")
widths = [s[f"{k}_high"] - s[f"{k}_low"] for k in ("first_order", "total_order")]
assert max(float(x.max()) for x in widths) == a["widest_interval"]
print("target width ok: N =", N)
PY

# A deliberately small N warns, naming an index and suggesting an N.
err="$("$bin" sensitivity "$scenario" "${light[@]}" --parameters "${four[@]}" --outputs net@2030 --base-samples 8 \
  --bootstrap 100 -q -o "$work/small.h5" 2>&1 >/dev/null)" || fail "small N"
[[ "$err" == *"not converged at N = 8"* && "$err" == *"order of "*" for net@2030"* && "$err" == *"rerun with --base-samples "* ]] \
  || fail "no warning: $err"

# Groups and second order: their variables and the extra cost.
out="$("$bin" sensitivity "$scenario" "${light[@]}" --parameters "${four[@]}" --outputs net@2030 --base-samples 32 \
  --bootstrap 50 --groups grid=world_grid_2020,world_grid_decline --second-order -q -o "$work/groups.h5" 2>/dev/null)" \
  || fail "groups"
[[ "$out" == *"second order (Saltelli 2002"* && "$out" == *"+ N D = 128 model runs"* ]] || fail "cost: $out"
/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, xarray as xr
w = sys.argv[1]
s = xr.open_dataset(f"{w}/groups.h5", group="sensitivity")
assert list(s.group.values) == ["grid"] and s.group_total_order.dims == ("group", "output")
assert str(s.group_members.values[0]) == "world_grid_2020,world_grid_decline"
assert s.sizes["pair"] == 6 and s.second_order.dims == ("pair", "output")
assert h5py.File(f"{w}/groups.h5").attrs["model_runs"] == 32 * (2 + 4 + 1 + 4)
print("groups ok")
PY
set +e
err="$("$bin" sensitivity "$scenario" --groups grid=world_grid_2020,wrld_grid_decline -q -o "$work/x.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"did you mean 'world_grid_decline'"* ]] || fail "bad group: $code $err"
[ ! -e "$work/x.h5" ] || fail "a file was written for bad input"
echo ok
