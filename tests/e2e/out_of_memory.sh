#!/usr/bin/env bash
# End to end: the commands that hold realizations in memory, run under an
# address-space limit (ulimit -v) from too small to enough. Each run either
# succeeds or fails cleanly: exit 1 with a message, no result, temporary or
# spool file; never SIGABRT (an exception escaping a parallel region),
# SIGSEGV or any other death by a signal. The limits are spread so that
# allocations fail in every phase: thread creation (libgomp's own message),
# the realization loop, the statistics (OpenMP regions) and the HDF5 writer.
# Skipped (exit 77) in sanitizer builds: AddressSanitizer reserves terabytes
# of virtual memory and cannot start under such a limit.
set -uo pipefail
bin="$(realpath "$1")"; src="$(realpath "$2")"
# Captured, not piped into grep -q: under pipefail, grep -q leaving early
# kills the writer with SIGPIPE and the pipeline reads as "no match".
if [[ "$(nm -D "$bin" 2>/dev/null)" == *__asan_init* || "$(ldd "$bin" 2>/dev/null)" == *libasan* ]]; then
  echo "skipped: sanitizer build (ASan needs a huge address space)"; exit 77
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/tests/data/small.yaml"

# check NAME LIMIT_MB command...: runs the command under the limit in an
# empty folder; writes "ok"/"oom" or the failure to $work/NAME-LIMIT.outcome.
check() {
  local name="$1" mb="$2"; shift 2
  local dir="$work/$name-$mb" outcome="$work/$name-$mb.outcome"; mkdir -p "$dir"
  local err code
  err="$( cd "$dir" && ulimit -v $((mb * 1024)) && "$@" 2>&1 >/dev/null )"; code=$?
  case "$code" in
    0) if [ ! -s "$dir/out.h5" ]; then echo "$name under $mb MB: exit 0 without a result file"
       elif [ "$(ls -A "$dir")" != out.h5 ]; then echo "$name under $mb MB: left $(ls -A "$dir")"
       else echo ok; fi ;;
    1) if [ -z "$err" ]; then echo "$name under $mb MB: exit 1 without a message"
       elif [ -n "$(ls -A "$dir")" ]; then echo "$name under $mb MB: exit 1 and left $(ls -A "$dir"): $err"
       else echo oom; fi ;;
    *) echo "$name under $mb MB: exit $code (expected 0, or 1 with a message): $err" ;;
  esac >"$outcome"
  rm -rf "$dir"
}

# Three at a time: the runs wait on the disk as much as on the 2 cores.
cases=()
# The in-memory run densely (HDF5's file creation once crashed at only a
# few of these limits), the streamed run and the sensitivity command coarser.
for mb in $(seq 44 2 104); do cases+=("run $mb"); done
for mb in $(seq 44 8 124); do cases+=("stream $mb" "sensitivity $mb"); done
for c in "${cases[@]}"; do
  read -r name mb <<<"$c"
  case "$name" in
    run) check run "$mb" "$bin" run "$scn" --samples 2000 --threads 2 -q -o out.h5 & ;;
    stream) check stream "$mb" env TINYFLEET_STREAM_BLOCK=256 "$bin" run "$scn" --samples 2000 --threads 2 -q -o out.h5 & ;;
    sensitivity) check sensitivity "$mb" "$bin" sensitivity "$scn" --base-samples 256 --threads 2 -q -o out.h5 & ;;
  esac
  while [ "$(jobs -rp | wc -l)" -ge 3 ]; do wait -n; done
done
wait
bad="$(cat "$work"/*.outcome | grep -v -x -E 'ok|oom')"
[ -z "$bad" ] || fail "$bad"
failures="$(cat "$work"/*.outcome | grep -c -x oom)"; successes="$(cat "$work"/*.outcome | grep -c -x ok)"
[ $((failures + successes)) -eq ${#cases[@]} ] || fail "only $((failures + successes)) of ${#cases[@]} cases reported"
# Both outcomes must have been reached, or the limits tested nothing.
[ "$failures" -gt 0 ] && [ "$successes" -gt 0 ] || fail "limits not spread: $failures failures, $successes successes"
echo "ok ($failures clean failures, $successes successes)"
