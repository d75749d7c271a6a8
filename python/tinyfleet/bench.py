"""Benchmark of the tinyfleet program (scripts/bench; figures go to
docs/performance.md). Not a test: it measures, it does not judge.

1. cohort mode: the default scenario at SAMPLES realizations with 1 thread
   and with every core: wall time of the whole command, its phases
   (simulate, statistics, write, from `tinyfleet run --timings-json`),
   realizations per second, speed-up, peak RSS;
2. exact mode: one realization of the default scenario with its shipments
   scaled to about EXACT_DEVICES devices: devices simulated per second per
   core, and the projected wall time for 10^10 devices on every core.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time


def measure(binary, scenario, args, repeat, work):
    """Best wall time of `repeat` runs of `tinyfleet run`, with that run's
    phases (seconds, from its --timings-json file) and peak RSS (KiB)."""
    best = None
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
        result = (m["wall"], m["rss_kb"], phases)
        if best is None or result[0] < best[0]:
            best = result
    return best


def main(argv=None):
    import h5py

    binary, scenario, samples, cores, exact_devices = (argv if argv is not None else sys.argv[1:])[:5]
    samples, cores, exact_devices = int(samples), int(cores), float(exact_devices)
    with tempfile.TemporaryDirectory() as work:
        print(f"tinyfleet bench: {os.path.basename(scenario)}")
        print(f"cohort mode, {samples} realizations, best of 3 (whole command: parse, run, statistics, HDF5 write)")
        walls = {}
        for threads in (1, cores):
            wall, rss, t = measure(binary, scenario, ["--samples", str(samples), "--threads", str(threads),
                                                      "--mode", "cohort", "-o", os.path.join(work, "cohort.h5")],
                                   3, work)
            walls[threads] = wall
            print(f"  {threads} thread(s): {wall:7.3f} s wall ({samples / wall:8.0f} realizations/s;"
                  f" simulate {t['simulate_s']:.2f} s, statistics {t['statistics_s']:.2f} s,"
                  f" write {t['write_s']:.2f} s), peak RSS {rss / 1024:7.1f} MiB")
        print(f"  speed-up : {walls[1] / walls[cores]:.2f}x on {cores} threads")

        # Exact mode: scale the three shipment anchors of the default scenario
        # so that the fleet simulates about exact_devices devices over its years.
        base = {2020: 15.0e6, 2022: 6.0e8, 2030: 2.5e9}
        scale = exact_devices / 2.4e10
        sets = []
        for year, n in base.items():
            sets += ["--set", f"market.total.devices.{year}={n * scale:.6g}"]
        print(f"exact mode, 1 realization of about {exact_devices:.3g} devices")
        rates = {}
        for threads in (1, cores):
            path = os.path.join(work, "exact.h5")
            wall, rss, t = measure(binary, scenario, sets + ["--samples", "1", "--threads", str(threads),
                                                             "--mode", "exact", "-o", path], 1, work)
            with h5py.File(path, "r") as f:
                devices = float(f["samples/shipments"][0].sum())
            rates[threads] = devices / t["simulate_s"]
            print(f"  {threads} thread(s): {devices:.3g} devices in {t['simulate_s']:.2f} s ="
                  f" {devices / t['simulate_s'] / threads:.3g} devices/s per core, peak RSS {rss / 1024:.1f} MiB")
        print(f"  projected: 10^10 devices in {1e10 / rates[cores]:.0f} s on {cores} threads")
