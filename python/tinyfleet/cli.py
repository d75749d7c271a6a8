"""The command lines of scripts/plot and scripts/table (docs/outputs.md).

  scripts/plot bands RESULT.h5 [--metrics emissions_total,offsets,net] [--by-class] [--logy] [-o FIG.png|pdf|svg]
  scripts/plot breakdown POINT.json [--by block|stage] [-o FIG]
  scripts/plot payback RESULT.h5 [-o FIG]
  scripts/plot sensitivity SENS.h5 [--output METRIC@YEAR] [--top N] [-o FIG]
  scripts/plot sweep SWEEP.h5 --x PATH [--hue PATH] [--metric M] [--year Y] [--logy] [-o FIG]
  every figure: [--data NUMBERS.csv] [--title TEXT] [--caption TEXT] [--size WxH] [--dpi N]
  scripts/table RESULT.h5 [--format csv|latex|markdown] [--years 2025,2030,2035]
                          [--metrics emissions_total,net] [--unit Mt] [-o FILE]

Exit codes: 0 written (the path is printed; a table without -o goes to
standard output), 2 bad usage, missing data or a damaged input file
(one-line message), 1 an output that cannot be written (one-line message) or
anything else. `plot_main()` and `table_main()` are what scripts/plot and scripts/table call;
installed, the same commands are `tinyfleet-plot` and `tinyfleet-table`.
Runs with Debian's /usr/bin/python3 (python3-matplotlib, python3-h5py,
python3-numpy; the figures also python3-xarray and python3-netcdf4: each
command checks its file with h5py, then draws the Dataset of
tinyfleet.open with the functions of tinyfleet.plot).
"""

import argparse
import functools
import os
import sys

from . import output
from .dependencies import missing_message
from . import results as tr
from . import table
from .plots import bands, breakdown, common, payback, sensitivity, sweep

PLOT_PROG = "scripts/plot"
TABLE_PROG = "scripts/table"


def run_main(prog, main, argv=None):
    """Calls main(argv); DataError -> 'prog: error: message' and exit 2;
    OutputError (the output could not be written) -> the same, exit 1."""
    try:
        main(argv)
    except tr.DataError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except output.OutputError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        sys.exit(1)
    except BrokenPipeError:  # e.g. `scripts/table ... | head`
        sys.exit(0)
    except ImportError as e:  # numpy, h5py, matplotlib, ... not installed for this Python
        print(f"{prog}: error: {missing_message(e, prog)}", file=sys.stderr)
        sys.exit(1)


# --------------------------------------------------------------------------
# scripts/plot
# --------------------------------------------------------------------------

def figure_options(p, metavar, input_help, long_output=True):
    p.add_argument("input", metavar=metavar, help=input_help)
    p.add_argument("-o", *(["--output"] if long_output else ["--figure"]), dest="output", metavar="FIG",
                   help="output file; the extension (.png, .pdf, .svg) sets the format "
                        "(default: next to the input, <stem>_<command>.png)")
    p.add_argument("--size", metavar="WxH",
                   help=f"figure size in inches (default {common.DEFAULT_SIZE}, larger for bands "
                        f"--by-class with many panels; with the default --dpi an 8x5 PNG is "
                        f"1200x750 pixels)")
    p.add_argument("--dpi", type=int, default=common.DEFAULT_DPI,
                   help=f"PNG resolution in dots per inch (default {common.DEFAULT_DPI})")
    p.add_argument("--caption", metavar="TEXT",
                   help="replace the caption line under the figure ('' for none)")
    p.add_argument("--title", metavar="TEXT", help="a title above the figure (default: none)")
    p.add_argument("--data", metavar="FILE.csv",
                   help="also write the numbers drawn, as CSV (docs/outputs.md lists the columns)")


def logy_option(p):
    p.add_argument("--logy", action="store_true",
                   help="logarithmic y axis (panels whose values reach zero or below stay linear)")


def unit_option(p, default="auto"):
    choices = (["auto"] if default == "auto" else []) + list(tr.CO2_UNITS)
    p.add_argument("--unit", default=default, choices=choices,
                   help=f"unit of kg CO2e values (default {default}"
                        + (": t, kt, Mt or Gt, whichever keeps the numbers drawn at 1 or more)"
                           if default == "auto" else ")"))


def plot_parser(prog=PLOT_PROG):
    ap = argparse.ArgumentParser(
        prog=prog,
        description="Publication figures from tinyfleet result files (docs/outputs.md). "
                    "Exit codes: 0 written (the path is printed), 2 bad usage or missing data.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("bands", help="fan chart over years: median, 50%% and 90%% intervals",
                       description="Fan chart over years: median line, 50% and 90% intervals "
                       "over realizations, one panel per metric, each with its own y axis. "
                       "Fleet totals come from summary/ (samples/ when needed), "
                       "--by-class draws one column of panels per class from by_class/.")
    figure_options(p, "RESULT.h5", "result file of `tinyfleet run`")
    p.add_argument("--metrics", metavar="LIST",
                   help="comma-separated metrics (default emissions_total,offsets,net)")
    p.add_argument("--by-class", action="store_true",
                   help="one column of panels per device class (the default size grows with the panels)")
    unit_option(p)
    logy_option(p)
    p.set_defaults(func=bands.cmd_bands)

    p = sub.add_parser("breakdown", help="stacked bars: kg CO2e per device by block, per class",
                       description="Stacked bars of kg CO2e per device by block (or by "
                       "life-cycle stage) for each class, from the JSON of `tinyfleet point "
                       "SCENARIO.yaml --json`. Result files (.h5) hold no per-block values yet: "
                       "given one, the command exits 2 and says what to run.")
    figure_options(p, "POINT.json", "output of `tinyfleet point SCENARIO.yaml --json`")
    p.add_argument("--by", choices=["block", "stage"], default="block",
                   help="stack by block (default) or by life-cycle stage")
    p.set_defaults(func=breakdown.cmd_breakdown)

    p = sub.add_parser("payback", help="distribution of device carbon payback time per class",
                       description="Distribution over realizations of the device carbon payback "
                       "time per class (payback/years): ECDF per class, and the share of "
                       "realizations that never pay back as separate bars.")
    figure_options(p, "RESULT.h5", "result file of `tinyfleet run`")
    p.add_argument("--xscale", choices=["auto", "log", "linear"], default="auto",
                   help="payback-time axis (default auto: log when values span > 30x)")
    p.set_defaults(func=payback.cmd_payback)

    p = sub.add_parser("sensitivity", help="global sensitivity indices of one output",
                       description="Sensitivity indices of one output (metric@year) from the "
                       "file of `tinyfleet sensitivity`; the method is the file's root attribute "
                       "method. sobol: ranked horizontal bars of first- and total-order indices "
                       "with their bootstrap intervals; morris: mu* and sigma (mu as a marker); "
                       "spearman: tornado chart of SRRC (or --measure), bars left or right of zero.")
    figure_options(p, "SENS.h5", "file of `tinyfleet sensitivity`", long_output=False)
    p.add_argument("--output", dest="output_name", metavar="METRIC@YEAR",
                   help="which output of the file (default: the first); the figure file is -o")
    p.add_argument("--top", type=int, default=20, metavar="N",
                   help="show the N highest-ranked parameters (default 20; 0: all)")
    p.add_argument("--measure", choices=list(sensitivity.GIVEN_DATA), default="srrc",
                   help="spearman files: coefficient of the tornado chart (default srrc)")
    p.add_argument("--unit", default="Mt", choices=list(tr.CO2_UNITS),
                   help="unit of kg CO2e outputs (Morris effects, Sobol' output mean; default Mt)")
    p.set_defaults(func=sensitivity.cmd_sensitivity)

    p = sub.add_parser("sweep", help="an output's median and 90%% interval across sweep points",
                       description="Median and 90% interval (5-95%) of one metric in one year "
                       "across the points of a sweep (file of `tinyfleet sweep`), against the "
                       "swept setting --x; one line (colour) per --hue value. Swept paths that "
                       "are neither --x nor --hue nor fixed with --where get a line style each.")
    figure_options(p, "SWEEP.h5", "file of `tinyfleet sweep`")
    p.add_argument("--x", required=True, metavar="PATH", help="swept path on the x axis")
    p.add_argument("--hue", metavar="PATH", help="swept path shown by colour (one line per value)")
    p.add_argument("--metric", default="net", metavar="M", help="metric (default net)")
    p.add_argument("--year", type=int, metavar="Y", help="year (default: the last of the run)")
    p.add_argument("--where", action="append", metavar="PATH=VALUE",
                   help="keep only the points with this setting (repeatable)")
    p.add_argument("--xscale", choices=["auto", "log", "linear"], default="auto",
                   help="numeric x axis (default auto: log when values span > 30x)")
    unit_option(p)
    logy_option(p)
    p.set_defaults(func=sweep.cmd_sweep)
    return ap


def plot_command(argv=None, prog=PLOT_PROG):
    args = plot_parser(prog).parse_args(argv)
    with tr.reading(args.input):
        args.func(args)


# --------------------------------------------------------------------------
# scripts/table
# --------------------------------------------------------------------------

def table_parser(prog=TABLE_PROG):
    ap = argparse.ArgumentParser(
        prog=prog,
        description="Quantile table of a tinyfleet result file: median [5%, 95%] over "
                    "realizations per metric and year, from summary/, rounded to 3 significant "
                    "figures. Units: kg CO2e -> Mt CO2e, devices -> million devices, kg -> kt. "
                    "Exit codes: 0 written, 2 bad usage or missing data.")
    ap.add_argument("input", metavar="RESULT.h5",
                    help="result file of `tinyfleet run`; or a sensitivity file (indices with intervals per "
                         "output, sorted) or a sweep file (metric x point, at the last year or --years)")
    ap.add_argument("--format", choices=list(table.FORMATS),
                    help="output format (default: from the -o extension .csv/.tex/.md, any other "
                         "extension is refused; markdown on standard output)")
    ap.add_argument("--years", metavar="LIST",
                    help="comma-separated years (default: those divisible by 5, and the last year)")
    ap.add_argument("--metrics", metavar="LIST",
                    help="comma-separated metrics (default: all, in the file's order; sweep files: net, "
                         "cumulative_net); for a sensitivity file, the outputs (metric@year) to show")
    ap.add_argument("--unit", default="Mt", choices=list(tr.CO2_UNITS) + ["auto"],
                    help="unit of kg CO2e metrics (default Mt: megatonnes; auto: t, kt, Mt or Gt per metric, "
                         "whichever shows its largest median as at least 1)")
    ap.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    return ap


def table_command(argv=None, prog=TABLE_PROG):
    args = table_parser(prog).parse_args(argv)
    if args.output:
        output.check(args.output, [args.input])
    fmt = args.format
    if fmt is None and args.output:
        # The extension names the format; an unknown one (.xlsx, .txt) would
        # otherwise get Markdown under a name that promises something else.
        ext = os.path.splitext(args.output)[1].lower()
        fmt = next((f for f, e in table.FORMATS.items() if e == ext), None)
        if fmt is None:
            known = ", ".join(table.FORMATS.values())
            what = f"unknown table extension '{ext}'" if ext else "no table extension"
            raise tr.DataError(f"{args.output}: {what} (known: {known}); "
                               f"use one of them or give --format {'|'.join(table.FORMATS)}")
    fmt = fmt or "markdown"
    with tr.reading(args.input):
        text = _table_text(args, fmt)
    if args.output:
        output.write_atomic(args.output, lambda tmp: _write_text(tmp, text))
        print(args.output)
    else:
        sys.stdout.write(text)


def _table_text(args, fmt):
    result = tr.open_result(args.input, (tr.FORMAT_NAME, tr.FORMAT_SENSITIVITY, tr.FORMAT_SWEEP))
    if result.format == tr.FORMAT_SENSITIVITY:
        return table.sensitivity_table(result, fmt, tr.parse_list(args.metrics) if args.metrics else None)
    if result.format == tr.FORMAT_SWEEP:
        metrics = tr.parse_list(args.metrics) if args.metrics else ["net", "cumulative_net"]
        years = table.parse_years(args.years, result.years) if args.years else [result.years[-1]]
        return table.sweep_table(result, fmt, metrics, years, args.unit)
    metrics = tr.parse_metrics(args.metrics, result.metrics, result.metrics)
    result.check_metrics(metrics)
    years = table.parse_years(args.years, result.years)
    rows = table.collect(result, metrics, years, args.unit)
    note = table.units_note(rows, args.unit)
    if fmt == "csv":
        return table.render_csv(rows, years, result)
    if fmt == "latex":
        return table.render_latex(rows, years, result, note)
    return table.render_markdown(rows, years, result, note)


def _write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------

def plot_main(argv=None, prog=PLOT_PROG):
    """scripts/plot: plot_command, with DataError as a one-line message and exit 2."""
    run_main(prog, functools.partial(plot_command, prog=prog), argv)


def table_main(argv=None, prog=TABLE_PROG):
    """scripts/table: table_command, with DataError as a one-line message and exit 2."""
    run_main(prog, functools.partial(table_command, prog=prog), argv)


def installed_plot():
    """The console script tinyfleet-plot (pip install)."""
    plot_main(prog="tinyfleet-plot")


def installed_table():
    """The console script tinyfleet-table (pip install)."""
    table_main(prog="tinyfleet-table")
