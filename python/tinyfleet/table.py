"""Quantile tables (`scripts/table`, docs/outputs.md): median [5%, 95%] per
metric and year, from the file's summary/ group, rounded to 3 significant
figures, in CSV, LaTeX (booktabs) or Markdown.

Units: kg CO2e -> Mt CO2e (--unit changes it; --unit auto picks t, kt, Mt or
Gt per metric so that its largest median is at least 1), devices -> million
devices, kg (mass) -> kt; "/yr" marks yearly flows.

Labels: the Markdown and LaTeX tables (made to be read) name metrics,
parameters, outputs and swept settings by their human labels, LaTeX-escaped;
the CSV tables (made to be parsed) keep the identifiers (the run table's
adds a label column). Files written before labels get the derived ones.
"""

import os

from . import results as tr
from .plots.labels import humanize, metric_label, path_label

LEVELS = (0.05, 0.5, 0.95)
FORMATS = {"csv": ".csv", "latex": ".tex", "markdown": ".md"}


def default_years(years):
    """Years divisible by 5 in the run, and its last year."""
    chosen = [y for y in years if y % 5 == 0]
    if not chosen or chosen[-1] != years[-1]:
        chosen.append(years[-1])
    return chosen


def parse_years(text, years):
    if text is None:
        return default_years(years)
    chosen = []
    for t in tr.parse_list(text):
        try:
            y = int(t)
        except ValueError:
            raise tr.DataError(f"--years: '{t}' is not a year")
        if y not in years:
            raise tr.DataError(f"--years: {y} is not in this result (years {years[0]}-{years[-1]})")
        chosen.append(y)
    if not chosen:
        raise tr.DataError("--years is empty")
    return chosen


def table_unit(metric, unit):
    if unit.endswith("/yr") or metric in tr.STOCK_METRICS:
        return unit
    return f"{unit}/yr"


def auto_co2_unit(largest_kg):
    """The largest CO2e unit in which `largest_kg` is at least 1 (kg below 1 kg)."""
    for name, divisor in sorted(tr.CO2_UNITS.items(), key=lambda item: -item[1]):
        if abs(largest_kg) >= divisor:
            return name
    return "kg"


def collect(result, metrics, years, co2_unit):
    """Rows: (metric, unit, {year: (median, q05, q95)}) in display units,
    rounded to 3 significant figures (as floats)."""
    result.require("summary", "re-run the scenario with `tinyfleet run`")
    file_years = ([int(y) for y in result.file["summary/year"][()]]
                  if "summary/year" in result.file else result.years)
    rows = []
    for m in metrics:
        q = result.summary_quantiles(m, LEVELS)
        chosen = co2_unit
        if co2_unit == "auto":
            chosen = auto_co2_unit(max(abs(q[0.5][file_years.index(y)]) for y in years))
        divisor, unit = tr.display_unit(result.units(m), chosen)
        cells = {}
        for y in years:
            i = file_years.index(y)
            cells[y] = tuple(tr.round_sig(q[level][i] / divisor) for level in (0.5, 0.05, 0.95))
        rows.append((m, table_unit(m, unit), cells))
    return rows


def labels(result, rows):
    """{metric: its human label} for the metrics of `rows`."""
    return {m: result.label(m) for m, _, _ in rows}


def units_note(rows, co2_unit):
    seen = {unit.split("/")[0] for _, unit, _ in rows}
    notes = []
    for unit in sorted(seen):
        prefix = unit.split(" ")[0]
        if unit.endswith("CO2e") and tr.CO2_UNITS.get(prefix, 1) != 1:
            notes.append(f"{unit} = kg CO2e / {tr.CO2_UNITS[prefix]:.0e}".replace("e+0", "e"))
        elif unit == "million devices":
            notes.append("million devices = devices / 1e6")
        elif unit == "kt":
            notes.append("kt = kg / 1e6")
    return "; ".join(notes)


def cell(values, fmt=tr.format_sig):
    median, low, high = values
    return f"{fmt(median)} [{fmt(low)}, {fmt(high)}]"


def render_csv(rows, years, result):
    import csv
    import io

    label = labels(result, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "unit", "year", "median", "q05", "q95", "label"])
    for m, unit, cells in rows:
        for y in years:
            median, low, high = cells[y]
            writer.writerow([m, unit, str(y)] + [tr.format_sig(v) for v in (median, low, high)] + [label[m]])
    lines = out.getvalue().splitlines()
    return "\n".join(lines) + "\n"


def describe(result):
    return (f"Median [5%, 95%] over {result.samples} realizations; scenario "
            f"{result.scenario_name}, seed {result.seed}")


def render_markdown(rows, years, result, note):
    label = labels(result, rows)
    out = [f"{describe(result)}. Units: {note}; /yr marks yearly flows.", "",
           "| metric | unit | " + " | ".join(str(y) for y in years) + " |",
           "| --- | --- | " + " | ".join("---:" for _ in years) + " |"]
    for m, unit, cells in rows:
        out.append(f"| {md(label[m])} | {unit} | " + " | ".join(cell(cells[y]) for y in years) + " |")
    return "\n".join(out) + "\n"


def md(text):
    """Text for a Markdown table cell: '|' would end the cell."""
    return str(text).replace("|", "\\|")


TEX_SPECIAL = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "_": "\\_", "%": "\\%", "&": "\\&",
               "#": "\\#", "$": "\\$", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}"}


def tex(text):
    """Text for LaTeX: its special characters escaped, in one pass."""
    return "".join(TEX_SPECIAL.get(ch, ch) for ch in str(text))


def tex_number(x):
    s = tr.format_sig(x)
    return "$-$" + s[1:] if s.startswith("-") else s


def render_latex(rows, years, result, note):
    label = labels(result, rows)
    unit_tex = lambda u: tex(u).replace("CO2e", "CO$_2$e")  # noqa: E731
    out = [f"% Written by scripts/table from {tex(os.path.basename(result.path))}; "
           "needs \\usepackage{booktabs}.",
           "\\begin{table}",
           "  \\centering",
           f"  \\caption{{{tex(describe(result))}. Units: {unit_tex(note)}; /yr marks yearly flows.}}",
           "  \\begin{tabular}{ll" + "r" * len(years) + "}",
           "    \\toprule",
           "    Metric & Unit & " + " & ".join(str(y) for y in years) + " \\\\",
           "    \\midrule"]
    for m, unit, cells in rows:
        out.append(f"    {tex(label[m])} & {unit_tex(unit)} & "
                   + " & ".join(cell(cells[y], tex_number) for y in years) + " \\\\")
    out += ["    \\bottomrule", "  \\end{tabular}", "\\end{table}"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Sensitivity and sweep files: one grid of text cells, in the three formats
# --------------------------------------------------------------------------

# Per method: the variable the rows are sorted by (largest first; by
# magnitude for signed measures) and the columns, each "estimate [low, high]"
# when the file has the interval's bounds.
SENSITIVITY_COLUMNS = {
    "sobol": ("total_order", False, [("first_order", "S"), ("total_order", "ST")]),
    "shapley": ("shapley_effect", False, [("shapley_effect", "Sh")]),
    "morris": ("mu_star", False, [("mu_star", "mu*"), ("sigma", "sigma"), ("mu", "mu")]),
    "spearman": ("srrc", True, [("spearman", "Spearman"), ("srrc", "SRRC"), ("src", "SRC")]),
}


def _grid_csv(head, rows):
    quote = lambda t: f'"{t}"' if ("," in t or '"' in t) else t  # noqa: E731
    return "\n".join(",".join(quote(str(c)) for c in line) for line in [head] + rows) + "\n"


def _grid_markdown(caption, head, rows, text_columns):
    out = [caption, "", "| " + " | ".join(head) + " |",
           "| " + " | ".join("---" if k < text_columns else "---:" for k in range(len(head))) + " |"]
    out += ["| " + " | ".join(str(c) for c in line) + " |" for line in rows]
    return "\n".join(out) + "\n"


def _grid_latex(caption, head, rows, path, text_columns):
    out = [f"% Written by scripts/table from {tex(os.path.basename(path))}; needs \\usepackage{{booktabs}}.",
           "\\begin{table}", "  \\centering", f"  \\caption{{{tex(caption)}}}",
           "  \\begin{tabular}{" + "l" * text_columns + "r" * (len(head) - text_columns) + "}", "    \\toprule",
           "    " + " & ".join(tex(h) for h in head) + " \\\\", "    \\midrule"]
    out += ["    " + " & ".join(tex(str(c)).replace("-", "$-$") if k >= text_columns else tex(str(c))
                              for k, c in enumerate(line)) + " \\\\" for line in rows]
    out += ["    \\bottomrule", "  \\end{tabular}", "\\end{table}"]
    return "\n".join(out) + "\n"


def render_grid(fmt, caption, head, rows, path, text_columns, csv_head, csv_rows):
    """A table of text cells (the first text_columns left-aligned); CSV gets
    its own machine-readable head and rows, one number per column."""
    if fmt == "csv":
        return _grid_csv(csv_head, csv_rows)
    if fmt == "latex":
        return _grid_latex(caption, head, rows, path, text_columns)
    return _grid_markdown(caption, head, rows, text_columns)


def _index_cell(g, name, i, j):
    v = float(g[name][i, j])
    if f"{name}_low" in g and f"{name}_high" in g:
        return (f"{v:.3f} [{float(g[name + '_low'][i, j]):.3f}, {float(g[name + '_high'][i, j]):.3f}]",
                [v, float(g[name + "_low"][i, j]), float(g[name + "_high"][i, j])])
    return tr.format_sig(v), [v]


def sensitivity_table(result, fmt, outputs=None):
    """Indices of each output, parameters sorted by the method's ranking
    measure, with intervals; groups (--groups) follow their parameters."""
    if "sensitivity" not in result.file:
        raise tr.DataError(f"{result.path}: this file has no sensitivity/ group; run `tinyfleet sensitivity` again")
    g = result.file["sensitivity"]
    method = result.method
    if method not in SENSITIVITY_COLUMNS:
        raise tr.DataError(f"{result.path}: unknown sensitivity method '{method}' (this script reads "
                           f"{', '.join(SENSITIVITY_COLUMNS)})")
    key, signed, columns = SENSITIVITY_COLUMNS[method]
    columns = [(n, label) for n, label in columns if n in g]
    params = [tr._text(p) for p in g["parameter"][()]]
    names = [tr._text(o) for o in g["output"][()]]
    chosen = names if outputs is None else outputs
    for o in chosen:
        if o not in names:
            raise tr.DataError(f"--metrics: unknown output '{o}' (outputs in this file: {', '.join(names)})")
    groups = [tr._text(n) for n in g["group"][()]] if "group" in g and "group_total_order" in g else []
    head = ["output", "parameter"] + [label for _, label in columns]
    csv_head = ["output", "parameter"]
    for name, label in columns:
        csv_head += [name] + ([f"{name}_low", f"{name}_high"] if f"{name}_low" in g else [])
    rows, csv_rows = [], []
    # Human labels for the Markdown and LaTeX tables; files before labels: derived.
    param_text = ([tr._text(t) for t in g["parameter_label"][()]] if "parameter_label" in g
                  else [humanize(p) for p in params])
    output_text = ([tr._text(t) for t in g["output_label"][()]] if "output_label" in g
                   else [f"{metric_label(o.partition('@')[0])}, {o.partition('@')[2]}" for o in names])
    for o in chosen:
        j = names.index(o)
        measure = [float(g[key][i, j]) for i in range(len(params))]
        order = sorted(range(len(params)), key=lambda i: -(abs(measure[i]) if signed else measure[i]))
        entries = [(params[i], param_text[i], [_index_cell(g, n, i, j) for n, _ in columns]) for i in order]
        if groups:
            gorder = sorted(range(len(groups)), key=lambda i: -float(g["group_total_order"][i, j]))
            entries += [(f"group {groups[i]}", f"group {groups[i]}",
                         [_index_cell(g, "group_" + n, i, j) for n, _ in columns]) for i in gorder]
        for name, text, cells in entries:
            rows.append([output_text[j], text] + [c[0] for c in cells])
            csv_rows.append([o, name] + [tr.format_sig(v) if method in ("morris", "spearman") else f"{v:.6g}"
                                         for c in cells for v in c[1]])
    a = result.file.attrs
    caption = (f"{method} indices of scenario {result.scenario_name} (seed {result.seed}, "
               f"N = {int(a.get('base_samples', a.get('samples', 0)))}"
               + (f", {int(a['model_runs'])} model runs" if "model_runs" in a else "")
               + "); rows sorted by " + (f"|{key}|" if signed else key)
               + (", 95% bootstrap intervals" if any(f"{n}_low" in g for n, _ in columns) else "") + ".")
    return render_grid(fmt, caption, head, rows, result.path, 2, csv_head, csv_rows)


def sweep_table(result, fmt, metrics, years, co2_unit):
    """Median [5%, 95%] of each metric (rows) at each sweep point (columns), per year."""
    f = result.file
    if "summary" not in f or "sweep_point" not in f:
        raise tr.DataError(f"{result.path}: no summary/ group or sweep_point coordinate; run `tinyfleet sweep` again")
    points = [int(p) for p in f["sweep_point"][()]]
    paths = [p for p in tr._text(f.attrs.get("sweep_paths", "")).split(",") if p and p in f]
    label = lambda k: ", ".join(f"{path_label(f, p)} = "  # noqa: E731
                                f"{tr._text(f[p][k]) if f[p].dtype.kind in 'SOU' else tr.format_sig(float(f[p][k]))}"
                                for p in paths) or f"point {points[k]}"
    levels = [float(q) for q in f["summary/quantile"][()]]
    file_years = [int(y) for y in f["summary/year"][()]] if "summary/year" in f else [int(y) for y in f["year"][()]]
    head = ["metric", "unit", "year"] + [f"point {p}: {label(k)}" for k, p in enumerate(points)]
    csv_head = ["metric", "unit", "year", "sweep_point", "median", "q05", "q95"]
    rows, csv_rows = [], []
    for m in metrics:
        if f"summary/{m}" not in f:
            raise tr.DataError(f"--metrics: '{m}' is not in {result.path}")
        data = f[f"summary/{m}"]
        divisor, unit = tr.display_unit(result.units(m), co2_unit)  # format 1 and 2 alike
        unit = table_unit(m, unit)
        for y in years:
            t = file_years.index(y)
            cells = []
            for k in range(len(points)):
                v = tuple(tr.round_sig(float(data[k, levels.index(q), t]) / divisor) for q in (0.5, 0.05, 0.95))
                cells.append(cell(v))
                csv_rows.append([m, unit, y, points[k]] + [tr.format_sig(x) for x in v])
            rows.append([result.label(m), unit, y] + cells)
    caption = (f"Median [5%, 95%] over {result.samples} realizations per sweep point; scenario "
               f"{result.scenario_name}, seed {result.seed}; /yr marks yearly flows.")
    return render_grid(fmt, caption, head, rows, result.path, 2, csv_head, csv_rows)
