#!/usr/bin/env bash
# End to end: `tinyfleet run` streams its realizations to the file in blocks
# (sim/io/result_stream.h). The file must not depend on the block size or the
# thread count: byte for byte, apart from the created_utc attribute (the
# same command line is used throughout; the block size and the threads come
# from the environment). It must also hold what the in-memory path
# (a checkpointed run, which keeps every realization) writes. And the memory
# check counts what one process holds: a small shard of a huge run is not
# refused, the whole run is.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scenario="$src/scenarios/global_baseline.yaml"
samples=300

# Every run writes out/x.h5 (the same command_line attribute), then the
# file moves to FOLDER/x.h5.
run_in() {  # run_in FOLDER BLOCK THREADS [args...]
  local folder="$work/$1" block="$2" threads="$3"; shift 3
  mkdir -p "$folder" "$work/out"
  (cd "$work" && TINYFLEET_STREAM_BLOCK="$block" OMP_NUM_THREADS="$threads" \
     "$bin" run "$scenario" --samples "$samples" -q -o out/x.h5 "$@")
  ls -A "$work/out" | grep -v '^x.h5$' && fail "temporary file left behind in out/"
  mv "$work/out/x.h5" "$folder/x.h5"
}
# Byte comparison with the ISO 8601 time of writing blanked out.
same_bytes() {
  /usr/bin/python3 - "$1" "$2" <<'PY' || fail "$1 and $2 differ in bytes"
import re, sys
a, b = (re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"0" * 20, open(p, "rb").read()) for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
}

run_in b0001 1 2            # one realization per block
run_in b0064 64 1
run_in b0100 100 2          # blocks that do not divide the chunks
run_in b9999 9999 2         # one block for the whole run
for f in b0001 b0100 b9999; do same_bytes "$work/b0064/x.h5" "$work/$f/x.h5"; done
# The comparisons cover the cohort mode's /cohort_error group too.
h5ls "$work/b0064/x.h5/cohort_error/relative_error" >/dev/null || fail "no /cohort_error in a cohort-mode file"

# A shard streams alike: small blocks = one block.
run_in s0007 7 2 --shard 1/3
run_in s9999 9999 1 --shard 1/3
same_bytes "$work/s0007/x.h5" "$work/s9999/x.h5"

# A plain run this small is held in memory, not streamed (no
# TINYFLEET_STREAM_BLOCK; sim/app/run_memory.cpp): the same bytes.
mkdir -p "$work/plain"
(cd "$work" && OMP_NUM_THREADS=2 "$bin" run "$scenario" --samples "$samples" -q -o out/x.h5)
mv "$work/out/x.h5" "$work/plain/x.h5"
same_bytes "$work/b0064/x.h5" "$work/plain/x.h5"

# The in-memory path of checkpointed runs writes the same result.
mkdir -p "$work/ckpt"
"$bin" run "$scenario" --samples "$samples" -q --checkpoint-every 3600 -o "$work/ckpt/x.h5"
bash "$src/tests/lib/same_result.sh" "$work/b0064/x.h5" "$work/ckpt/x.h5" || fail "streamed and in-memory results differ"

# Bad block sizes are input errors (exit 2), before any work.
set +e
TINYFLEET_STREAM_BLOCK=0 "$bin" run "$scenario" --samples 10 -q -o "$work/bad.h5" 2>"$work/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "TINYFLEET_STREAM_BLOCK=0 gave exit $rc"
grep -q "TINYFLEET_STREAM_BLOCK" "$work/err" || fail "no message naming TINYFLEET_STREAM_BLOCK: $(cat "$work/err")"
[ -e "$work/bad.h5" ] && fail "a result was written"

# Memory: a shard of 100 realizations of a 10^5 run fits in 300 MB (the
# whole run, held in memory, would not); the whole run streamed does not
# fit in 64 MB and is refused with exit 2.
TINYFLEET_MEMORY_LIMIT_MB=300 "$bin" run "$scenario" --samples 100000 --shard 0/1000 -q -o "$work/shard.h5" \
  || fail "a small shard of a large run was refused"
set +e
TINYFLEET_MEMORY_LIMIT_MB=64 "$bin" run "$scenario" --samples 1000000 -q -o "$work/big.h5" 2>"$work/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "a run too large for 64 MB gave exit $rc"
grep -q "streamed in blocks" "$work/err" || fail "memory message does not describe the streamed run: $(cat "$work/err")"
[ -e "$work/big.h5" ] && fail "a result was written"
echo ok
