#!/usr/bin/env bash
# End to end: the output rule every command follows (docs/outputs.md,
# sim/io/output_rule.h, python/tinyfleet/output.py). run, sweep, sensitivity
# (its scenario, or the result given to --method spearman), merge (shards and
# sweep points) and scripts/table refuse with exit 2 and a one-line message,
# before computing anything, an output that
#   * is one of their inputs (also through a hard link; a base the scenario
#     extends, a reference table): the input is unchanged;
#   * is another output of the same command, even before either exists
#     (-o X --timings-json X), or the checkpoint OUTPUT.checkpoint is a file
#     that is not a checkpoint (or the scenario itself): nothing is written;
#   * is a character device (made here with mknod, never a real /dev node): it
#     is still a character device afterwards;
#   * is a folder: it is still an empty folder;
#   * has a 248-character name, whose temporary name .NAME.tmp-PID would
#     exceed NAME_MAX: nothing is left in the folder;
#   * lives in a missing folder.
# A write removes the .NAME.tmp-PID left by a process that died, and keeps
# that of a live one.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

cp "$src/tests/data/small.yaml" "$work/s.yaml"
cp "$src/scenarios/sweep_grid_decline.yaml" "$work/sw.yaml"
cp "$src/scenarios/global_baseline.yaml" "$work/"   # its extends: base
"$bin" run "$work/s.yaml" -q -o "$work/r.h5" >/dev/null || fail "run"
"$bin" run "$work/s.yaml" -q --shard 0/2 -o "$work/shard0.h5" >/dev/null || fail "run --shard 0/2"
"$bin" run "$work/s.yaml" -q --shard 1/2 -o "$work/shard1.h5" >/dev/null || fail "run --shard 1/2"
points=()
for i in 0 1 2 3 4 5; do
  "$bin" sweep "$work/sw.yaml" --set run.samples=8 -q --point $i -o "$work/p$i.h5" >/dev/null || fail "sweep --point $i"
  points+=("$work/p$i.h5")
done

# Each command, with its output as $1. Not quiet: a run that computed would
# print its progress, and so more than the one line of the refusal.
cmd_run()         { "$bin" run "$work/s.yaml" -o "$1"; }
cmd_sweep()       { "$bin" sweep "$work/sw.yaml" --set run.samples=8 -o "$1"; }
cmd_sensitivity() { "$bin" sensitivity "$work/s.yaml" --method morris --base-samples 4 --outputs net@2025 -o "$1"; }
cmd_spearman()    { "$bin" sensitivity --method spearman "$work/r.h5" --outputs net@2025 -o "$1"; }
cmd_merge()       { "$bin" merge "$work/shard0.h5" "$work/shard1.h5" -o "$1"; }
cmd_merge_sweep() { "$bin" merge "${points[@]}" -o "$1"; }
cmd_table()       { "$py" "$src/scripts/table" "$work/r.h5" -o "$1"; }
commands=(run sweep sensitivity spearman merge merge_sweep table)

# refused COMMAND OUTPUT PATTERN: exit 2, one line on stderr matching PATTERN.
refused() {
  local err; err="$("cmd_$1" "$2" 2>&1 >/dev/null)"; local code=$?
  [ "$code" -eq 2 ] || fail "$1 -o $2: exit $code (expected 2): $err"
  [ "$(wc -l <<<"$err")" -eq 1 ] || fail "$1 -o $2: more than a one-line refusal (did it compute?): $err"
  grep -qE -- "$3" <<<"$err" || fail "$1 -o $2: message '$err' does not match '$3'"
}

# (a) the output is one of the inputs.
same="the same file"
for pair in "run s.yaml" "sweep sw.yaml" "sensitivity s.yaml" "spearman r.h5" "merge shard0.h5" \
            "merge_sweep p3.h5" "table r.h5"; do
  set -- $pair
  cp "$work/$2" "$work/before"
  refused "$1" "$work/$2" "$same"
  cmp -s "$work/before" "$work/$2" || fail "$1 -o $2 changed its input"
done
ln "$work/s.yaml" "$work/hard-link.yaml"
refused run "$work/hard-link.yaml" "$same"
refused run "$work/./s.yaml" "$same"
cmp -s "$src/tests/data/small.yaml" "$work/s.yaml" || fail "the scenario changed"
# ... also a base the scenario extends, and a reference table.
cp "$work/global_baseline.yaml" "$work/before"
refused sweep "$work/global_baseline.yaml" "$same"
cmp -s "$work/before" "$work/global_baseline.yaml" || fail "sweep -o <the base it extends> changed the base"
cp -r "$src/models/data" "$work/data"
cp "$work/data/grid_regions.yaml" "$work/before"
(export TINYFLEET_DATA_DIR="$work/data"; refused run "$work/data/grid_regions.yaml" "$same") || exit 1
cmp -s "$work/before" "$work/data/grid_regions.yaml" || fail "run -o <a reference table> changed it"

# (a2) two outputs of one command that are one file, before either exists:
# refused, nothing written.
err="$("$bin" run "$work/s.yaml" -q -o "$work/two.h5" --timings-json "$work/./two.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "is also" <<<"$err" || fail "-o X --timings-json X: exit $code: $err"
[ ! -e "$work/two.h5" ] || fail "-o X --timings-json X wrote X"

# (a3) the checkpoint (OUTPUT.checkpoint, written and removed by the run) is
# never a file that is not a checkpoint, nor the scenario.
echo "notes" > "$work/c.h5.checkpoint"
err="$("$bin" run "$work/s.yaml" -q -o "$work/c.h5" --checkpoint-every 1000 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "not a tinyfleet checkpoint" <<<"$err" || fail "a file at OUTPUT.checkpoint: exit $code: $err"
[ "$(cat "$work/c.h5.checkpoint")" = "notes" ] && [ ! -e "$work/c.h5" ] || fail "a file at OUTPUT.checkpoint was replaced"
cp "$work/s.yaml" "$work/d.h5.checkpoint"
err="$("$bin" run "$work/d.h5.checkpoint" -q -o "$work/d.h5" --checkpoint-every 1000 2>&1)"; code=$?
[ "$code" -eq 2 ] && grep -q "$same" <<<"$err" || fail "scenario at OUTPUT.checkpoint: exit $code: $err"
cmp -s "$work/s.yaml" "$work/d.h5.checkpoint" || fail "the scenario at OUTPUT.checkpoint changed"

# (b) a character device, made in our own folder.
if mknod "$work/device" c 1 3 2>/dev/null; then
  for c in "${commands[@]}"; do
    refused "$c" "$work/device" "is a character device, not a regular file"
    [ -c "$work/device" ] || fail "$c -o device replaced the device node"
  done
else
  echo "note: mknod is not permitted here; the character device case is skipped"
fi

# (c) a folder.
mkdir "$work/folder.h5"
for c in "${commands[@]}"; do
  refused "$c" "$work/folder.h5" "is a folder"
  [ -d "$work/folder.h5" ] && [ -z "$(ls -A "$work/folder.h5")" ] || fail "$c -o folder changed the folder"
done

# (d) a legal 248-character name: its temporary name would not be.
long="$work/$(printf 'n%.0s' $(seq 248))"
for c in "${commands[@]}"; do
  refused "$c" "$long" "too long"
done
leftovers="$(ls -A "$work" | grep -E '^\..*\.(tmp|spool)-' || true)"
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"

# (e) a missing folder.
for c in "${commands[@]}"; do
  refused "$c" "$work/missing/out.h5" "does not exist"
done
[ ! -e "$work/missing" ] || fail "the missing folder was created"

# Stale temporaries: the dead process's goes, the live one's stays.
sh -c 'exit 0' & dead=$!; wait $dead
sleep 300 & live=$!
touch "$work/.out.h5.tmp-$dead" "$work/.out.h5.tmp-$live" "$work/.t.md.tmp-$dead"
"$bin" run "$work/s.yaml" -q -o "$work/out.h5" >/dev/null || fail "run -o out.h5"
cmd_table "$work/t.md" >/dev/null || fail "table -o t.md"
kill $live
[ ! -e "$work/.out.h5.tmp-$dead" ] || fail "run left the stale temporary of a dead process"
[ ! -e "$work/.t.md.tmp-$dead" ] || fail "table left the stale temporary of a dead process"
[ -e "$work/.out.h5.tmp-$live" ] || fail "run removed the temporary of a live process"
echo "output rules ok"
