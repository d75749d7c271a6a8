"""Sweeps (`scripts/plot sweep`, docs/outputs.md): median and 90% interval of
one metric in one year across the points of `tinyfleet sweep`."""

from .. import results as tr
from . import common, labels


SWEEP_HINT = ("run `tinyfleet sweep SCENARIO.yaml -o FILE` first (a scenario with a sweep: block, "
              "e.g. scenarios/sweep_grid_decline.yaml) and plot FILE")


def sweep_coordinate(ds, path):
    """Values of a swept path along sweep_point: float array or list of str."""
    import numpy as np

    if path not in ds.coords and path not in ds:
        raise tr.DataError(f"{ds.attrs.get('source', 'file')}: no coordinate '{path}' along sweep_point")
    v = ds[path].values
    if v.dtype.kind in "fiu":
        return np.asarray(v, dtype=float)
    return [tr._text(x) for x in v]


def value_text(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def path_unit(ds, path):
    """Unit of a swept path from the base scenario (parameters.NAME.* ->
    the parameter's unit), '' when unknown."""
    parts = path.split(".")
    if len(parts) < 3 or parts[0] != "parameters" or parts[2] != "distribution":
        return ""
    try:
        import yaml
        doc = yaml.safe_load(tr._text(ds.attrs.get("scenario_yaml", "")))
        return str(doc["parameters"][parts[1]].get("unit", ""))
    except Exception:  # no PyYAML or an unusual scenario: no unit
        return ""


def cmd_sweep(args):
    from ..dataset import open as open_dataset

    result = tr.open_result(args.input, (tr.FORMAT_NAME, tr.FORMAT_SENSITIVITY, tr.FORMAT_SWEEP))
    if result.format != tr.FORMAT_SWEEP or "sweep_point" not in result.file:
        raise tr.DataError(f"{args.input}: this file has no sweep_point dimension; {SWEEP_HINT}")
    result.require("summary", "re-run the sweep with `tinyfleet sweep`")
    ds = open_dataset(args.input)
    check_paths(ds, args.x, args.hue)
    output, size = common.prepare(args, "sweep")
    fig = sweep(ds, args.x, args.hue, args.metric, args.year, args.where, args.xscale, args.unit,
                args.logy, args.title, args.caption, size)
    common.finish(fig, args, output)


def check_paths(ds, x, hue):
    paths = tr.parse_list(tr._text(ds.attrs.get("sweep_paths", "")))
    for option, path in (("--x", x), ("--hue", hue)):
        if path is not None and path not in paths:
            raise tr.DataError(f"{option} {path}: unknown sweep path (swept paths in this file: "
                               f"{', '.join(paths)})")
    if hue is not None and hue == x:
        raise tr.DataError(f"--hue {hue}: the same path as --x")
    return paths


def sweep(ds, x, hue=None, metric="net", year=None, where=None, xscale="auto", unit="auto", logy=False,
          title=None, caption=None, size=None):
    """Median and 90% interval of `metric` in `year` (default the last)
    across the points of a sweep Dataset (tinyfleet.open of a `tinyfleet
    sweep` file) against swept path `x`, one colour per value of `hue`;
    `where` is a list of 'PATH=VALUE' keeping only matching points. Figure
    with the numbers drawn in `fig.tinyfleet_data`."""
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.transforms import offset_copy

    a = ds.attrs
    paths = check_paths(ds, x, hue)
    metrics = [k[len("summary_"):] for k in ds.data_vars
               if k.startswith("summary_") and ds[k].dims == ("sweep_point", "quantile", "year")]
    if metric not in metrics:
        raise tr.DataError(f"unknown metric '{metric}' (known metrics: {', '.join(metrics)})")
    years = [int(y) for y in ds["year"].values]
    year = years[-1] if year is None else year
    if year not in years:
        raise tr.DataError(f"year {year} is not in this result ({years[0]}-{years[-1]})")
    levels = np.asarray(ds["quantile"].values, dtype=float)
    idx = {}
    for q in (0.05, 0.5, 0.95):
        i = np.flatnonzero(np.isclose(levels, q, rtol=0, atol=1e-9))
        if len(i) == 0:
            raise tr.DataError(f"{a.get('source', 'file')}: summary/{metric} has no quantile {q}")
        idx[q] = i[0]
    coords = {p: sweep_coordinate(ds, p) for p in paths}
    npoints = ds.sizes["sweep_point"]
    keep = np.ones(npoints, dtype=bool)
    for cond in where or []:
        path, eq, want = cond.partition("=")
        if not eq or path not in paths:
            raise tr.DataError(f"--where {cond}: expected PATH=VALUE with PATH one of {', '.join(paths)}")
        vals = coords[path]
        if isinstance(vals, list):
            match = np.array([v == want for v in vals])
        else:
            try:
                match = np.isclose(vals, float(want), rtol=1e-9, atol=0)
            except ValueError:
                match = np.zeros(npoints, dtype=bool)
        if not match.any():
            raise tr.DataError(f"--where {cond}: no sweep point has that value (values: "
                               f"{', '.join(dict.fromkeys(value_text(v) for v in vals))})")
        keep &= match
    if not keep.any():
        raise tr.DataError("--where: no sweep point matches all conditions")
    fixed = {c.partition("=")[0] for c in where or []}
    rest = [p for p in paths if p not in (x, hue) and p not in fixed]
    var = ds[f"summary_{metric}"]
    data = var.values[:, :, years.index(year)]  # [sweep_point, quantile]
    points = np.flatnonzero(keep)
    attrs = dict(var.attrs)
    kind = labels.quantity(metric, attrs.get("units", ""), attrs)
    divisor, shown = labels.scale_for(kind, float(np.nanmax(np.abs(data[points, idx[0.5]]))), unit)
    shown = shown or attrs.get("units", "")
    xs = coords[x]
    numeric = not isinstance(xs, list)
    if numeric:
        xvalues = sorted({float(xs[i]) for i in points})
        xpos = {v: v for v in xvalues}
    else:
        xvalues = list(dict.fromkeys(xs[i] for i in points))
        xpos = {v: k for k, v in enumerate(xvalues)}
    hue_values = ([None] if hue is None else
                  sorted({coords[hue][i] for i in points}) if not isinstance(coords[hue], list)
                  else list(dict.fromkeys(coords[hue][i] for i in points)))
    rest_values = list(dict.fromkeys(tuple(coords[p][i] for p in rest) for i in points))
    styles = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1))]
    markers = ["o", "s", "^", "D", "v"]
    if hue is None:
        hue_colour = {None: common.METRIC_COLOURS.get(metric, common.SERIES[0])}
    else:  # colours keyed by the value's text, the same for that value in every figure
        hue_colour = dict(zip(hue_values, common.named_colours([value_text(h) for h in hue_values], {}).values()))
    nseries = len(hue_values) * len(rest_values)
    fig, axes = common.begin(size, common.DEFAULT_INCHES)
    ax = axes[0][0]
    rows, k = [], 0
    for h in hue_values:
        for s, r in enumerate(rest_values):
            sel = [i for i in points
                   if (h is None or coords[hue][i] == h) and tuple(coords[p][i] for p in rest) == r]
            if not sel:
                continue
            sel.sort(key=lambda i: xpos[xs[i] if not numeric else float(xs[i])])
            xv = np.array([xpos[xs[i] if not numeric else float(xs[i])] for i in sel], dtype=float)
            med = data[sel, idx[0.5]] / divisor
            lo, hi = data[sel, idx[0.05]] / divisor, data[sel, idx[0.95]] / divisor
            colour = hue_colour[h]
            # Several series: each drawn a few points to the side of the x value
            # (dodged), with its interval as an error bar, so that no band hides another.
            shift = (k - (nseries - 1) / 2) * min(9.0, 40.0 / max(nseries, 1)) if nseries > 1 else 0.0
            where_drawn = offset_copy(ax.transData, fig=fig, x=shift, y=0, units="points")
            if numeric and nseries == 1:
                ax.fill_between(xv, lo, hi, color=colour, alpha=0.25, linewidth=0)
            ax.errorbar(xv, med, yerr=None if numeric and nseries == 1 else np.vstack([med - lo, hi - med]),
                        color=colour, linestyle=styles[s % len(styles)] if numeric else "none",
                        linewidth=1.6, marker=markers[s % len(markers)], markersize=5, elinewidth=1.4,
                        capsize=3, zorder=3, transform=where_drawn)
            for i, xm, m_, l_, h_ in zip(sel, xv, med, lo, hi):
                rows.append([value_text(xs[i] if not numeric else float(xs[i])),
                             "" if h is None else value_text(h), *[value_text(v) for v in r],
                             l_, m_, h_, shown])
            k += 1
    if numeric:
        scale = xscale
        if scale == "auto":
            scale = ("log" if len(xvalues) > 2 and min(xvalues) > 0
                     and max(xvalues) / min(xvalues) > 30 else "linear")
        ax.set_xscale(scale)
        ax.set_xticks(xvalues, [value_text(v) for v in xvalues])
        ax.minorticks_off()
        if scale == "linear" and len(xvalues) > 1:
            pad = 0.08 * (xvalues[-1] - xvalues[0])
            ax.set_xlim(xvalues[0] - pad, xvalues[-1] + pad)
    else:
        ax.set_xticks(range(len(xvalues)), xvalues)
        ax.set_xlim(-0.6, len(xvalues) - 0.4)
        ax.grid(axis="x", visible=False)
    lows = data[points, idx[0.05]] / divisor
    if logy and lows.min() > 0:
        ax.set_yscale("log")
    elif metric in common.NET_METRICS or lows.min() < 0:
        ax.axhline(0, color="#333333", linewidth=0.7, zorder=1)
    else:
        ax.set_ylim(bottom=0)
    xunit = path_unit(ds, x)
    ax.set_xlabel(labels.path_label(ds, x) + (f" [{labels.tex_unit(xunit)}]" if xunit else ""))
    ax.set_ylabel(f"{labels.metric_label(metric, var)} in {year}\n[{labels.axis_unit(metric, shown, attrs.get('units', ''))}]")

    handles = []
    if hue is not None:
        handles += [Line2D([], [], color=hue_colour[h], linewidth=1.8, marker="o", markersize=4,
                           label=value_text(h)) for h in hue_values]
    if rest and len(rest_values) > 1:
        handles += [Line2D([], [], color="#555555", linestyle=styles[s % len(styles)] if numeric else "none",
                           marker=markers[s % len(markers)], markersize=4,
                           label=", ".join(value_text(v) for v in r))
                    for s, r in enumerate(rest_values)]
    if handles:  # under the axes, across the figure's width: the plot keeps its width
        legend_title = " / ".join(labels.path_label(ds, p) for p in ([hue] if hue else [])
                                  + (rest if rest and len(rest_values) > 1 else []))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16),
                  ncol=min(len(handles), 6), title=legend_title, title_fontsize=8)
    extra = [f"{len(points)} of {int(a.get('sweep_size', npoints))} sweep points"
             if len(points) != int(a.get("sweep_size", npoints))
             else f"{len(points)} sweep points"]
    if where:
        extra.append("where " + ", ".join(f"{labels.path_label(ds, c.partition('=')[0])} = {c.partition('=')[2]}"
                                          for c in where))
    # Files without the attribute were written when every point had its own seed.
    seeds = (f"seed {int(a.get('seed', 0))} at every point (common random numbers)"
             if int(a.get("common_random_numbers", 0)) == 1
             else f"base seed {int(a.get('seed', 0))} (each point its own derived seed)")
    default_caption = (f"Scenario {a.get('scenario_name', '?')} \u00b7 {int(a.get('samples', 0))} samples per "
                       f"point \u00b7 {seeds} \u00b7 " + " \u00b7 ".join(extra)
                       + " \u00b7 marker median, bar or band 90% interval (5\u201395%)")
    header = [x] + ([hue] if hue else []) + rest + ["q05", "median", "q95", "unit"]
    if hue is None:
        rows = [r[:1] + r[2:] for r in rows]
    return common.end(fig, caption, default_caption, title, header, rows)
