"""What every figure shares: metric labels and units on axes, the
colour-blind-safe palettes, matplotlib set-up, the figure with its caption
line, the figure options (output path, size, dpi) and atomic saving.
"""

import os
import sys

from .. import output as output_file
from ..results import STOCK_METRICS, DataError

DEFAULT_SIZE = "8x5"
DEFAULT_DPI = 150
NET_METRICS = ("net", "cumulative_net")


# --------------------------------------------------------------------------
# Labels and units on axes
# --------------------------------------------------------------------------

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


def metric_label(metric):
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def tex_unit(unit):
    """Unit name for matplotlib text: CO2e with a subscript 2."""
    return unit.replace("CO2e", "CO$_2$e")


def axis_unit(metric, unit):
    """Axis label unit of a metric: 'Mt CO$_2$e per year' for flows."""
    u = tex_unit(unit)
    return u if metric in STOCK_METRICS else f"{u} per year"


# --------------------------------------------------------------------------
# Palette
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


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

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


def check_output(path, inputs=()):
    """The format of output path (png, pdf or svg); DataError otherwise or
    when the output rule refuses it (tinyfleet/output.py)."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in FIGURE_FORMATS:
        raise DataError(f"output '{path}': unknown format '.{ext}' (use .png, .pdf or .svg)")
    output_file.check(path, inputs)
    return ext


def save_figure(fig, path, dpi):
    """Writes the figure atomically (temporary file in the destination folder,
    then rename) and prints the path."""
    ext = check_output(path)
    metadata = {"Creator": "tinyfleet scripts/plot"}
    if ext == "pdf":
        metadata["CreationDate"] = None  # no time stamp: same input, same bytes
    if ext == "svg":
        metadata["Date"] = None
    output_file.write_atomic(path, lambda tmp: fig.savefig(tmp, format=ext, dpi=dpi, metadata=metadata))
    print(path)


def parse_size(text):
    """'8x5' -> (8.0, 5.0) inches."""
    try:
        w, h = (float(v) for v in text.lower().split("x"))
    except ValueError:
        raise DataError(f"--size '{text}' is not WIDTHxHEIGHT in inches, e.g. 8x5")
    if not (0.5 <= w <= 100 and 0.5 <= h <= 100):
        raise DataError(f"--size '{text}': width and height must be between 0.5 and 100 inches")
    return w, h


def default_output(input_path, suffix):
    stem = os.path.splitext(os.path.basename(input_path))[0]
    return os.path.join(os.path.dirname(input_path), f"{stem}_{suffix}.png")


def prepare(args, suffix):
    """Output path (checked before any work), figure size, pyplot."""
    output = args.output or default_output(args.input, suffix)
    check_output(output, [args.input])
    size = parse_size(args.size)
    if not 10 <= args.dpi <= 1200:
        raise DataError(f"--dpi {args.dpi}: must be between 10 and 1200")
    return output, size, setup_matplotlib()


def finish(fig, args, output, caption):
    add_caption(fig, args.caption if args.caption is not None else caption)
    save_figure(fig, output, args.dpi)


def year_axis(ax, years, width_inches):
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(years[0], years[-1]) if len(years) > 1 else ax.set_xlim(years[0] - 0.5, years[0] + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=max(3, int(width_inches * 1.2))))
