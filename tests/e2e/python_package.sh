#!/usr/bin/env bash
# End to end: the Python package python/ (tinyfleet: result reading, figures,
# tables) installs offline into a venv over Debian's packages
# (--system-site-packages; pip --no-build-isolation --no-index), reads a
# result file of the binary through tinyfleet.open_result, its console
# scripts write what scripts/table and scripts/plot write, and its unit tests
# (python/tests) pass against the installed copy. tinyfleet.open gives an
# xarray.Dataset of every group with labels and units; tinyfleet.run drives
# the binary (TINYFLEET_BINARY) and returns the same; a failed run raises
# RunError with the program's message and exit code. Without h5py (a bare
# venv) scripts/table says what to install instead of a traceback. pip builds in a copy of
# python/ in a temporary folder, so the source tree is left as it was (no
# build/, egg-info or __pycache__; checked).
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
py=/usr/bin/python3

snapshot() { (cd "$src/python" && find . | LC_ALL=C sort); }
before="$(snapshot)"

# Copy of the package without build leftovers; pip writes only there.
tar -C "$src" --exclude=__pycache__ --exclude=build --exclude='*.egg-info' -cf - python | tar -C "$work" -xf -
"$py" -m venv --system-site-packages "$work/venv" >"$work/venv.log" 2>&1 \
  || { cat "$work/venv.log" >&2; fail "no venv: run scripts/install-deps (python3-venv python3-pip python3-setuptools)"; }
"$work/venv/bin/pip" install --no-build-isolation --no-index --no-cache-dir --disable-pip-version-check \
  --root-user-action=ignore -q "$work/python" >"$work/pip.log" 2>&1 \
  || { cat "$work/pip.log" >&2; fail "pip install ./python"; }

"$bin" run "$src/tests/data/small.yaml" -q -o "$work/small.h5" || fail "tinyfleet run"
version="$("$bin" --version | cut -d' ' -f1)"  # "0.1.0 (commit ..., Release build)"
cd "$work"  # nothing named tinyfleet here: the imports below find the installed copy
"$work/venv/bin/python" -B - "$work/small.h5" "$work/venv" "$version" <<'EOF' || fail "import tinyfleet"
import sys
import h5py
import tinyfleet
path, venv, version = sys.argv[1:4]
assert tinyfleet.__file__.startswith(venv + "/"), f"tinyfleet imported from {tinyfleet.__file__}, not the venv"
assert tinyfleet.__version__ == version, f"package version {tinyfleet.__version__}, program {version}"
r = tinyfleet.open_result(path)
assert (r.format, r.scenario_name, r.samples, r.seed) == ("tinyfleet-results", "small", 64, 42), vars(r)
assert r.years == list(range(2020, 2028)) and r.classes and "net" in r.metrics, (r.years, r.classes, r.metrics)
with h5py.File(path, "r") as f:
    levels = list(f["summary/quantile"][()])
    assert list(r.summary_quantiles("net", (0.5,))[0.5]) == list(f["summary/net"][levels.index(0.5)])
    assert r.units("net") == f["summary/net"].attrs["tinyfleet_units"] == "kg CO2e/year"
    assert f["summary/net"].attrs["units"] == "kg/year" and r.label("net") == "Net emissions"
r.close()
try:
    tinyfleet.open_result(path + ".missing")
    raise AssertionError("no DataError for a missing file")
except tinyfleet.DataError as e:
    assert "no such file" in str(e), e
print("import ok")
EOF

# tinyfleet.open and tinyfleet.run (xarray). The run is the documented example
# exactly, from the top folder of a clone with a build (scenarios/ and
# build/bin/tinyfleet, linked to the tree and the binary under test), with
# neither TINYFLEET_BINARY nor a tinyfleet on PATH: the package finds build/bin.
mkdir -p "$work/clone/build/bin" && ln -s "$src/scenarios" "$work/clone/scenarios" && ln -s "$bin" "$work/clone/build/bin/tinyfleet"
(cd "$work/clone" && env -u TINYFLEET_BINARY PATH=/usr/bin:/bin "$work/venv/bin/python" -B -c "import tinyfleet; ds = tinyfleet.run('scenarios/global_baseline.yaml', samples=100); print(ds)") \
  > "$work/run.txt" 2>&1 || { cat "$work/run.txt" >&2; fail "tinyfleet.run of the baseline"; }
grep -q "xarray.Dataset" "$work/run.txt" && grep -qE "sample: 100" "$work/run.txt" \
  || fail "tinyfleet.run printed: $(head -20 "$work/run.txt")"
TINYFLEET_BINARY="$bin" "$work/venv/bin/python" -B - "$work/small.h5" "$src/tests/data/small.yaml" <<'EOF' || fail "tinyfleet.open / tinyfleet.run"
import sys
import h5py, numpy as np
import tinyfleet
path, scenario = sys.argv[1:3]
ds = tinyfleet.open(path)
with h5py.File(path, "r") as f:
    assert ds.net.dims == ("sample", "year") and np.array_equal(ds.net.values, f["samples/net"][()])
    assert ds.by_class_net.dims == ("sample", "device_class", "year")
    assert np.array_equal(ds.by_class_net.values, f["by_class/net"][()])
    assert ds.summary_net.dims == ("quantile", "year") and ds.summary_net_mean.dims == ("year",)
    assert ds.payback_years.dims == ("sample", "device_class")
    inputs = [k for k in f["inputs"] if k != "sample"]
    assert inputs and all(f"inputs_{k}" in ds for k in inputs), (inputs, list(ds))
    assert ds.net.attrs["units"] == "kg/year" and ds.net.attrs["group"] == "/samples"
    assert list(ds["device_class"].values) == [c.decode() if isinstance(c, bytes) else c for c in f["device_class"][()]]
    assert list(ds.year.values) == list(range(2020, 2028)) and len(ds.sample) == 64
    assert ds.attrs["scenario_name"] == "small" and ds.attrs["program_commit"] == f.attrs["program_commit"]
same = tinyfleet.run(scenario, samples=64, seed=42, set={"run.name": "small"})
assert np.array_equal(same.net.values, ds.net.values), "run() differs from the file of the same run"
other = tinyfleet.run(scenario, samples=8, seed=7, mode="exact", set={"run.last_year": 2022})
assert len(other.sample) == 8 and list(other.year.values) == [2020, 2021, 2022] and other.attrs["fleet_mode"] == "exact"
try:
    tinyfleet.run(scenario, set={"run.last_year": 1900})
    raise AssertionError("no RunError for a bad --set")
except tinyfleet.RunError as e:
    assert e.returncode == 2 and "run.last_year" in e.message and "error" in e.message, (e.returncode, e.message)
try:
    tinyfleet.run(scenario, binary="/nonexistent/tinyfleet")
    raise AssertionError("no RunError for a missing binary")
except tinyfleet.RunError as e:
    assert "not an executable file" in str(e), e
try:
    tinyfleet.open(scenario)
    raise AssertionError("no DataError for a YAML file")
except tinyfleet.DataError as e:
    assert "cannot open as HDF5" in str(e), e
print("xarray ok")
EOF

# A Python without h5py (no system site packages): a message, not a traceback.
"$py" -m venv --without-pip "$work/bare" >/dev/null 2>&1 || fail "bare venv"
set +e
err="$("$work/bare/bin/python" "$src/scripts/table" small.h5 2>&1 >/dev/null)"; code=$?
set -e
[ "$code" -eq 1 ] && [[ "$err" == "scripts/table: error: scripts/table needs the Python module 'h5py'"*"apt install python3-h5py"* ]] \
  || fail "scripts/table without h5py: exit $code, '$err'"

# The console scripts are the same commands as scripts/table and scripts/plot.
"$work/venv/bin/tinyfleet-table" small.h5 --format csv > installed.csv || fail "tinyfleet-table"
"$src/scripts/table" small.h5 --format csv > scripts.csv || fail "scripts/table"
cmp -s installed.csv scripts.csv || fail "tinyfleet-table and scripts/table differ"
[ "$(head -1 installed.csv)" = "metric,unit,year,median,q05,q95,label" ] && [ "$(wc -l < installed.csv)" -gt 10 ] \
  || fail "tinyfleet-table wrote: $(head -3 installed.csv)"
"$work/venv/bin/tinyfleet-plot" payback small.h5 -o installed.svg >/dev/null || fail "tinyfleet-plot"
"$src/scripts/plot" payback small.h5 -o scripts.svg >/dev/null || fail "scripts/plot"
cmp -s installed.svg scripts.svg || fail "tinyfleet-plot and scripts/plot draw different SVGs"
printf 'not a result\n' > text.h5
set +e
err="$("$work/venv/bin/tinyfleet-table" text.h5 2>&1 >/dev/null)"; code=$?
set -e
[ "$code" -eq 2 ] && [ "$err" = "tinyfleet-table: error: text.h5: not an HDF5 file (expected a result file written by \`tinyfleet run\`)" ] \
  || fail "tinyfleet-table on a text file: exit $code, '$err'"

# The unit tests, against the installed package (run from the copy).
TINYFLEET_BIN="$bin" TINYFLEET_SRC="$src" "$work/venv/bin/python" -B -m unittest discover \
  -s "$work/python/tests" > unittest.log 2>&1 || { cat unittest.log >&2; fail "python unit tests"; }
grep -q '^OK$' unittest.log || { cat unittest.log >&2; fail "python unit tests: skipped or not run"; }

[ "$(snapshot)" = "$before" ] || fail "the source tree's python/ changed: $(diff <(echo "$before") <(snapshot))"
echo "ok: $(grep -E '^Ran ' unittest.log)"
