#!/usr/bin/env bash
# End to end: a cohort-mode run writes /cohort_error/relative_error
# [sample, class, quantity] (finite, >= 0, small for 1024 representatives
# on tests/data/device_spread.yaml) with its coordinates; an exact-mode run
# writes no such group; shards merged equal the unsharded run; `info` prints
# the table of medians and maxima and refuses an edited (negative) estimate;
# merge refuses a cohort-mode shard next to one without the group.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/tests/data/device_spread.yaml"

"$bin" run "$scn" --samples 40 --threads 2 -q -o "$work/cohort.h5" || fail "cohort run"
"$bin" run "$scn" --samples 4 --mode exact --threads 2 -q -o "$work/exact.h5" || fail "exact run"
/usr/bin/python3 - "$work/cohort.h5" "$work/exact.h5" <<'PY' || fail "the /cohort_error group"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    e = f["cohort_error/relative_error"]
    assert e.shape == (40, 2, 3), e.shape
    v = e[()]
    assert np.all(np.isfinite(v)) and np.all(v >= 0), v
    assert np.all(v < 0.01), v.max()
    assert np.any(v > 0), "every estimate is 0"
    assert e.attrs["units"] == "1", e.attrs["units"]
    assert e.attrs["long_name"] and e.attrs["description"]
    q = [s.decode() if isinstance(s, bytes) else s for s in f["cohort_error/quantity"][()]]
    assert q == ["installed_base", "emissions_operational", "offsets"], q
    c = [s.decode() if isinstance(s, bytes) else s for s in f["cohort_error/device_class"][()]]
    assert c == ["monitor", "controller"], c
    assert list(f["cohort_error/sample"][()]) == list(range(40))
with h5py.File(sys.argv[2], "r") as f:
    assert f.attrs["fleet_mode"] == "exact", f.attrs["fleet_mode"]
    assert "cohort_error" not in f, "an exact-mode file has /cohort_error"
PY

for i in 0 1; do
  "$bin" run "$scn" --samples 40 --threads 2 -q --shard "$i/2" -o "$work/s$i.h5" || fail "shard $i"
done
"$bin" merge "$work/s1.h5" "$work/s0.h5" -q -o "$work/merged.h5" || fail "merge"
bash "$src/tests/lib/same_result.sh" "$work/cohort.h5" "$work/merged.h5" || fail "merged file differs from the unsharded run"

out="$("$bin" info "$work/cohort.h5")" || fail "info"
grep -q "estimated relative error of the mean term" <<<"$out" || fail "info prints no error section: $out"
grep -Eq "^monitor +[0-9.e-]+% / [0-9.e-]+% " <<<"$out" || fail "info prints no row for class monitor: $out"
out="$("$bin" info "$work/exact.h5")" || fail "info on the exact-mode file"
grep -q "relative error of the mean term" <<<"$out" && fail "info prints an error section for an exact-mode file"

# An edited estimate (negative) is refused with exit 2, naming file and dataset.
cp "$work/cohort.h5" "$work/edited.h5"
/usr/bin/python3 - "$work/edited.h5" <<'PY' || fail "editing the file"
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["cohort_error/relative_error"][3, 1, 2] = -0.5
PY
msg="$("$bin" info "$work/edited.h5" 2>&1)"; rc=$?
[ "$rc" -eq 2 ] || fail "info on a negative estimate: exit $rc, expected 2 ($msg)"
grep -q "edited.h5" <<<"$msg" && grep -q "/cohort_error/relative_error" <<<"$msg" ||
  fail "the message does not name the file and the dataset: $msg"

# A shard whose /cohort_error was removed (as if written without it) is not
# part of the same run.
/usr/bin/python3 - "$work/s1.h5" <<'PY' || fail "removing the group"
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    del f["cohort_error"]
PY
msg="$("$bin" merge "$work/s0.h5" "$work/s1.h5" -q -o "$work/bad.h5" 2>&1)"; rc=$?
[ "$rc" -eq 2 ] || fail "merge of a shard without /cohort_error: exit $rc, expected 2 ($msg)"
grep -q "presence of /cohort_error" <<<"$msg" || fail "merge message does not name /cohort_error: $msg"
[ ! -e "$work/bad.h5" ] || fail "a refused merge left a file"
echo "cohort_error ok"
