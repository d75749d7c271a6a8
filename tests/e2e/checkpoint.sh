#!/usr/bin/env bash
# End to end: checkpoint and restart (docs/hpc.md).
#  1. SIGTERM while the loop runs (after its first periodic checkpoint):
#     final checkpoint, exit 3, no result; --resume restores the blocks the
#     final checkpoint holds and gives a file identical to the uninterrupted run.
#  2. SIGKILL with only a periodic checkpoint: --resume, identical.
#  3. A corrupted checkpoint and one of another seed are refused (exit 2), and
#     so is a --checkpoint-every that is not a number of seconds (NaN); so is
#     a checkpoint of another build (its commit rewritten, checksum redone) or
#     of other models/data tables (TINYFLEET_DATA_DIR on an edited copy).
#  4. --resume without a checkpoint starts afresh; success removes the checkpoint.
#  5. Periodic checkpoints every millisecond, so that one is being written
#     when the loop ends: every run succeeds, identical, no temporary file.
#  6. SIGTERM or SIGINT after the loop (statistics or write phase): either a
#     final checkpoint of every block (exit 3, --resume identical) or the
#     complete result (exit 0); never a death by the signal.
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
# The comparisons below cover the cohort mode's /cohort_error group too.
h5ls "$work/ref.h5/cohort_error/relative_error" >/dev/null || fail "no /cohort_error in the reference run"

# Waits (bounded, 60 s) until file $1 contains text $2.
wait_for() {
  for _ in $(seq 1 600); do grep -qF "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  fail "timed out waiting for '$2' in $1: $(cat "$1" 2>/dev/null)"
}

# The number of blocks in the last "<kind> checkpoint" line of file $1.
blocks_in() { grep -oE "$2 checkpoint [^ ]+: [0-9]+ of 20 blocks" "$1" | tail -1 | sed -E 's/.*: ([0-9]+) of 20 blocks/\1/'; }

# 1. SIGTERM once the loop is under way (its first periodic checkpoint).
"${run[@]}" --checkpoint-every 0.05 -o "$work/a.h5" 2>"$work/a.err" &
pid=$!; pids+=("$pid")
wait_for "$work/a.err" "periodic checkpoint $work/a.h5.checkpoint"
kill -TERM "$pid"; wait "$pid"; code=$?
[ "$code" -eq 3 ] || fail "SIGTERM: exit $code, expected 3: $(cat "$work/a.err")"
k="$(blocks_in "$work/a.err" final)"
[ -n "$k" ] || fail "no final checkpoint line: $(cat "$work/a.err")"
[ ! -e "$work/a.h5" ] || fail "an interrupted run left a result file"
[ -s "$work/a.h5.checkpoint" ] || fail "no checkpoint file"
cp "$work/a.h5.checkpoint" "$work/saved.checkpoint"
"${run[@]}" --resume -o "$work/a.h5" 2>"$work/a2.err" || fail "resume: $(cat "$work/a2.err")"
grep -qF "$k of 20 blocks already done" "$work/a2.err" || fail "resume did not restore the $k blocks: $(cat "$work/a2.err")"
bash "$same" "$work/ref.h5" "$work/a.h5" || fail "SIGTERM + resume differs from the uninterrupted run"
[ ! -e "$work/a.h5.checkpoint" ] || fail "checkpoint not removed after success"

# 2. SIGKILL: only the periodic checkpoints survive. A checkpoint renamed
#    into place just before the kill may not have printed its line yet, so
#    the resumed run restores at least the last block count printed.
"${run[@]}" --checkpoint-every 0.05 -o "$work/b.h5" 2>"$work/b.err" &
pid=$!; pids+=("$pid")
wait_for "$work/b.err" "periodic checkpoint $work/b.h5.checkpoint"
kill -KILL "$pid"; wait "$pid" 2>/dev/null
k="$(blocks_in "$work/b.err" periodic)"
rm -f "$work/.b.h5.checkpoint.tmp-$pid"  # what a SIGKILL during a checkpoint write leaves
"${run[@]}" --resume -o "$work/b.h5" 2>"$work/b2.err" || fail "resume after SIGKILL: $(cat "$work/b2.err")"
got="$(grep -oE '[0-9]+ of 20 blocks already done' "$work/b2.err" | cut -d' ' -f1)"
[ -n "$got" ] && [ "$got" -ge "$k" ] || fail "resume after SIGKILL restored '${got}' blocks, the last periodic checkpoint held $k: $(cat "$work/b2.err")"
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
# Another build: the recorded commit (the identity's second text field)
# changed, with a valid checksum, as a checkpoint of that build would be.
/usr/bin/python3 - "$work/saved.checkpoint" "$work/c.h5.checkpoint" <<'PY' || fail "rewriting the commit"
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read()[:-8])
n = struct.unpack_from("<Q", b, 8)[0]; at = 16 + n          # after magic and program version
m = struct.unpack_from("<Q", b, at)[0]; assert 0 < m <= 64, m
b[at + 8:at + 8 + m] = b"0" * m
h = 1469598103934665603
for x in b: h = ((h ^ x) * 1099511628211) % 2**64
open(sys.argv[2], "wb").write(bytes(b) + struct.pack("<Q", h))
PY
commit="$("$bin" --version | grep -oE 'commit [^,]+' | cut -d' ' -f2)"
refuse "its build commit is 0000000000" "${run[@]}" --resume -o "$work/c.h5"
refuse ", this run's is $commit; resume with the build" "${run[@]}" --resume -o "$work/c.h5"
cp -r "$src/models/data" "$work/data" && printf '# edited copy\n' >> "$work/data/components.yaml"
cp "$work/saved.checkpoint" "$work/c.h5.checkpoint"
refuse "its models/data SHA-256 is" env TINYFLEET_DATA_DIR="$work/data" "${run[@]}" --resume -o "$work/c.h5"
echo "junk" > "$work/c.h5.checkpoint"
refuse "not a tinyfleet checkpoint" "${run[@]}" --resume -o "$work/c.h5"
rm -f "$work/c.h5.checkpoint"
for every in nan NaN -nan; do refuse "--checkpoint-every" "${run[@]}" --checkpoint-every "$every" -o "$work/c.h5"; done
[ ! -e "$work/c.h5.checkpoint" ] || fail "a refused --checkpoint-every wrote a checkpoint"

# 4. --resume with no checkpoint starts afresh.
"${run[@]}" --resume -o "$work/d.h5" 2>"$work/d.err" || fail "resume without checkpoint: $(cat "$work/d.err")"
bash "$same" "$work/ref.h5" "$work/d.h5" || fail "fresh --resume run differs"

# 5. A periodic checkpoint every millisecond: one is being written when the
#    loop ends and the realizations move on to the statistics.
for i in 1 2 3 4; do
  "${run[@]}" --checkpoint-every 0.001 -o "$work/e$i.h5" 2>"$work/e.err"; code=$?
  [ "$code" -eq 0 ] || fail "run $i with --checkpoint-every 0.001: exit $code: $(tail -3 "$work/e.err")"
  h5diff --exclude-attribute / "$work/ref.h5" "$work/e$i.h5" >/dev/null || fail "run $i with --checkpoint-every 0.001 differs"
done
[ -z "$(ls -A "$work" | grep -E 'tmp|h5.checkpoint$')" ] || fail "left behind: $(ls -A "$work" | grep -E 'tmp|h5.checkpoint$')"

# 6. A signal after the loop (its last progress line): statistics or write phase.
for sig in TERM INT; do
  rm -f "$work/f.h5" "$work/f.h5.checkpoint"
  "$bin" run "$scn" --samples 640 --threads 2 --checkpoint-every 30 -o "$work/f.h5" >/dev/null 2>"$work/f.err" &
  pid=$!; pids+=("$pid")
  wait_for "$work/f.err" "640/640 realizations"
  kill -$sig "$pid"; wait "$pid"; code=$?
  case "$code" in
    3) [ "$(blocks_in "$work/f.err" final)" = 20 ] || fail "SIG$sig after the loop: no final checkpoint of all 20 blocks: $(cat "$work/f.err")"
       [ ! -e "$work/f.h5" ] || fail "SIG$sig after the loop: exit 3 and a result file"
       "${run[@]}" --resume -o "$work/f.h5" 2>"$work/f2.err" || fail "SIG$sig after the loop: resume: $(cat "$work/f2.err")"
       grep -qF "20 of 20 blocks already done" "$work/f2.err" || fail "SIG$sig: resume did not restore all: $(cat "$work/f2.err")" ;;
    0) [ ! -e "$work/f.h5.checkpoint" ] || fail "SIG$sig during the write: complete result, but the checkpoint is left" ;;
    *) fail "SIG$sig after the loop: exit $code, expected 3 (final checkpoint) or 0 (complete result): $(cat "$work/f.err")" ;;
  esac
  bash "$same" "$work/ref.h5" "$work/f.h5" || fail "SIG$sig after the loop: result differs"
  [ -z "$(ls -A "$work" | grep tmp)" ] || fail "SIG$sig after the loop left $(ls -A "$work" | grep tmp)"
done
echo ok
