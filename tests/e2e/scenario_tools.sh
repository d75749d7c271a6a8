#!/usr/bin/env bash
# End to end: the scenario tooling. `show` prints the effective scenario
# (extends: merged, --set and --fix applied) and what it prints runs to the
# same bits; `--fix` pins a parameter where `--set ...type=fixed` fails on
# the old distribution's fields; `params` lists each parameter with its
# quantiles and uses; `diff` compares two scenarios and two result files;
# `sweep --list/--samples/--seed`; HPC/slurm/submit_sweep.sh counts the
# points itself (sbatch replaced by a stub that records its arguments).
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
small="$src/tests/data/small.yaml"
refuse() {  # refuse WHAT PATTERN CMD...: exit 2, the message matches PATTERN
  local what="$1" pattern="$2"; shift 2
  set +e; err="$("$@" 2>&1)"; code=$?; set -e
  [ "$code" = 2 ] && [[ "$err" == *$pattern* ]] || fail "$what: exit $code: $err"
}

# ---- extends: + show ---------------------------------------------------------
cp "$small" "$work/base.yaml"
mkdir "$work/sub"
cat > "$work/sub/top.yaml" <<'YAML'
extends: ../base.yaml
run: {name: top, samples: 32}
parameters:
  offset: ~                                  # removed: the base's offset parameter
  grid_decline: {distribution: {max: 0.02}}  # merged: type and min stay
classes:
  camera: {bom: {imager: 0.5}, offset_kg_per_device_year: ~}   # removed with the parameter
YAML
"$bin" show "$work/sub/top.yaml" > "$work/shown.yaml" || fail "show"
grep -q '^extends' "$work/shown.yaml" && fail "show printed the extends: key"
/usr/bin/python3 - "$work/shown.yaml" <<'PY' || fail "show: merged content"
import sys, yaml
s = yaml.safe_load(open(sys.argv[1]))
assert s["run"]["name"] == "top" and s["run"]["samples"] == 32 and s["run"]["seed"] == 42, s["run"]
assert "offset" not in s["parameters"], s["parameters"].keys()
d = s["parameters"]["grid_decline"]["distribution"]
assert d == {"type": "uniform", "min": 0.0, "max": 0.02}, d
assert s["classes"]["camera"]["bom"] == {"casing": 0.63, "imager": 0.5}, s["classes"]["camera"]["bom"]
PY
# The shown scenario is the scenario: same bits as the extending file.
"$bin" run "$work/sub/top.yaml" -q -o "$work/top.h5" || fail "run extends"
"$bin" run "$work/shown.yaml" -q -o "$work/shown.h5" || fail "run shown"
/usr/bin/python3 - "$work" <<'PY' || fail "the shown scenario gives other bits"
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/top.h5"), h5py.File(f"{w}/shown.h5")
for m in ["net", "emissions_total", "cumulative_net"]:
    assert np.array_equal(a[f"samples/{m}"][...], b[f"samples/{m}"][...]), m
# The file records the merged scenario, headed by the chain as written.
text = a.attrs["scenario_yaml"]
text = text.decode() if isinstance(text, bytes) else text
assert text.startswith("# The effective scenario: a file merged onto extends: ../base.yaml"), text[:120]
PY
# Errors name the file a merged value came from, and a missing base the extends: line.
sed 's/mass_kg: 0.1/mass_kg: -1/' "$small" > "$work/base.yaml"
refuse "error in the base" "base.yaml:" "$bin" validate "$work/sub/top.yaml"
[[ "$err" == *"classes.audio.mass_kg"* ]] || fail "error in the base: $err"
printf 'extends: nowhere.yaml\n' > "$work/missing.yaml"
refuse "missing base" "missing.yaml:1:10: error: extends: base scenario" "$bin" validate "$work/missing.yaml"
printf 'extends: b.yaml\n' > "$work/a.yaml"; printf 'extends: a.yaml\n' > "$work/b.yaml"
refuse "cycle" "cycle" "$bin" validate "$work/a.yaml"
cp "$small" "$work/base.yaml"

# ---- --fix ---------------------------------------------------------------------
refuse "--set type=fixed keeps the old fields" "unknown field" \
  "$bin" validate "$small" --set parameters.grid_decline.distribution.type=fixed --set parameters.grid_decline.distribution.value=0.03
"$bin" validate "$small" --fix grid_decline=0.03 >/dev/null || fail "--fix"
"$bin" show "$small" --fix grid_decline=0.03 | grep -q 'grid_decline:' || fail "show --fix"
"$bin" show "$small" --fix grid_decline=0.03 | /usr/bin/python3 -c '
import sys, yaml
d = yaml.safe_load(sys.stdin)["parameters"]["grid_decline"]
assert d["distribution"] == {"type": "fixed", "value": 0.03} and d["unit"] == "1/year", d' || fail "--fix content"
refuse "--fix of an unknown parameter" "did you mean 'grid_decline'" "$bin" validate "$small" --fix grid_declin=0.03
refuse "--fix to an unknown name" "--fix grid_decline" "$bin" validate "$small" --fix grid_decline=abc
"$bin" run "$small" -q --fix grid_decline=0.03 --samples 16 -o "$work/fixed.h5" || fail "run --fix"
/usr/bin/python3 - "$work/fixed.h5" <<'PY' || fail "run --fix: the pinned input"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
assert np.all(f["inputs/grid_decline"][...] == 0.03)
o = f.attrs["scenario_overrides"]; o = o.decode() if isinstance(o, bytes) else o
assert "--fix grid_decline=0.03\n" in o, o
PY
# A shard of a pinned run merges (the recorded --fix is applied again).
"$bin" run "$small" -q --fix grid_decline=0.03 --samples 16 --shard 0/2 -o "$work/f0.h5" || fail "shard 0"
"$bin" run "$small" -q --fix grid_decline=0.03 --samples 16 --shard 1/2 -o "$work/f1.h5" || fail "shard 1"
"$bin" merge "$work/f0.h5" "$work/f1.h5" -q -o "$work/fm.h5" || fail "merge of pinned shards"

# ---- params ----------------------------------------------------------------------
"$bin" params "$small" > "$work/params.txt" || fail "params"
grep -q '^grid_decline  global  \[1/year\]$' "$work/params.txt" || fail "params header: $(cat "$work/params.txt")"
grep -A4 '^grid_decline ' "$work/params.txt" | grep -q 'distribution: uniform min=0.0 max=0.05' || fail "params distribution"
grep -A4 '^grid_decline ' "$work/params.txt" | grep -q '5/50/95%: 0.00250  0.0250  0.0475' || fail "params quantiles: $(grep -A4 '^grid_decline ' "$work/params.txt")"
grep -A4 '^grid_decline ' "$work/params.txt" | grep -q 'used in: grid.regions.world.decline_per_year' || fail "params uses"
grep -A4 '^cpa ' "$work/params.txt" | grep -q 'used in: parameters.cpa_bounded.distribution.mean' || fail "params: use by a distribution"
grep -A4 '^cpa_bounded ' "$work/params.txt" | grep -q '5/50/95%: ~' || fail "params: sampled quantiles marked"
"$bin" params "$small" --fix grid_decline=0.03 | grep -A4 '^grid_decline ' | grep -q '5/50/95%: 0.0300  0.0300  0.0300' || fail "params --fix"

# ---- diff ------------------------------------------------------------------------
"$bin" diff "$small" "$work/sub/top.yaml" > "$work/diff.txt" || fail "diff scenarios"
grep -q '^parameters that differ: grid_decline, offset$' "$work/diff.txt" || fail "diff parameters: $(cat "$work/diff.txt")"
grep -q 'run.name: small -> top' "$work/diff.txt" || fail "diff run.name"
grep -q 'classes.camera.bom.imager: 0.77 -> 0.5' "$work/diff.txt" || fail "diff bom"
grep -q 'parameters.offset.scope: global -> (absent)' "$work/diff.txt" || fail "diff removed"
"$bin" diff "$small" "$work/base.yaml" | grep -q 'the effective scenarios are the same' || fail "diff of equal scenarios"
"$bin" run "$small" -q --samples 32 -o "$work/a.h5" || fail "run a"
"$bin" diff "$work/a.h5" "$work/top.h5" > "$work/rdiff.txt" || fail "diff results"
grep -q 'scenario         small -> top' "$work/rdiff.txt" || fail "diff results: name $(cat "$work/rdiff.txt")"
grep -q 'samples          32 (same)' "$work/rdiff.txt" || fail "diff results: samples"
grep -qE '^  net +2025  .* -> .*kg CO2e' "$work/rdiff.txt" || fail "diff results: medians"
refuse "diff of a scenario and a result" "two scenarios or two result files" "$bin" diff "$small" "$work/a.h5"

# ---- sweep --list / --samples / --seed ---------------------------------------------
sweep="$src/scenarios/sweep_grid_decline.yaml"
"$bin" sweep "$sweep" --list > "$work/list.txt" || fail "sweep --list"
[ "$(head -1 "$work/list.txt")" = "$(printf 'point\tseed\tparameters.world_grid_decline.distribution.max\trun.sampling')" ] \
  || fail "sweep --list header: $(head -1 "$work/list.txt")"
[ "$(tail -n +2 "$work/list.txt" | wc -l)" = 6 ] || fail "sweep --list: $(cat "$work/list.txt")"
[ "$(sed -n 5p "$work/list.txt" | cut -f1,3,4)" = "$(printf '3\t0.04\tlhs')" ] || fail "sweep --list point 3"
[ "$("$bin" sweep "$sweep" --list --seed 7 | sed -n 2p | cut -f2)" != "$(sed -n 2p "$work/list.txt" | cut -f2)" ] \
  || fail "sweep --seed does not change the points' seeds"
[ "$("$bin" sweep "$sweep" --list --point 2 | tail -n +2 | cut -f1)" = 2 ] || fail "sweep --list --point"
"$bin" sweep "$small" --list 2>/dev/null && fail "sweep --list without a sweep block"
printf 'extends: ../data/small.yaml\nsweep:\n  list:\n    - {parameters.grid_decline.distribution.max: 0.01}\n    - {parameters.grid_decline.distribution.max: 0.02}\n' \
  > "$work/sw.yaml"
sed -i "s|../data/small.yaml|$(realpath "$small")|" "$work/sw.yaml"
"$bin" sweep "$work/sw.yaml" --samples 8 --seed 5 -q -o "$work/sw.h5" || fail "sweep --samples --seed"
/usr/bin/python3 - "$work/sw.h5" <<'PY' || fail "sweep --samples/--seed recorded"
import sys, h5py
f = h5py.File(sys.argv[1])
assert f["samples/net"].shape[:2] == (2, 8), f["samples/net"].shape
assert int(f.attrs["seed"]) == 5 and int(f.attrs["samples"]) == 8, dict(f.attrs)
PY

# ---- submit_sweep.sh counts the points ----------------------------------------------
mkdir "$work/stub"
cat > "$work/stub/sbatch" <<'SH'
#!/usr/bin/env bash
echo "$*" >> "$SBATCH_LOG"; echo "$RANDOM"
SH
chmod +x "$work/stub/sbatch"
export SBATCH_LOG="$work/sbatch.log"
PATH="$work/stub:$PATH" "$src/HPC/slurm/submit_sweep.sh" --sweep --binary "$bin" "$sweep" "$work/out" -- --samples 10 \
  > "$work/submit.txt" || fail "submit_sweep.sh --sweep"
grep -q -- '--array=0-5%10' "$SBATCH_LOG" || fail "submit_sweep.sh: array size: $(cat "$SBATCH_LOG")"
rm "$SBATCH_LOG"
set +e
err="$(PATH="$work/stub:$PATH" "$src/HPC/slurm/submit_sweep.sh" --sweep-points 5 --binary "$bin" "$sweep" "$work/out" 2>&1)"
code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"has 6 points"* ]] || fail "submit_sweep.sh --sweep-points 5: $code $err"
[ ! -e "$SBATCH_LOG" ] || fail "submit_sweep.sh submitted a wrong count"
echo ok
