#!/usr/bin/env bash
# End to end: `tinyfleet run` on the default scenario with 1 and 2 threads
# gives identical datasets (h5diff), `info` reads the file, the default
# output path is outputs/<name>.h5 (./<name>.h5 where there is no outputs/
# folder), and no temporary file is left behind.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" run "$src/scenarios/global_baseline.yaml" --samples 500 --threads 1 -q -o "$work/a.h5"
"$bin" run "$src/scenarios/global_baseline.yaml" --samples 500 --threads 2 -q -o "$work/b.h5"
for group in /samples /by_class /summary /inputs /year /sample /quantile /device_class /cohort_error; do
  h5diff -q "$work/a.h5" "$work/b.h5" "$group" "$group" || fail "h5diff reports differences in $group"
done
ls -A "$work" | grep -q tmp && fail "temporary file left behind: $(ls -A "$work")"

# Running again with the same seed gives the same bits.
"$bin" run "$src/scenarios/global_baseline.yaml" --samples 500 --threads 2 -q -o "$work/c.h5"
h5diff -q "$work/b.h5" "$work/c.h5" /samples /samples || fail "same seed, different samples"
# Another seed gives other numbers.
"$bin" run "$src/scenarios/global_baseline.yaml" --samples 500 --seed 7 -q -o "$work/d.h5"
if h5diff -q "$work/b.h5" "$work/d.h5" /inputs /inputs >/dev/null; then fail "--seed did not change the draws"; fi

info="$("$bin" info "$work/a.h5")"
for word in "global_baseline" "seed:             20231101" "samples:          500" "emissions_total [Mt CO2e/yr] — Total emissions" "offsets" "net" "q0.025" "2035"; do
  grep -qF "$word" <<<"$info" || fail "info output lacks '$word'"
done

# Default output path: outputs/<run.name>.h5 when the working directory has
# an outputs/ folder, else ./<run.name>.h5 (and no outputs/ is created).
mkdir -p "$work/cwd/outputs" "$work/elsewhere"
(cd "$work/cwd" && "$bin" run "$src/scenarios/global_baseline.yaml" --samples 50 -q --set run.name=renamed)
[ -s "$work/cwd/outputs/renamed.h5" ] || fail "default output outputs/renamed.h5 not written"
(cd "$work/elsewhere" && "$bin" run "$src/tests/data/small.yaml" --samples 50 -q) || fail "run without outputs/ folder"
[ "$(ls -A "$work/elsewhere")" = "small.h5" ] || fail "without outputs/, the run wrote: $(ls -A "$work/elsewhere")"

# The summary table is printed without --quiet.
out="$("$bin" run "$src/tests/data/small.yaml" -o "$work/s.h5" 2>/dev/null)"
grep -q "median \[90% interval\]" <<<"$out" || fail "no summary table: $out"
grep -q "^Total emissions " <<<"$out" || fail "summary table lacks the label of emissions_total"
# --timings-json: the phase times scripts/bench reads, as JSON, also with -q.
"$bin" run "$src/tests/data/small.yaml" -q --samples 48 --threads 2 -o "$work/t.h5" --timings-json "$work/t.json" \
  || fail "run --timings-json"
/usr/bin/python3 - "$work/t.json" <<'PY' || fail "timings JSON"
import json, sys
t = json.load(open(sys.argv[1]))
assert set(t) == {"simulate_s", "statistics_s", "write_s", "threads", "mpi_ranks", "realizations"}, t
assert all(t[k] >= 0 for k in ("simulate_s", "statistics_s", "write_s")), t
assert (t["threads"], t["mpi_ranks"], t["realizations"]) == (2, 1, 48), t
PY
expect_fail=0; "$bin" run "$src/tests/data/small.yaml" -q -o "$work/u.h5" --timings-json "$work/missing/t.json" 2>/dev/null \
  || expect_fail=$?
[ "$expect_fail" -eq 2 ] || fail "--timings-json into a missing folder: exit $expect_fail (expected 2)"
[ ! -e "$work/u.h5" ] || fail "--timings-json into a missing folder still wrote the result"
echo "ok"
