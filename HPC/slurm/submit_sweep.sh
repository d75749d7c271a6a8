#!/usr/bin/env bash
# Submits a sharded tinyfleet run as a Slurm job array plus a dependent merge
# job (docs/hpc.md):
#
#   HPC/slurm/submit_sweep.sh [options] SCENARIO OUT_DIR [-- tinyfleet run args...]
#     --shards N       array tasks, one shard each (default 10)
#     --throttle P     at most P tasks at once (the %P of --array; default 10)
#     --cpus C         --cpus-per-task of each task = its threads (default 4)
#     --time T         time limit of each task (default 02:00:00)
#     --binary PATH    tinyfleet binary (default: tinyfleet on PATH)
#     --sbatch-args S  extra sbatch arguments for both jobs (e.g. "--partition=x --account=y")
#     --sweep          instead of shards: one task per point of the scenario's
#                      sweep: block (tinyfleet sweep --point I -> OUT_DIR/point-I.h5,
#                      extra arguments go to tinyfleet sweep); the merge job joins
#                      the point files into the sweep file. The point count comes
#                      from `tinyfleet sweep --list` (which also checks every point)
#     --sweep-points P as --sweep, and refuses to submit unless the sweep has P points
#
# Prints "array <jobid> merge <jobid>"; the merged file is OUT_DIR/merged.h5
# (a result file for shards, a sweep file for --sweep).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
expected_points="" shards=10 throttle=10 cpus=4 time=02:00:00 binary="$(command -v tinyfleet || true)" extra="" mode=shards
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="$2"; shift 2 ;;
    --throttle) throttle="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --sbatch-args) extra="$2"; shift 2 ;;
    --sweep) mode=sweep; shift ;;
    --sweep-points) expected_points="$2"; mode=sweep; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { sed -n '2,21p' "$0" >&2; exit 2; }
scenario="$(realpath "$1")"; out_dir="$2"; shift 2
[ "${1:-}" = "--" ] && shift
[ -n "$binary" ] || { echo "submit_sweep.sh: no tinyfleet binary (use --binary)" >&2; exit 2; }
binary="$(realpath "$binary")"
if [ "$mode" = sweep ]; then
  # Every point is checked on the login node; the count sizes the array.
  listing="$("$binary" sweep "$scenario" --list "$@")"
  shards=$(($(printf '%s\n' "$listing" | wc -l) - 1))
  if [ -n "$expected_points" ] && [ "$expected_points" != "$shards" ]; then
    echo "submit_sweep.sh: --sweep-points $expected_points, but the sweep of $scenario has $shards points (tinyfleet sweep --list)" >&2
    exit 2
  fi
else
  # Validate once on the login node rather than in every task.
  "$binary" validate "$scenario" >/dev/null
fi
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "submit_sweep.sh: --shards must be a positive integer" >&2; exit 2; }
mkdir -p "$out_dir"; out_dir="$(realpath "$out_dir")"

export TINYFLEET="$binary" SCENARIO="$scenario" OUT_DIR="$out_dir" SHARDS="$shards" TINYFLEET_ARGS="$*" MODE="$mode"
# shellcheck disable=SC2086
array=$(sbatch --parsable --array="0-$((shards - 1))%$throttle" --cpus-per-task="$cpus" --time="$time" \
        --output="$out_dir/slurm-%A_%a.out" $extra "$here/sweep_array.sbatch")
array="${array%%;*}"
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
        --output="$out_dir/slurm-%j-merge.out" $extra "$here/merge.sbatch")
merge="${merge%%;*}"
echo "array $array merge $merge"
