#!/usr/bin/env bash
# End to end: a FIFO (or a device) given where a command reads a result,
# shard, sweep or sensitivity file is refused at once (exit 2, "not a regular
# file") instead of blocking forever for a writer that never comes: info,
# diff, merge (shards and sweep points), sensitivity --method spearman.
# Scenarios have the rule already (e2e.input_hardening).
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"
fail() { echo "FAIL: $*" >&2; exit 1; }

# refused NAME -- command...: exit 2 within the time limit, naming the FIFO.
refused() {
  local name="$1"; shift 2
  local err code
  err="$(timeout 10 "$@" 2>&1 >/dev/null)"; code=$?
  [ "$code" -ne 124 ] || fail "$name: still waiting after 10 s"
  [ "$code" -eq 2 ] || fail "$name: exit $code (expected 2): $err"
  grep -q "fifo.h5': it is not a regular file (a device, pipe or socket)" <<<"$err" || fail "$name: message '$err'"
  [ ! -e "$work/out.h5" ] || fail "$name: wrote a file"
}

mkfifo "$work/fifo.h5"
"$bin" run "$small" -q --samples 8 -o "$work/r.h5" || fail "setup run"
"$bin" run "$small" -q --samples 8 --shard 0/2 -o "$work/shard0.h5" || fail "setup shard"
refused info -- "$bin" info "$work/fifo.h5"
refused info-json -- "$bin" info "$work/fifo.h5" --json
refused diff-first -- "$bin" diff "$work/fifo.h5" "$work/r.h5"
refused diff-second -- "$bin" diff "$work/r.h5" "$work/fifo.h5"
refused merge -- "$bin" merge "$work/fifo.h5" -o "$work/out.h5"
refused merge-shards -- "$bin" merge "$work/shard0.h5" "$work/fifo.h5" -o "$work/out.h5"
refused spearman -- "$bin" sensitivity --method spearman "$work/fifo.h5" -o "$work/out.h5"
"$bin" sweep "$src/scenarios/sweep_grid_decline.yaml" --set run.samples=8 -q --point 0 -o "$work/point0.h5" \
  || fail "setup sweep point"
refused merge-sweep -- "$bin" merge "$work/point0.h5" "$work/fifo.h5" -o "$work/out.h5"
# Two FIFOs given to diff: refused as scenarios are (it cannot tell their kind without reading).
err="$(timeout 10 "$bin" diff "$work/fifo.h5" "$work/fifo.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "not a regular file" <<<"$err" || fail "diff of two FIFOs: exit $code: $err"
# A device reads without end: refused alike.
err="$(timeout 10 "$bin" info /dev/zero 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "/dev/zero': it is not a regular file" <<<"$err" || fail "info /dev/zero: exit $code: $err"
# A folder and a missing file keep their own messages.
err="$("$bin" info "$work" 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "it is a folder, not a file" <<<"$err" || fail "info of a folder: exit $code: $err"
err="$("$bin" diff "$work/r.h5" "$work/none.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "none.h5': no such file" <<<"$err" || fail "diff with a missing file: exit $code: $err"
echo ok
