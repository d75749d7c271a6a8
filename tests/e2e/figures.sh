#!/usr/bin/env bash
# End to end: the figures as a reader sees them (docs/outputs.md). Every
# figure command writes --data CSV whose numbers equal those computed here
# from the file with h5py (summary/ quantiles, by_class/ quantiles, payback
# shares, sweep medians, the point JSON's blocks); in every figure drawn by
# tinyfleet.plot no text lies outside the figure and no two labels or
# titles overlap; a block keeps its colour in two figures with different
# block sets; payback reads "never" as NaN, a class dimension named
# device_class, and marks lifetimes from payback/mean_lifetime_years.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" run "$src/tests/data/small.yaml" --samples 48 -q -o "$work/small.h5" || fail "tinyfleet run"
"$bin" point "$src/scenarios/paper_devices.yaml" --json > "$work/point.json" || fail "tinyfleet point"
cat > "$work/sweep.yaml" <<EOF
extends: $src/tests/data/small.yaml
run: {name: small_sweep, samples: 24}
sweep:
  grid:
    parameters.grid_decline.distribution.max: [0.03, 0.06]
    run.sampling: [mc, lhs]
EOF
"$bin" sweep "$work/sweep.yaml" -q -o "$work/sweep.h5" >/dev/null || fail "tinyfleet sweep"

/usr/bin/python3 - "$work" "$src/python" <<'EOF' || fail "figures"
import contextlib, csv, io, json, math, sys
import h5py, numpy as np
sys.dont_write_bytecode = True
work, package = sys.argv[1:3]
sys.path.insert(0, package)
import tinyfleet
import tinyfleet.plot as tp
from tinyfleet import cli
from matplotlib.text import Text

SCALE = {"kg CO2e": 1.0, "t CO2e": 1e3, "kt CO2e": 1e6, "Mt CO2e": 1e9, "Gt CO2e": 1e12,
         "devices": 1.0, "thousand devices": 1e3, "million devices": 1e6, "billion devices": 1e9}

def plot(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.plot_main(list(argv))
    return out.getvalue()

def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8")))

def close(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)

# --data of each command: the numbers drawn against the file.
f = h5py.File(f"{work}/small.h5", "r")
levels = list(np.round(f["summary/quantile"][()], 9))
plot("bands", f"{work}/small.h5", "-o", f"{work}/bands.png", "--data", f"{work}/bands.csv")
got = rows(f"{work}/bands.csv")
assert {r["metric"] for r in got} == {"emissions_total", "offsets", "net"}, got[0]
for r in got:
    j = list(f["summary/year"][()]).index(int(r["year"]))
    s = f["summary/" + r["metric"]]
    for col, q in (("q05", 0.05), ("median", 0.5), ("q95", 0.95)):
        assert close(float(r[col]) * SCALE[r["unit"]], s[levels.index(q), j]), (r, col)
# the unit chosen keeps the largest median at 1 or more and below 1000
med = max(abs(float(r["median"])) for r in got if r["metric"] == "offsets")
assert 1 <= med < 1000, f"offsets drawn with largest median {med} {got[0]['unit']}"

plot("bands", f"{work}/small.h5", "--by-class", "--metrics", "emissions_total,installed_base",
     "-o", f"{work}/by_class.png", "--data", f"{work}/by_class.csv")
dim = "device_class" if "device_class" in f else "class"  # format version 2, 1
classes = [c.decode() if isinstance(c, bytes) else c for c in f[dim][()]]
years = list(f["year"][()])
for r in rows(f"{work}/by_class.csv"):
    data = f["by_class/" + r["metric"]][:, classes.index(r["class"]), years.index(int(r["year"]))]
    for col, q in (("q05", 0.05), ("q25", 0.25), ("median", 0.5), ("q95", 0.95)):
        assert close(float(r[col]) * SCALE[r["unit"]], np.quantile(data, q)), (r, col)

plot("payback", f"{work}/small.h5", "-o", f"{work}/payback.png", "--data", f"{work}/payback.csv")
years_pb = f["payback/years"][()]
fill = f["payback/years"].attrs.get("_FillValue")  # "never" in format version 2
if fill is not None:
    years_pb = np.where(years_pb == np.asarray(fill).item(), np.inf, years_pb)
for j, r in enumerate(rows(f"{work}/payback.csv")):
    assert r["class"] == classes[j]
    assert close(r["share_never"], np.mean(~np.isfinite(years_pb[:, j]))), r
    fin = years_pb[np.isfinite(years_pb[:, j]), j]
    if len(fin):
        assert close(r["payback_median_years"], np.median(fin)), r

sweep = h5py.File(f"{work}/sweep.h5", "r")
plot("sweep", f"{work}/sweep.h5", "--x", "parameters.grid_decline.distribution.max", "--hue", "run.sampling",
     "--metric", "emissions_total", "--year", "2025", "-o", f"{work}/sweep.png", "--data", f"{work}/sweep.csv")
xs = sweep["parameters.grid_decline.distribution.max"][()]
design = [s.decode() if isinstance(s, bytes) else s for s in sweep["run.sampling"][()]]
qs = list(np.round(sweep["summary/quantile"][()], 9))
y = list(sweep["summary/year"][()]).index(2025)
got = rows(f"{work}/sweep.csv")
assert len(got) == 4, got
for r in got:
    p = [i for i in range(4) if math.isclose(xs[i], float(r["parameters.grid_decline.distribution.max"]))
         and design[i] == r["run.sampling"]][0]
    for col, q in (("q05", 0.05), ("median", 0.5), ("q95", 0.95)):
        assert close(float(r[col]) * SCALE[r["unit"]], sweep["summary/emissions_total"][p, qs.index(q), y]), r

point = json.load(open(f"{work}/point.json"))
plot("breakdown", f"{work}/point.json", "-o", f"{work}/breakdown.png", "--data", f"{work}/breakdown.csv")
for r in rows(f"{work}/breakdown.csv"):
    assert close(r["kg_co2e_per_device"], point["classes"][r["class"]]["blocks"][r["block"]]), r

# No text outside the figure, no two titles or labels on top of each other.
def check_text(fig, name):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    ticks, hidden = set(), set()  # tick labels; those of ticks outside the view are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                inside = lo - 1e-9 * (hi - lo) <= tick.get_loc() <= hi + 1e-9 * (hi - lo)
                for t in (tick.label1, tick.label2):
                    (ticks if inside else hidden).add(id(t))
    texts = [t for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
    extents = []
    for t in texts:
        e = t.get_window_extent(renderer)
        assert e.x0 >= box.x0 - 1 and e.y0 >= box.y0 - 1 and e.x1 <= box.x1 + 1 and e.y1 <= box.y1 + 1, \
            f"{name}: text '{t.get_text()[:40]}' is clipped: {e} outside {box}"
        if id(t) not in ticks:
            extents.append((t.get_text(), e))
    for i, (a, ea) in enumerate(extents):
        for b, eb in extents[i + 1:]:
            assert not ea.overlaps(eb), f"{name}: '{a[:30]}' overlaps '{b[:30]}'"

ds = tinyfleet.open(f"{work}/small.h5")
gb = ds
figures = {
    "bands": tp.bands(ds),
    "bands_all": tp.bands(ds, [m for m in f.attrs["metrics"].split(",")][:6], logy=True, title="All"),
    "bands_by_class": tp.bands(ds, ["emissions_total", "offsets", "net"], by_class=True),
    "payback": tp.payback(ds),
    "sweep": tp.sweep(tinyfleet.open(f"{work}/sweep.h5"), "parameters.grid_decline.distribution.max",
                      hue="run.sampling"),
    "sweep_cat": tp.sweep(tinyfleet.open(f"{work}/sweep.h5"), "run.sampling",
                          where=["parameters.grid_decline.distribution.max=0.03"]),
    "breakdown": tp.breakdown(point),
    "stages": tp.breakdown(point, by="stage"),
}
for name, fig in figures.items():
    check_text(fig, name)
assert figures["bands_all"]._suptitle.get_text() == "All"

# Fixed colours: 'pcb' is the same colour with and without the other blocks.
def bar_colours(fig):
    return {c.get_label(): tuple(c.patches[0].get_facecolor()) for c in fig.axes[0].containers}
fewer = json.loads(json.dumps(point))
for c in fewer["classes"].values():
    for b in ("casing", "others_passives", "power_supply", "sensing"):
        c["blocks"].pop(b)
a, b = bar_colours(figures["breakdown"]), bar_colours(tp.breakdown(fewer))
assert len(b) < len(a) and all(a[k] == b[k] for k in b), (a, b)

# payback: the format version 1 form (inf for never, dimension class) reads
# like version 2's (the fill value, NaN in xarray, and device_class); lifetimes
# from payback/mean_lifetime_years split repaying into within and after.
dim_ds = "device_class" if "device_class" in ds.dims else "class"
renamed = ds.rename({dim_ds: "class"}) if dim_ds != "class" else ds.copy()
renamed["payback_years"] = renamed["payback_years"].fillna(np.inf)
assert repr(tp.payback(renamed).tinyfleet_data) == repr(figures["payback"].tinyfleet_data)  # nan == nan as text
life = np.full(years_pb.shape, 2.0)
with_life = ds.assign(payback_mean_lifetime_years=(("sample", dim_ds), life))
header, drawn = tp.payback(with_life).tinyfleet_data
for j, r in enumerate(drawn):
    row = dict(zip(header, r))
    within = np.mean(np.isfinite(years_pb[:, j]) & (years_pb[:, j] <= 2.0))
    assert close(row["share_within_life"], within) and close(row["median_lifetime_years"], 2.0), row
    assert close(row["share_within_life"] + row["share_after_life"] + row["share_never"], 1.0), row
print("figures ok")
EOF
echo "ok"
