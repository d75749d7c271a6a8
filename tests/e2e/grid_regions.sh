#!/usr/bin/env bash
# End to end: deployment regions taken by name from models/data/grid_regions.yaml
# (grid.regions.NAME.from_table). A fleet of 1000 devices shipped in 2020
# (fixed power, duty cycle 1, a lifetime beyond the window) in Africa with a
# 2%/yr decline and 500 in Oceania without one: each class's use-phase
# emissions in 2021 and 2022 (full years of service) equal
#   devices x 0.02 W x 8760 h / 1000 x CI_table x (1 - decline)^(year - table year)
# with the published values written here (Africa 547, Oceania 493 g/kWh in
# 2023). An unknown name is an input error at its line and column listing
# the known regions; from_table beside intensity_kg_per_kwh is refused.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$work/regions.yaml" <<'YAML'
run: {name: regions, samples: 4, seed: 1, first_year: 2020, last_year: 2022, fleet_mode: exact}
grid:
  regions:
    africa: {from_table: africa, decline_per_year: 0.02}
    oceania: {from_table: oceania}
classes:
  farm:
    bom: {casing: 0.1}
    power: {active_w: 0.02, duty_cycle: 1.0}
    lifetime_years: 10
    mass_kg: 0.1
    region: africa
    shipments: {devices: {2020: 1000, 2021: 0}}
  reef:
    bom: {casing: 0.1}
    power: {active_w: 0.02, duty_cycle: 1.0}
    lifetime_years: 10
    mass_kg: 0.1
    region: oceania
    shipments: {devices: {2020: 500, 2021: 0}}
YAML
"$bin" run "$work/regions.yaml" -q -o "$work/regions.h5" || fail "run of a scenario with regions from the table"
/usr/bin/python3 - "$work/regions.h5" <<'PY' || fail "use-phase emissions differ from the hand calculation"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
classes = [c.decode() if isinstance(c, bytes) else c for c in f["device_class" if "device_class" in f else "class"][()]]
years = list(f["year"][()])
kwh_per_device_year = 0.02 * 8760 / 1000
want = {"farm": (1000, 0.547, 0.02), "reef": (500, 0.493, 0.0)}
op = f["by_class/emissions_operational"][()]          # (sample, class, year)
for name, (devices, ci_2023, decline) in want.items():
    for year in (2021, 2022):
        hand = devices * kwh_per_device_year * ci_2023 * (1 - decline) ** (year - 2023)
        got = op[:, classes.index(name), years.index(year)]
        assert np.allclose(got, hand, rtol=1e-12, atol=0), (name, year, got, hand)
total = f["samples/emissions_operational"][()][:, years.index(2022)]
assert np.allclose(total, 1000 * kwh_per_device_year * 0.547 * 0.98 ** -1 + 500 * kwh_per_device_year * 0.493, rtol=1e-12)
print("ok")
PY

expect_error() {  # expect_error FILE PATTERN
  local err code
  err="$("$bin" validate "$1" 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "validate $1: exit $code, expected 2: $err"
  grep -qE -- "$2" <<<"$err" || fail "message '$err' does not match '$2'"
}
sed 's/from_table: oceania}/from_table: oceana}/' "$work/regions.yaml" > "$work/unknown.yaml"
expect_error "$work/unknown.yaml" "^$work/unknown.yaml:5:27: error: grid.regions.oceania.from_table: unknown region 'oceana' in models/data/grid_regions.yaml; known: world, usa, europe, china, india, africa, latin_america, south_east_asia, middle_east, oceania"
sed 's/from_table: oceania}/from_table: oceania, intensity_kg_per_kwh: 0.5}/' "$work/regions.yaml" > "$work/both.yaml"
expect_error "$work/both.yaml" "both.yaml:5:[0-9]+: error: grid.regions.oceania.intensity_kg_per_kwh: from_table gives the region's intensity_kg_per_kwh; remove one of from_table and intensity_kg_per_kwh"
echo ok
