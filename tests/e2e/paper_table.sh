#!/usr/bin/env bash
# End to end: `tinyfleet point scenarios/paper_devices.yaml --json` reproduces
# the paper's per-device table (models/data/paper_device_table.yaml) cell by
# cell and its totals to 4 significant figures, and the paper's qualitative
# findings hold.
set -euo pipefail
bin="$1"; src="$2"
"$bin" point "$src/scenarios/paper_devices.yaml" --json > "${TMPDIR:-/tmp}/paper_point.json"
/usr/bin/python3 - "${TMPDIR:-/tmp}/paper_point.json" "$src/models/data/paper_device_table.yaml" <<'PY'
import json, math, sys, yaml
point = json.load(open(sys.argv[1]))["classes"]
table = yaml.safe_load(open(sys.argv[2]))
failures = []
def sig4(x):
    return float(f"{x:.4g}")
for col, name in enumerate(table["columns"]):
    c = point.get(name)
    if c is None:
        failures.append(f"class {name} missing from point output"); continue
    for block, values in table["blocks"].items():
        expected = values[col]
        got = c["blocks"].get(block, 0.0)   # blocks the scenario leaves out are zero in the paper
        if abs(got - expected) > 5e-5 * max(1.0, abs(expected)):
            failures.append(f"{name}.{block}: got {got}, paper {expected}")
    if sig4(c["total"]) != sig4(table["totals"][col]):
        failures.append(f"{name}.total: got {c['total']:.6g}, paper {table['totals'][col]}")
    # Qualitative findings (typical and worst configurations).
    total = c["total"]
    mcu = c["blocks"]["processing_mcu"] / total
    supply_sensing = (c["blocks"]["power_supply"] + c["blocks"]["sensing"]) / total
    use = c["stages"]["use"] / total
    if mcu >= 0.10: failures.append(f"{name}: MCU share {mcu:.1%} not under 10%")
    if name != "kws_best" and supply_sensing <= 0.30:
        failures.append(f"{name}: power supply + sensing {supply_sensing:.1%} not above 30%")
    if use >= 0.02: failures.append(f"{name}: use stage {use:.2%} not under 2%")
if failures:
    print("FAIL:\n  " + "\n  ".join(failures)); sys.exit(1)
print(f"ok: {len(table['columns'])} devices x {len(table['blocks'])} blocks match the paper")
PY
