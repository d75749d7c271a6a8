"""Shared helpers of scripts/plot and scripts/table: reading and checking
tinyfleet result files (docs/result-format.md) and point JSON, units and their
scaling, the colour-blind-safe palettes and figure conventions.

Run by Debian's /usr/bin/python3 with python3-h5py, python3-numpy and
python3-matplotlib (scripts/install-deps installs them). Every problem with
the input (not an HDF5 file, not a tinyfleet result, a missing group, an
unknown metric or year, a bad option value) raises DataError, which main()
turns into a one-line message on stderr and exit code 2.
"""

import json
import math
import os
import sys
import tempfile

FORMAT_NAME = "tinyfleet-results"
FORMAT_SENSITIVITY = "tinyfleet-sensitivity"  # `tinyfleet sensitivity`
FORMAT_SWEEP = "tinyfleet-sweep"              # `tinyfleet sweep`
FORMAT_VERSION = 1
# What each kind of file is and which command plots it (for messages).
FORMAT_KINDS = {
    FORMAT_NAME: ("a result file of `tinyfleet run`", "scripts/plot bands|payback, scripts/table"),
    FORMAT_SENSITIVITY: ("a sensitivity file of `tinyfleet sensitivity`", "scripts/plot sensitivity"),
    FORMAT_SWEEP: ("a sweep file of `tinyfleet sweep`", "scripts/plot sweep"),
}


class DataError(Exception):
    """Bad input or missing data: one-line message, exit code 2."""


def run_main(prog, main, argv=None):
    """Calls main(argv); DataError -> 'prog: error: message' and exit 2."""
    try:
        main(argv)
    except DataError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:  # e.g. `scripts/table ... | head`
        sys.exit(0)


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

# Metrics that are stocks (a state at year end or a running sum); the others
# are yearly flows ("per year").
STOCK_METRICS = {"installed_base", "cumulative_net"}

# Short labels for figures; other names fall back to the metric name.
METRIC_LABELS = {
    "shipments": "Shipments",
    "installed_base": "Installed base",
    "retired": "Retired",
    "emissions_embodied": "Embodied",
    "embodied_ic": "Embodied: MCU",
    "embodied_sensing": "Embodied: sensors",
    "embodied_power_supply": "Embodied: power supply",
    "embodied_pcb": "Embodied: PCB",
    "embodied_casing": "Embodied: casing",
    "embodied_passives": "Embodied: passives, UI",
    "embodied_transport": "Embodied: transport",
    "embodied_training": "Embodied: ML training",
    "emissions_operational": "Operational (use)",
    "emissions_end_of_life": "End of life",
    "emissions_total": "Emissions (total)",
    "offsets": "Offsets (avoided)",
    "net": "Net",
    "cumulative_net": "Cumulative net",
    "ewaste_mass": "E-waste mass",
}

# Mass of CO2e: divisor from kg and name.
CO2_UNITS = {"kg": 1.0, "t": 1e3, "kt": 1e6, "Mt": 1e9, "Gt": 1e12}


def metric_label(metric):
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def display_unit(units, co2_unit="Mt"):
    """(divisor, unit name) for values stored in `units`: kg CO2e -> Mt CO2e
    (or co2_unit), devices -> million devices, kg (mass) -> kt; anything else
    unchanged. The unit name is plain text ("CO2e")."""
    if units == "kg CO2e":
        if co2_unit not in CO2_UNITS:
            raise DataError(f"unknown CO2e unit '{co2_unit}' (known: {', '.join(CO2_UNITS)})")
        return CO2_UNITS[co2_unit], f"{co2_unit} CO2e"
    if units == "devices":
        return 1e6, "million devices"
    if units == "kg":
        return 1e6, "kt"
    return 1.0, units


def tex_unit(unit):
    """Unit name for matplotlib text: CO2e with a subscript 2."""
    return unit.replace("CO2e", "CO$_2$e")


def axis_unit(metric, unit):
    """Axis label unit of a metric: 'Mt CO$_2$e per year' for flows."""
    u = tex_unit(unit)
    return u if metric in STOCK_METRICS else f"{u} per year"


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


def parse_size(text):
    """'8x5' -> (8.0, 5.0) inches."""
    try:
        w, h = (float(v) for v in text.lower().split("x"))
    except ValueError:
        raise DataError(f"--size '{text}' is not WIDTHxHEIGHT in inches, e.g. 8x5")
    if not (0.5 <= w <= 100 and 0.5 <= h <= 100):
        raise DataError(f"--size '{text}': width and height must be between 0.5 and 100 inches")
    return w, h


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
        if version > FORMAT_VERSION:
            raise DataError(f"{path}: format_version {version} is newer than this script reads "
                            f"({FORMAT_VERSION}); update the scripts")
        self.scenario_name = _text(self.file.attrs.get("scenario_name", "?"))
        self.samples = int(self.file.attrs.get("samples", 0))
        self.seed = int(self.file.attrs.get("seed", 0))
        metrics = _text(self.file.attrs.get("metrics", ""))
        self.metrics = parse_list(metrics) if metrics else []
        if not self.metrics and "samples" in self.file:
            self.metrics = [k for k in self.file["samples"] if k not in ("sample", "year")]
        self.years = [int(y) for y in self.file["year"][()]] if "year" in self.file else []
        self.classes = [_text(c) for c in self.file["class"][()]] if "class" in self.file else []

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

    def units(self, metric):
        for group in ("summary", "samples", "by_class"):
            key = f"{group}/{metric}"
            if key in self.file:
                return _text(self.file[key].attrs.get("units", ""))
        return ""

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


# --------------------------------------------------------------------------
# Palette and figures
# --------------------------------------------------------------------------

# Okabe & Ito (2008), colour-blind safe; black last (kept for text and lines).
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
SERIES = [OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange",
                                 "reddish_purple", "sky_blue", "yellow")]
# Fixed colours of the main metrics, the same in every figure.
METRIC_COLOURS = {
    "emissions_total": OKABE_ITO["vermillion"],
    "offsets": OKABE_ITO["bluish_green"],
    "net": OKABE_ITO["blue"],
    "cumulative_net": OKABE_ITO["reddish_purple"],
    "emissions_embodied": OKABE_ITO["orange"],
    "emissions_operational": OKABE_ITO["sky_blue"],
    "emissions_end_of_life": OKABE_ITO["black"],
}
# Paul Tol's "muted" scheme (colour-blind safe, 9 colours + pale grey) for
# many categories such as the blocks of a device.
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
             "#CC6677", "#882255", "#AA4499", "#DDDDDD"]
HATCHES = ["", "//", "..", "xx", "\\\\"]


def series_colours(names):
    """Colour per series name: fixed for known metrics, else Okabe-Ito in
    order (skipping colours already taken)."""
    taken = {METRIC_COLOURS[n] for n in names if n in METRIC_COLOURS}
    free = [c for c in SERIES if c not in taken] or SERIES
    out, k = {}, 0
    for n in names:
        if n in METRIC_COLOURS:
            out[n] = METRIC_COLOURS[n]
        else:
            out[n] = free[k % len(free)]
            k += 1
    return out


def category_styles(n):
    """(colour, hatch) for n stacked categories: Okabe-Ito up to 7, Tol's
    muted scheme up to 10, then the same colours again with hatching."""
    if n <= len(SERIES):
        return [(c, "") for c in SERIES[:n]]
    return [(TOL_MUTED[i % len(TOL_MUTED)], HATCHES[(i // len(TOL_MUTED)) % len(HATCHES)])
            for i in range(n)]


def setup_matplotlib():
    """Agg backend and publication defaults; returns pyplot."""
    try:
        import matplotlib
    except ImportError:
        sys.exit("error: matplotlib is missing: run scripts/install-deps (Debian's python3-matplotlib) "
                 "and call the script directly so that /usr/bin/python3 runs it")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "legend.frameon": False,
        "pdf.fonttype": 42,      # TrueType in PDF: text stays editable
        "svg.fonttype": "none",  # text as text in SVG
        "svg.hashsalt": "tinyfleet",  # reproducible SVG ids
        "path.simplify": True,
    })
    return plt


CAPTION_INCHES = 0.28  # height reserved at the bottom of a figure for the caption line


def new_figure(plt, size, nrows=1, ncols=1, **kwargs):
    """Figure with constrained layout and room for a caption line below."""
    fig = plt.figure(figsize=size, layout="constrained")
    frac = min(0.2, CAPTION_INCHES / size[1])
    fig.get_layout_engine().set(rect=(0, frac, 1, 1 - frac))
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def add_caption(fig, text):
    """Caption line at the bottom left, its font made smaller (down to 5 pt)
    when the line would be wider than the figure."""
    if not text:
        return
    t = fig.text(0.01, 0.012, text, ha="left", va="bottom", fontsize=7.5, color="#444444")
    renderer = fig.canvas.get_renderer()
    available = 0.98 * fig.bbox.width
    width = t.get_window_extent(renderer).width
    if width > available:
        t.set_fontsize(max(5.0, 7.5 * available / width))


FIGURE_FORMATS = ("png", "pdf", "svg")


def check_output(path):
    """The format of output path (png, pdf or svg); DataError otherwise or
    when its folder does not exist."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in FIGURE_FORMATS:
        raise DataError(f"output '{path}': unknown format '.{ext}' (use .png, .pdf or .svg)")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise DataError(f"output folder '{folder}' does not exist")
    return ext


def save_figure(fig, path, dpi):
    """Writes the figure atomically (temporary file in the destination folder,
    then rename) and prints the path."""
    ext = check_output(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.tmp-", dir=folder)
    os.close(fd)
    try:
        metadata = {"Creator": "tinyfleet scripts/plot"}
        if ext == "pdf":
            metadata["CreationDate"] = None  # no time stamp: same input, same bytes
        if ext == "svg":
            metadata["Date"] = None
        fig.savefig(tmp, format=ext, dpi=dpi, metadata=metadata)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(path)
