"""Benchmark of the tinyfleet program (scripts/bench; figures go to
docs/performance.md). Not a test: it measures, it does not judge.

1. cohort mode: the default scenario at SAMPLES realizations with 1 thread
   and with THREADS threads: wall time of the whole command, its phases
   (simulate, statistics, write, from `tinyfleet run --timings-json`), the
   write phase's share of the wall time, realizations per second, speed-up,
   peak RSS;
2. exact mode: one realization of the default scenario with its shipments
   scaled to about EXACT_DEVICES devices, 1 and THREADS threads: devices
   simulated per second per core, the projected wall time for 10^10 devices,
   peak RSS, speed-up;
3. the exact mode's cost per device by stage (the `exact_breakdown` program
   next to the binary, one thread), when it is there;
and the machine's load average at the start and at the end, the commit and
the date. Human-readable lines go to stdout; with `--json FILE` every figure
is also written to FILE as one JSON object (the numbers as measured, not
rounded for display).
"""

import argparse
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

# The default scenario's three shipment anchors (devices per year) and the
# devices its exact mode simulates over all years with them: the exact runs
# scale the anchors by EXACT_DEVICES / ANCHOR_DEVICES.
SHIPMENT_ANCHORS = {2020: 15.0e6, 2022: 6.0e8, 2030: 2.5e9}
ANCHOR_DEVICES = 2.4e10


def measure(binary, scenario, args, repeat, work):
    """Every one of `repeat` runs of `tinyfleet run`: wall time (s), peak RSS
    (KiB) and phases (seconds, from its --timings-json file)."""
    runs = []
    timings_path = os.path.join(work, "timings.json")
    report_path = os.path.join(work, "measurement")
    for _ in range(repeat):
        # Each measurement in its own child so max RSS is that run's alone.
        pid = os.fork()
        if pid == 0:
            start = time.perf_counter()
            r = subprocess.run([binary, "run", scenario, "-q", "--timings-json", timings_path] + args,
                               capture_output=True, text=True)
            wall = time.perf_counter() - start
            rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            with open(report_path, "w") as f:
                json.dump({"code": r.returncode, "wall": wall, "rss_kb": rss_kb, "stderr": r.stderr}, f)
            os._exit(0)
        os.waitpid(pid, 0)
        with open(report_path) as f:
            m = json.load(f)
        if m["code"] != 0:
            sys.exit(f"bench: tinyfleet exited with {m['code']}: {m['stderr']}")
        with open(timings_path) as f:
            phases = json.load(f)
        runs.append({"wall_s": m["wall"], "peak_rss_mib": m["rss_kb"] / 1024.0, "simulate_s": phases["simulate_s"],
                     "statistics_s": phases["statistics_s"], "write_s": phases["write_s"]})
    return runs


def cohort_rows(binary, scenario, samples, thread_counts, repeat, work):
    rows = {}
    for threads in thread_counts:
        runs = measure(binary, scenario, ["--samples", str(samples), "--threads", str(threads), "--mode", "cohort",
                                          "-o", os.path.join(work, "cohort.h5")], repeat, work)
        best = min(runs, key=lambda r: r["wall_s"])
        rows[threads] = dict(best, threads=threads, realizations=samples,
                             realizations_per_s=samples / best["wall_s"],
                             write_share=best["write_s"] / best["wall_s"],
                             walls_s=[r["wall_s"] for r in runs])
        print(f"  {threads} thread(s): {best['wall_s']:7.3f} s wall ({samples / best['wall_s']:8.0f} realizations/s;"
              f" simulate {best['simulate_s']:.2f} s, statistics {best['statistics_s']:.2f} s,"
              f" write {best['write_s']:.2f} s = {100 * rows[threads]['write_share']:.0f} % of the wall),"
              f" peak RSS {best['peak_rss_mib']:7.1f} MiB")
    return rows


def exact_rows(binary, scenario, exact_devices, thread_counts, work):
    import h5py

    scale = exact_devices / ANCHOR_DEVICES
    sets = []
    for year, n in SHIPMENT_ANCHORS.items():
        sets += ["--set", f"market.total.devices.{year}={n * scale:.6g}"]
    rows = {}
    for threads in thread_counts:
        path = os.path.join(work, "exact.h5")
        run = measure(binary, scenario, sets + ["--samples", "1", "--threads", str(threads), "--mode", "exact",
                                                "-o", path], 1, work)[0]
        with h5py.File(path, "r") as f:
            devices = float(f["samples/shipments"][0].sum())
        rate = devices / run["simulate_s"]
        rows[threads] = dict(run, threads=threads, devices=devices, devices_per_s=rate,
                             devices_per_s_per_core=rate / threads, projected_1e10_s=1e10 / rate)
        print(f"  {threads} thread(s): {devices:.3g} devices in {run['simulate_s']:.2f} s ="
              f" {rate / threads:.3g} devices/s per core; 10^10 devices in {1e10 / rate:.0f} s;"
              f" peak RSS {run['peak_rss_mib']:.1f} MiB")
    return rows


def exact_breakdown(program, devices):
    """Stages of exact_breakdown (its --json object: devices, threads, repeats,
    avx2, stages [{stage, key, what, ns_per_device, devices_per_s}]), or None
    where the program is not built."""
    if not os.access(program, os.X_OK):
        return None
    r = subprocess.run([program, "--json", str(devices)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def commit_of(binary):
    """The git commit the binary was built from (its --version line)."""
    r = subprocess.run([binary, "--version"], capture_output=True, text=True)
    m = re.search(r"commit ([0-9a-f]+(?:-dirty)?)", r.stdout)
    return m.group(1) if m else None


def speed_up(rows, threads):
    return rows[1]["wall_s"] / rows[threads]["wall_s"] if threads != 1 else 1.0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("scenario")
    parser.add_argument("samples", type=int, help="cohort-mode realizations (10000)")
    parser.add_argument("threads", type=int, help="the many-thread figure's thread count (every core)")
    parser.add_argument("exact_devices", type=float, help="devices of the exact-mode realization (1e9)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE as JSON")
    parser.add_argument("--repeat", type=int, default=3, help="cohort runs per thread count; the best is kept")
    parser.add_argument("--breakdown-devices", type=int, default=50_000_000,
                        help="devices of each exact_breakdown stage (0: skip the breakdown)")
    a = parser.parse_args(argv)
    thread_counts = sorted({1, a.threads})
    report = {"date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "commit": commit_of(a.binary), "scenario": os.path.basename(a.scenario), "cores": os.cpu_count(),
              "load_average_start": list(os.getloadavg())}
    print(f"tinyfleet bench: {report['scenario']}, commit {report['commit']}, {report['date_utc']},"
          f" load average {report['load_average_start'][0]:.2f}")
    with tempfile.TemporaryDirectory() as work:
        print(f"cohort mode, {a.samples} realizations, best of {a.repeat}"
              " (whole command: parse, run, statistics, HDF5 write)")
        cohort = cohort_rows(a.binary, a.scenario, a.samples, thread_counts, a.repeat, work)
        print(f"  speed-up : {speed_up(cohort, a.threads):.2f}x on {a.threads} threads")
        print(f"exact mode, 1 realization of about {a.exact_devices:.3g} devices")
        exact = exact_rows(a.binary, a.scenario, a.exact_devices, thread_counts, work)
        exact_speed_up = exact[a.threads]["devices_per_s"] / exact[1]["devices_per_s"]
        print(f"  speed-up : {exact_speed_up:.2f}x on {a.threads} threads")
    breakdown = None
    if a.breakdown_devices > 0:
        breakdown = exact_breakdown(os.path.join(os.path.dirname(a.binary), "exact_breakdown"), a.breakdown_devices)
        if breakdown:
            print(f"exact mode, cost per device by stage (1 thread, {a.breakdown_devices} devices)")
            for s in breakdown["stages"]:
                print(f"  {s['stage']}. {s['what']:<52} {s['ns_per_device']:6.1f} ns/device")
    report["load_average_end"] = list(os.getloadavg())
    print(f"load average at the end {report['load_average_end'][0]:.2f}")
    report["cohort"] = {"realizations": a.samples, "rows": [cohort[t] for t in thread_counts],
                        "speed_up": speed_up(cohort, a.threads)}
    report["exact"] = {"devices_target": a.exact_devices, "rows": [exact[t] for t in thread_counts],
                       "speed_up": exact_speed_up}
    report["exact_breakdown"] = breakdown
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
    return report
