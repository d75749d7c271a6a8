#!/usr/bin/env bash
# End to end: an output with the same value in every model run (end-of-life
# emissions in 2027, before any device of tests/data/small.yaml retires) has
# a variance of 0, so its indices (0/0) are undefined: Sobol' (with groups
# and second order), Shapley and given-data studies store NaN for it (not a
# 0 that reads as "no parameter matters"), print why instead of its table
# and warn on stderr naming it, while the varying output beside it keeps
# finite indices; the file stays readable (info, scripts/table). The same
# output given twice in --outputs, or a parameter twice in --parameters
# (given data too), is refused (exit 2).
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
small="$src/tests/data/small.yaml"
fail() { echo "FAIL: $*" >&2; exit 1; }
outputs=(--outputs emissions_end_of_life@2027 net@2027)

# study NAME -- command...: exit 0, the note on stdout, the warning on stderr.
study() {
  local name="$1"; shift 2
  "$@" >"$work/$name.out" 2>"$work/$name.err" || fail "$name: exit $?: $(cat "$work/$name.err")"
  grep -q "^the same value in all .*: no variance to apportion, the indices are undefined (NaN in the file)" \
    "$work/$name.out" || fail "$name: no note: $(cat "$work/$name.out")"
  grep -q "^warning: 1 output has the same value in all .* (emissions_end_of_life@2027): no variance" "$work/$name.err" \
    || fail "$name: no warning: $(cat "$work/$name.err")"
}
study sobol -- "$bin" sensitivity "$small" --base-samples 8 "${outputs[@]}" --groups "chips=cpa,cpa_bounded" \
  --second-order -o "$work/sobol.h5"
study shapley -- "$bin" sensitivity "$small" --method shapley --parameters grid_2020 battery --base-samples 4 \
  "${outputs[@]}" -o "$work/shapley.h5"
"$bin" run "$small" -q --samples 32 -o "$work/run.h5" || fail "run"
study spearman -- "$bin" sensitivity --method spearman "$work/run.h5" "${outputs[@]}" -o "$work/spearman.h5"

/usr/bin/python3 - "$work" <<'PY'
import sys, numpy as np, h5py
w = sys.argv[1]
variables = {
    "sobol": ["first_order", "first_order_low", "first_order_high", "total_order", "total_order_low",
              "total_order_high", "group_first_order", "group_total_order_high", "second_order", "second_order_low"],
    "shapley": ["shapley_effect", "shapley_effect_low", "shapley_effect_high"],
    "spearman": ["spearman", "srrc", "src", "r2_ranks", "r2_values"],
}
for study, names in variables.items():
    g = h5py.File(f"{w}/{study}.h5")["sensitivity"]
    outputs = [o.decode() if isinstance(o, bytes) else o for o in g["output"][()]]
    assert outputs == ["emissions_end_of_life@2027", "net@2027"], outputs
    for name in names:
        v = np.asarray(g[name][()])
        constant, varying = v[..., 0], v[..., 1]  # output is the last dimension
        assert np.isnan(constant).all(), (study, name, constant)
        assert np.isfinite(varying).all() and (varying != 0).any(), (study, name, varying)
    if "output_variance" in g:
        assert g["output_variance"][0] == 0 and g["output_variance"][1] > 0, g["output_variance"][()]
print("constant output ok")
PY
[ $? -eq 0 ] || fail "file contents"
for s in sobol shapley spearman; do
  "$bin" info "$work/$s.h5" >/dev/null || fail "info $s"
done
"$src/scripts/table" "$work/sobol.h5" >"$work/table.md" || fail "scripts/table of the sobol file"
grep -q "nan" "$work/table.md" || fail "scripts/table does not show the undefined indices: $(cat "$work/table.md")"

# The same output twice: refused before any model run.
for method in sobol spearman; do
  input="$small"; [ "$method" = spearman ] && input="$work/run.h5"
  err="$("$bin" sensitivity --method "$method" "$input" --outputs net@2027 net@2027 -o "$work/dup.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] && grep -q "error: --outputs: 'net@2027' listed twice" <<<"$err" || fail "$method duplicate: exit $code: $err"
  err="$("$bin" sensitivity --method "$method" "$input" --outputs net@2027 net@02027 -o "$work/dup.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] && grep -q "'net@02027' names the same output as 'net@2027'" <<<"$err" \
    || fail "$method same output: exit $code: $err"
  [ ! -e "$work/dup.h5" ] || fail "$method duplicate: wrote a file"
  err="$("$bin" sensitivity --method "$method" "$input" --parameters battery battery -o "$work/dup.h5" 2>&1)"; code=$?
  [ "$code" -eq 2 ] && grep -q "error: --parameters: 'battery' listed twice" <<<"$err" \
    || fail "$method duplicate parameter: exit $code: $err"
done
echo ok
