# Sourced by end-to-end tests that check refusals: `fail`, `expect` and
# `expect_one_line`.
#
#   expect CODE PATTERN -- command...
#     runs the command (stdout discarded) and fails the test unless it exits
#     with CODE and its stderr matches the extended regular expression
#     PATTERN. The command runs under `timeout` (EXPECT_TIMEOUT seconds,
#     default 60): a command that hangs fails the test with exit 124 instead
#     of blocking the suite.
#   expect_one_line CODE PATTERN -- command...
#     the same, and the message must be a single line.

fail() { echo "FAIL: $*" >&2; exit 1; }

# Sets the caller's `expect_message`: the command's stderr.
expect() {
  local code="$1" pattern="$2"; shift 3
  local got=0
  expect_message="$(timeout "${EXPECT_TIMEOUT:-60}" "$@" 2>&1 >/dev/null)" || got=$?
  [ "$got" -eq "$code" ] || fail "exit $got (expected $code) for: $* -- $expect_message"
  grep -qE -- "$pattern" <<<"$expect_message" || fail "message '$expect_message' does not match '$pattern' for: $*"
}

expect_one_line() {
  expect "$@"
  [ "$(wc -l <<<"$expect_message")" -eq 1 ] || fail "message is not one line for: ${*:4} -- $expect_message"
}
