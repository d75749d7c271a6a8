#!/usr/bin/env bash
# End to end: scripts/plot and scripts/table (docs/outputs.md) on a real
# result file and point JSON (every figure in PNG, PDF and SVG), on
# sensitivity files of the three methods and a sweep file (PNG and PDF or
# SVG, their ranking and captions checked), the PNG's
# pixel size, table values equal to the file's summary/ quantiles after the
# same rounding, and exit 2 with a one-line message for a wrong file, a
# missing group and an unknown metric.
set -uo pipefail
bin="$1"; src="$2"
source "$src/tests/lib/expect.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
plot="$src/scripts/plot"; table="$src/scripts/table"; py=/usr/bin/python3

"$bin" run "$src/tests/data/small.yaml" -q -o "$work/small.h5" || fail "tinyfleet run"
"$bin" point "$src/scenarios/paper_devices.yaml" --json > "$work/point.json" || fail "tinyfleet point"
# Sensitivity files of the three methods and a small sweep (about 3 s together).
gb="$src/scenarios/global_baseline.yaml"
# Sanitizer builds (TINYFLEET_E2E_LIGHT, tests/CMakeLists.txt): fewer representative devices.
light=(); [ -n "${TINYFLEET_E2E_LIGHT:-}" ] && light=(--set run.cohort_devices=16)
"$bin" sensitivity "$gb" "${light[@]}" --outputs net@2030 cumulative_net@2035 --base-samples 64 --bootstrap 50 -q \
  -o "$work/sobol.h5" >/dev/null || fail "tinyfleet sensitivity (sobol)"
"$bin" sensitivity "$gb" "${light[@]}" --method morris --base-samples 8 --outputs net@2030 -q \
  -o "$work/morris.h5" >/dev/null || fail "tinyfleet sensitivity --method morris"
"$bin" run "$gb" "${light[@]}" --samples 200 -q -o "$work/gb.h5" || fail "tinyfleet run (global_baseline)"
"$bin" sensitivity --method spearman "$work/gb.h5" --outputs net@2030 -q \
  -o "$work/spearman.h5" >/dev/null || fail "tinyfleet sensitivity --method spearman"
"$bin" sweep "$src/scenarios/sweep_grid_decline.yaml" "${light[@]}" --set run.samples=50 -q \
  -o "$work/sweep.h5" >/dev/null || fail "tinyfleet sweep"

for cmd in bands breakdown payback sensitivity sweep; do
  "$plot" "$cmd" --help | grep -q "usage: scripts/plot $cmd" || fail "plot $cmd --help"
done
"$table" --help | grep -q "usage: scripts/table" || fail "table --help"

# Every figure, in every format: a non-empty file of the right kind.
# One Python process renders them all through tinyfleet.cli (what scripts/plot
# calls): matplotlib and xarray are imported once, not per figure.
"$py" - "$work" "$src/python" <<'EOF' || fail "bands, breakdown and payback figures"
import contextlib, io, os, sys
sys.dont_write_bytecode = True
work, package = sys.argv[1:3]
sys.path.insert(0, package)
from tinyfleet import cli
from tinyfleet.plots import common
figures = {"bands": ["bands", f"{work}/small.h5"],
           "bands_by_class": ["bands", f"{work}/small.h5", "--by-class", "--metrics",
                              "emissions_total,offsets,net,installed_base"],
           "breakdown": ["breakdown", f"{work}/point.json"],
           "payback": ["payback", f"{work}/small.h5"]}
for ext in ("png", "pdf", "svg"):
    for name, argv in figures.items():
        with contextlib.redirect_stdout(io.StringIO()):
            cli.plot_main(argv + ["-o", f"{work}/{name}.{ext}"])
        common.setup_matplotlib().close("all")
        assert os.path.getsize(f"{work}/{name}.{ext}") > 0, f"{name}.{ext} empty"
with contextlib.redirect_stdout(io.StringIO()):
    cli.plot_main(["breakdown", f"{work}/point.json", "--by", "stage", "-o", f"{work}/stages.png"])
EOF
"$plot" bands "$work/small.h5" --size 4x3 --dpi 100 -o "$work/small_size.png" >/dev/null || fail "--size"
out="$("$plot" payback "$work/small.h5")" || fail "payback with the default output"
[ "$out" = "$work/small_payback.png" ] && [ -s "$out" ] || fail "default output: '$out'"
ls -A "$work" | grep -q tmp && fail "temporary file left behind: $(ls -A "$work")"

# sensitivity and sweep: one Python process renders every figure and checks
# the exit-2 messages (matplotlib is imported once; a figure costs ~0.3 s),
# through the package that scripts/plot calls (python/tinyfleet/cli.py).
"$py" - "$work" "$src/python" <<'EOF' || fail "sensitivity and sweep figures"
import contextlib, io, struct, sys
import h5py, numpy as np
sys.dont_write_bytecode = True
work, package = sys.argv[1:3]
sys.path.insert(0, package)  # what scripts/plot runs: tinyfleet.cli.plot_main
from tinyfleet import cli, results as tr
from tinyfleet.plots import common
def run(*argv):
    """(exit code, stderr) of scripts/plot argv, run in this process."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.plot_main(list(argv))
            code = 0
        except SystemExit as e:
            code = e.code
    common.setup_matplotlib().close("all")
    return code, err.getvalue()
decline = "parameters.world_grid_decline.distribution.max"
figures = {  # name: (argv, formats, words the SVG/PDF caption or labels must hold)
    "sens_sobol": (["sensitivity", f"{work}/sobol.h5"], ("png",), []),
    "sens_morris": (["sensitivity", f"{work}/morris.h5"], ("png", "svg"),
                    ["Scenario global_baseline", "r = 8 trajectories", "seed 20231101", "Mt CO"]),
    "sens_spearman": (["sensitivity", f"{work}/spearman.h5", "--measure", "spearman"], ("png", "svg"),
                      ["Scenario global_baseline", "200 samples of gb.h5", "seed 20231101", "tornado"]),
    # global_baseline.yaml has 55 global parameters, 53 of them uncertain (2 fixed: 2020 TinyML and 2021 MCU shipments): 3 shown, 50 more.
    "sens_top3": (["sensitivity", f"{work}/sobol.h5", "--output", "cumulative_net@2035", "--top", "3"],
                  ("svg",), ["Scenario global_baseline", "N = 64 base samples", "50 bootstrap",
                             "seed 20231101", "Cumulative net emissions in 2035", "50 more parameters"]),
    "sweep_hue": (["sweep", f"{work}/sweep.h5", "--x", decline, "--hue", "run.sampling"], ("png", "svg"),
                  ["Scenario sweep_grid_decline", "50 samples per point", "6 sweep points",
                   "World grid decline (upper bound)", "Sampling design", ">mc<", ">lhs<",
                   "Net emissions in 2035", "Mt CO"]),
    "sweep_cat": (["sweep", f"{work}/sweep.h5", "--x", "run.sampling", "--metric", "emissions_total",
                   "--year", "2030", "--where", f"{decline}=0.04"], ("png", "pdf"),
                  ["Scenario sweep_grid_decline", "2 of 6 sweep points", "Total emissions in 2030"]),
}
for name, (argv, formats, words) in figures.items():
    for ext in formats:
        code, err = run(*argv, "-o", f"{work}/{name}.{ext}")
        assert code == 0, f"{name}.{ext}: exit {code}: {err}"
        data = open(f"{work}/{name}.{ext}", "rb").read()
        assert len(data) > 1000, f"{name}.{ext} is empty"
        if ext == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1200, 750), \
                f"{name}.png is not a 1200x750 PNG"
        elif ext == "pdf":
            assert data[:5] == b"%PDF-", name + ".pdf"
        else:
            text = data.decode("utf-8")
            assert "<svg" in text and "</svg>" in text, name + ".svg"
            for w in words:
                assert w in text, f"{name}.svg lacks '{w}'"
# --top 3 draws the three largest total-order indices of the chosen output, not the 4th.
with h5py.File(f"{work}/sobol.h5", "r") as f:
    params = [tr._text(p) for p in f["sensitivity/parameter"][()]]
    shown = [tr._text(p) for p in f["sensitivity/parameter_label"][()]]  # drawn by label, from the scenario
    outputs = [tr._text(o) for o in f["sensitivity/output"][()]]
    order = np.argsort(-f["sensitivity/total_order"][:, outputs.index("cumulative_net@2035")])
top3 = open(f"{work}/sens_top3.svg", encoding="utf-8").read()
assert len(params) == 53 and all(f">{shown[i]}<" in top3 for i in order[:3]), "top 3 not drawn by label"
assert f">{shown[order[3]]}<" not in top3, "the 4th parameter is drawn with --top 3"
assert not any(f">{p}<" in top3 for p in params), "a parameter drawn by its identifier"
# Missing data and unknown names: exit 2, a one-line message, nothing written.
errors = [
    (["sensitivity", f"{work}/sweep.h5"], "sweep.h5: this file has no sensitivity/ group; run `tinyfleet sensitivity SCENARIO.yaml -o FILE`"),
    (["sweep", f"{work}/sobol.h5", "--x", decline], "sobol.h5: this file has no sweep_point dimension; run `tinyfleet sweep SCENARIO.yaml -o FILE`"),
    (["sweep", f"{work}/sweep.h5", "--x", "run.sampling", "--hue", "nosuch"], f"--hue nosuch: unknown sweep path (swept paths in this file: {decline}, run.sampling)"),
    (["sweep", f"{work}/sweep.h5", "--x", "run.sampling", "--metric", "nosuch"], "unknown metric 'nosuch' (known metrics: shipments"),
    (["sweep", f"{work}/sweep.h5", "--x", "run.sampling", "--year", "2050"], "year 2050 is not in this result"),
    (["sweep", f"{work}/sweep.h5", "--x", "run.sampling", "--where", "run.sampling=xx"], "no sweep point has that value (values: mc, lhs)"),
    (["sensitivity", f"{work}/sobol.h5", "--output", "net@2099"], "unknown output 'net@2099' (outputs in this file: net@2030, cumulative_net@2035)"),
    (["bands", f"{work}/sobol.h5"], "this is a sensitivity file of `tinyfleet sensitivity`"),
    (["sweep", f"{work}/sweep.h5", "--x", "nosuch"], f"--x nosuch: unknown sweep path (swept paths in this file: {decline}, run.sampling)"),
]
for argv, want in errors:
    code, err = run(*argv, "-o", f"{work}/e10.png")
    assert code == 2 and want in err and err.count("\n") == 1, f"{argv}: exit {code}, message {err!r}"
import os
assert not os.path.exists(f"{work}/e10.png"), "e10.png written despite an error"
print("sensitivity and sweep figures ok")
EOF

"$py" - "$work" <<'EOF' || fail "figure files"
import struct, sys
work = sys.argv[1]
def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path + ": not a PNG"
    return struct.unpack(">II", head[16:24])
for fig in ("bands", "breakdown", "payback", "stages", "small_payback"):
    size = png_size(f"{work}/{fig}.png")
    assert size == (1200, 750), f"{fig}.png is {size}, expected 1200x750 (8x5 in at 150 dpi)"
assert png_size(f"{work}/small_size.png") == (400, 300), "--size 4x3 --dpi 100 is not 400x300"
# --by-class grows with its panels (4 metrics x 2 classes): 8 in wide, 0.9 + 4 x 1.75 in high.
assert png_size(f"{work}/bands_by_class.png") == (1200, 1185), png_size(f"{work}/bands_by_class.png")
for fig in ("bands", "bands_by_class", "breakdown", "payback"):
    assert open(f"{work}/{fig}.pdf", "rb").read(5) == b"%PDF-", fig + ".pdf"
    svg = open(f"{work}/{fig}.svg", encoding="utf-8").read()
    assert "<svg" in svg and "</svg>" in svg, fig + ".svg"
    caption = "Point evaluation at nominal inputs" if fig == "breakdown" else "Scenario small"
    assert caption in svg and (fig == "breakdown" or "64 samples" in svg and "seed 42" in svg), \
        fig + ".svg lacks the caption"
print("figures ok")
EOF

# Tables: every value equals summary/ of the file after the same rounding.
"$table" "$work/small.h5" --format csv -o "$work/t.csv" >/dev/null || fail "table csv"
"$table" "$work/small.h5" --format markdown --years 2020,2025,2027 > "$work/t.md" || fail "table markdown"
"$table" "$work/small.h5" -o "$work/t.tex" >/dev/null || fail "table latex"
"$py" - "$work" "$src/python" <<'EOF' || fail "table values"
import csv, math, sys
import h5py, numpy as np
work, package = sys.argv[1:3]
sys.dont_write_bytecode = True
scale = {"kg CO2e": (1e9, "Mt CO2e"), "devices": (1e6, "million devices"), "kg": (1e6, "kt")}
def r3(x):
    return 0.0 if x == 0 else float(f"{x:.2e}")
with h5py.File(f"{work}/small.h5", "r") as f:
    metrics = f.attrs["metrics"].split(",")
    years = list(f["summary/year"][()])
    levels = list(f["summary/quantile"][()])
    rows = list(csv.DictReader(open(f"{work}/t.csv")))
    assert [r["metric"] for r in rows[::3]] == metrics, "csv: not every metric in the file's order"
    assert {int(r["year"]) for r in rows} == {2020, 2025, 2027}, "csv: default years"
    n = 0
    for r in rows:
        ds = f["summary/" + r["metric"]]
        # The project's unit (format 2 keeps UDUNITS' spelling in "units").
        div, unit = scale[ds.attrs["tinyfleet_units"].removesuffix("/year")]
        flow = ds.attrs["tinyfleet_units"].endswith("/year")  # stocks: installed and unserved base, cumulative net
        assert r["unit"] == unit + ("/yr" if flow else ""), r
        j = years.index(int(r["year"]))
        for col, q in (("median", 0.5), ("q05", 0.05), ("q95", 0.95)):
            want = r3(ds[levels.index(q), j] / div)
            got = float(r[col])
            assert math.isclose(got, want, rel_tol=1e-12, abs_tol=0), (r, col, got, want)
            n += 1
    md = open(f"{work}/t.md").read()
    tex = open(f"{work}/t.tex").read()
    sys.path.insert(0, package)
    from tinyfleet import results as tr
    q = f["summary/emissions_total"]
    cell = " [".join([tr.format_sig(q[3, 5] / 1e9), tr.format_sig(q[1, 5] / 1e9)]) + ", " \
        + tr.format_sig(q[5, 5] / 1e9) + "]"
    # Tables to be read name metrics by label, not identifier.
    assert "| Total emissions | Mt CO2e/yr | " in md and cell in md, (cell, md)
    assert "emissions_total" not in md and "emissions\\_total" not in tex, "an identifier in a table to be read"
    assert "seed 42" in md and "64 realizations" in md and "Mt CO2e = kg CO2e / 1e9" in md, md
    assert "\\toprule" in tex and "    Total emissions & Mt CO$_2$e/yr & " in tex, tex
print(f"table ok: {n} values")
EOF

# Bad input: exit 2, one line, nothing written.
printf 'not a result\n' > "$work/text.h5"
"$py" -c "import h5py,sys; h5py.File(sys.argv[1],'w').attrs['format']='other'" "$work/other.h5"
cp "$work/small.h5" "$work/nopayback.h5"
"$py" -c "import h5py,sys; del h5py.File(sys.argv[1],'a')['payback']" "$work/nopayback.h5"
expect_one_line 2 "text.h5: not an HDF5 file" -- "$plot" bands "$work/text.h5" -o "$work/e1.png"
expect_one_line 2 "text.h5: not an HDF5 file" -- "$table" "$work/text.h5"
expect_one_line 2 "not a tinyfleet result" -- "$plot" payback "$work/other.h5" -o "$work/e2.png"
expect_one_line 2 "no such file" -- "$plot" bands "$work/none.h5" -o "$work/e3.png"
expect_one_line 2 "small.h5: this file has no sensitivity/ group; run \`tinyfleet sensitivity SCENARIO.yaml -o FILE\`" -- "$plot" sensitivity "$work/small.h5" -o "$work/e9.png"
expect_one_line 2 "small.h5: this file has no sweep_point dimension; run \`tinyfleet sweep SCENARIO.yaml -o FILE\`" -- "$plot" sweep "$work/small.h5" --x run.sampling -o "$work/e9.png"
expect_one_line 2 "--years: 2050 is not in this result" -- "$table" "$work/sweep.h5" --years 2050
expect_one_line 2 "no payback/ group" -- "$plot" payback "$work/nopayback.h5" -o "$work/e4.png"
expect_one_line 2 "no per-block values.*tinyfleet point SCENARIO.yaml --json" -- "$plot" breakdown "$work/small.h5" -o "$work/e5.png"
expect_one_line 2 "not JSON" -- "$plot" breakdown "$src/README.md" -o "$work/e6.png"
expect_one_line 2 "unknown metric 'nosuch' \(known metrics: shipments, installed_base" -- "$plot" bands "$work/small.h5" --metrics net,nosuch -o "$work/e7.png"
expect_one_line 2 "unknown metric 'nosuch' \(known metrics: shipments" -- "$table" "$work/small.h5" --metrics nosuch
expect_one_line 2 "2040 is not in this result" -- "$table" "$work/small.h5" --years 2040
expect_one_line 2 "t.xlsx: unknown table extension '.xlsx' \(known: .csv, .tex, .md\); use one of them or give --format" -- "$table" "$work/small.h5" -o "$work/t.xlsx"
[ -e "$work/t.xlsx" ] && fail "t.xlsx written despite the unknown extension"
"$table" "$work/small.h5" --format csv -o "$work/t.txt" >/dev/null && [ "$(head -c 6 "$work/t.txt")" = "metric" ] \
  || fail "an explicit --format writes any extension"
expect_one_line 2 "unknown format '.jpg'" -- "$plot" bands "$work/small.h5" -o "$work/e8.jpg"
"$plot" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown command: exit code not 2"
for e in e1.png e2.png e3.png e4.png e5.png e6.png e7.png e8.jpg e9.png; do
  [ -e "$work/$e" ] && fail "$e written despite the error"
done
echo "ok"
