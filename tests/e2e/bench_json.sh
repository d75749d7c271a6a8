#!/usr/bin/env bash
# End to end: the benchmark driver (python/tinyfleet/bench.py, what
# scripts/bench runs) at a tiny size writes one JSON object with every figure
# docs/performance.md takes from it: cohort and exact rows for 1 and 2
# threads (phases, write share, peak RSS, speed-up, devices per second per
# core, projected 10^10 time), the exact mode's stages when exact_breakdown
# is built, load averages, commit and date. A benchmark, not a timing test:
# only the shape and the consistency of the figures are checked.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3
PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$src/python" "$py" -c 'import sys; from tinyfleet.bench import main; main(sys.argv[1:])' \
  "$bin" "$src/scenarios/global_baseline.yaml" 20 2 2e5 --repeat 1 --breakdown-devices 20000 --json "$work/bench.json" \
  >"$work/bench.txt"
grep -q "cohort mode, 20 realizations" "$work/bench.txt" || { cat "$work/bench.txt" >&2; echo "FAIL: no cohort line" >&2; exit 1; }
"$py" - "$work/bench.json" "$bin" <<'PY'
import json, os, subprocess, sys
r = json.load(open(sys.argv[1]))
def check(ok, what):
    if not ok:
        sys.exit(f"FAIL: {what}: {json.dumps(r)[:2000]}")
version = subprocess.run([sys.argv[2], "--version"], capture_output=True, text=True).stdout
check(r["commit"] and r["commit"] in version, "commit is the binary's")
check(len(r["load_average_start"]) == 3 and len(r["load_average_end"]) == 3, "load averages")
check(r["date_utc"].endswith("Z"), "UTC date")
for mode in ("cohort", "exact"):
    rows = r[mode]["rows"]
    check([row["threads"] for row in rows] == [1, 2], f"{mode}: a 1-thread and a 2-thread row")
    check(r[mode]["speed_up"] > 0, f"{mode}: speed-up")
    for row in rows:
        check(row["wall_s"] > 0 and row["peak_rss_mib"] > 1, f"{mode}: wall and RSS")
        check(row["simulate_s"] + row["statistics_s"] + row["write_s"] <= row["wall_s"], f"{mode}: phases within the wall")
for row in r["cohort"]["rows"]:
    check(row["realizations"] == 20 and abs(row["write_share"] - row["write_s"] / row["wall_s"]) < 1e-12, "write share")
    check(len(row["walls_s"]) == 1 and min(row["walls_s"]) == row["wall_s"], "best of the repeats")
for row in r["exact"]["rows"]:
    check(row["devices"] > 1e4, "exact devices")
    check(abs(row["devices_per_s_per_core"] * row["threads"] * row["simulate_s"] - row["devices"]) < 1e-6 * row["devices"],
          "devices per second per core")
    check(abs(row["projected_1e10_s"] - 1e10 / (row["devices_per_s_per_core"] * row["threads"])) < 1e-6 * row["projected_1e10_s"],
          "projected 10^10 time")
if os.access(os.path.join(os.path.dirname(sys.argv[2]), "exact_breakdown"), os.X_OK):
    stages = r["exact_breakdown"]["stages"]
    check(len(stages) >= 5 and all(s["ns_per_device"] > 0 for s in stages), "exact_breakdown stages")
PY
