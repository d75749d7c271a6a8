"""What every figure shares: metric labels and units on axes, the
colour-blind-safe palettes, matplotlib set-up, the figure with its caption
line, the figure options (output path, size, dpi) and atomic saving.
"""

import os
import sys

from .. import output as output_file
from ..results import DataError

DEFAULT_SIZE = "8x5"
DEFAULT_INCHES = (8.0, 5.0)
DEFAULT_DPI = 150
NET_METRICS = ("net", "cumulative_net")


# Labels and units live in labels.py; these names are used by every figure.
from .labels import axis_unit, metric_label, tex_unit  # noqa: E402,F401


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


# Fixed colours of the blocks of a device, the same in every figure whatever
# blocks it shows: Paul Tol's "muted" scheme for the manufacturing blocks,
# strong colours for the stages after manufacturing (the use stage in
# Okabe-Ito orange, so that it stands out even when small).
BLOCK_COLOURS = {
    "processing_mcu": "#332288", "sensing": "#88CCEE", "power_supply": "#44AA99",
    "pcb": "#117733", "casing": "#DDCC77", "others_passives": "#CC6677",
    "user_interface": "#882255", "transport": "#999933", "ml_training": "#AA4499",
    "use_stage": OKABE_ITO["orange"], "end_of_life": "#555555",
    # life-cycle stages (--by stage)
    "manufacturing": "#332288", "training": "#AA4499", "use": OKABE_ITO["orange"],
}
# Fixed colours of the device classes of the shipped scenarios.
CLASS_COLOURS = {
    "keyword_spotting": OKABE_ITO["blue"], "industrial_maintenance": OKABE_ITO["vermillion"],
    "smart_building": OKABE_ITO["bluish_green"], "precision_agriculture": OKABE_ITO["orange"],
    "environmental_monitoring": OKABE_ITO["reddish_purple"],
    "kws_best": OKABE_ITO["sky_blue"], "kws_typical": OKABE_ITO["blue"],
    "ad_typical": OKABE_ITO["bluish_green"], "ic_typical": OKABE_ITO["orange"],
    "ic_worst": OKABE_ITO["vermillion"],
}
# Colours for names without a fixed one: Okabe-Ito without its yellow (too
# pale on white), then the darker half of Tol's muted scheme.
OTHER_COLOURS = SERIES[:6] + ["#332288", "#117733", "#882255", "#999933", "#44AA99", "#AA4499"]


def named_colours(names, fixed):
    """{name: colour}: the fixed colour of a known name; an unknown name
    takes the colour its name hashes to (crc32, so the same in every figure
    and every run), moved on to the next colour not yet used in this figure
    when two names would share one."""
    import zlib

    out = {n: fixed[n] for n in names if n in fixed}
    used = set(out.values())
    for n in names:
        if n in out:
            continue
        k = zlib.crc32(n.encode("utf-8")) % len(OTHER_COLOURS)
        for step in range(len(OTHER_COLOURS)):
            colour = OTHER_COLOURS[(k + step) % len(OTHER_COLOURS)]
            if colour not in used:
                break
        out[n] = colour
        used.add(colour)
    return out


def block_colours(names):
    return named_colours(names, BLOCK_COLOURS)


def class_colours(names):
    return named_colours(names, CLASS_COLOURS)


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


CAPTION_INCHES = 0.34  # height reserved at the bottom of a figure for the caption line


def new_figure(plt, size, nrows=1, ncols=1, **kwargs):
    """Figure with constrained layout and room for a caption line below."""
    fig = plt.figure(figsize=size, layout="constrained")
    frac = min(0.2, CAPTION_INCHES / size[1])
    fig.get_layout_engine().set(rect=(0, frac, 1, 1 - frac))
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def add_caption(fig, text):
    """Caption line at the bottom left, its font made smaller (down to 6 pt)
    when the line would be wider than the figure, then broken in two."""
    import textwrap

    if not text:
        return
    t = fig.text(0.01, 0.012, text, ha="left", va="bottom", fontsize=7.5, color="#444444")
    renderer = fig.canvas.get_renderer()
    available = 0.98 * fig.bbox.width
    width = t.get_window_extent(renderer).width
    if width > available:
        t.set_fontsize(max(6.0, 7.5 * available / width))
        width = t.get_window_extent(renderer).width
        if width > available:
            t.set_text("\n".join(textwrap.wrap(text, int(len(text) * available / width * 0.97))))


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
    """Output paths (checked before any work: the figure, and the --data CSV
    when asked for) and the figure size; sets up matplotlib."""
    output = args.output or default_output(args.input, suffix)
    check_output(output, [args.input])
    if getattr(args, "data", None):
        if os.path.splitext(args.data)[1].lower() != ".csv":
            raise DataError(f"--data '{args.data}': the numbers drawn are written as CSV; name the file .csv")
        output_file.check(args.data, [args.input, output])
    size = parse_size(args.size) if args.size else None
    if not 10 <= args.dpi <= 1200:
        raise DataError(f"--dpi {args.dpi}: must be between 10 and 1200")
    setup_matplotlib()
    return output, size


def begin(size, default, nrows=1, ncols=1, **kwargs):
    """pyplot set up and a new figure of `size` (or `default`) inches."""
    plt = setup_matplotlib()
    return new_figure(plt, size or default, nrows, ncols, **kwargs)


def end(fig, caption, default_caption, title=None, header=(), rows=()):
    """Caption (the given one, '' for none, None for the default), an
    optional title above everything, and the numbers drawn, kept on the
    figure as `fig.tinyfleet_data` = (header, rows) for write_data."""
    if title:
        fig.suptitle(title, fontsize=11)
    add_caption(fig, default_caption if caption is None else caption)
    fig.tinyfleet_data = (list(header), [list(r) for r in rows])
    return fig


def dataset_caption(ds, extra=""):
    """'Scenario NAME · N samples · seed S · extra' from a result Dataset."""
    a = ds.attrs
    text = f"Scenario {a.get('scenario_name', '?')} \u00b7 {int(a.get('samples', 0))} samples \u00b7 seed {int(a.get('seed', 0))}"
    return text + (f" \u00b7 {extra}" if extra else "")


def write_data(fig, path):
    """The numbers a figure draws as CSV (header row first), written atomically."""
    import csv

    header, rows = fig.tinyfleet_data

    def write(tmp):
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows([repr(float(v)) if isinstance(v, float) or hasattr(v, "dtype") and v.dtype.kind == "f"
                         else v for v in r] for r in rows)
    output_file.write_atomic(path, write)
    print(path)


def finish(fig, args, output):
    """Saves the figure and, with --data, the numbers drawn."""
    save_figure(fig, output, args.dpi)
    if getattr(args, "data", None):
        write_data(fig, args.data)


def year_axis(ax, years, width_inches):
    from matplotlib.ticker import MaxNLocator

    ax.set_xlim(years[0], years[-1]) if len(years) > 1 else ax.set_xlim(years[0] - 0.5, years[0] + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=max(3, int(width_inches * 1.2))))
