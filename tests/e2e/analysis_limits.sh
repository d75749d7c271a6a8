#!/usr/bin/env bash
# End to end: the analysis commands refuse what they cannot do well, with
# exit 2, a message naming the cause, and no file: a sensitivity study or a
# sweep too large for the memory (refused before the first model run, as
# `run` refuses one), a fixed parameter studied by Sobol' indices, the
# given-data method with options it cannot honour or too few realizations,
# result files with non-finite values or inconsistent coordinates (info,
# sensitivity, merge read them), and shards whose attributes contradict
# their sample coordinate. A sweep holds one point's run at a time: its peak
# memory stays near that of a single point.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/scenarios/global_baseline.yaml"
sweep="$src/scenarios/sweep_grid_decline.yaml"   # 6 points

refuse() {  # refuse NAME "message part" command...: exit 2 within 20 s, the message, no bad.h5
  local name="$1" want="$2"; shift 2
  local err code
  err="$(timeout 20 "$@" 2>&1 >/dev/null)"; code=$?
  [ "$code" -eq 2 ] || fail "$name: exit $code, expected 2: $err"
  grep -qF -- "$want" <<<"$err" || fail "$name: message lacks '$want': $err"
  [ ! -e "$work/bad.h5" ] || fail "$name: a file was written"
}

# ---- memory, before the first model run ------------------------------------
TINYFLEET_MEMORY_LIMIT_MB=2000 refuse "sensitivity too large" "lower --base-samples" \
  "$bin" sensitivity "$scn" --base-samples 1000000 -q -o "$work/bad.h5"
TINYFLEET_MEMORY_LIMIT_MB=2000 refuse "sensitivity too large: the estimate" "study needs about" \
  "$bin" sensitivity "$scn" --base-samples 1000000 -q -o "$work/bad.h5"
TINYFLEET_MEMORY_LIMIT_MB=2000 refuse "morris too large" "lower --base-samples" \
  "$bin" sensitivity "$scn" --method morris --base-samples 1000000 -q -o "$work/bad.h5"
TINYFLEET_MEMORY_LIMIT_MB=2000 refuse "sweep too large" "lower run.samples" \
  "$bin" sweep "$sweep" --set run.samples=50000000 -q -o "$work/bad.h5"
# The default study fits comfortably in the same limit.
TINYFLEET_MEMORY_LIMIT_MB=2000 "$bin" sensitivity "$scn" --base-samples 64 --bootstrap 10 --outputs net@2030 -q \
  -o "$work/small.h5" >/dev/null || fail "a small study under the limit"

# ---- the sweep holds one point at a time ------------------------------------
# 6 points of 6000 realizations: every point's full run (by-class tables)
# held at once would add about 5 x 90 MiB over a single point's peak; what
# the file keeps of a point is 6000 x (19 metrics x 16 years + 20 inputs) x
# 8 bytes = 14.8 MiB, held up to three times while the file is written.
/usr/bin/python3 - "$bin" "$sweep" "$work" <<'PY' || fail "sweep memory grows with the points"
import os, sys
bin, sweep, work = sys.argv[1:4]
def peak_mib(*args):
    pid = os.fork()
    if pid == 0:
        os.execv(bin, [bin, "sweep", sweep, "--set", "run.samples=6000", "--threads", "2", "-q", *args])
    _, status, usage = os.wait4(pid, 0)
    assert status == 0, f"sweep {args}: status {status}"
    return usage.ru_maxrss / 1024
one = peak_mib("--point", "0", "-o", f"{work}/one.h5")
six = peak_mib("-o", f"{work}/six.h5")
print(f"sweep peak RSS: 1 point {one:.0f} MiB, 6 points {six:.0f} MiB")
assert six < one + 3 * 6 * 14.8 + 40, (one, six)
PY

# ---- sensitivity: fixed parameters, the given-data method --------------------
refuse "fixed parameter" "'tinyml_shipments_2020' is fixed" \
  "$bin" sensitivity "$scn" --parameters tinyml_shipments_2020 world_grid_2020 --base-samples 32 -q -o "$work/bad.h5"
"$bin" run "$scn" --samples 40 -q -o "$work/run.h5" || fail "run"
refuse "spearman --set" "--set: --method spearman reads the realizations" \
  "$bin" sensitivity --method spearman "$work/run.h5" --set run.samples=10 -q -o "$work/bad.h5"
refuse "spearman --base-samples" "--base-samples: --method spearman" \
  "$bin" sensitivity --method spearman "$work/run.h5" --base-samples 64 -q -o "$work/bad.h5"
refuse "spearman --seed" "--seed: --method spearman" \
  "$bin" sensitivity --method spearman "$work/run.h5" --seed 3 -q -o "$work/bad.h5"
"$bin" run "$scn" --samples 2 -q -o "$work/two.h5" || fail "run of 2"
refuse "spearman on 2 realizations" "holds 2 realizations; the given-data measures of 1 varying inputs need at least 3" \
  "$bin" sensitivity --method spearman "$work/two.h5" --parameters world_grid_2020 -q -o "$work/bad.h5"
refuse "spearman on 2 realizations, every input" "need at least" \
  "$bin" sensitivity --method spearman "$work/two.h5" -q -o "$work/bad.h5"

# ---- result files the reader refuses (info, sensitivity, merge) --------------
edit() {  # edit OUT PYTHON: a copy of run.h5 changed by the statements (f = the open file)
  cp "$work/run.h5" "$1"
  /usr/bin/python3 -c "import h5py, numpy as np
f = h5py.File('$1', 'r+')
$2" || fail "editing $1"
}
edit "$work/nan_samples.h5" "d = f['samples/net']; v = d[...]; v[3, 2] = np.nan; d[...] = v"
refuse "NaN sample, info" "dataset '/samples/net' holds NaN" "$bin" info "$work/nan_samples.h5"
refuse "NaN sample, spearman" "dataset '/samples/net' holds NaN" \
  "$bin" sensitivity --method spearman "$work/nan_samples.h5" --outputs net@2030 -q -o "$work/bad.h5"
edit "$work/nan_input.h5" "d = f['inputs/world_grid_2020']; v = d[...]; v[0] = np.nan; d[...] = v"
refuse "NaN input, spearman" "dataset '/inputs/world_grid_2020' holds NaN" \
  "$bin" sensitivity --method spearman "$work/nan_input.h5" --outputs net@2030 -q -o "$work/bad.h5"
edit "$work/inf_summary.h5" "d = f['summary/net_mean']; v = d[...]; v[1] = np.inf; d[...] = v"
refuse "inf summary" "dataset '/summary/net_mean' holds +inf" "$bin" info "$work/inf_summary.h5"
edit "$work/reversed_years.h5" "d = f['year']; d[...] = d[...][::-1]"
refuse "reversed years" "dataset '/year' is not increasing" "$bin" info "$work/reversed_years.h5"
edit "$work/twin_classes.h5" "d = f['device_class']; v = d.asstr()[...]; v[1] = v[0]; d[...] = v"
refuse "duplicated class" "dataset '/device_class' names class" "$bin" info "$work/twin_classes.h5"
"$bin" info "$work/run.h5" >/dev/null || fail "info on the unedited run"

# ---- shards whose attributes contradict their sample coordinate --------------
for i in 0 1 2 3; do "$bin" run "$scn" --samples 203 -q --shard "$i/4" -o "$work/s$i.h5" || fail "shard $i"; done
# Swap shard_index and shard_first of shards 1 and 2: the files' sample
# coordinates (50.., 101..) stay right, their attributes now name each other's range.
/usr/bin/python3 - "$work" <<'PY' || fail "swapping shard attributes"
import sys, h5py
w = sys.argv[1]
a, b = h5py.File(f"{w}/s1.h5", "r+"), h5py.File(f"{w}/s2.h5", "r+")
for k in ("shard_index", "shard_first"):
    a.attrs[k], b.attrs[k] = b.attrs[k], a.attrs[k]
PY
refuse "swapped shard attributes" "dataset '/sample' holds realization 50 at element 0, but the file claims realizations 101-151" \
  "$bin" merge "$work/s0.h5" "$work/s1.h5" "$work/s2.h5" "$work/s3.h5" -o "$work/bad.h5"
# shard_index alone edited: the sample coordinate agrees with shard_first, the index names another range.
/usr/bin/python3 -c "import h5py; h5py.File('$work/s3.h5', 'r+').attrs['shard_index'] = 0" || fail "edit"
refuse "edited shard_index" "shard_index 0 of shard_count 4 is realizations 0-49 of 203, but shard_first 152" \
  "$bin" merge "$work/s0.h5" "$work/s3.h5" -o "$work/bad.h5"
echo ok
