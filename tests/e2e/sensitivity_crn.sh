#!/usr/bin/env bash
# End to end: what `tinyfleet sensitivity` studies. With common random
# numbers (the default) every model run draws the same devices, so a global
# parameter that does not reach the output (the grid decline for the
# installed base) has indices of exactly 0; without them device noise gives
# it a positive total index. The parameters left out are printed and
# recorded with their reason (device scope, fixed, not listed); a
# device-scope lifetime whose Weibull scale is a global parameter gets its
# share through that scale (scenarios/examples/device_lifetime_scale.yaml).
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
baseline="$src/scenarios/global_baseline.yaml"
example="$src/scenarios/examples/device_lifetime_scale.yaml"
study=(--parameters world_grid_decline tinyml_shipments_2030 --outputs installed_base@2030 --base-samples 16
       --bootstrap 0 --set run.cohort_devices=64 -q)

out="$("$bin" sensitivity "$baseline" "${study[@]}" -o "$work/crn.h5")" || fail "sobol with CRN"
[[ "$out" == *"left out ("* && "$out" == *"consumer_lifetime"* && "$out" == *"common random numbers: on"* ]] ||
  fail "printed table: $out"
"$bin" sensitivity "$baseline" "${study[@]}" --no-common-random-numbers -o "$work/own.h5" >/dev/null ||
  fail "sobol without CRN"
"$bin" sensitivity "$example" --outputs installed_base@2030 --base-samples 64 --bootstrap 0 -q \
  -o "$work/example.h5" >/dev/null || fail "sobol on the example"

/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np
w = sys.argv[1]
def study(name):
    f = h5py.File(f"{w}/{name}.h5")
    g = f["sensitivity"]
    names = [p.decode() if isinstance(p, bytes) else p for p in g["parameter"][...]]
    return f, {n: (g["first_order"][i, 0], g["total_order"][i, 0]) for i, n in enumerate(names)}
crn, si = study("crn")
own, so = study("own")
assert int(crn.attrs["common_random_numbers"]) == 1 and int(own.attrs["common_random_numbers"]) == 0
# The installed base does not depend on the grid: with CRN, exactly no share.
assert si["world_grid_decline"] == (0.0, 0.0), si["world_grid_decline"]
assert si["tinyml_shipments_2030"][1] > 0.5, si
# Without CRN each model run has its own devices: noise the grid "explains".
assert so["world_grid_decline"][1] > 0, so["world_grid_decline"]
excluded = crn.attrs["excluded_parameters"]
for line in ["consumer_lifetime: device scope", "kws_active_power: device scope", "tinyml_shipments_2020: fixed",
             "building_energy_saved: not in --parameters"]:
    assert line in excluded, (line, excluded)
ex, se = study("example")
assert "lifetime: device scope" in ex.attrs["excluded_parameters"]
assert "global argument lifetime_scale (studied)" in ex.attrs["excluded_parameters"]
assert "active_power: device scope" in ex.attrs["excluded_parameters"]
assert se["lifetime_scale"][1] > 0.05, se
assert se["grid_2020"] == (0.0, 0.0) and se["casing_kg"] == (0.0, 0.0), se
print("sensitivity crn ok")
PY

# Given data: the run's draws and setting; the flag is refused.
"$bin" run "$example" --samples 64 --no-common-random-numbers -q -o "$work/run.h5" || fail "run"
out="$("$bin" sensitivity --method spearman "$work/run.h5" --outputs installed_base@2030 -q -o "$work/rank.h5")" ||
  fail "spearman"
[[ "$out" == *"lifetime: device scope"* ]] || fail "spearman does not name the device-scope parameters: $out"
/usr/bin/python3 -c "
import h5py; f = h5py.File('$work/rank.h5')
assert int(f.attrs['common_random_numbers']) == 0 and 'active_power: device scope' in f.attrs['excluded_parameters']"
set +e
err="$("$bin" sensitivity --method spearman "$work/run.h5" --common-random-numbers -q -o "$work/x.h5" 2>&1)"; code=$?
err2="$("$bin" sensitivity "$baseline" --parameters consumer_lifetime -q -o "$work/x.h5" 2>&1)"; code2=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"the draws are the run's"* ]] || fail "spearman with the flag: $code $err"
[ "$code2" = 2 ] && [[ "$err2" == *"device-scope parameter"* && "$err2" == *"Device-scope inputs"* ]] ||
  fail "device-scope --parameters: $code2 $err2"
[ ! -e "$work/x.h5" ] || fail "bad input wrote a file"
echo ok
