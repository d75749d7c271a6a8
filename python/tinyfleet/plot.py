"""Figures as functions: each takes what `tinyfleet.open` returns (or the
parsed point JSON) and returns a matplotlib Figure, which scripts/plot
saves. The numbers each figure draws are in `fig.tinyfleet_data`
(header, rows); `save(fig, path, data=None)` writes the figure and, given
`data`, those numbers as CSV.

    import tinyfleet, tinyfleet.plot
    ds = tinyfleet.open("outputs/global_baseline.h5")
    fig = tinyfleet.plot.bands(ds)                          # total emissions, offsets, net
    fig = tinyfleet.plot.bands(ds, ["net"], by_class=True, unit="Mt", logy=False, title="...")
    fig = tinyfleet.plot.payback(ds)
    fig = tinyfleet.plot.sweep(tinyfleet.open("sweep.h5"), x="run.sampling", hue=None, metric="net")
    fig = tinyfleet.plot.sensitivity(tinyfleet.open("sobol.h5"), output="net@2030", top=10)
    fig = tinyfleet.plot.breakdown(json.load(open("point.json")), by="block")
    tinyfleet.plot.save(fig, "bands.pdf", data="bands.csv")

Options are those of scripts/plot (docs/outputs.md); `size` is (width,
height) in inches, `caption` replaces the caption line ('' for none).
Needs matplotlib (Debian's python3-matplotlib).
"""

from .plots.bands import bands
from .plots.breakdown import breakdown
from .plots.common import DEFAULT_DPI, save_figure, write_data
from .plots.payback import payback
from .plots.sensitivity import sensitivity
from .plots.sweep import sweep

__all__ = ["bands", "breakdown", "payback", "save", "sensitivity", "sweep"]


def save(fig, path, data=None, dpi=DEFAULT_DPI):
    """Writes `fig` to `path` (.png, .pdf or .svg, atomically) and, with
    `data`, the numbers it draws to that CSV file."""
    save_figure(fig, path, dpi)
    if data:
        write_data(fig, data)
