#!/usr/bin/env bash
# End to end on a real (single-node) Slurm cluster: start slurmctld + slurmd
# (HPC/local-cluster/start.sh, in a temporary folder), submit the job array
# over 4 shards with a dependent merge job (HPC/slurm/submit_sweep.sh), wait
# (bounded: 120 s) for the merge, compare the merged file with a direct run,
# stop the daemons (by their PID files). Exit 77 (skipped) only when Slurm
# is not installed.
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

env_line="$(bash "$src/HPC/local-cluster/start.sh" "$work/cluster")" || fail "cluster did not start"
export SLURM_CONF="$work/cluster/slurm.conf"
[ "$env_line" = "export SLURM_CONF=$SLURM_CONF" ] || fail "start.sh printed '$env_line'"

"$bin" run "$scn" --samples 400 --threads 2 -q -o "$work/direct.h5" || fail "direct run"
ids="$(bash "$src/HPC/slurm/submit_sweep.sh" --shards 4 --throttle 2 --cpus 1 --time 5 --binary "$bin" \
       "$scn" "$work/out" -- --samples 400)" || fail "submit"
read -r _ array _ merge <<<"$ids"
[ -n "$merge" ] || fail "submit printed '$ids'"
grep -q "ArrayTaskThrottle=2" <<<"$(scontrol show job "$array" 2>/dev/null)" || true  # informational

state=""
for _ in $(seq 1 240); do
  state="$(scontrol show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)"
  case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
  sleep 0.5
done
[ "$state" = COMPLETED ] || fail "merge job $merge ended as '${state:-still pending after 120 s}'"
grep -q "Dependency=afterok:$array" <<<"$(scontrol show job "$merge")" || true
for i in 0 1 2 3; do [ -s "$work/out/shard-$i.h5" ] || fail "shard $i missing"; done
bash "$src/tests/lib/same_result.sh" "$work/direct.h5" "$work/out/merged.h5" || fail "merged file differs from the direct run"
echo ok
