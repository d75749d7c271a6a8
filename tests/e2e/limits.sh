#!/usr/bin/env bash
# End to end: hostile inputs end with exit 2 and a clear message in under a
# second: a 200,000-deep nested YAML, an alias bomb, samples: 1e30, an
# oversized file, a run too large for the machine's memory, and a memory
# limit (TINYFLEET_MEMORY_LIMIT_MB) that is no number of MiB.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
limit_ms="${LIMITS_TIME_MS:-1000}"   # sanitizer builds set a looser limit
fail() { echo "FAIL: $*" >&2; exit 1; }

check() {  # check NAME PATTERN -- command...
  local name="$1" pattern="$2"; shift 3
  local start end err code
  start=$(date +%s%N)
  err="$(timeout 10 "$@" 2>&1 >/dev/null)"; code=$?
  end=$(date +%s%N)
  [ "$code" -eq 2 ] || fail "$name: exit $code (expected 2): $err"
  grep -qE -- "$pattern" <<<"$err" || fail "$name: message '$err' lacks '$pattern'"
  [ $(( (end - start) / 1000000 )) -lt "$limit_ms" ] || fail "$name took $(( (end - start) / 1000000 )) ms"
}

/usr/bin/python3 -c "print('run: ' + '['*200000 + ']'*200000)" > "$work/deep.yaml"
check deep-flow "nesting too deep" -- "$bin" validate "$work/deep.yaml"
/usr/bin/python3 -c "print('run:\n' + ''.join(' '*(i+1)+'k%d:\n'%i for i in range(2500)))" > "$work/deep_block.yaml"
check deep-block "nesting too deep|limited to" -- "$bin" validate "$work/deep_block.yaml"
{
  echo 'a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]'
  prev=a
  for n in b c d e f g h i j k l m; do
    printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $n $n $prev $prev $prev $prev $prev $prev $prev $prev $prev
    prev=$n
  done
  echo "run: *$prev"
} > "$work/bomb.yaml"
check alias-bomb "run: expected a map" -- "$bin" validate "$work/bomb.yaml"
sed 's/  samples: 64/  samples: 1e30/' "$src/tests/data/small.yaml" > "$work/huge_samples.yaml"
check samples-1e30 "run.samples: must be between 1 and" -- "$bin" run "$work/huge_samples.yaml" -o "$work/x.h5"
head -c 5000000 /dev/zero | tr '\0' '#' > "$work/big.yaml"
check big-file "limited to 4194304 bytes" -- "$bin" validate "$work/big.yaml"
TINYFLEET_MEMORY_LIMIT_MB=64 check memory "needs about .* of memory.*reduce --samples" -- \
  "$bin" run "$src/scenarios/global_baseline.yaml" --samples 1000000 -o "$work/x.h5"
[ -e "$work/x.h5" ] && fail "a result was written"
# A limit that is not a whole number of MiB is refused, not read in part
# ("4G" as 4 MiB, "16e3" as 16) or ignored ("abc", "0").
for limit in 4G 16e3 abc 0; do
  TINYFLEET_MEMORY_LIMIT_MB="$limit" check "memory-limit-$limit" \
    "TINYFLEET_MEMORY_LIMIT_MB must be a whole number of MiB .*got '$limit'" -- \
    "$bin" run "$src/tests/data/small.yaml" -q --samples 8 -o "$work/x.h5"
done
[ -e "$work/x.h5" ] && fail "a result was written"
echo ok
