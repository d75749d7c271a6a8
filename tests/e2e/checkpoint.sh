#!/usr/bin/env bash
# End to end: checkpoint and restart (docs/hpc.md).
#  1. SIGTERM mid-run (at a point set by the test hook
#     TINYFLEET_TEST_PAUSE_AFTER_BLOCKS): final checkpoint, exit 3, no result;
#     --resume gives a file identical to the uninterrupted run.
#  2. SIGKILL with only a periodic checkpoint: --resume, identical.
#  3. A corrupted checkpoint and one of another seed are refused (exit 2).
#  4. --resume without a checkpoint starts afresh; success removes the checkpoint.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
same="$src/tests/lib/same_result.sh"
scn="$src/scenarios/global_baseline.yaml"
run=("$bin" run "$scn" --samples 640 --threads 2 -q)   # 20 blocks of 32

"${run[@]}" -o "$work/ref.h5" || fail "reference run"

# Waits (bounded, 60 s) until file $1 contains text $2.
wait_for() {
  for _ in $(seq 1 600); do grep -qF "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  fail "timed out waiting for '$2' in $1: $(cat "$1" 2>/dev/null)"
}

# 1. SIGTERM after 5 blocks.
TINYFLEET_TEST_PAUSE_AFTER_BLOCKS=5 "${run[@]}" --checkpoint-every 30 -o "$work/a.h5" 2>"$work/a.err" &
pid=$!; pids+=("$pid")
wait_for "$work/a.err" "test pause after 5 blocks"
kill -TERM "$pid"; wait "$pid"; code=$?
[ "$code" -eq 3 ] || fail "SIGTERM: exit $code, expected 3: $(cat "$work/a.err")"
grep -qF "final checkpoint $work/a.h5.checkpoint: 5 of 20 blocks" "$work/a.err" || fail "no final checkpoint line: $(cat "$work/a.err")"
[ ! -e "$work/a.h5" ] || fail "an interrupted run left a result file"
[ -s "$work/a.h5.checkpoint" ] || fail "no checkpoint file"
cp "$work/a.h5.checkpoint" "$work/saved.checkpoint"
"${run[@]}" --resume -o "$work/a.h5" 2>"$work/a2.err" || fail "resume: $(cat "$work/a2.err")"
grep -qF "5 of 20 blocks already done" "$work/a2.err" || fail "resume did not restore: $(cat "$work/a2.err")"
bash "$same" "$work/ref.h5" "$work/a.h5" || fail "SIGTERM + resume differs from the uninterrupted run"
[ ! -e "$work/a.h5.checkpoint" ] || fail "checkpoint not removed after success"

# 2. SIGKILL: only the periodic checkpoint (every 0.2 s) survives.
TINYFLEET_TEST_PAUSE_AFTER_BLOCKS=7 "${run[@]}" --checkpoint-every 0.2 -o "$work/b.h5" 2>"$work/b.err" &
pid=$!; pids+=("$pid")
wait_for "$work/b.err" "periodic checkpoint $work/b.h5.checkpoint: 7 of 20 blocks"
kill -KILL "$pid"; wait "$pid" 2>/dev/null
"${run[@]}" --resume -o "$work/b.h5" 2>"$work/b2.err" || fail "resume after SIGKILL: $(cat "$work/b2.err")"
grep -qF "7 of 20 blocks already done" "$work/b2.err" || fail "resume after SIGKILL did not restore: $(cat "$work/b2.err")"
bash "$same" "$work/ref.h5" "$work/b.h5" || fail "SIGKILL + resume differs from the uninterrupted run"

# 3. Refusals: exit 2, message names the file, nothing written.
refuse() {  # refuse "message part" run-args...
  local want="$1"; shift
  local err code
  err="$("$@" 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "$*: exit $code, expected 2: $err"
  grep -qF -- "$want" <<<"$err" || fail "$*: message lacks '$want': $err"
  [ ! -e "$work/c.h5" ] || fail "a refused resume wrote a result"
}
cp "$work/saved.checkpoint" "$work/c.h5.checkpoint"
printf '\x55' | dd of="$work/c.h5.checkpoint" bs=1 seek=4000 conv=notrunc status=none
refuse "checksum does not match" "${run[@]}" --resume -o "$work/c.h5"
cp "$work/saved.checkpoint" "$work/c.h5.checkpoint"
truncate -s 3000 "$work/c.h5.checkpoint"
refuse "truncated" "${run[@]}" --resume -o "$work/c.h5"
cp "$work/saved.checkpoint" "$work/c.h5.checkpoint"
refuse "its seed is 20231101, this run's is 4" "${run[@]}" --seed 4 --resume -o "$work/c.h5"
refuse "scenario SHA-256" "${run[@]}" --set run.name=renamed --resume -o "$work/c.h5"
refuse "its realization count is 640, this run's is 320" "${run[@]}" --shard 0/2 --resume -o "$work/c.h5"
echo "junk" > "$work/c.h5.checkpoint"
refuse "not a tinyfleet checkpoint" "${run[@]}" --resume -o "$work/c.h5"

# 4. --resume with no checkpoint starts afresh.
"${run[@]}" --resume -o "$work/d.h5" 2>"$work/d.err" || fail "resume without checkpoint: $(cat "$work/d.err")"
bash "$same" "$work/ref.h5" "$work/d.h5" || fail "fresh --resume run differs"
echo ok
