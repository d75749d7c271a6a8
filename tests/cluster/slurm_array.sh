#!/usr/bin/env bash
# End to end on a real (single-node) Slurm cluster: start slurmctld + slurmd
# (HPC/local-cluster/start.sh, in a temporary folder), submit the job array
# over 4 shards with a dependent merge job (HPC/slurm/submit_sweep.sh), wait
# (bounded: 120 s) for the merge, compare the merged file with a direct run,
# stop the daemons (by their PID files). Then the same with a time-limit
# style SIGTERM, checkpoint, requeue and resume of every task (phase 2), and
# a sweep of scenario points with its dependent merge (phase 3).
# Exit 77 (skipped) only when Slurm is not installed.
set -uo pipefail
bin="$(realpath "$1")"; src="$2"
for tool in slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (apt-get install slurm-wlm)"; exit 77; }
done
work="$(mktemp -d)"
cleanup() { bash "$src/HPC/local-cluster/stop.sh" "$work/cluster"; rm -rf "$work"; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  tail -n 30 "$work"/cluster/log/*.log "$work"/out/*.out >&2 2>/dev/null
  exit 1
}
scn="$src/scenarios/global_baseline.yaml"

# Prints the final state of job $1, or what it is after 120 s.
wait_for_job() {
  local state=""
  for _ in $(seq 1 240); do
    state="$(scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)"
    case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 0.5
  done
  echo "$state"
}

env_line="$(bash "$src/HPC/local-cluster/start.sh" "$work/cluster")" || fail "cluster did not start"
export SLURM_CONF="$work/cluster/slurm.conf"
[ "$env_line" = "export SLURM_CONF=$SLURM_CONF" ] || fail "start.sh printed '$env_line'"

"$bin" run "$scn" --samples 400 --threads 2 -q -o "$work/direct.h5" || fail "direct run"
ids="$(bash "$src/HPC/slurm/submit_sweep.sh" --shards 4 --throttle 2 --cpus 1 --time 5 --binary "$bin" \
       "$scn" "$work/out" -- --samples 400)" || fail "submit"
read -r _ array _ merge <<<"$ids"
[ -n "$merge" ] || fail "submit printed '$ids'"
grep -q "ArrayTaskThrottle=2" <<<"$(scontrol show job "$array" 2>/dev/null)" || true  # informational

state="$(wait_for_job "$merge")"
[ "$state" = COMPLETED ] || fail "merge job $merge ended as '${state:-still pending after 120 s}'"
grep -q "Dependency=afterok:$array" <<<"$(scontrol show job "$merge")" || true
for i in 0 1 2 3; do [ -s "$work/out/shard-$i.h5" ] || fail "shard $i missing"; done
bash "$src/tests/lib/same_result.sh" "$work/direct.h5" "$work/out/merged.h5" || fail "merged file differs from the direct run"

# Phase 2, restart after a time-limit warning: once both tasks' loops are
# under way (their first periodic checkpoint; 20,000 realizations each, about
# 15 s of loop on one CPU, so that the signal lands in the loop), they get the SIGTERM Slurm sends before a time limit
# (--signal=B:TERM, here sent by scancel --batch), write their final
# checkpoints, exit 3 and requeue themselves; the requeued tasks resume, the
# merge runs, and the result still equals the direct run.
"$bin" run "$scn" --samples 40000 --threads 2 -q -o "$work/direct-rq.h5" || fail "direct run (phase 2)"
export CHECKPOINT_EVERY=1
ids="$(bash "$src/HPC/slurm/submit_sweep.sh" --shards 2 --throttle 2 --cpus 1 --time 5 --binary "$bin" \
       "$scn" "$work/rq" -- --samples 40000)" || fail "submit (phase 2)"
unset CHECKPOINT_EVERY
read -r _ array _ merge <<<"$ids"
for _ in $(seq 1 120); do
  [ "$(cat "$work/rq/slurm-${array}"_*.out 2>/dev/null | grep -c 'periodic checkpoint')" -ge 2 ] &&
    grep -q 'periodic checkpoint' "$work/rq/slurm-${array}_0.out" && grep -q 'periodic checkpoint' "$work/rq/slurm-${array}_1.out" && break
  sleep 0.5
done
grep -q 'periodic checkpoint' "$work/rq/slurm-${array}_0.out" && grep -q 'periodic checkpoint' "$work/rq/slurm-${array}_1.out" ||
  fail "phase 2: the tasks' loops did not start"
scancel --signal=TERM --batch "${array}_0" "${array}_1" || fail "scancel --signal=TERM"
# Slurm delays a requeued job's start (BeginTime, about 2 min); start them now.
for t in 0 1; do
  for _ in $(seq 1 60); do
    [ "$(squeue -h -r -j "${array}_$t" -o %r 2>/dev/null)" = BeginTime ] && break
    sleep 0.5
  done
  scontrol update JobId="${array}_$t" StartTime=now || fail "task $t was not requeued"
done
state="$(wait_for_job "$merge")"
[ "$state" = COMPLETED ] || fail "phase 2: merge job $merge ended as '${state:-still pending after 120 s}'"
for t in 0 1; do
  out="$work/rq/slurm-${array}_$t.out"
  k="$(grep -oE "final checkpoint .*shard-$t.h5.checkpoint: [0-9]+ of 625 blocks" "$out" | sed -E 's/.*: ([0-9]+) of 625 blocks/\1/')"
  [ -n "$k" ] || fail "task $t: no final checkpoint: $(cat "$out")"
  grep -q "requeueing" "$out" || fail "task $t did not requeue: $(cat "$out")"
  grep -q "$k of 625 blocks already done" "$out" || fail "task $t did not resume its $k blocks: $(cat "$out")"
done
bash "$src/tests/lib/same_result.sh" "$work/direct-rq.h5" "$work/rq/merged.h5" || fail "phase 2: merged file differs"

# Phase 3, a sweep of scenario points: one array task per point
# (tinyfleet sweep --point I), the dependent merge joins the point files;
# the result equals the sweep run at once.
sweep="$src/scenarios/sweep_grid_decline.yaml"   # 6 points
"$bin" sweep "$sweep" --set run.samples=40 --threads 2 -q -o "$work/sweep-direct.h5" || fail "direct sweep"
ids="$(bash "$src/HPC/slurm/submit_sweep.sh" --sweep-points 6 --throttle 3 --cpus 1 --time 5 --binary "$bin" \
       "$sweep" "$work/sw" -- --set run.samples=40)" || fail "submit (sweep points)"
read -r _ array _ merge <<<"$ids"
[ -n "$merge" ] || fail "submit --sweep-points printed '$ids' (no merge job)"
state="$(wait_for_job "$merge")"
[ "$state" = COMPLETED ] || fail "phase 3: merge job $merge ended as '${state:-still pending after 120 s}'"
bash "$src/tests/lib/same_result.sh" "$work/sweep-direct.h5" "$work/sw/merged.h5" || fail "phase 3: merged sweep differs"
echo ok
