"""Quantile tables (`scripts/table`, docs/outputs.md): median [5%, 95%] per
metric and year, from the file's summary/ group, rounded to 3 significant
figures, in CSV, LaTeX (booktabs) or Markdown.

Units: kg CO2e -> Mt CO2e (--unit changes it; --unit auto picks t, kt, Mt or
Gt per metric so that its largest median is at least 1), devices -> million
devices, kg (mass) -> kt; "/yr" marks yearly flows. The CSV table has the
metrics' human labels in its last column.
"""

import os

from . import results as tr

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
    out = [f"{describe(result)}. Units: {note}; /yr marks yearly flows.", "",
           "| metric | unit | " + " | ".join(str(y) for y in years) + " |",
           "| --- | --- | " + " | ".join("---:" for _ in years) + " |"]
    for m, unit, cells in rows:
        out.append(f"| {m} | {unit} | " + " | ".join(cell(cells[y]) for y in years) + " |")
    return "\n".join(out) + "\n"


def tex(text):
    for a, b in (("\\", "\\textbackslash{}"), ("_", "\\_"), ("%", "\\%"), ("&", "\\&"),
                 ("#", "\\#"), ("$", "\\$")):
        text = text.replace(a, b)
    return text


def tex_number(x):
    s = tr.format_sig(x)
    return "$-$" + s[1:] if s.startswith("-") else s


def render_latex(rows, years, result, note):
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
        out.append(f"    {tex(m)} & {unit_tex(unit)} & "
                   + " & ".join(cell(cells[y], tex_number) for y in years) + " \\\\")
    out += ["    \\bottomrule", "  \\end{tabular}", "\\end{table}"]
    return "\n".join(out) + "\n"
