#!/usr/bin/env bash
# End to end: progress where nobody watches a terminal (README.md, docs/hpc.md).
#  1. An exact-mode run with stderr in a file prints its estimate (devices per
#     realization, calibration, expected time) as its first line, before any
#     realization is done, then a plain progress line every --progress-every
#     seconds that counts devices inside the realizations.
#  2. -q silences everything but what --progress-every or
#     TINYFLEET_PROGRESS_EVERY asks for; a TINYFLEET_PROGRESS_EVERY that is no
#     number of seconds is refused (exit 2).
#  3. SIGINT without a checkpoint: one line says what happened (no result,
#     how to get a resumable run), no file is left, death by the signal (130).
#  4. sensitivity and sweep take --progress-every as run does: with stderr in
#     a file and -q, plain lines, periodic ones before the final one.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/tests/data/small.yaml"
# About 3 x 10^7 devices per realization: about a second for two on 1 thread
# (1.1e8 devices/s, unloaded), so a line every 0.1 s gives several.
# Sanitizer builds (TINYFLEET_E2E_LIGHT, tests/CMakeLists.txt) run 10-20x
# slower: a tenth of the devices.
exact=("$bin" run "$scn" --mode exact --threads 1)
[ -n "${TINYFLEET_E2E_LIGHT:-}" ] && exact+=(--set parameters.shipments_2020.distribution.value=1e5
                                           --set parameters.shipments_2025.distribution.median=5e5)

# 1. Estimate first, then periodic lines counting devices.
"${exact[@]}" --samples 2 --progress-every 0.1 -o "$work/exact.h5" >/dev/null 2>"$work/exact.err" \
  || fail "exact run: $(cat "$work/exact.err")"
head -n 1 "$work/exact.err" | grep -qE '^estimate: exact mode, [0-9.e+]+ devices per realization .* expected time about ' \
  || fail "the first line is not the estimate: $(head -n 3 "$work/exact.err")"
# Periodic lines: before the last realization is done (the final line is not one).
periodic=$(grep -cE '^progress: [01]/2 realizations, [0-9.e+]+ of ~[0-9.e+]+ devices' "$work/exact.err")
[ "$periodic" -ge 2 ] || fail "$periodic periodic lines with devices (expected >= 2): $(cat "$work/exact.err")"
# Device-level progress: some line shows devices done while no realization is.
grep -qE '^progress: 0/2 realizations, [1-9][0-9.e+]* of' "$work/exact.err" \
  || fail "no line shows devices done within the first realizations: $(cat "$work/exact.err")"
tail -n 1 "$work/exact.err" | grep -q '^progress: 2/2 realizations' || fail "no final line: $(tail -n 2 "$work/exact.err")"

# 2. -q: nothing on stderr, unless periodic lines are asked for.
cohort=("$bin" run "$scn" --samples 64 --threads 2 -q)
"${cohort[@]}" -o "$work/quiet.h5" 2>"$work/quiet.err" >/dev/null || fail "quiet run"
[ ! -s "$work/quiet.err" ] || fail "-q printed: $(cat "$work/quiet.err")"
TINYFLEET_PROGRESS_EVERY=30 "${cohort[@]}" -o "$work/env.h5" 2>"$work/env.err" >/dev/null || fail "env run"
grep -q '^progress: 64/64 realizations' "$work/env.err" || fail "TINYFLEET_PROGRESS_EVERY with -q: $(cat "$work/env.err")"
TINYFLEET_PROGRESS_EVERY=soon "${cohort[@]}" -o "$work/bad.h5" 2>"$work/bad.err"; code=$?
[ "$code" -eq 2 ] && grep -q TINYFLEET_PROGRESS_EVERY "$work/bad.err" \
  || fail "TINYFLEET_PROGRESS_EVERY=soon: exit $code: $(cat "$work/bad.err")"
[ ! -e "$work/bad.h5" ] || fail "a refused run wrote its file"

# 3. SIGINT while an exact run without checkpoint is in its loop.
mkdir "$work/int"
"${exact[@]}" --samples 1000 --progress-every 0.2 -o "$work/int/result.h5" >/dev/null 2>"$work/int.err" &
pid=$!; pids+=("$pid")
for _ in $(seq 1 600); do grep -q '^progress:' "$work/int.err" && break; sleep 0.05; done
grep -q '^progress:' "$work/int.err" || fail "the run never reported progress: $(cat "$work/int.err")"
kill -INT "$pid"; wait "$pid"; code=$?
[ "$code" -eq 130 ] || fail "SIGINT: exit code $code, expected 130 (death by the signal)"
grep -q '^tinyfleet: stopped by SIGINT: no result file was written' "$work/int.err" \
  || fail "no message on SIGINT: $(tail -n 2 "$work/int.err")"
grep -q -- '--checkpoint-every SECONDS' "$work/int.err" || fail "the message does not say how to resume: $(tail -n 1 "$work/int.err")"
[ -z "$(ls -A "$work/int")" ] || fail "SIGINT left files: $(ls -A "$work/int")"

# 4. sensitivity and sweep: about 0.3 s and 1 s of model runs on 1 thread,
# so a line every 0.02 s gives periodic ones before the last.
periodic_lines() {  # FILE: lines of a realization count below the total
  grep -E '^progress: [0-9]+/[0-9]+ realizations' "$1" | awk '{split($2, n, "/"); if (n[1] + 0 < n[2] + 0) c++} END {print c + 0}'
}
"$bin" sensitivity "$scn" --base-samples 256 --bootstrap 10 --threads 1 -q --progress-every 0.02 \
  -o "$work/sens.h5" >/dev/null 2>"$work/sens.err" || fail "sensitivity: $(cat "$work/sens.err")"
[ "$(periodic_lines "$work/sens.err")" -ge 1 ] || fail "sensitivity printed no periodic progress line: $(cat "$work/sens.err")"
grep -q $'\r' "$work/sens.err" && fail "sensitivity drew a terminal bar into a file"
printf 'extends: %s\nsweep:\n  grid:\n    run.sampling: [mc, lhs]\n' "$scn" > "$work/sweep.yaml"
"$bin" sweep "$work/sweep.yaml" --samples 400 --threads 1 -q --progress-every 0.02 -o "$work/sweep.h5" \
  >/dev/null 2>"$work/sweep.err" || fail "sweep: $(cat "$work/sweep.err")"
[ "$(periodic_lines "$work/sweep.err")" -ge 1 ] || fail "sweep printed no periodic progress line: $(cat "$work/sweep.err")"
[ "$(grep -c '^progress: 400/400 realizations' "$work/sweep.err")" -eq 2 ] \
  || fail "sweep: not one final line per point: $(cat "$work/sweep.err")"
"$bin" sweep "$work/sweep.yaml" --samples 50 --threads 1 -q -o "$work/quiet_sweep.h5" >/dev/null 2>"$work/quiet_sweep.err" \
  || fail "quiet sweep: $(cat "$work/quiet_sweep.err")"
[ ! -s "$work/quiet_sweep.err" ] || fail "sweep -q printed: $(cat "$work/quiet_sweep.err")"
echo ok
