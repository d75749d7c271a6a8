#!/usr/bin/env bash
# End to end: scenarios a run would mishandle are refused before anything is
# computed (exit 2 at file:line:column, no output file): a parameter named as
# a coordinate of the result or sweep file, a seed written with a decimal
# point above 2^53 (file and --set), a correlated fixed parameter, a market no
# class shares; --fix is named in its own messages; `show` output of a
# quoted number label, from the file or from --set, validates again.
set -uo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
EXPECT_TIMEOUT=20
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"

# --- parameter names that are datasets of /inputs/ -------------------------
for name in year sample quantile device_class seed sweep_point; do
  sed "s/^  battery: {unit: kg CO2e/  $name: {unit: kg CO2e/; s/battery: battery,/battery: $name,/" "$small" > "$work/p_$name.yaml"
  pattern="_$name.yaml:17:3: error: parameters.$name: the name '$name' is reserved for a coordinate"
  expect 2 "$pattern" -- "$bin" validate "$work/p_$name.yaml"
  { cat "$work/p_$name.yaml"; printf 'sweep:\n  grid:\n    classes.camera.mass_kg: [0.1, 0.2]\n'; } > "$work/sw_$name.yaml"
  expect 2 "$pattern" -- "$bin" sweep "$work/sw_$name.yaml" -q --samples 2 -o "$work/sw.h5"
  [ -e "$work/sw.h5" ] && fail "a sweep file was written with a parameter named $name"
done

# --- seeds: the digits written decide, not the double they round to ---------
sed 's/seed: 42/seed: 9007199254740993.0/' "$small" > "$work/seed.yaml"
expect 2 "seed.yaml:5:9: error: run.seed: write numbers above 2\^53 with all their digits" -- "$bin" validate "$work/seed.yaml"
expect 2 "run.seed: write numbers above 2\^53" -- "$bin" validate "$small" --set run.seed=9007199254740993.0
"$bin" run "$small" -q --samples 2 --set run.seed=9007199254740993 -o "$work/seed.h5" || fail "seed in full digits"
grep -q "^seed: *9007199254740993$" <<<"$("$bin" info "$work/seed.h5")" || fail "seed 2^53+1 not kept exactly"

# --- a fixed parameter in correlations, from the file or --fix ---------------
{ cat "$small"; printf 'correlations:\n  parameters: [grid_2020, shipments_2020]\n  matrix: [[1, 0.5], [0.5, 1]]\n'; } > "$work/cf.yaml"
expect 2 "cf.yaml:47:27: error: correlations.parameters\[1\]: 'shipments_2020' is fixed \(type: fixed\)" -- "$bin" run "$work/cf.yaml" -q -o "$work/cf.h5"
[ -e "$work/cf.h5" ] && fail "a result file was written with a correlated fixed parameter"
sed 's/shipments_2020\]/battery]/' "$work/cf.yaml" > "$work/cb.yaml"
"$bin" validate "$work/cb.yaml" >/dev/null || fail "correlating two drawn parameters"
expect 2 "'battery' is fixed \(--fix battery\)" -- "$bin" validate "$work/cb.yaml" --fix battery=1

# --- a market that no class takes a share of --------------------------------
{ cat "$small"; printf 'market:\n  total: {devices: {2020: 1e9}}\n  cap: {mcu_shipments: 1e10, base_year: 2021, max_share: 0.5}\n'; } > "$work/mk.yaml"
expect 2 "mk.yaml:47:3: error: market: no class takes a market_share" -- "$bin" validate "$work/mk.yaml"

# --- --fix is named in its own messages ------------------------------------
"$bin" run "$small" -q --samples 8 -o "$work/r.h5" || fail "small run"
expect 2 "^error: --fix: --method spearman" -- "$bin" sensitivity --method spearman "$work/r.h5" --fix cpa=1

# --- show keeps a quoted number text; --set quotes as a file does ------------
sed 's/^    mass_kg: 0.3$/    mass_kg: 0.3\n    label: "2024"/' "$small" > "$work/q.yaml"
"$bin" show "$work/q.yaml" > "$work/q_shown.yaml" || fail "show of a quoted label"
"$bin" validate "$work/q_shown.yaml" >/dev/null || fail "show output of label \"2024\" does not validate"
expect 2 "classes.camera.label: expected a label \(short text\), found '123'; quote it" -- "$bin" validate "$small" --set classes.camera.label=123
"$bin" show "$small" --set 'classes.camera.label="123"' > "$work/s_shown.yaml" || fail "show with a quoted --set label"
"$bin" validate "$work/s_shown.yaml" >/dev/null || fail "show output of --set label=\"123\" does not validate"
"$bin" run "$work/q.yaml" -q --samples 4 -o "$work/q.h5" || fail "run with a quoted label"
"$bin" run "$work/q_shown.yaml" -q --samples 4 -o "$work/q_shown.h5" || fail "run of the shown scenario"
[ "$(h5dump -d /device_class_label "$work/q.h5" | grep '(0): "')" = "$(h5dump -d /device_class_label "$work/q_shown.h5" | grep '(0): "')" ] ||
  fail "the shown scenario's labels differ"
echo "ok"
