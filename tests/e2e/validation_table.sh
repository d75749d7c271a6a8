#!/usr/bin/env bash
# End to end: scripts/validation_table (docs/validation.md, literature
# table) on a 40-realization run of the baseline. Its rows give the file's
# numbers: shipments in 2030 and embodied emissions in 2027 are the file's
# summary quantiles (5/50/95 %) in the table's units; a class's offsets and
# embodied emissions per device shipped are the quantiles of those numbers
# over the realizations; the published figures are those of
# models/data/literature_checks.yaml. A result without 2030 says so in the
# rows that need it.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" run "$src/scenarios/global_baseline.yaml" --samples 40 -q -o "$work/gb.h5" || fail "baseline run"
"$src/scripts/validation_table" "$work/gb.h5" > "$work/table.md" 2>"$work/err" || fail "validation_table: $(cat "$work/err")"
/usr/bin/python3 - "$work/gb.h5" "$work/table.md" "$src/python" <<'PY' || fail "the table's rows differ from the file"
import sys
import h5py, numpy as np
path, table, python = sys.argv[1:4]
sys.path.insert(0, python)
from tinyfleet.results import format_sig
rows = {}
for line in open(table):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    rows[cells[0]] = cells
f = h5py.File(path, "r")
years = list(f["year"][()]); classes = [c.decode() for c in f["device_class" if "device_class" in f else "class"][()]]
levels = list(f["summary/quantile"][()])
def from_summary(metric, year, scale):
    s = f[f"summary/{metric}"][()][:, years.index(year)] * scale
    return f"{format_sig(s[levels.index(0.5)])} [{format_sig(s[levels.index(0.05)])}, {format_sig(s[levels.index(0.95)])}]"
def from_samples(values):
    q05, q50, q95 = np.quantile(values, [0.05, 0.5, 0.95])
    return f"{format_sig(q50)} [{format_sig(q05)}, {format_sig(q95)}]"
want = {
    "TinyML devices shipped in 2030": ("2500", from_summary("shipments", 2030, 1e-6), "million devices"),
    "Production emissions of all IoT edge devices in 2027": ("22.0-562", from_summary("emissions_embodied", 2027, 1e-9), "Mt CO2e/yr"),
    "ICT-enabled savings in buildings, 2030":
        ("2000", from_samples(f["by_class/offsets"][()][:, classes.index("smart_building"), years.index(2030)] * 1e-9), "Mt CO2e/yr"),
    "Life-cycle footprint of one TinyML device":
        ("0.890-7.06", from_samples(f["samples/emissions_embodied"][()][:, years.index(2030)] /
                                    f["samples/shipments"][()][:, years.index(2030)]), "kg CO2e/device"),
}
assert rows["published figure"][:4] == ["published figure", "published", "result: median [5 %, 95 %]", "unit"], rows["published figure"]
for figure, (published, result, unit) in want.items():
    assert figure in rows, (figure, list(rows))
    got = rows[figure]
    assert got[1:4] == [published, result, unit], (figure, got[1:4], [published, result, unit])
assert len(rows) == 2 + 11, len(rows)   # header, rule, one row per check
print("ok")
PY

# A result that ends in 2025: the 2027 and 2030 rows say what is missing.
"$bin" run "$src/scenarios/global_baseline.yaml" --samples 8 --set run.last_year=2025 -q -o "$work/short.h5" || fail "short run"
"$src/scripts/validation_table" "$work/short.h5" > "$work/short.md" || fail "validation_table on a short result"
grep -F "| TinyML devices shipped in 2030 | 2500 | n/a | million devices | not in this result: no year 2030 (years 2020-2025) |" "$work/short.md" >/dev/null \
  || fail "short result: $(grep 'in 2030' "$work/short.md")"
echo ok
