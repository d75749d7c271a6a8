#!/usr/bin/env bash
# Stress: checkpointed runs killed at random moments and resumed until they
# complete, each compared bit for bit with one uninterrupted run.
#
# Runs of tests/data/small.yaml (256 realizations, 8 blocks) with a
# periodic checkpoint every millisecond get SIGTERM, SIGINT or SIGKILL after
# a random delay spread over a whole run (loop, statistics, write); each is
# resumed with --resume (and may be interrupted again, up to 3 times) until
# it exits 0. Accepted: exit 3 after SIGTERM/SIGINT (final checkpoint), exit
# 0 (complete result; the signal came during the write or after the end),
# 137 after SIGKILL, and 130/143 only before the run started (empty stderr,
# or the one-line stop message).
# Anything else (a crash, a death by SIGTERM mid-run, exit 1) fails, and so
# does a result that differs from the uninterrupted run, or a temporary file
# left after anything but SIGKILL. The delays and signals come from a seeded
# generator (per worker), so a failure can be rerun; timing still varies.
# Three workers in parallel; 200 interrupted runs in all (20 with
# TINYFLEET_E2E_LIGHT, the sanitizer build).
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/tests/data/small.yaml"
run=("$bin" run "$scn" --samples 256 --threads 1 -q)
target=200; [ -n "${TINYFLEET_E2E_LIGHT:-}" ] && target=20
workers=3

start=$(date +%s%N)
"${run[@]}" -o "$work/ref.h5" || fail "reference run"
# Delays up to the duration of one whole run (measured here, under this load).
span_ms=$(( ($(date +%s%N) - start) / 1000000 + 20 ))

# worker W QUOTA: interrupts runs until QUOTA interruptions; writes its
# counts ("interrupted loop after_loop write runs") to $work/W.counts.
worker() {
  local w="$1" quota="$2"
  RANDOM=$((7919 * w + 17))
  local interrupted=0 in_loop=0 after_loop=0 in_write=0 runs=0
  while [ "$interrupted" -lt "$quota" ]; do
    runs=$((runs + 1))
    local dir="$work/w$w-$runs"; mkdir -p "$dir"
    local resume=() attempts=0 code=1
    while :; do
      local sig="" pid
      if [ "$attempts" -lt 3 ]; then
        case $((RANDOM % 8)) in 0|1|2|3) sig=TERM ;; 4|5) sig=INT ;; *) sig=KILL ;; esac
      fi
      local had_result=0; [ -e "$dir/out.h5" ] && had_result=1
      "${run[@]}" --checkpoint-every 0.001 "${resume[@]}" -o "$dir/out.h5" 2>"$dir/err" &
      pid=$!
      if [ -n "$sig" ]; then
        local ms=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
        sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
        kill -"$sig" "$pid" 2>/dev/null
      fi
      wait "$pid"; code=$?
      resume=(--resume); attempts=$((attempts + 1))
      case "$sig:$code" in
        :0) break ;;
        TERM:0|INT:0)
          if grep -q "arrived while the result was being written" "$dir/err"; then
            interrupted=$((interrupted + 1)); in_write=$((in_write + 1))
          fi
          break ;;
        KILL:0) break ;;
        TERM:3|INT:3)
          interrupted=$((interrupted + 1))
          if grep -qE "final checkpoint .*: 8 of 8 blocks" "$dir/err"; then after_loop=$((after_loop + 1))
          else in_loop=$((in_loop + 1)); fi ;;
        TERM:143|INT:130)
          # Before the run loop (no checkpoint yet) the program dies of the
          # signal, saying so in one line; any other output means a started run died.
          [ ! -s "$dir/err" ] || { [ "$(wc -l < "$dir/err")" = 1 ] && grep -q "^tinyfleet: stopped by SIG$sig: " "$dir/err"; } ||
            { echo "worker $w run $runs: SIG$sig killed a started run (exit $code): $(cat "$dir/err")"; return 1; } ;;
        KILL:137)
          interrupted=$((interrupted + 1))
          rm -f "$dir/.out.h5.tmp-$pid" "$dir/.out.h5.checkpoint.tmp-$pid" ;;  # what SIGKILL leaves
        *) echo "worker $w run $runs: ${sig:-no signal}: exit $code: $(tail -3 "$dir/err")"; return 1 ;;
      esac
      # SIGKILL between the rename of the result and the removal of the
      # checkpoint leaves both; the next --resume rewrites the same result,
      # and until it has, an interrupted --resume leaves that result alone.
      local left; left="$(ls -A "$dir" | grep -v -x -E 'err|out.h5.checkpoint')"
      { [ "$sig" = KILL ] || [ "$had_result" = 1 ]; } && left="$(grep -v -x out.h5 <<<"$left")"
      [ -z "$left" ] || { echo "worker $w run $runs: after SIG$sig (exit $code) left: $left"; return 1; }
    done
    [ "$code" -eq 0 ] || { echo "worker $w run $runs: last exit $code"; return 1; }
    h5diff --exclude-attribute / "$work/ref.h5" "$dir/out.h5" >/dev/null ||
      { echo "worker $w run $runs: result differs from the uninterrupted run"; return 1; }
    [ "$(ls -A "$dir" | grep -v -x err)" = out.h5 ] || { echo "worker $w run $runs: left $(ls -A "$dir")"; return 1; }
    rm -rf "$dir"
  done
  echo "$interrupted $in_loop $after_loop $in_write $runs" >"$work/w$w.counts"
}

for w in $(seq 1 $workers); do
  worker "$w" $(( (target + workers - 1) / workers )) >"$work/w$w.log" 2>&1 &
done
status=0
for w in $(seq 1 $workers); do wait -n || status=1; done
[ "$status" -eq 0 ] || fail "$(cat "$work"/w*.log)"
read -r interrupted in_loop after_loop in_write runs < <(cat "$work"/w*.counts | awk '{for (i = 1; i <= 5; i++) s[i] += $i} END {print s[1], s[2], s[3], s[4], s[5]}')
[ "$interrupted" -ge "$target" ] || fail "only $interrupted interrupted runs"
echo "ok: $runs runs, $interrupted interruptions (SIGTERM/SIGINT in the loop $in_loop, after it $after_loop, during the write $in_write; the rest SIGKILL), every resumed result identical"
