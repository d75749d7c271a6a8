#!/usr/bin/env bash
# End to end: a write to standard output that fails (here /dev/full: "No
# space left on device") makes every printing command exit 1 with a message
# on stderr, instead of reporting success over an empty or cut output
# (`tinyfleet show X > effective.yaml` on a full disk), naming the reason
# when the C library still knows it. A command that also
# wrote a file keeps it, complete, and says so.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -w /dev/full ] || { echo "no /dev/full: skipped"; exit 77; }

# full NAME -- command...: exit 1 and the message, with stdout on /dev/full.
full() {
  local name="$1"; shift 2
  local err code
  err="$(timeout 60 "$@" 2>&1 >/dev/full)"; code=$?
  [ "$code" -eq 1 ] || fail "$name: exit $code (expected 1): $err"
  grep -q "^error: cannot write to standard output: " <<<"$err" || fail "$name: message '$err'"
}

"$bin" run "$small" -q --samples 8 -o "$work/r.h5" || fail "setup run"
"$bin" sensitivity "$small" --base-samples 4 --bootstrap 0 -q -o "$work/s.h5" >/dev/null 2>&1 || fail "setup sensitivity"
full show -- "$bin" show "$small"
full params -- "$bin" params "$small"
full validate -- "$bin" validate "$small"
# An output short enough to stay in the buffer until the end: the reason is known.
grep -q "cannot write to standard output: No space left on device" <<<"$("$bin" validate "$small" 2>&1 >/dev/full)" \
  || fail "validate: the message does not give the reason"
full point -- "$bin" point "$small"
full point-json -- "$bin" point "$small" --json
full info -- "$bin" info "$work/r.h5"
full info-json -- "$bin" info "$work/r.h5" --json
full info-analysis -- "$bin" info "$work/s.h5"
full diff-scenarios -- "$bin" diff "$small" "$small"
full diff-results -- "$bin" diff "$work/r.h5" "$work/r.h5"
full help -- "$bin" --help
full version -- "$bin" --version
# Commands that write a file: it is written, complete, and the message says so.
full run -- "$bin" run "$small" --samples 8 -o "$work/r2.h5"
grep -q "the output file was written and is complete" <<<"$("$bin" run "$small" --samples 8 -o "$work/r3.h5" 2>&1 >/dev/full)" \
  || fail "run: the message does not say the file is complete"
cmp <("$bin" info "$work/r.h5" --json | grep -v created_utc) <("$bin" info "$work/r2.h5" --json | grep -v created_utc) \
  || fail "run: the file written with stdout full differs from the one written normally"
full sensitivity -- "$bin" sensitivity "$small" --base-samples 4 --bootstrap 0 -o "$work/s2.h5"
[ -s "$work/s2.h5" ] || fail "sensitivity: no file"
# A failing command keeps its own exit code and message.
err="$("$bin" info "$work/none.h5" 2>&1 >/dev/full)"; code=$?
[ "$code" -eq 2 ] || fail "info of a missing file: exit $code (expected 2): $err"
grep -q "cannot write to standard output" <<<"$err" && fail "info of a missing file: reported the output too: $err"
# Control: the same commands succeed with a working stdout.
"$bin" show "$small" >/dev/null || fail "show to /dev/null"
"$bin" info "$work/r.h5" --json >/dev/null || fail "info to /dev/null"
echo ok
