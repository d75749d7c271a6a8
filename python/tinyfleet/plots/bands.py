"""Fan chart over years (`scripts/plot bands`, docs/outputs.md): median, 50%
and 90% intervals over realizations of the fleet totals or per class.

Every metric gets its own panel with its own linear y axis: offsets are
about ten times the emissions in the baseline, and on a shared axis the
emissions band shrinks to a sliver; a log axis would keep both visible
but cannot draw net emissions (negative) and makes equal band widths look
unequal. `--logy` is there for positive metrics when wanted.
"""

import math
import textwrap

from .. import results as tr
from . import common, labels


BAND_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
DEFAULT_METRICS = ("emissions_total", "offsets", "net")
FLEET_COLUMNS = 3          # panels per row of the fleet figure
CLASS_PANEL_INCHES = (1.75, 1.75)  # least size of a --by-class panel (width, height)


def band_quantiles(ds, metric, cls=None):
    """{level: values over years} of the fleet total (summary_<metric> when
    it holds the levels, else the samples) or of one class (by_class_<metric>),
    type 7 quantiles (numpy's default linear interpolation, like summary/)."""
    import numpy as np

    if cls is None:
        summary = ds.get(f"summary_{metric}")
        if summary is not None and "quantile" in summary.dims:
            stored = np.asarray(summary["quantile"].values, dtype=float)
            idx = [np.flatnonzero(np.isclose(stored, q, rtol=0, atol=1e-9)) for q in BAND_LEVELS]
            if all(len(i) for i in idx):
                values = summary.transpose("quantile", "year").values
                return {q: values[i[0]] for q, i in zip(BAND_LEVELS, idx)}
        data = ds[metric].transpose("sample", "year").values
    else:
        dim = labels.class_dimension(ds)
        data = ds[f"by_class_{metric}"].sel({dim: cls}).transpose("sample", "year").values
    q = np.quantile(data, BAND_LEVELS, axis=0)
    return dict(zip(BAND_LEVELS, q))


def draw_bands(ax, years, q, colour, divisor):
    ax.fill_between(years, q[0.05] / divisor, q[0.95] / divisor, color=colour, alpha=0.18, linewidth=0)
    ax.fill_between(years, q[0.25] / divisor, q[0.75] / divisor, color=colour, alpha=0.4, linewidth=0)
    ax.plot(years, q[0.5] / divisor, color=colour, linewidth=1.8, zorder=3)


def metric_unit(ds, metric, quantiles, co2_unit):
    """(divisor, unit text) for a metric from the largest |median| drawn."""
    import numpy as np

    var = ds[metric] if metric in ds else ds.get(f"summary_{metric}")
    attrs = dict(var.attrs) if var is not None else {}
    units = attrs.get("units", "")
    kind = labels.quantity(metric, units, attrs)
    magnitude = max(float(np.nanmax(np.abs(q[0.5]))) for q in quantiles)
    divisor, unit = labels.scale_for(kind, magnitude, co2_unit)
    return divisor, unit or units, units, var


def bands(ds, metrics=None, by_class=False, unit="auto", logy=False, title=None, caption=None,
          size=None):
    """Fan chart of a result Dataset (tinyfleet.open): one panel per metric
    (default total emissions, offsets and net emissions), or with by_class
    one row per metric and one column per device class. unit: 'auto' (t, kt,
    Mt or Gt CO2e chosen from the values) or one of kg, t, kt, Mt, Gt.
    Returns the matplotlib Figure; `fig.tinyfleet_data` holds the numbers
    drawn (quantiles per metric, class and year, in the unit shown)."""
    metrics = list(metrics or [m for m in DEFAULT_METRICS if m in ds])
    years = [int(y) for y in ds["year"].values]
    dim = labels.class_dimension(ds)
    classes = [str(c) for c in ds[dim].values] if by_class else [None]
    class_label = labels.class_labels(ds) if by_class else {}
    quantiles = {(m, c): band_quantiles(ds, m, c) for m in metrics for c in classes}
    colours = common.series_colours(metrics)

    if by_class:
        nrows, ncols = len(metrics), len(classes)
        default = (max(common.DEFAULT_INCHES[0], 1.0 + CLASS_PANEL_INCHES[0] * ncols),
                   max(2.6, 0.9 + CLASS_PANEL_INCHES[1] * nrows))
    else:
        ncols = min(len(metrics), FLEET_COLUMNS)
        nrows = math.ceil(len(metrics) / ncols)
        default = common.DEFAULT_INCHES
    fig, axes = common.begin(size, default, nrows, ncols, sharex=True)
    width = (size or default)[0]
    rows, linear = [], []
    for k, m in enumerate(metrics):
        divisor, shown, units, var = metric_unit(ds, m, [quantiles[(m, c)] for c in classes], unit)
        label = labels.metric_label(m, var)
        ylabel = labels.axis_unit(m, shown, units)
        for j, c in enumerate(classes):
            ax = axes[k][j] if by_class else axes[k // ncols][k % ncols]
            q = quantiles[(m, c)]
            draw_bands(ax, years, q, colours[m], divisor)
            low = min(q[0.05].min(), q[0.5].min())
            if low == 0 and max(q[0.95].max(), q[0.5].max()) == 0:  # e.g. a class without offsets
                ax.text(0.5, 0.5, "zero in every realization", transform=ax.transAxes, ha="center",
                        va="center", fontsize=7.5, color="#666666")
                ax.set_yticks([0])
            if logy and low > 0:
                ax.set_yscale("log")
            else:
                if logy:
                    linear.append(label)
                if low < 0 or m in common.NET_METRICS:
                    ax.axhline(0, color="#333333", linewidth=0.7, zorder=1)
                else:
                    ax.set_ylim(bottom=0)
            common.year_axis(ax, years, width / ncols)
            if by_class:
                if k == 0:
                    chars = max(8, int(width / ncols * 72 / (10 * 0.6)))
                    ax.set_title("\n".join(textwrap.wrap(class_label[c], chars)), fontsize=9)
                if j == 0:
                    ax.set_ylabel(f"{label}\n[{ylabel}]")
            else:
                ax.set_title(label, loc="left")
                ax.set_ylabel(ylabel)
            for y, values in zip(years, zip(*(q[lv] / divisor for lv in BAND_LEVELS))):
                rows.append([m, label, c or "", class_label.get(c, ""), y, *values, shown])
    if not by_class:  # empty cells of the last row: the panel above them gets the year axis
        for k in range(len(metrics), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
            axes[k // ncols - 1][k % ncols].xaxis.set_tick_params(labelbottom=True)
            axes[k // ncols - 1][k % ncols].set_xlabel("Year")
    for ax in axes[-1]:
        ax.set_xlabel("Year")
    if by_class:
        fig.align_ylabels(axes[:, 0])
    what = "per device class" if by_class else "fleet total"
    notes = [f"{what}: line median, dark band 50%, light band 90% of realizations",
             "each panel its own y axis"]
    if "net" in metrics:
        notes.append("net = emissions \u2212 offsets")
    if linear:
        notes.append("linear where values \u2264 0: " + ", ".join(dict.fromkeys(linear)))
    header = ["metric", "label", "class", "class_label", "year", "q05", "q25", "median", "q75", "q95", "unit"]
    return common.end(fig, caption, common.dataset_caption(ds, " \u00b7 ".join(notes)), title, header, rows)


def cmd_bands(args):
    from ..dataset import open as open_dataset

    result = tr.open_result(args.input)
    result.require("samples", "re-run the scenario with `tinyfleet run`")
    metrics = tr.parse_metrics(args.metrics, result.metrics,
                               [m for m in DEFAULT_METRICS if m in result.metrics])
    result.check_metrics(metrics)
    if args.by_class:
        result.require("by_class", "re-run the scenario with `tinyfleet run`")
    output, size = common.prepare(args, "bands_by_class" if args.by_class else "bands")
    fig = bands(open_dataset(args.input), metrics, args.by_class, args.unit, args.logy, args.title,
                args.caption, size)
    common.finish(fig, args, output)
