"""Sweeps (`scripts/plot sweep`, docs/outputs.md): median and 90% interval of
one metric in one year across the points of `tinyfleet sweep`."""

from .. import results as tr
from . import common


SWEEP_HINT = ("run `tinyfleet sweep SCENARIO.yaml -o FILE` first (a scenario with a sweep: block, "
              "e.g. scenarios/sweep_grid_decline.yaml) and plot FILE")


def sweep_coordinate(result, path):
    """Values of a swept path along sweep_point: float array or list of str."""
    import numpy as np

    for key in (f"summary/{path}", path):
        if key in result.file:
            v = result.file[key][()]
            if v.dtype.kind in "fiu":
                return np.asarray(v, dtype=float)
            return [tr._text(x) for x in v]
    raise tr.DataError(f"{result.path}: no coordinate '{path}' along sweep_point")


def value_text(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def path_unit(result, path):
    """Unit of a swept path from the base scenario (parameters.NAME.* ->
    the parameter's unit), '' when unknown."""
    parts = path.split(".")
    if len(parts) < 3 or parts[0] != "parameters" or parts[2] != "distribution":
        return ""
    try:
        import yaml
        doc = yaml.safe_load(tr._text(result.file.attrs.get("scenario_yaml", "")))
        return str(doc["parameters"][parts[1]].get("unit", ""))
    except Exception:  # no PyYAML or an unusual scenario: no unit
        return ""


def cmd_sweep(args):
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    result = tr.open_result(args.input, (tr.FORMAT_NAME, tr.FORMAT_SENSITIVITY, tr.FORMAT_SWEEP))
    if result.format != tr.FORMAT_SWEEP or "sweep_point" not in result.file:
        raise tr.DataError(f"{args.input}: this file has no sweep_point dimension; {SWEEP_HINT}")
    a = result.file.attrs
    paths = tr.parse_list(tr._text(a.get("sweep_paths", "")))
    for option, path in (("--x", args.x), ("--hue", args.hue)):
        if path is not None and path not in paths:
            raise tr.DataError(f"{option} {path}: unknown sweep path (swept paths in this file: "
                               f"{', '.join(paths)})")
    if args.hue is not None and args.hue == args.x:
        raise tr.DataError(f"--hue {args.hue}: the same path as --x")
    summary = result.require("summary", "re-run the sweep with `tinyfleet sweep`")
    metrics = [k for k in summary if isinstance(summary[k], type(summary["year"]))
               and summary[k].ndim == 3]
    metric = args.metric
    if metric not in metrics:
        raise tr.DataError(f"unknown metric '{metric}' (known metrics: {', '.join(metrics)})")
    years = [int(y) for y in result.file["summary/year" if "summary/year" in result.file else "year"][()]]
    year = years[-1] if args.year is None else args.year
    if year not in years:
        raise tr.DataError(f"year {year} is not in this result ({years[0]}-{years[-1]})")
    levels = result.file["summary/quantile"][()]
    idx = {}
    for q in (0.05, 0.5, 0.95):
        i = np.flatnonzero(np.isclose(levels, q, rtol=0, atol=1e-9))
        if len(i) == 0:
            raise tr.DataError(f"{args.input}: summary/{metric} has no quantile {q}")
        idx[q] = i[0]
    coords = {p: sweep_coordinate(result, p) for p in paths}
    npoints = len(result.file["summary/sweep_point"][()])
    keep = np.ones(npoints, dtype=bool)
    for cond in args.where or []:
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
    fixed = {c.partition("=")[0] for c in args.where or []}
    rest = [p for p in paths if p not in (args.x, args.hue) and p not in fixed]
    output, size, plt = common.prepare(args, "sweep")

    data = result.file[f"summary/{metric}"][:, :, years.index(year)]  # [sweep_point, quantile]
    divisor, unit = tr.display_unit(result.units(metric) or
                                    tr._text(summary[metric].attrs.get("units", "")), args.unit)
    xs = coords[args.x]
    numeric = not isinstance(xs, list)
    points = np.flatnonzero(keep)
    if numeric:
        xvalues = sorted({float(xs[i]) for i in points})
        xpos = {v: v for v in xvalues}
    else:
        xvalues = list(dict.fromkeys(xs[i] for i in points))
        xpos = {v: k for k, v in enumerate(xvalues)}
    hue_values = ([None] if args.hue is None else
                  sorted({coords[args.hue][i] for i in points}) if not isinstance(coords[args.hue], list)
                  else list(dict.fromkeys(coords[args.hue][i] for i in points)))
    rest_values = list(dict.fromkeys(tuple(coords[p][i] for p in rest) for i in points))
    styles = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1))]
    markers = ["o", "s", "^", "D", "v"]
    if args.hue is None:
        hue_colour = {None: common.METRIC_COLOURS.get(metric, common.SERIES[0])}
    else:
        hue_colour = {h: common.SERIES[k % len(common.SERIES)] for k, h in enumerate(hue_values)}
    nseries = len(hue_values) * len(rest_values)
    width = 0.5 if not numeric else 0
    fig, axes = common.new_figure(plt, size)
    ax = axes[0][0]
    k = 0
    for h in hue_values:
        for s, r in enumerate(rest_values):
            sel = [i for i in points
                   if (h is None or coords[args.hue][i] == h)
                   and tuple(coords[p][i] for p in rest) == r]
            if not sel:
                continue
            sel.sort(key=lambda i: xpos[xs[i] if not numeric else float(xs[i])])
            x = np.array([xpos[xs[i] if not numeric else float(xs[i])] for i in sel], dtype=float)
            if not numeric and nseries > 1:  # dodge categories side by side
                x = x + (k - (nseries - 1) / 2) * width / nseries
            med = data[sel, idx[0.5]] / divisor
            lo, hi = data[sel, idx[0.05]] / divisor, data[sel, idx[0.95]] / divisor
            colour = hue_colour[h]
            style = styles[s % len(styles)]
            if numeric:
                if nseries > 1:  # overlapping bands: pale fill, edges drawn in the line's style
                    ax.fill_between(x, lo, hi, color=colour, alpha=0.08, linewidth=0)
                    for edge in (lo, hi):
                        ax.plot(x, edge, color=colour, linestyle=style, linewidth=0.8, alpha=0.8)
                else:
                    ax.fill_between(x, lo, hi, color=colour, alpha=0.25, linewidth=0)
                ax.plot(x, med, color=colour, linestyle=style, linewidth=1.8,
                        marker=markers[s % len(markers)], markersize=4, zorder=3)
            else:
                ax.errorbar(x, med, yerr=np.vstack([med - lo, hi - med]), color=colour,
                            linestyle="none", marker=markers[s % len(markers)], markersize=5,
                            elinewidth=1.4, capsize=3, zorder=3)
            k += 1
    if numeric:
        scale = args.xscale
        if scale == "auto":
            scale = ("log" if len(xvalues) > 2 and min(xvalues) > 0
                     and max(xvalues) / min(xvalues) > 30 else "linear")
        ax.set_xscale(scale)
        ax.set_xticks(xvalues, [value_text(v) for v in xvalues])
        ax.minorticks_off()
    else:
        ax.set_xticks(range(len(xvalues)), xvalues)
        ax.set_xlim(-0.6, len(xvalues) - 0.4)
        ax.grid(axis="x", visible=False)
    lows = data[points, idx[0.05]] / divisor
    if metric in common.NET_METRICS or lows.min() < 0:
        ax.axhline(0, color="#333333", linewidth=0.7, zorder=1)
    else:
        ax.set_ylim(bottom=0)
    xunit = path_unit(result, args.x)
    ax.set_xlabel(args.x + (f" [{common.tex_unit(xunit)}]" if xunit else ""))
    ax.set_ylabel(f"{common.metric_label(metric)} in {year}\n[{common.axis_unit(metric, unit)}]")

    handles = []
    if args.hue is not None:
        hunit = path_unit(result, args.hue)
        handles.append(Patch(visible=False, label=args.hue + (f" [{hunit}]" if hunit else "")))
        handles += [Line2D([], [], color=hue_colour[h], linewidth=1.8, marker="o", markersize=4,
                           label=value_text(h)) for h in hue_values]
    if rest and len(rest_values) > 1:
        handles.append(Patch(visible=False, label=", ".join(rest)))
        handles += [Line2D([], [], color="#555555", linestyle=styles[s % len(styles)] if numeric else "none",
                           marker=markers[s % len(markers)], markersize=4,
                           label=", ".join(value_text(v) for v in r))
                    for s, r in enumerate(rest_values)]
    if numeric:
        handles.append(Line2D([], [], color="#555555", linewidth=1.8, label="median"))
        handles.append(Patch(facecolor="#555555", alpha=0.25, linewidth=0,
                             label="90% interval (5\u201395%)") if nseries == 1 else
                       Line2D([], [], color="#555555", linewidth=0.8,
                              label="90% interval (5\u201395%): thin lines"))
    else:
        handles.append(Line2D([], [], color="#555555", marker="o", markersize=5, linestyle="none",
                              label="median"))
        handles.append(Line2D([], [], color="#555555", marker="|", markersize=10, linestyle="none",
                              label="90% interval (5\u201395%)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), alignment="left")
    extra = [f"{len(points)} of {int(a.get('sweep_size', npoints))} sweep points"
             if len(points) != int(a.get("sweep_size", npoints))
             else f"{len(points)} sweep points"]
    if args.where:
        extra.append("where " + ", ".join(args.where))
    # Files without the attribute were written when every point had its own seed.
    seeds = (f"seed {result.seed} at every point (common random numbers)"
             if int(a.get("common_random_numbers", 0)) == 1
             else f"base seed {result.seed} (each point its own derived seed)")
    caption = (f"Scenario {result.scenario_name} \u00b7 {result.samples} samples per point \u00b7 "
               f"{seeds} \u00b7 "
               + " \u00b7 ".join(extra) + " \u00b7 median and 90% interval over realizations")
    common.finish(fig, args, output, caption)
