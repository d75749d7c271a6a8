#!/usr/bin/env bash
# End to end: the point files of a sweep (tinyfleet sweep --point I, given in
# any order) merged equal the sweep run at once (every dataset, every
# attribute but command_line/created_utc); merge refuses a point of another
# seed, a point given twice, missing points (naming them), and a mix of
# sweep and shard files (exit 2, naming them) and writes nothing then.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/scenarios/sweep_grid_decline.yaml"   # 6 points
args=(--set run.samples=48 --threads 2 -q)

"$bin" sweep "$scn" "${args[@]}" -o "$work/direct.h5" || fail "sweep at once"
for i in 0 1 2 3 4 5; do
  "$bin" sweep "$scn" "${args[@]}" --point "$i" -o "$work/point-$i.h5" || fail "sweep --point $i"
done
p=("$work"/point-{0..5}.h5)
"$bin" merge "${p[5]}" "${p[2]}" "${p[0]}" "${p[4]}" "${p[1]}" "${p[3]}" -o "$work/merged.h5" -q || fail "merge"
bash "$src/tests/lib/same_result.sh" "$work/direct.h5" "$work/merged.h5" || fail "merged sweep differs from the direct sweep"

# A file of several points joins as well (here: the whole sweep alone).
"$bin" merge "$work/direct.h5" -o "$work/again.h5" -q || fail "merge of a complete sweep file"
bash "$src/tests/lib/same_result.sh" "$work/direct.h5" "$work/again.h5" || fail "re-merged sweep differs"

refuse() {  # refuse NAME EXPECTED-TEXT FILES...
  local name="$1" expect="$2"; shift 2
  local err code
  err="$("$bin" merge "$@" -o "$work/bad.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "$name: exit $code, expected 2: $err"
  [[ "$err" == *"$expect"* ]] || fail "$name: message '$err' does not say '$expect'"
  [ ! -e "$work/bad.h5" ] || fail "$name: wrote a file"
}
"$bin" sweep "$scn" "${args[@]}" --set run.seed=7 --point 2 -o "$work/seed7-2.h5" || fail "sweep of another seed"
refuse "other seed" "root attribute 'seed' differs ('7' vs '20231101')" "${p[0]}" "${p[1]}" "$work/seed7-2.h5" "${p[3]}" "${p[4]}" "${p[5]}"
"$bin" sweep "$scn" --set run.samples=40 --threads 2 -q --point 2 -o "$work/s40-2.h5" || fail "sweep of other samples"
refuse "other samples" "root attribute 'samples' differs ('40' vs '48')" "${p[0]}" "${p[1]}" "$work/s40-2.h5" "${p[3]}" "${p[4]}" "${p[5]}"
refuse "duplicated point" "sweep point 3 is given twice" "${p[@]}" "${p[3]}"
refuse "missing points" "missing sweep points 1, 3-4 of 0-5" "${p[0]}" "${p[2]}" "${p[5]}"
"$bin" run "$scn" --samples 48 --shard 0/2 --threads 2 -q -o "$work/shard-0.h5" || fail "shard run"
refuse "mixed shard and sweep files" "is a sweep file (tinyfleet sweep --point) but '$work/shard-0.h5' is a 'tinyfleet-results' file" \
  "$work/shard-0.h5" "${p[@]}"
echo ok
