#!/usr/bin/env bash
# End to end: the cohort mode as accurate as the exact mode (docs/model.md,
# "When the approximation holds").
#  1. Device-to-device spread only (tests/data/device_spread.yaml: every
#     global input fixed; Weibull lifetimes, lognormal power, primary cells
#     bought per device, two regions, delivery shares): the exact and cohort
#     modes, same seed, 400 realizations each, agree in distribution. For the
#     fleet's installed base, operational emissions, offsets, battery
#     embodied emissions, net and cumulative net in the last two years, the
#     two-sample Kolmogorov-Smirnov test does not reject at alpha = 0.001 and
#     the ratio of standard deviations is at most 1.5.
#  2. The global baseline with every global parameter fixed at its median
#     (`params`, `--fix`): realizations then differ only through the cohort
#     approximation (device noise of 10^8-10^9 devices is below 1e-4), so the
#     spread of each class's window total is the mean term's error: at most
#     0.3 % for installed base, operational emissions and offsets, and the
#     file's error estimates (/cohort_error) have that size (within 3x).
# Args: BIN SRC. The sanitizer build (TINYFLEET_E2E_LIGHT) runs part 2 only.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ -z "${TINYFLEET_E2E_LIGHT:-}" ]; then
  "$bin" run "$src/tests/data/device_spread.yaml" -q --mode exact -o "$work/exact.h5" || fail "exact run"
  "$bin" run "$src/tests/data/device_spread.yaml" -q -o "$work/cohort.h5" || fail "cohort run"
  /usr/bin/python3 - "$work/exact.h5" "$work/cohort.h5" <<'PY' || fail "exact vs cohort"
import sys, h5py
from scipy.stats import ks_2samp
exact, cohort = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
bad = []
for m in ["installed_base", "emissions_operational", "offsets", "embodied_power_supply", "net", "cumulative_net"]:
    for y in (-2, -1):
        x, c = exact["samples/" + m][:, y], cohort["samples/" + m][:, y]
        p, ratio = ks_2samp(x, c).pvalue, c.std() / x.std()
        print(f"{m} year {y}: KS p = {p:.3g}, sd cohort / exact = {ratio:.2f}")
        if p < 0.001 or ratio > 1.5:
            bad.append(m)
assert not bad, f"cohort differs from exact for {bad}"
PY
fi

# Part 2: the baseline at its medians.
fixes=()
while read -r name median; do fixes+=(--fix "$name=$median"); done < <(
  "$bin" params "$src/scenarios/global_baseline.yaml" |
  awk '/^[a-z_0-9]+  global/ {name = $1} /5\/50\/95%/ {if (name != "") print name, $3; name = ""}')
[ "${#fixes[@]}" -gt 40 ] || fail "expected the baseline's global parameters from params, got ${#fixes[@]} words"
"$bin" run "$src/scenarios/global_baseline.yaml" -q --samples 100 "${fixes[@]}" -o "$work/fixed.h5" || fail "fixed run"
/usr/bin/python3 - "$work/fixed.h5" <<'PY' || fail "mean-term error on the baseline"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
inputs = [k for k in f["inputs"] if k != "sample"]
assert all(np.ptp(f["inputs/" + k][:]) == 0 for k in inputs), "a global input still varies"
estimates = f["cohort_error/relative_error"][:]  # [sample, class, quantity]
quantities = [q.decode() if isinstance(q, bytes) else q for q in f["cohort_error/quantity"][:]]
for q, name in enumerate(quantities):
    totals = f["by_class/" + name][:].sum(axis=2)  # [sample, class]
    for c in range(totals.shape[1]):
        if totals[:, c].mean() == 0:
            continue
        actual = totals[:, c].std() / abs(totals[:, c].mean())
        estimate = np.sqrt(np.mean(estimates[:, c, q] ** 2))
        print(f"{name} class {c}: error {100 * actual:.4f} %, estimate {100 * estimate:.4f} %")
        assert actual <= 0.003, f"{name} class {c}: mean-term error {actual:.2e} above 0.3 %"
        assert actual / 3 <= estimate <= max(3 * actual, 1e-5), f"{name} class {c}: estimate {estimate:.2e} vs {actual:.2e}"
PY
echo "cohort accuracy: ok"
