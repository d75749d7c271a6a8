#!/usr/bin/env bash
# End to end: inputs that used to be accepted silently, or refused only at run
# time, are refused by `validate` as by `run`: exit 2 with file:line:column.
# Duplicate keys, limits of the fleet model, parameter order, nominal values,
# out-of-range numbers, exact seeds, --set on aliases and control characters,
# the scenario hash, and files that are not UTF-8 text or not regular files.
set -uo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
EXPECT_TIMEOUT=10
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"

# refused FILE PATTERN: validate and run both exit 2 with the message.
refused() {
  expect 2 "$2" -- "$bin" validate "$1"
  expect 2 "$2" -- "$bin" run "$1" -q --samples 2 -o "$work/refused.h5"
  [ -e "$work/refused.h5" ] && fail "a result file was written for $1"
  return 0
}

# --- duplicate keys: refused where yaml-cpp kept both ----------------------
sed 's/^  camera:/  audio:/' "$small" > "$work/dup_class.yaml"
refused "$work/dup_class.yaml" "dup_class.yaml:38:3: error: classes.audio: duplicate key 'audio' \(first at line 30, column 3\)"
{ cat "$small"; printf 'classes:\n  other: {}\n'; } > "$work/dup_classes.yaml"
refused "$work/dup_classes.yaml" "dup_classes.yaml:46:1: error: classes: duplicate key 'classes' \(first at line 29, column 1\)"
sed 's/^  samples: 64/  samples: 64\n  name: other/' "$small" > "$work/dup_name.yaml"
refused "$work/dup_name.yaml" "dup_name.yaml:5:3: error: run.name: duplicate key 'name' \(first at line 3, column 3\)"
sed 's/^    clean: {/    world: {/' "$small" > "$work/dup_region.yaml"
refused "$work/dup_region.yaml" "dup_region.yaml:27:5: error: grid.regions.world: duplicate key"
sed 's/bom: {casing: 0.27, battery: battery, pcb: 0.16}/bom: {casing: 0.27, battery: battery, casing: 0.16}/' "$small" > "$work/dup_bom.yaml"
refused "$work/dup_bom.yaml" "dup_bom.yaml:31:43: error: classes.audio.bom.casing: duplicate key"
# a parameter defined twice: validate said ok, point used the second, run failed
sed 's/^  offset: {unit/  duty: {unit/' "$small" > "$work/dup_param.yaml"
refused "$work/dup_param.yaml" "dup_param.yaml:22:3: error: parameters.duty: duplicate key 'duty' \(first at line 21, column 3\)"
expect 2 "duplicate key" -- "$bin" point "$work/dup_param.yaml"
# in models/data tables too
mkdir "$work/data"; cp "$src"/models/data/*.yaml "$work/data/"
sed -i 's/^  28nm:/  28nm:\n    source: twice/' "$work/data/process_nodes.yaml"
grep -q "source: twice" "$work/data/process_nodes.yaml" || fail "test setup: no 28nm node in process_nodes.yaml"
TINYFLEET_DATA_DIR="$work/data" expect 2 "process_nodes.yaml:[0-9]+:[0-9]+: error: nodes.28nm.source: duplicate key" -- \
  "$bin" validate "$src/scenarios/paper_devices_bottom_up.yaml"

# --- limits of the fleet model, checked when the scenario is read ----------
/usr/bin/python3 - "$small" > "$work/regions65.yaml" <<'PY'
import sys
head = open(sys.argv[1]).read().split("grid:")[0]
regions = "".join(f"    r{i}: {{base_year: 2020, intensity_kg_per_kwh: 0.3}}\n" for i in range(65))
mix = ", ".join(f"r{i}: 1" for i in range(65))
print(head + "grid:\n  regions:\n" + regions + "classes:\n  c:\n    bom: {casing: 0.3}\n"
      "    power: {active_w: 0.01, duty_cycle: 0.5}\n    lifetime_years: 4\n    mass_kg: 0.1\n"
      "    regions: {" + mix + "}\n    shipments: {devices: {2020: 1000}}")
PY
refused "$work/regions65.yaml" "regions65.yaml:[0-9]+:[0-9]+: error: classes.c.regions: .*at most 64"
battery='{model: battery, mass_g: 1, kg_co2e_per_kg: 1}'
sed "s/bom: {casing: 0.27, battery: battery, pcb: 0.16}/bom: {casing: 0.27, b1: $battery, b2: $battery, b3: $battery, b4: $battery, b5: $battery}/" "$small" > "$work/batteries5.yaml"
refused "$work/batteries5.yaml" "batteries5.yaml:31:[0-9]+: error: classes.audio.bom.*at most 4 battery blocks"

# --- order of parameters does not matter -----------------------------------
sed 's/type: truncated_normal, mean: cpa,/type: truncated_normal, mean: lifetime,/' "$small" > "$work/device_arg_below.yaml"
refused "$work/device_arg_below.yaml" "device_arg_below.yaml:19:[0-9]+: error: parameters.cpa_bounded.distribution.mean: refers to 'lifetime', a device-scope parameter"

# --- nominal values in the domain of the fields using them -----------------
sed 's/grid_2020: {unit: kg CO2e\/kWh, scope: global,/grid_2020: {unit: kg CO2e\/kWh, scope: global, nominal: -1,/' "$small" > "$work/nominal_grid.yaml"
refused "$work/nominal_grid.yaml" "nominal_grid.yaml:[0-9]+:[0-9]+: error: grid.regions.world.intensity_kg_per_kwh: parameter 'grid_2020' has nominal -1"
sed 's/duty: {unit: "1", scope: device,/duty: {unit: "1", scope: device, nominal: 7,/' "$small" > "$work/nominal_duty.yaml"
refused "$work/nominal_duty.yaml" "nominal_duty.yaml:[0-9]+:[0-9]+: error: classes.audio.power.duty_cycle: parameter 'duty' has nominal 7"

# --- numbers that would overflow to inf/NaN --------------------------------
sed 's/active_w: 0.005/active_w: 1e308/' "$small" > "$work/huge_power.yaml"
refused "$work/huge_power.yaml" "huge_power.yaml:33:[0-9]+: error: classes.audio.power.active_w: must be between"
sed 's/clean: {base_year: 2020, intensity_kg_per_kwh: 0.05}/clean: {base_year: 2020, intensity_kg_per_kwh: 0.05, decline_per_year: -1e300}/' "$small" > "$work/decline.yaml"
refused "$work/decline.yaml" "decline.yaml:27:[0-9]+: error: grid.regions.clean.decline_per_year: must be between"
sed 's/gsd: 1.5}/gsd: 1.0e10}/' "$small" > "$work/wide_lognormal.yaml"
refused "$work/wide_lognormal.yaml" "wide_lognormal.yaml:[0-9]+:[0-9]+: error: classes.audio.shipments.devices.2025: parameter 'shipments_2025'"
# a distribution whose arguments are references is checked by its support too
sed 's/grid_decline: {unit: 1\/year, scope: global, distribution: {type: uniform, min: 0.0, max: 0.05}}/grid_decline: {unit: 1\/year, scope: global, distribution: {type: uniform, min: grid_lo, max: 0.05}}\n  grid_lo: {unit: 1\/year, scope: global, distribution: {type: uniform, min: -1e300, max: 0}}/' "$small" > "$work/decline_ref.yaml"
refused "$work/decline_ref.yaml" "decline_ref.yaml:[0-9]+:[0-9]+: error: grid.regions.world.decline_per_year: parameter 'grid_decline'"

# --- seeds are exact unsigned 64-bit integers ------------------------------
sed 's/  seed: 42/  seed: 9007199254740993/' "$small" > "$work/seed53.yaml"
"$bin" run "$work/seed53.yaml" -q --samples 2 -o "$work/seed53.h5" || fail "run with seed 2^53+1"
grep -q "^seed: *9007199254740993$" <<<"$("$bin" info "$work/seed53.h5")" || fail "seed 2^53+1 was not kept exactly"
"$bin" run "$small" -q --samples 2 --seed 18446744073709551615 -o "$work/seedmax.h5" || fail "run with seed 2^64-1"
grep -q "^seed: *18446744073709551615$" <<<"$("$bin" info "$work/seedmax.h5")" || fail "seed 2^64-1 was not kept exactly"
expect 2 "seed" -- "$bin" run "$small" -q --samples 2 --seed -1 -o "$work/x.h5"
expect 2 "seed" -- "$bin" run "$small" -q --samples 2 --seed 18446744073709551616 -o "$work/x.h5"
sed 's/  seed: 42/  seed: -1/' "$small" > "$work/seed_negative.yaml"
refused "$work/seed_negative.yaml" "seed_negative.yaml:5:9: error: run.seed:"
sed 's/  seed: 42/  seed: 18446744073709551616/' "$small" > "$work/seed_big.yaml"
refused "$work/seed_big.yaml" "seed_big.yaml:5:9: error: run.seed:"

# --- --set changes only the addressed place, even through an alias ---------
sed -e 's/power: {active_w: 0.005, sleep_w: 0.00001, duty_cycle: duty}/power: \&p {active_w: 0.01, duty_cycle: 0.5}/' \
    -e 's/power: {active_w: 0.01, duty_cycle: 0.5}/power: *p/' "$small" > "$work/alias.yaml"
"$bin" point "$work/alias.yaml" --json > "$work/alias_plain.json" || fail "point of alias.yaml"
"$bin" point "$work/alias.yaml" --json --set classes.audio.power.active_w=0.5 > "$work/alias_set.json" || fail "point --set on alias"
/usr/bin/python3 - "$work/alias_plain.json" "$work/alias_set.json" <<'PY' || fail "--set on an alias"
import json, sys
plain, changed = (json.load(open(p))["classes"] for p in sys.argv[1:3])
assert changed["camera"] == plain["camera"], "camera changed through the alias"
assert changed["audio"]["use_kg_per_year"] > 10 * plain["audio"]["use_kg_per_year"], "audio did not change"
PY

# --- --set values are one line; the hash tells scenarios apart --------------
expect 2 "--set: error: run.name: control character" -- "$bin" validate "$small" --set $'run.name=a\nb'
expect 2 "--set: error: run.name: control character" -- "$bin" validate "$small" --set $'run.name=a\rb'
# A ends in an open comment; B is A with the override's text in that comment.
{ cat "$small"; printf '#'; } > "$work/hash_a.yaml"
{ cat "$small"; printf '#run.samples=3\n'; } > "$work/hash_b.yaml"
"$bin" run "$work/hash_a.yaml" -q --set run.samples=3 -o "$work/hash_a.h5" || fail "run hash_a"
"$bin" run "$work/hash_b.yaml" -q -o "$work/hash_b.h5" || fail "run hash_b"
"$bin" run "$small" -q --samples 2 -o "$work/samples2.h5" || fail "run --samples 2"
"$bin" run "$small" -q --set run.samples=2 -o "$work/set2.h5" || fail "run --set run.samples=2"
sha() { "$bin" info "$1" | sed -n 's/^scenario: .*(sha256 \([0-9a-f]*\))$/\1/p'; }
[ -n "$(sha "$work/hash_a.h5")" ] || fail "no scenario_sha256 in info"
[ "$(sha "$work/hash_a.h5")" != "$(sha "$work/hash_b.h5")" ] || fail "different scenarios hash alike"
[ "$(sha "$work/samples2.h5")" = "$(sha "$work/set2.h5")" ] || fail "--samples and --set run.samples hash differently"

# --- files that are not UTF-8 text, or not regular files -------------------
{ cat "$small"; printf '# tail\0hidden: 1\n'; } > "$work/nul.yaml"
refused "$work/nul.yaml" "nul.yaml:46:7: error: .*NUL byte"
iconv -f UTF-8 -t UTF-16 "$small" > "$work/utf16.yaml"
refused "$work/utf16.yaml" "utf16.yaml:1:1: error: .*UTF-16"
iconv -f UTF-8 -t UTF-32 "$small" > "$work/utf32.yaml"
refused "$work/utf32.yaml" "utf32.yaml:1:1: error: .*UTF-32"
tr '\n' '\r' < "$small" > "$work/cr.yaml"
refused "$work/cr.yaml" "cr.yaml:1:[0-9]+: error: .*carriage return"
sed 's/$/\r/' "$small" > "$work/crlf.yaml"
"$bin" validate "$work/crlf.yaml" >/dev/null || fail "CRLF line endings refused"
{ cat "$small"; printf -- '---\nrun: {name: second}\n'; } > "$work/two_docs.yaml"
refused "$work/two_docs.yaml" "two_docs.yaml:4[67]:1: error: .*one YAML document"
expect 2 "not a regular file" -- "$bin" validate /dev/zero
expect 2 "is a folder" -- "$bin" validate "$work"
mkfifo "$work/fifo.yaml"
expect 2 "not a regular file" -- "$bin" validate "$work/fifo.yaml"
echo "ok"
