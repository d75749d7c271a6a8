#!/usr/bin/env bash
# End to end: common random numbers in `tinyfleet sweep`. With them (the
# default) every point runs with run.seed, so between points that change only
# the grid decline (same sampling design) shipments, installed base, embodied
# emissions and e-waste are bit-identical and operational emissions differ;
# without them (--no-common-random-numbers or run.common_random_numbers:
# false) each point has its own seed and shipments differ too. The file
# records the setting (attribute, seed coordinate, seed rule); the flag
# overrides the scenario key; a CRN sweep gives the same file on 1 and 2
# threads and as point files merged.
set -euo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
scn="$src/scenarios/sweep_grid_decline.yaml"  # points: decline max 0.02, 0.04, 0.08 x sampling mc, lhs
args=(--set run.samples=8 -q)

"$bin" sweep "$scn" "${args[@]}" --threads 2 -o "$work/crn.h5" || fail "sweep (default: CRN)"
"$bin" sweep "$scn" "${args[@]}" --threads 2 --no-common-random-numbers -o "$work/own.h5" || fail "sweep without CRN"
"$bin" sweep "$scn" "${args[@]}" --threads 2 --set run.common_random_numbers=false -o "$work/key_off.h5" ||
  fail "sweep with the key off"
"$bin" sweep "$scn" "${args[@]}" --threads 2 --set run.common_random_numbers=false --common-random-numbers \
  -o "$work/flag_on.h5" || fail "sweep with the key off and the flag on"

/usr/bin/python3 - "$work" <<'PY'
import sys, h5py, numpy as np
w = sys.argv[1]
crn, own = h5py.File(f"{w}/crn.h5"), h5py.File(f"{w}/own.h5")
base = int(crn.attrs["seed"])
assert int(crn.attrs["common_random_numbers"]) == 1 and int(own.attrs["common_random_numbers"]) == 0
assert [int(s) for s in crn["seed"][:]] == [base] * 6, crn["seed"][:]
assert len({int(s) for s in own["seed"][:]}) == 6 and base not in [int(s) for s in own["seed"][:]]
assert "run.seed" in crn.attrs["sweep_seed_rule"] and "Philox" in own.attrs["sweep_seed_rule"]
same_design = [(0, 2), (0, 4), (1, 3), (1, 5)]  # same run.sampling, another grid decline
untouched = ["shipments", "installed_base", "retired", "emissions_embodied", "embodied_ic", "embodied_casing",
             "emissions_end_of_life", "ewaste_mass"]  # offsets follow the grid where savings are energy
for m in untouched:
    x = crn[f"samples/{m}"][...]
    for a, b in same_design:
        assert np.array_equal(x[a], x[b]), f"CRN: {m} differs between points {a} and {b}"
for m in ["emissions_operational", "net"]:
    x = crn[f"samples/{m}"][...]
    for a, b in same_design:
        assert not np.array_equal(x[a], x[b]), f"CRN: {m} is the same at points {a} and {b}"
x = own["samples/shipments"][...]
for a, b in same_design:
    assert not np.array_equal(x[a], x[b]), f"without CRN: shipments equal at points {a} and {b}"
# The scenario key and the flag: the flag wins.
assert int(h5py.File(f"{w}/key_off.h5").attrs["common_random_numbers"]) == 0
assert np.array_equal(h5py.File(f"{w}/key_off.h5")["samples/net"][...], own["samples/net"][...])
assert int(h5py.File(f"{w}/flag_on.h5").attrs["common_random_numbers"]) == 1
assert np.array_equal(h5py.File(f"{w}/flag_on.h5")["samples/net"][...], crn["samples/net"][...])
print("crn sweep ok")
PY

# Determinism: 1 thread, 2 threads, and point files merged give one file.
"$bin" sweep "$scn" "${args[@]}" --threads 1 -o "$work/crn1.h5" || fail "sweep on 1 thread"
bash "$src/tests/lib/same_result.sh" "$work/crn.h5" "$work/crn1.h5" || fail "CRN sweep differs on 1 and 2 threads"
for i in 0 1 2 3 4 5; do
  "$bin" sweep "$scn" "${args[@]}" --threads 2 --point "$i" -o "$work/p$i.h5" || fail "sweep --point $i"
done
"$bin" merge "$work"/p{3,0,5,1,4,2}.h5 -q -o "$work/merged.h5" || fail "merge of the point files"
bash "$src/tests/lib/same_result.sh" "$work/crn.h5" "$work/merged.h5" || fail "merged CRN sweep differs"

# A point of a sweep without CRN does not join a CRN sweep's points.
"$bin" sweep "$scn" "${args[@]}" --point 1 --no-common-random-numbers -o "$work/own1.h5" || fail "point without CRN"
set +e
err="$("$bin" merge "$work"/p0.h5 "$work/own1.h5" "$work"/p{2,3,4,5}.h5 -o "$work/bad.h5" 2>&1)"; code=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"not points of the same sweep"* ]] || fail "mixed CRN merge: $code $err"
[ ! -e "$work/bad.h5" ] || fail "mixed CRN merge wrote a file"

# The key is a boolean, spelled true or false.
set +e
err="$("$bin" sweep "$scn" "${args[@]}" --set run.common_random_numbers=yes -o "$work/bad.h5" 2>&1)"; code=$?
err2="$("$bin" sweep "$scn" "${args[@]}" --common-random-numbers --no-common-random-numbers -o "$work/bad.h5" 2>&1)"
code2=$?
set -e
[ "$code" = 2 ] && [[ "$err" == *"run.common_random_numbers: expected true or false, found 'yes'"* ]] ||
  fail "bad key value: $code $err"
[ "$code2" = 2 ] && [[ "$err2" == *"excludes"* ]] || fail "both flags: $code2 $err2"
[ ! -e "$work/bad.h5" ] || fail "bad input wrote a file"
echo ok
