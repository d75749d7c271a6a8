"""Fan chart over years (`scripts/plot bands`, docs/outputs.md): median, 50%
and 90% intervals over realizations of the fleet totals or per class."""

from .. import results as tr
from . import common


BAND_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


def panel_groups(result, metrics):
    """Metrics grouped into panels: flows (or stocks) sharing units on one
    axis, each of net and cumulative_net in its own panel below the others."""
    groups, order = {}, []
    for m in metrics:
        key = ("net", m) if m in common.NET_METRICS else ("units", result.units(m), m in tr.STOCK_METRICS)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(m)
    order.sort(key=lambda k: k[0] == "net")  # stable: net-like panels last
    return [groups[k] for k in order]


def band_quantiles(result, metric, cls=None):
    """{level: values over years} for the fleet total (summary/ when it has
    the levels, else samples/) or for one class (by_class/)."""
    import numpy as np

    if cls is None:
        if f"summary/{metric}" in result.file:
            try:
                return result.summary_quantiles(metric, BAND_LEVELS)
            except tr.DataError:
                pass
        data = result.require(f"samples/{metric}", "re-run the scenario with `tinyfleet run`")[()]
    else:
        ds = result.require(f"by_class/{metric}", "re-run the scenario with `tinyfleet run`")
        data = ds[:, cls, :]
    q = np.quantile(data, BAND_LEVELS, axis=0)  # linear interpolation = type 7, like summary/
    return dict(zip(BAND_LEVELS, q))


def draw_bands(ax, years, q, colour, divisor):
    """Draws the bands and the median; returns the lowest value drawn."""
    ax.fill_between(years, q[0.05] / divisor, q[0.95] / divisor, color=colour, alpha=0.15,
                    linewidth=0)
    ax.fill_between(years, q[0.25] / divisor, q[0.75] / divisor, color=colour, alpha=0.35,
                    linewidth=0)
    ax.plot(years, q[0.5] / divisor, color=colour, linewidth=1.8, zorder=3)  # medians above all bands
    return min(q[0.05].min(), q[0.5].min()) / divisor


def cmd_bands(args):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    result = tr.open_result(args.input)
    result.require("samples", "re-run the scenario with `tinyfleet run`")
    metrics = tr.parse_metrics(args.metrics, result.metrics,
                               [m for m in ("emissions_total", "offsets", "net") if m in result.metrics])
    result.check_metrics(metrics)
    if args.by_class:
        result.require("by_class", "re-run the scenario with `tinyfleet run`")
        classes = result.classes
    else:
        classes = [None]
    output, size, plt = common.prepare(args, "bands_by_class" if args.by_class else "bands")

    years = result.years
    panels = panel_groups(result, metrics)
    colours = common.series_colours(metrics)
    ratios = [1.4] + [1.0] * (len(panels) - 1) if len(panels) > 1 else [1.0]
    fig, axes = common.new_figure(plt, size, len(panels), len(classes), sharex=True, sharey="row",
                                  gridspec_kw={"height_ratios": ratios})
    lowest_row = {}  # rows whose values are all >= 0 start at 0
    for col, cls in enumerate(classes):
        for row, group in enumerate(panels):
            ax = axes[row][col]
            divisor, unit = tr.display_unit(result.units(group[0]), args.unit)
            lowest = min(draw_bands(ax, years, band_quantiles(result, m, None if cls is None else col),
                                    colours[m], divisor) for m in group)
            if any(m in common.NET_METRICS for m in group) or lowest < 0:
                ax.axhline(0, color="#333333", linewidth=0.7, zorder=1)
            lowest_row[row] = min(lowest_row.get(row, lowest), lowest)
            common.year_axis(ax, years, size[0] / len(classes))
            if col == 0:
                label = common.axis_unit(group[0], unit)
                ax.set_ylabel(f"{common.metric_label(group[0])}\n[{label}]" if len(group) == 1
                              else label)
            if row == len(panels) - 1:
                ax.set_xlabel("Year")
            if cls is not None and row == 0:
                ax.set_title(cls)
            if col == 0 and (row == 0 or len(group) > 1):  # a lone metric is named by its y label
                handles = [Line2D([], [], color=colours[m], linewidth=1.8,
                                  label=common.metric_label(m)) for m in group]
                if row == 0:
                    handles += [Line2D([], [], color="#555555", linewidth=1.8, label="median"),
                                Patch(facecolor="#555555", alpha=0.45, linewidth=0,
                                      label="50% interval"),
                                Patch(facecolor="#555555", alpha=0.15, linewidth=0,
                                      label="90% interval")]
                ax.legend(handles=handles, loc="upper left",
                          ncol=1 if (len(handles) <= 3 or cls is not None) else 2)
    for row, lowest in lowest_row.items():
        if lowest >= 0 and not any(m in common.NET_METRICS for m in panels[row]):
            axes[row][0].set_ylim(bottom=0)
    fig.align_ylabels(axes[:, 0])
    what = "per device class" if args.by_class else "fleet total"
    net = " \u00b7 net = emissions \u2212 offsets" if "net" in metrics else ""
    common.finish(fig, args, output,
                  result.caption(f"{what}: median, 50% and 90% intervals over realizations{net}"))
