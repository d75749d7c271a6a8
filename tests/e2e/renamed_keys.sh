#!/usr/bin/env bash
# End to end: a scenario written with a key's former name (offset.realisation,
# now offset.delivery_rate) still runs with the same results, and says on
# stderr, at its file and line, what to write instead; both names at once is
# an input error.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

new="$src/tests/data/fleet_battery.yaml"
grep -q "delivery_rate: 0.4" "$new" || fail "fleet_battery.yaml no longer sets delivery_rate: 0.4"
sed 's/delivery_rate: 0.4/realisation: 0.4/' "$new" > "$work/old.yaml"
line=$(grep -n "realisation: 0.4" "$work/old.yaml" | cut -d: -f1)

"$bin" point "$new" --json > "$work/new.json" 2> "$work/new.err" || fail "point with delivery_rate failed"
"$bin" point "$work/old.yaml" --json > "$work/old.json" 2> "$work/old.err" || fail "point with realisation failed"
cmp -s "$work/new.json" "$work/old.json" || fail "realisation and delivery_rate give different results"
[ -s "$work/new.err" ] && fail "delivery_rate printed: $(cat "$work/new.err")"
grep -qE "^$work/old.yaml:$line:[0-9]+: warning: classes.controller.offset.realisation is deprecated: write classes.controller.offset.delivery_rate" \
  "$work/old.err" || fail "no warning naming file, line and the new key: $(cat "$work/old.err")"
[ "$(wc -l < "$work/old.err")" -eq 1 ] || fail "the warning is not printed once: $(cat "$work/old.err")"

# A run reads the old key too, with the same numbers as the new one.
"$bin" run "$new" -q --samples 8 -o "$work/new.h5" 2>/dev/null || fail "run with delivery_rate failed"
"$bin" run "$work/old.yaml" -q --samples 8 -o "$work/old.h5" 2> "$work/run.err" || fail "run with realisation failed"
grep -q "warning: classes.controller.offset.realisation is deprecated" "$work/run.err" || fail "run printed no warning"
/usr/bin/python3 - "$work/new.h5" "$work/old.h5" <<'PY' || fail "run results differ"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    names = []
    a["samples"].visit(lambda n: names.append(n) if isinstance(a["samples"][n], h5py.Dataset) else None)
    assert names, "no sample datasets"
    for n in names:
        assert np.array_equal(a["samples"][n][()], b["samples"][n][()], equal_nan=True), n
PY

sed 's/delivery_rate: 0.4/delivery_rate: 0.4, realisation: 0.4/' "$new" > "$work/both.yaml"
err="$("$bin" validate "$work/both.yaml" 2>&1 >/dev/null)"; code=$?
[ "$code" -eq 2 ] || fail "both keys: exit $code (expected 2)"
grep -qE "both.yaml:$line:[0-9]+: error: classes.controller.offset.realisation: give delivery_rate only" <<<"$err" \
  || fail "both keys: message '$err'"
echo "ok"
