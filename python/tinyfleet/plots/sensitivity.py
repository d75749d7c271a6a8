"""Sensitivity indices (`scripts/plot sensitivity`, docs/outputs.md) of one
output from the file of `tinyfleet sensitivity`: Sobol', Shapley effects,
Morris or given data (tornado chart)."""

import os

from .. import results as tr
from . import common, labels


SENSITIVITY_HINT = ("run `tinyfleet sensitivity SCENARIO.yaml -o FILE` (Sobol' or --method morris) "
                    "or `tinyfleet sensitivity --method spearman RUN.h5 -o FILE` first and plot FILE")
GIVEN_DATA = {"srrc": "Standardized rank regression coefficient (SRRC)",
              "spearman": "Spearman rank correlation",
              "src": "Standardized regression coefficient (SRC, on values)"}


def output_label(output):
    """'net@2030' -> ('net', 2030 or None, 'Net in 2030')."""
    metric, _, year = output.partition("@")
    text = common.metric_label(metric) + (f" in {year}" if year else "")
    return metric, year, text


def sensitivity_caption(a, extra):
    method = tr._text(a.get("method", ""))
    seed = f"seed {int(a.get('seed', 0))}"
    if method == "sobol":
        boot = int(a.get("bootstrap", 0))
        level = float(a.get("confidence_level", 0.95))
        what = (f"Sobol' indices, N = {int(a.get('base_samples', 0))} base samples "
                f"({int(a.get('model_runs', 0))} model runs) \u00b7 "
                + (f"{boot} bootstrap resamples, {level:.0%} intervals" if boot > 0
                   else "no bootstrap intervals (--bootstrap 0)"))
    elif method == "shapley":
        boot = int(a.get("bootstrap", 0))
        what = (f"Shapley effects, m = {int(a.get('permutations', 0))} permutations "
                f"({int(a.get('model_runs', 0))} model runs) \u00b7 "
                + (f"{boot} bootstrap resamples over permutations" if boot > 0
                   else "no bootstrap intervals (--bootstrap 0)"))
    elif method == "morris":
        what = (f"Morris, r = {int(a.get('base_samples', 0))} trajectories "
                f"({int(a.get('model_runs', 0))} model runs)")
    else:
        source = os.path.basename(tr._text(a.get("source_result", "")) or "a run")
        what = f"given data: {int(a.get('samples', 0))} samples of {source}"
        seed = f"seed {int(a.get('seed', 0))} (of the run)"
    return f"Scenario {a.get('scenario_name', '?')} \u00b7 {what} \u00b7 {seed}" + (f" \u00b7 {extra}" if extra else "")


def cmd_sensitivity(args):
    result = tr.open_result(args.input, (tr.FORMAT_NAME, tr.FORMAT_SENSITIVITY, tr.FORMAT_SWEEP))
    if result.format != tr.FORMAT_SENSITIVITY or "sensitivity" not in result.file:
        raise tr.DataError(f"{args.input}: this file has no sensitivity/ group; {SENSITIVITY_HINT}")
    g = result.file["sensitivity"]
    method = result.method
    need = {"sobol": ["first_order", "total_order"], "shapley": ["shapley_effect"], "morris": ["mu_star", "sigma"],
            "spearman": ["spearman", "srrc", "src"]}.get(method)
    if need is None:
        raise tr.DataError(f"{args.input}: unknown sensitivity method '{method}' (root attribute "
                           f"method; this script reads sobol, shapley, morris and spearman)")
    for name in ["parameter", "output"] + need:
        result.require(f"sensitivity/{name}", "the file is incomplete: re-run `tinyfleet sensitivity`")
    outputs = [tr._text(o) for o in g["output"][()]]
    if args.output_name is None:
        j = 0
    elif args.output_name in outputs:
        j = outputs.index(args.output_name)
    else:
        hint = (" (the figure file is set with -o FIG)"
                if args.output_name.lower().endswith(common.FIGURE_FORMATS) else "")
        raise tr.DataError(f"unknown output '{args.output_name}' (outputs in this file: "
                           f"{', '.join(outputs)}){hint}")
    if method == "spearman" and args.measure not in need:
        raise tr.DataError(f"--measure {args.measure}: not in this file (use {', '.join(need)})")
    if args.top < 0:
        raise tr.DataError(f"--top {args.top}: must be 0 (all) or more")
    output, size = common.prepare(args, "sensitivity")
    from ..dataset import open as open_dataset
    fig = sensitivity(open_dataset(args.input), outputs[j], args.top, args.measure, args.unit, args.title,
                      args.caption, size)
    common.finish(fig, args, output)


def sensitivity(ds, output=None, top=20, measure="srrc", unit="Mt", title=None, caption=None, size=None):
    """Sensitivity figure of one output (default the first) of a Dataset of
    a `tinyfleet sensitivity` file (tinyfleet.open); the method is its
    attribute `method`. Figure with the numbers drawn in `fig.tinyfleet_data`."""
    import numpy as np

    method = tr._text(ds.attrs.get("method", ""))
    params = [tr._text(p) for p in ds["parameter"].values]
    outputs = [tr._text(o) for o in ds["output"].values]
    out_units = ([tr._text(u) for u in ds["output_units"].values] if "output_units" in ds.variables
                 else [""] * len(outputs))
    j = 0 if output is None else outputs.index(output)
    g = {name[len("sensitivity_"):]: ds[name] for name in ds.variables if name.startswith("sensitivity_")}
    out = outputs[j]
    metric, year, out_text = output_label(out)
    if "output_label" in ds.variables:  # the file's "Net emissions, 2030" (files before labels: derived)
        out_text = tr._text(ds["output_label"].values[j]).replace(f", {year}", f" in {year}") or out_text
    col = lambda name: np.asarray(g[name].transpose("parameter", "output").values[:, j], dtype=float)  # noqa: E731
    if method == "sobol":
        rank_by = col("total_order")
    elif method == "shapley":
        rank_by = col("shapley_effect")
    elif method == "morris":
        rank_by = col("mu_star")
    else:
        rank_by = np.abs(col(measure))
    order = sorted(range(len(params)), key=lambda i: -np.nan_to_num(rank_by[i], nan=-np.inf))
    shown = order if top == 0 else order[:top]
    hidden = len(params) - len(shown)
    y = np.arange(len(shown))[::-1].astype(float)  # largest at the top
    tick_labels = [labels.parameter_label(ds, params[i]) for i in shown]

    fig, axes = common.begin(size, common.DEFAULT_INCHES)
    ax = axes[0][0]
    ax.grid(axis="y", visible=False)
    ok = common.OKABE_ITO
    notes = []
    if method == "sobol":
        boot = int(ds.attrs.get("bootstrap", 0))
        level = float(ds.attrs.get("confidence_level", 0.95))
        h = 0.38
        for k, (name, label, colour, dy) in enumerate((
                ("first_order", "First order $S_i$", ok["blue"], h / 2),
                ("total_order", "Total order $S_{Ti}$", ok["vermillion"], -h / 2))):
            v = col(name)[shown]
            xerr = None
            if boot > 0 and f"{name}_low" in g and f"{name}_high" in g:
                lo, hi = col(f"{name}_low")[shown], col(f"{name}_high")[shown]
                xerr = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
                label += f" ({level:.0%} interval)"
            ax.barh(y + dy, v, h, color=colour, label=label, xerr=xerr,
                    error_kw={"ecolor": "#333333", "elinewidth": 0.8, "capsize": 2})
        ax.set_xlabel("Sobol' index (share of output variance, dimensionless)")
        ax.axvline(0, color="#333333", linewidth=0.7)
        ax.axvline(1, color="#999999", linewidth=0.7, linestyle=":")
        if hidden:
            notes.append(f"{hidden} more parameters with smaller $S_{{Ti}}$ not shown")
        rank = "ranked by total order"
    elif method == "shapley":
        v = col("shapley_effect")[shown]
        xerr, label = None, "Shapley effect $Sh_i$"
        if "shapley_effect_low" in g and "shapley_effect_high" in g:
            lo, hi = col("shapley_effect_low")[shown], col("shapley_effect_high")[shown]
            xerr = np.vstack([np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)])
            label += f" ({float(ds.attrs.get('confidence_level', 0.95)):.0%} interval)"
        ax.barh(y, v, 0.6, color=ok["bluish_green"], label=label,
                xerr=xerr, error_kw={"ecolor": "#333333", "elinewidth": 0.8, "capsize": 2})
        ax.set_xlabel("Shapley effect (share of output variance, dependent inputs included; sum 1)")
        ax.axvline(0, color="#333333", linewidth=0.7)
        ax.axvline(1, color="#999999", linewidth=0.7, linestyle=":")
        if hidden:
            notes.append(f"{hidden} more parameters with smaller $Sh_i$ not shown")
        rank = "ranked by Shapley effect"
    elif method == "morris":
        divisor, unit = tr.display_unit(out_units[j], unit)
        h = 0.38
        mu_star, sigma, mu = col("mu_star")[shown], col("sigma")[shown], None
        ax.barh(y + h / 2, mu_star / divisor, h, color=ok["blue"], label="$\\mu^*$ (mean |elementary effect|)")
        ax.barh(y - h / 2, sigma / divisor, h, color=ok["sky_blue"], label="$\\sigma$ (sd of elementary effects)")
        if "mu" in g:
            mu = col("mu")[shown]
            ax.plot(mu / divisor, y + h / 2, linestyle="none", marker="|", markersize=9,
                    markeredgewidth=1.6, color="black", label="$\\mu$ (signed mean)")
            ax.axvline(0, color="#333333", linewidth=0.7)
        ax.set_xlabel(f"Elementary effect of {out_text} [{common.axis_unit(metric, unit)}, per unit of "
                      f"quantile]" if unit else f"Elementary effect of {out_text} (per unit of quantile)")
        if hidden:
            notes.append(f"{hidden} more parameters with smaller $\\mu^*$ not shown")
        rank = "ranked by $\\mu^*$"
    else:
        v = col(measure)[shown]
        colours = [ok["vermillion"] if x > 0 else ok["blue"] for x in v]
        ax.barh(y, v, 0.6, color=colours)
        from matplotlib.patches import Patch
        ax.legend(handles=[Patch(color=ok["vermillion"], label=f"raises {out_text}"),
                           Patch(color=ok["blue"], label=f"lowers {out_text}")],
                  loc="lower right")
        ax.axvline(0, color="#333333", linewidth=0.8)
        lim = max(0.05, float(np.nanmax(np.abs(v))) if len(v) else 1.0) * 1.08
        ax.set_xlim(-lim, lim)
        ax.set_xlabel(f"{GIVEN_DATA[measure]} (dimensionless)")
        r2 = []
        if "r2_ranks" in g:
            r2.append(f"R$^2$ ranks {float(g['r2_ranks'].values[j]):.2f}")
        if "r2_values" in g:
            r2.append(f"values {float(g['r2_values'].values[j]):.2f}")
        if r2:
            notes.append("regression " + ", ".join(r2))
        if hidden:
            notes.append(f"{hidden} more parameters with smaller |{measure.upper()}| not shown")
        rank = f"tornado, ranked by |{measure.upper()}|"
    ax.set_yticks(y, tick_labels)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    ax.set_ylabel("Global parameter")
    if method != "spearman":
        ax.legend(loc="lower right")
    heading = out_text  # the axes' title; `title` (--title) goes above the figure
    if method in ("sobol", "shapley") and "output_mean" in g and "output_variance" in g:
        divisor, unit = tr.display_unit(out_units[j], unit)
        mean, var = float(g["output_mean"].values[j]), float(g["output_variance"].values[j])
        unit = common.axis_unit(metric, unit) if year else common.tex_unit(unit)
        heading = (f"{out_text}: mean {tr.format_sig(mean / divisor)}, sd "
                   f"{tr.format_sig(np.sqrt(max(var, 0)) / divisor)} {unit}")
    ax.set_title(f"{heading} \u00b7 {rank}", loc="left")
    measures = {"sobol": ["first_order", "total_order"], "morris": ["mu_star", "sigma"],
                "shapley": [m for m in ("shapley_effect", "shapley_effect_low", "shapley_effect_high") if m in g]
                }.get(method, [measure])
    rows = [[params[i], text, *(col(m)[i] for m in measures)] for i, text in zip(shown, tick_labels)]
    return common.end(fig, caption, sensitivity_caption(ds.attrs, " \u00b7 ".join(notes)), title,
                      ["parameter", "label", *measures], rows)
