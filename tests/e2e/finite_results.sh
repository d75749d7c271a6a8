#!/usr/bin/env bash
# End to end: inputs inside every documented range never turn into inf or
# NaN (docs/scenario-format.md, "Ranges"). A combination that would (a
# computed die yield far below the bound of `yield`, a battery capacity of
# almost nothing, a grid or MCU path raised to a negative power of 0, all
# region weights zero, a reference table value above its field's range) is an
# input error with exit 2 at file:line:column from validate and point alike,
# and a nearby valid combination still runs.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

refused() {  # refused NAME PATTERN FILE [env...]: validate and point exit 2 with PATTERN
  local name="$1" pattern="$2" file="$3" cmd err code
  for cmd in validate point; do
    err="$("$bin" "$cmd" "$file" 2>&1 >/dev/null)"; code=$?
    [ "$code" -eq 2 ] || fail "$name: $cmd exit $code (expected 2): $err"
    grep -qE -- "$pattern" <<<"$err" || fail "$name: $cmd message '$err' lacks '$pattern'"
  done
}
accepted() {  # accepted NAME FILE: validate and point succeed with finite numbers
  local name="$1" file="$2" out
  "$bin" validate "$file" >/dev/null 2>&1 || fail "$name: validate refused a valid scenario"
  out="$("$bin" point "$file" --json)" || fail "$name: point failed"
  /usr/bin/python3 -c 'import json, sys; json.loads(sys.argv[1], parse_constant=lambda c: sys.exit("non-finite " + c))' \
    "$out" || fail "$name: point --json is not finite JSON: $out"
}

scenario() {  # scenario FILE FIRST_YEAR REGIONS BOM [MARKET SHIPMENTS REGION_LINE]
  cat > "$1" <<YAML
run: {name: finite, samples: 2, seed: 1, first_year: $2, last_year: 2030}
parameters:
  area: {unit: mm2, scope: global, distribution: {type: uniform, min: 4000, max: 5000}}
grid:
  regions:
$3
${5:-}
classes:
  a:
    bom: $4
    power: {active_w: 1, duty_cycle: 0.5}
    lifetime_years: 5
    mass_kg: 0.1
    ${7:-region: world}
    shipments: ${6:-"{devices: {2020: 1e6}}"}
YAML
}
world='    world: {base_year: 2020, intensity_kg_per_kwh: 0.4}'

# Die yield: exp(-50 cm2 x 10/cm2) = e^-500 is far below the 1e-9 bound of `yield`.
scenario "$work/pois_param.yaml" 2020 "$world" \
  '{ic: {model: ic, die_area_mm2: area, node: 28nm, yield_model: poisson, defect_density_per_cm2: 10}}'
refused poisson-parameter 'pois_param.yaml:[0-9]+:[0-9]+: error: classes.a.bom.ic.yield_model: .*below' "$work/pois_param.yaml"
scenario "$work/pois.yaml" 2020 "$world" \
  '{ic: {model: ic, die_area_mm2: 5000, node: 28nm, yield_model: negative_binomial, defect_density_per_cm2: 10}}'
refused nb-literal 'classes.a.bom.ic.yield_model: .*below' "$work/pois.yaml"
scenario "$work/pois_ok.yaml" 2020 "$world" \
  '{ic: {model: ic, die_area_mm2: 100, node: 28nm, yield_model: poisson, defect_density_per_cm2: 10}}'
accepted poisson-small-die "$work/pois_ok.yaml"

# Battery capacity: a cell of almost no energy needs infinitely many replacements.
bat='{battery: {model: battery, capacity_wh: CAP, kg_co2e_per_kwh: 100, cycle_life: 1}}'
scenario "$work/bat_tiny.yaml" 2020 "$world" "${bat/CAP/1e-300}"
refused battery-tiny 'classes.a.bom.battery.capacity_wh: must be between' "$work/bat_tiny.yaml"
scenario "$work/bat_zero.yaml" 2020 "$world" "${bat/CAP/0}"
refused battery-zero 'classes.a.bom.battery.capacity_wh: must be between' "$work/bat_zero.yaml"
scenario "$work/bat_none.yaml" 2020 "$world" '{battery: {model: battery, kg_co2e_per_kwh: 100}}'
refused battery-no-capacity 'classes.a.bom.battery.capacity_wh' "$work/bat_none.yaml"
scenario "$work/bat_cycles.yaml" 2020 "$world" \
  '{battery: {model: battery, capacity_wh: 10, kg_co2e_per_kwh: 100, cycle_life: 1e-300}}'
refused battery-fraction-of-a-cycle 'classes.a.bom.battery.cycle_life: ' "$work/bat_cycles.yaml"
scenario "$work/bat_ok.yaml" 2020 "$world" "${bat/CAP/1e-3}"
accepted battery-small "$work/bat_ok.yaml"

# Grid decline 1 before the base year: 0^negative.
scenario "$work/decline.yaml" 2020 '    world: {base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: 1}' '{casing: 1}'
refused decline-1 'decline.yaml:6:[0-9]+: error: grid.regions.world.decline_per_year: ' "$work/decline.yaml"
scenario "$work/decline_table.yaml" 2020 '    world: {from_table: world, decline_per_year: 1}' '{casing: 1}'
refused decline-1-table 'grid.regions.world.decline_per_year: ' "$work/decline_table.yaml"
scenario "$work/decline_ok.yaml" 2025 '    world: {base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: 1}' '{casing: 1}'
accepted decline-1-from-base-year "$work/decline_ok.yaml"

# MCU cap growth -1 before the cap's base year: 0 x inf.
market='market:
  total: {devices: {2020: 1e9}}
  cap: {mcu_shipments: 1e14, base_year: 2025, growth_per_year: -1, max_share: 0}'
scenario "$work/cap.yaml" 2020 "$world" '{casing: 1}' "$market" '{market_share: 1}'
refused cap-growth--1 'market.cap.growth_per_year: ' "$work/cap.yaml"

# All region weights literal zeros.
scenario "$work/zero_mix.yaml" 2020 "$world
    clean: {base_year: 2020, intensity_kg_per_kwh: 0.1}" '{casing: 1}' '' '' 'regions: {world: 0, clean: 0}'
refused zero-weights 'zero_mix.yaml:[0-9]+:[0-9]+: error: classes.a.regions: ' "$work/zero_mix.yaml"

# Weights drawn at run time: a realization whose weights are all zero stops
# the run (exit 1) and names the realization.
sed -e 's/regions: {world: 0, clean: 0}/regions: {world: w, clean: w}/' \
    -e '/^  area:/a\  w: {unit: "1", scope: global, distribution: {type: discrete, values: [0, 1], weights: [0.5, 0.5]}}' \
    "$work/zero_mix.yaml" > "$work/drawn_zero.yaml"
"$bin" validate "$work/drawn_zero.yaml" >/dev/null || fail "drawn-zero: validate refused weights drawn from a parameter"
err="$("$bin" run "$work/drawn_zero.yaml" --samples 64 -q -o "$work/drawn_zero.h5" 2>&1)"; code=$?
[ "$code" -eq 1 ] || fail "drawn-zero: run exit $code (expected 1): $err"
grep -qE 'classes.a.regions: all region weights are zero in realization [0-9]+' <<<"$err" \
  || fail "drawn-zero: message '$err' does not name the realization"
[ -e "$work/drawn_zero.h5" ] && fail "drawn-zero: a result was written"

# Reference tables: the bound of the scenario field holds for the table's values.
scenario "$work/table.yaml" 2023 '    world: {from_table: world}' '{casing: 1}'
for value in 1e308 11000; do
  rm -rf "$work/data"; cp -r "$src/models/data" "$work/data"
  sed -i "s/world: {value: 481/world: {value: $value/" "$work/data/grid_regions.yaml"
  grep -q "value: $value" "$work/data/grid_regions.yaml" || fail "table edit did not apply"
  TINYFLEET_DATA_DIR="$work/data" refused "table-$value" 'grid_regions.yaml:[0-9]+:[0-9]+: error: .*must be' "$work/table.yaml"
done
echo ok
