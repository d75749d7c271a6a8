"""Reading and checking tinyfleet result files (docs/result-format.md) and the
point JSON, units and their scaling, numbers rounded to significant figures.

Shared by the figures (tinyfleet.plots) and the tables (tinyfleet.table), and
usable on its own: `tinyfleet.open_result(path)` gives a `Result`. Needs
h5py and numpy (Debian's python3-h5py and python3-numpy; scripts/install-deps
installs them), imported when a file is opened. Every problem with the input
(not an HDF5 file, not a tinyfleet result, a missing group, an unknown metric
or year, a bad option value) raises DataError, which the command line
(tinyfleet.cli.run_main) turns into a one-line message on stderr and exit
code 2; the commands read under `reading(path)`, which does the same with
what h5py and numpy raise on a damaged or incomplete file.
"""

import contextlib
import json
import math
import os

FORMAT_NAME = "tinyfleet-results"
FORMAT_SENSITIVITY = "tinyfleet-sensitivity"  # `tinyfleet sensitivity`
FORMAT_SWEEP = "tinyfleet-sweep"              # `tinyfleet sweep`
# The newest format_version this package reads, per file format. Result files
# are at version 2 (CF-1.8: UDUNITS units with the project's unit in
# `tinyfleet_units`, class dimension `device_class`, payback's "never" as
# _FillValue); version 1 reads the same here. Sweep files are at version 2
# (each point's seed stored as exact uint64; version 1 stored it as float64,
# which reads the same here).
FORMAT_VERSIONS = {"tinyfleet-results": 2, "tinyfleet-sensitivity": 1, "tinyfleet-sweep": 2}
# The class dimension: "device_class" from result format 2 on, "class" before.
CLASS_DIMENSIONS = ("device_class", "class")
# What each kind of file is and which command plots it (for messages).
FORMAT_KINDS = {
    FORMAT_NAME: ("a result file of `tinyfleet run`", "scripts/plot bands|payback, scripts/table"),
    FORMAT_SENSITIVITY: ("a sensitivity file of `tinyfleet sensitivity`", "scripts/plot sensitivity"),
    FORMAT_SWEEP: ("a sweep file of `tinyfleet sweep`", "scripts/plot sweep"),
}


class DataError(Exception):
    """Bad input or missing data: one-line message, exit code 2."""


@contextlib.contextmanager
def reading(path):
    """Turns what h5py and numpy raise on a damaged or incomplete file (a
    chunk that does not decompress, a dataset missing or of another type or
    shape) into DataError naming the file, instead of a traceback."""
    try:
        yield
    except (DataError, BrokenPipeError):
        raise
    except (OSError, KeyError, ValueError, TypeError, IndexError, AttributeError, RuntimeError) as e:
        detail = " ".join(str(e).split())
        raise DataError(f"{path}: damaged or incomplete file ({type(e).__name__}"
                        + (f": {detail}" if detail else "") + ")") from e


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

# Metrics that are stocks (a state at year end or a running sum); the others
# are yearly flows ("per year"). A result file says it too: a flow's
# tinyfleet_units end in "/year" (models/fleet/fleet_metrics.h, per_year).
STOCK_METRICS = {"installed_base", "cumulative_net", "unserved_base"}

# Mass of CO2e: divisor from kg and name.
CO2_UNITS = {"kg": 1.0, "t": 1e3, "kt": 1e6, "Mt": 1e9, "Gt": 1e12}


def display_unit(units, co2_unit="Mt"):
    """(divisor, unit name) for values stored in `units` (the project's unit,
    Result.units): kg CO2e -> Mt CO2e (or co2_unit), devices -> million
    devices, kg (mass) -> kt; a yearly flow ("kg CO2e/year") gets "/yr";
    anything else unchanged. The unit name is plain text ("CO2e")."""
    if units.endswith("/year") and units != "1/year":
        divisor, name = display_unit(units[:-len("/year")], co2_unit)
        return divisor, name + "/yr"
    if units == "kg CO2e":
        if co2_unit not in CO2_UNITS:
            raise DataError(f"unknown CO2e unit '{co2_unit}' (known: {', '.join(CO2_UNITS)})")
        return CO2_UNITS[co2_unit], f"{co2_unit} CO2e"
    if units == "devices":
        return 1e6, "million devices"
    if units == "kg":
        return 1e6, "kt"
    return 1.0, units


def round_sig(x, sig=3):
    """x rounded to `sig` significant figures (as a float)."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{sig - 1}e}")


def format_sig(x, sig=3):
    """x rounded to `sig` significant figures, written without exponent for
    magnitudes from 1e-6 to 1e15 (e.g. 1230, 12.3, 0.00123, 0.500)."""
    x = round_sig(x, sig)
    if not math.isfinite(x):
        return "inf" if x > 0 else ("-inf" if x < 0 else "nan")
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    if exponent < -6 or exponent > 15:
        return f"{x:.{sig - 1}e}"
    decimals = max(0, sig - 1 - exponent)
    return f"{x:.{decimals}f}"


# --------------------------------------------------------------------------
# Option parsing helpers
# --------------------------------------------------------------------------

def parse_list(text):
    return [t.strip() for t in text.split(",") if t.strip()]


def parse_metrics(text, known, default):
    """Comma-separated metric names, each one of `known`; `default` when
    text is None."""
    if text is None:
        return list(default)
    names = parse_list(text)
    if not names:
        raise DataError("--metrics is empty (known metrics: " + ", ".join(known) + ")")
    for name in names:
        if name not in known:
            raise DataError(f"unknown metric '{name}' (known metrics: {', '.join(known)})")
    return names


# --------------------------------------------------------------------------
# Result files
# --------------------------------------------------------------------------

def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if isinstance(value, bytes):
            return value.decode("utf-8")
    return value


class Result:
    """An open tinyfleet result file (read only)."""

    def __init__(self, path, formats=(FORMAT_NAME,)):
        """Opens `path`; its root attribute format must be one of `formats`
        (FORMAT_NAME, FORMAT_SENSITIVITY, FORMAT_SWEEP)."""
        import h5py

        self.path = path
        if not os.path.exists(path):
            raise DataError(f"{path}: no such file")
        if os.path.isdir(path):
            raise DataError(f"{path}: is a folder, not a result file")
        try:
            is_hdf5 = h5py.is_hdf5(path)
        except OSError as e:
            raise DataError(f"{path}: cannot read ({e.strerror or e})")
        if not is_hdf5:
            raise DataError(f"{path}: not an HDF5 file (expected a result file written by `tinyfleet run`)")
        try:
            self.file = h5py.File(path, "r")
        except OSError as e:
            raise DataError(f"{path}: cannot open as HDF5 ({e})")
        fmt = _text(self.file.attrs.get("format", ""))
        if fmt not in formats:
            if fmt in FORMAT_KINDS:  # another tinyfleet file: say which command reads it
                what, reader = FORMAT_KINDS[fmt]
                raise DataError(f"{path}: this is {what} (root attribute format '{fmt}'), not "
                                f"{' or '.join(FORMAT_KINDS[f][0] for f in formats)}; "
                                f"read it with {reader}")
            raise DataError(f"{path}: not a tinyfleet result file (root attribute format is "
                            f"'{fmt}', expected " + " or ".join(f"'{f}'" for f in formats) + ")")
        self.format = fmt
        self.method = _text(self.file.attrs.get("method", ""))  # sensitivity files
        version = int(self.file.attrs.get("format_version", 0))
        newest = FORMAT_VERSIONS.get(fmt, 1)
        if version > newest:
            raise DataError(f"{path}: format_version {version} is newer than this script reads "
                            f"({newest}); update the scripts")
        self.scenario_name = _text(self.file.attrs.get("scenario_name", "?"))
        self.samples = int(self.file.attrs.get("samples", 0))
        self.seed = int(self.file.attrs.get("seed", 0))
        metrics = _text(self.file.attrs.get("metrics", ""))
        self.metrics = parse_list(metrics) if metrics else []
        if not self.metrics and "samples" in self.file:
            self.metrics = [k for k in self.file["samples"] if k not in ("sample", "year")]
        self.years = [int(y) for y in self.file["year"][()]] if "year" in self.file else []
        self.class_dimension = next((d for d in CLASS_DIMENSIONS if d in self.file), CLASS_DIMENSIONS[0])
        self.classes = [_text(c) for c in self.file[self.class_dimension][()]] \
            if self.class_dimension in self.file else []

    def close(self):
        self.file.close()

    def require(self, path, hint=None):
        """The dataset or group at `path`; DataError naming what to run when
        it is missing."""
        if path not in self.file:
            group = path.split("/")[0]
            if group not in self.file:
                what = f"this file has no {group}/ group"
            else:
                what = f"this file has no {path}"
            raise DataError(f"{self.path}: {what}" + (f"; {hint}" if hint else ""))
        return self.file[path]

    def _metric_attribute(self, metric, name):
        for group in ("summary", "samples", "by_class"):
            key = f"{group}/{metric}"
            if key in self.file and name in self.file[key].attrs:
                return _text(self.file[key].attrs[name])
        return None

    def units(self, metric):
        """The metric's unit in the project's terms ("kg CO2e/year"): the
        attribute tinyfleet_units of format 2 (whose `units` is UDUNITS'
        "kg/year"), `units` of format 1 ("kg CO2e"), or in sweep files
        `units` with CO2e restored from the long name."""
        project = self._metric_attribute(metric, "tinyfleet_units")
        if project is not None:
            return project
        units = self._metric_attribute(metric, "units") or ""
        # Sweep files keep only the CF spelling, with CO2e named in the long
        # name (docs/result-format.md, "Conventions"): kg/year -> kg CO2e/year.
        if (self._metric_attribute(metric, "long_name") or "").endswith("(CO2e)") or \
                "(CO2e)," in (self._metric_attribute(metric, "long_name") or ""):
            head, _, tail = units.partition("/")
            return f"{head} CO2e" + (f"/{tail}" if tail else "")
        return units

    def label(self, metric):
        """The metric's short human label ("Net emissions"); in files without
        labels (format 1) the figures' default for it."""
        from .plots.labels import metric_label  # the defaults live with the figures' labels

        return self._metric_attribute(metric, "label") or metric_label(metric)

    def never_as_inf(self, path):
        """The values of payback/years or payback/fleet_breakeven_year with
        "never" as +inf: format 2 stores it as the dataset's _FillValue,
        format 1 as +inf."""
        import numpy as np

        ds = self.require(path)
        values = ds[()].astype(np.float64)
        fill = ds.attrs.get("_FillValue")
        if fill is not None:
            values[values == float(np.asarray(fill).ravel()[0])] = np.inf
        return values

    def check_metrics(self, metrics):
        for m in metrics:
            if m not in self.metrics:
                raise DataError(f"unknown metric '{m}' (known metrics: {', '.join(self.metrics)})")

    def summary_quantiles(self, metric, levels):
        """{level: array over years} from summary/<metric> [quantile, year]."""
        import numpy as np

        data = self.require(f"summary/{metric}")[()]
        stored = self.require("summary/quantile")[()] if "summary/quantile" in self.file \
            else self.require("quantile")[()]
        out = {}
        for q in levels:
            i = np.flatnonzero(np.isclose(stored, q, rtol=0, atol=1e-9))
            if len(i) == 0:
                raise DataError(f"{self.path}: summary/{metric} has no quantile {q} "
                                f"(stored: {', '.join(str(float(s)) for s in stored)})")
            out[q] = data[i[0]]
        return out

    def caption(self, extra=""):
        text = f"Scenario {self.scenario_name} \u00b7 {self.samples} samples \u00b7 seed {self.seed}"
        return text + (f" \u00b7 {extra}" if extra else "")


def open_result(path, formats=(FORMAT_NAME,)):
    return Result(path, formats)


def load_point_json(path):
    """The JSON of `tinyfleet point SCENARIO --json`."""
    if not os.path.exists(path):
        raise DataError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (ValueError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: not JSON from `tinyfleet point --json` ({e})")
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict) or not data["classes"]:
        raise DataError(f"{path}: not JSON from `tinyfleet point --json` (no \"classes\" object)")
    for name, c in data["classes"].items():
        if not isinstance(c, dict) or not isinstance(c.get("blocks"), dict):
            raise DataError(f"{path}: class '{name}' has no \"blocks\" object")
    return data


def is_hdf5_path(path):
    with open(path, "rb") as f:
        return f.read(8) == b"\x89HDF\r\n\x1a\n"
