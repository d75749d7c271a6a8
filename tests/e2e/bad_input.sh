#!/usr/bin/env bash
# End to end: bad input exits 2 with file:line:column, never a crash, never a
# half-written file; bad usage exits 2; --help exits 0.
set -uo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

printf 'run:\n  name: broken\n  samples: [1, 2\n' > "$work/syntax.yaml"
expect 2 "syntax.yaml:[0-9]+:[0-9]+: error: invalid YAML" -- "$bin" run "$work/syntax.yaml" -o "$work/x.h5"
sed 's/  samples: 64/  sampels: 64/' "$src/tests/data/small.yaml" > "$work/typo.yaml"
expect 2 "typo.yaml:4:3: error: run.sampels: unknown field \(did you mean 'samples'" -- "$bin" run "$work/typo.yaml" -o "$work/x.h5"
expect 2 "typo.yaml:4:3" -- "$bin" validate "$work/typo.yaml"
# A label of the wrong type or too long: the place, the field, what is wrong; no file.
sed 's/^  audio:$/  audio:\n    label: [Smart, speakers]/' "$src/tests/data/small.yaml" > "$work/label_list.yaml"
expect 2 "label_list.yaml:31:12: error: classes.audio.label: expected a label \(short text\), found a list" -- \
  "$bin" run "$work/label_list.yaml" -o "$work/label.h5"
sed 's/^  audio:$/  audio:\n    label: "A label far too long for a legend or a column"/' "$src/tests/data/small.yaml" > "$work/label_long.yaml"
expect 2 "label_long.yaml:31:12: error: classes.audio.label: label has 45 characters; at most 40" -- \
  "$bin" validate "$work/label_long.yaml"
[ ! -e "$work/label.h5" ] || fail "a refused label left a file"
expect 2 "cannot open the scenario file" -- "$bin" run "$work/missing.yaml"
expect 2 "'frobnicate' is not a tinyfleet subcommand; the subcommands are run, validate, info" -- "$bin" frobnicate "$src/tests/data/small.yaml"
expect 2 "output folder '$work/nowhere' does not exist" -- "$bin" run "$src/tests/data/small.yaml" -o "$work/nowhere/x.h5"
expect 2 "--set run.samples.*must be between" -- "$bin" run "$src/tests/data/small.yaml" --set run.samples=0 -o "$work/x.h5"
expect 2 "did you mean 'samples'" -- "$bin" run "$src/tests/data/small.yaml" --set run.sampels=3 -o "$work/x.h5"
expect 2 "samples" -- "$bin" run "$src/tests/data/small.yaml" --samples 0 -o "$work/x.h5"
expect 2 "threads" -- "$bin" run "$src/tests/data/small.yaml" --threads 0 -o "$work/x.h5"
expect 2 "" -- "$bin" frobnicate
expect 2 "" -- "$bin"
expect 2 "not an HDF5 file|not a tinyfleet result" -- "$bin" info "$work/syntax.yaml"
expect 2 "no such file|cannot open" -- "$bin" info "$work/none.h5"
# An empty option value (an unset shell variable: --shard "$SHARD") is refused,
# not taken as "no option" (a whole run instead of a shard, the default output).
scn="$src/tests/data/small.yaml"
expect 2 "^--shard: .*empty" -- "$bin" run "$scn" --shard "" -o "$work/x.h5"
expect 2 "^--output: .*empty" -- "$bin" run "$scn" -o "" -q
expect 2 "^--set: .*empty" -- "$bin" run "$scn" --set "" -o "$work/x.h5"
expect 2 "^--timings-json: .*empty" -- "$bin" run "$scn" --timings-json "" -o "$work/x.h5"
expect 2 "^scenario: .*empty" -- "$bin" run ""
expect 2 "^--set: .*empty" -- "$bin" validate "$scn" --set ""
expect 2 "^--output: .*empty" -- "$bin" sweep "$scn" -o ""
expect 2 "^--output: .*empty" -- "$bin" sensitivity "$scn" -o "" -q
expect 2 "^--parameters: .*empty" -- "$bin" sensitivity "$scn" --parameters "" -o "$work/x.h5" -q
expect 2 "^--output: .*empty" -- "$bin" merge "$work/x.h5" -o ""
expect 2 "^result: .*empty" -- "$bin" info ""
[ -e "$work/x.h5" ] && fail "a result file was written for bad input"
ls -A "$work" | grep -q tmp && fail "temporary file left behind"

"$bin" --help >/dev/null || fail "--help did not exit 0"
for cmd in run validate info; do
  "$bin" "$cmd" --help | grep -q "Usage" || fail "$cmd --help shows no usage"
done
[ "$("$bin" validate "$src/tests/data/small.yaml")" = "ok" ] || fail "validate did not print exactly 'ok'"
echo "ok"
