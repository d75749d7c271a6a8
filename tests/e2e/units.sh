#!/usr/bin/env bash
# End to end: a parameter's unit is converted to its field's unit when the
# scenario is read (g CO2e/kWh, t CO2e, kg CO2e/mm2, mW give the results of
# kg CO2e/kWh, kg CO2e, kg CO2e/cm2, W to rounding), and a unit that does not
# fit its field is an input error at the parameter's unit: naming both units.
set -uo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"

# with_parameter FILE LINE: small.yaml with LINE added under parameters: and
# the audio class's active power taken from parameter `active`.
with_parameter() {
  sed -e "/^parameters:/a\\  $2" -e 's/active_w: 0.005,/active_w: active,/' "$small" > "$1"
}

# The same scenario twice: in canonical units, and in other units of the same dimensions.
with_parameter "$work/canonical.yaml" 'active: {unit: W, scope: global, distribution: {type: uniform, min: 0.004, max: 0.006}}'
with_parameter "$work/other.yaml" 'active: {unit: mW, scope: global, distribution: {type: uniform, min: 4, max: 6}}'
sed -i -e 's|grid_2020: {unit: kg CO2e/kWh, scope: global, distribution: {type: triangular, min: 0.3, mode: 0.4, max: 0.5}}|grid_2020: {unit: g CO2e/kWh, scope: global, distribution: {type: triangular, min: 300, mode: 400, max: 500}}|' \
       -e 's|battery: {unit: kg CO2e, scope: global, distribution: {type: pert, min: 0.25, mode: 1.36, max: 2.71}}|battery: {unit: t CO2e, scope: global, distribution: {type: pert, min: 0.00025, mode: 0.00136, max: 0.00271}}|' \
       -e 's|cpa: {unit: kg CO2e/cm2, scope: global, distribution: {type: normal, mean: 1.3, sd: 0.1}}|cpa: {unit: kg CO2e/mm2, scope: global, distribution: {type: normal, mean: 0.013, sd: 0.001}}|' \
       -e 's|cpa_bounded: {unit: kg CO2e/cm2, scope: global, distribution: {type: truncated_normal, mean: cpa, sd: 0.1, min: 0.5, max: 3.0}}|cpa_bounded: {unit: kg CO2e/mm2, scope: global, distribution: {type: truncated_normal, mean: cpa, sd: 0.001, min: 0.005, max: 0.03}}|' \
       "$work/other.yaml"
[ "$(grep -c 'g CO2e/kWh\|t CO2e,\|kg CO2e/mm2\|unit: mW' "$work/other.yaml")" -eq 5 ] || fail "the sed edits of small.yaml no longer apply"
"$bin" run "$work/canonical.yaml" -q -o "$work/canonical.h5" || fail "canonical run"
"$bin" run "$work/other.yaml" -q -o "$work/other.h5" || fail "run in other units"
# Every dataset agrees to 1e-9 relative (the scenario text attribute differs, of course).
for group in samples by_class summary inputs payback; do
  h5diff -p 1e-9 "$work/canonical.h5" "$work/other.h5" /$group /$group >/dev/null \
    || { h5diff -p 1e-9 "$work/canonical.h5" "$work/other.h5" /$group /$group | head; fail "$group differs beyond rounding"; }
done

# Units that do not fit: at the parameter's unit:, both units and the field named.
sed -e "/^parameters:/a\\  die: {unit: furlongs, scope: global, distribution: {type: fixed, value: 1e-6}}" \
    -e 's/die_area_mm2: 10,/die_area_mm2: die,/' "$small" > "$work/furlongs.yaml"
expect 2 "furlongs.yaml:10:[0-9]+: error: parameters.die.unit: unit 'furlongs' of parameter 'die' cannot be converted to 'mm2', the unit of classes.audio.mcu.die_area_mm2" \
  -- "$bin" validate "$work/furlongs.yaml"
with_parameter "$work/power_kwh.yaml" 'active: {unit: kWh, scope: global, distribution: {type: fixed, value: 0.005}}'
expect 2 "power_kwh.yaml:10:[0-9]+: error: parameters.active.unit: unit 'kWh' .*'W', the unit of classes.audio.power.active_w" \
  -- "$bin" run "$work/power_kwh.yaml" -o "$work/x.h5"
sed 's|grid_2020: {unit: kg CO2e/kWh,|grid_2020: {unit: kg,|' "$small" > "$work/grid_kg.yaml"
expect 2 "grid_kg.yaml:[0-9]+:[0-9]+: error: parameters.grid_2020.unit: unit 'kg' .*'kg CO2e/kWh', the unit of grid.regions.world.intensity_kg_per_kwh" \
  -- "$bin" validate "$work/grid_kg.yaml"
# One parameter for a lifetime (years) and a decline rate (1/year).
sed 's/lifetime_years: 4$/lifetime_years: grid_decline/' "$small" > "$work/two.yaml"
expect 2 "two.yaml:[0-9]+:[0-9]+: error: parameters.grid_decline.unit: parameter 'grid_decline' is used by fields of two dimensions" \
  -- "$bin" validate "$work/two.yaml"
# No unit: the field's unit suggested; an unknown unit.
with_parameter "$work/no_unit.yaml" 'active: {scope: global, distribution: {type: fixed, value: 0.005}}'
expect 2 "parameters.active.unit: parameter 'active' has no unit \(required\): add unit: W" -- "$bin" validate "$work/no_unit.yaml"
with_parameter "$work/unknown.yaml" 'active: {unit: wat, scope: global, distribution: {type: fixed, value: 0.005}}'
expect 2 "unknown.yaml:10:[0-9]+: error: parameters.active.unit: 'wat' contains an unknown unit" -- "$bin" validate "$work/unknown.yaml"
[ -z "$(ls -A "$work" | grep '\.h5$' | grep -v 'canonical.h5\|other.h5')" ] || fail "a refused run left a file"
# params names both units: the distribution as written, the quantiles converted.
"$bin" params "$work/other.yaml" | grep -A3 '^grid_2020 ' > "$work/params.txt"
grep -q '^grid_2020  global  \[kg CO2e/kWh\]' "$work/params.txt" || fail "params unit: $(cat "$work/params.txt")"
grep -q 'min=300 .*(as written, in g CO2e/kWh)' "$work/params.txt" || fail "params declared unit: $(cat "$work/params.txt")"
grep -q '5/50/95%: 0.3[0-9]*  0.4[0-9]*  0.4[0-9]* \[kg CO2e/kWh\]' "$work/params.txt" || fail "params quantiles: $(cat "$work/params.txt")"
echo "units: ok"
