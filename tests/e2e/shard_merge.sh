#!/usr/bin/env bash
# End to end: shards 0..3 of 4 (given in any order) merged equal the unsharded
# run (every dataset, every attribute but command_line/created_utc); a shard
# file records its range; merge refuses a missing shard, a duplicated shard,
# a shard of another seed or scenario, a complete result and a non-HDF5 file
# (exit 2, naming them) and writes nothing then; bad --shard values exit 2.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
same="$src/tests/lib/same_result.sh"
scn="$src/scenarios/global_baseline.yaml"

"$bin" run "$scn" --samples 203 --threads 2 -q -o "$work/full.h5" || fail "unsharded run"
# The comparisons below cover the cohort mode's /cohort_error group too.
h5ls "$work/full.h5/cohort_error/relative_error" >/dev/null || fail "no /cohort_error in the unsharded run"
for i in 0 1 2 3; do
  "$bin" run "$scn" --samples 203 --threads 2 -q --shard "$i/4" -o "$work/s$i.h5" || fail "shard $i"
done
info="$("$bin" info "$work/s1.h5")" || fail "info on a shard"
/usr/bin/python3 - "$work/s1.h5" <<'PY' || fail "shard attributes"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
a = f.attrs
assert (a["shard_index"], a["shard_count"], a["shard_first"], a["run_samples"], a["samples"]) == (1, 4, 50, 203, 51), dict(a)
assert list(f["sample"][:3]) == [50, 51, 52], f["sample"][:3]
PY
"$bin" merge "$work/s2.h5" "$work/s0.h5" "$work/s3.h5" "$work/s1.h5" -o "$work/merged.h5" -q || fail "merge"
bash "$same" "$work/full.h5" "$work/merged.h5" || fail "merged file differs from the unsharded run"

# Latin hypercube design and correlated inputs: the design rows of a shard
# are those of the whole run, and the achieved rank correlations recorded in
# model_notes are recomputed over all realizations by merge.
{ cat "$scn"; printf 'correlations:\n  parameters: [world_grid_2020, world_grid_decline]\n  matrix: [[1, 0.5], [0.5, 1]]\n'; } > "$work/corr.yaml"
"$bin" run "$work/corr.yaml" --samples 150 --set run.sampling=lhs --threads 2 -q -o "$work/corr-full.h5" || fail "corr run"
for i in 0 1 2; do
  "$bin" run "$work/corr.yaml" --samples 150 --set run.sampling=lhs --threads 2 -q --shard "$i/3" -o "$work/corr-$i.h5" || fail "corr shard $i"
done
"$bin" merge "$work/corr-0.h5" "$work/corr-1.h5" "$work/corr-2.h5" -o "$work/corr-merged.h5" -q || fail "corr merge"
bash "$same" "$work/corr-full.h5" "$work/corr-merged.h5" || fail "LHS + correlated: merged differs from the unsharded run"

expect_refusal() {  # expect_refusal "message part" args...
  local want="$1"; shift
  local err code
  err="$("$bin" merge "$@" -o "$work/bad.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "merge $*: exit $code, expected 2: $err"
  grep -qF -- "$want" <<<"$err" || fail "merge $*: message lacks '$want': $err"
  [ ! -e "$work/bad.h5" ] || fail "a refused merge wrote a file"
}
expect_refusal "missing realizations 101-151 of 203 (shard 2/4 not given)" "$work/s0.h5" "$work/s1.h5" "$work/s3.h5"
expect_refusal "the same shard is given twice" "$work/s0.h5" "$work/s1.h5" "$work/s1.h5" "$work/s2.h5" "$work/s3.h5"
"$bin" run "$scn" --samples 203 --seed 9 --threads 2 -q --shard 3/4 -o "$work/seed9.h5" || fail "seed 9 shard"
expect_refusal "the seed differs ('9' vs '20231101')" "$work/s0.h5" "$work/s1.h5" "$work/s2.h5" "$work/seed9.h5"
"$bin" run "$scn" --samples 203 --set run.first_year=2021 --threads 2 -q --shard 3/4 -o "$work/other.h5" || fail "other"
expect_refusal "scenario (scenario_sha256) differs" "$work/s0.h5" "$work/other.h5"
expect_refusal "is a complete result, not a shard" "$work/full.h5"
echo "not hdf5" > "$work/junk.h5"
expect_refusal "junk.h5" "$work/s0.h5" "$work/junk.h5"
expect_refusal "nothere.h5" "$work/nothere.h5"

for bad in 4/4 -1/4 a/b 1 0/0; do
  err="$("$bin" run "$scn" --samples 10 -q --shard "$bad" -o "$work/x.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "--shard $bad: exit $code: $err"
  grep -q -- "--shard" <<<"$err" || fail "--shard $bad: message does not name the option: $err"
done
err="$("$bin" run "$scn" --samples 3 -q --shard 1/4 -o "$work/x.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] || fail "more shards than samples: exit $code: $err"
echo ok
