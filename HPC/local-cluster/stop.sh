#!/usr/bin/env bash
# Stops the cluster HPC/local-cluster/start.sh started in FOLDER: kills the
# PIDs in FOLDER/slurmd.pid and FOLDER/slurmctld.pid (only if they are still
# slurmd/slurmctld processes), waits for them to exit (bounded), then
# escalates to SIGKILL. Leaves FOLDER (logs) in place; remove it yourself.
set -uo pipefail
dir="${1:?usage: stop.sh FOLDER}"
status=0
for d in slurmd slurmctld; do
  pidfile="$dir/$d.pid"
  [ -s "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  # Only our daemon: the PID must still belong to a process of that name.
  if [ "$(cat /proc/"$pid"/comm 2>/dev/null)" != "$d" ]; then rm -f "$pidfile"; continue; fi
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: $d (pid $pid) did not stop in 10 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null; status=1
  fi
  rm -f "$pidfile"
done
exit $status
