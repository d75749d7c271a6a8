#!/usr/bin/env bash
# End to end: Ctrl-C (SIGINT) or SIGTERM while the result file is being
# written (a run without checkpoint) leaves neither a temporary file nor a
# file under the final name, and the process dies of the signal (the shell
# sees 130 or 143, as README.md says);
# a write error mid-file (file-size limit, as on a full disk) does the same
# and names the path.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Sanitizer builds (TINYFLEET_E2E_LIGHT, tests/CMakeLists.txt): fewer representative devices.
devices=64; [ -n "${TINYFLEET_E2E_LIGHT:-}" ] && devices=16
declare -A died_of=([INT]=130 [TERM]=143)
for sig in INT TERM; do
  out="$work/$sig"; mkdir -p "$out"
  "$bin" run "$src/scenarios/global_baseline.yaml" --samples 12000 --set run.cohort_devices=$devices --threads 2 -q -o "$out/result.h5" &
  pid=$!
  # Wait until the writer has created its temporary file, then interrupt.
  for _ in $(seq 1 2400); do
    ls -A "$out" | grep -q tmp && break
    sleep 0.05
  done
  ls -A "$out" | grep -q tmp || { kill -KILL $pid; fail "no temporary file appeared"; }
  kill -$sig $pid
  wait $pid; code=$?
  [ "$code" -eq "${died_of[$sig]}" ] || fail "SIG$sig: exit code $code, expected ${died_of[$sig]} (death by the signal)"
  [ -z "$(ls -A "$out")" ] || fail "SIG$sig left files behind: $(ls -A "$out")"
done

# A write error mid-file: limit file size to 1 MiB (the result is ~20 MB).
err="$( (ulimit -f 1024; "$bin" run "$src/scenarios/global_baseline.yaml" --samples 5000 --set run.cohort_devices=$devices -q -o "$work/full.h5") 2>&1 )"; code=$?
[ "$code" -eq 1 ] || fail "write error: exit $code (expected 1): $err"
grep -q "full.h5" <<<"$err" || fail "write error message does not name the file: $err"
[ -z "$(ls -A "$work" | grep -v -E '^(INT|TERM)$')" ] || fail "write error left files: $(ls -A "$work")"
echo ok
