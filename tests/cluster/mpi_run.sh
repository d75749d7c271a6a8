#!/usr/bin/env bash
# MPI build only (docs/hpc.md): `mpirun -np 2` and `-np 3` give files equal to
# the single-process run of the same binary (every dataset and attribute but
# command_line/created_utc); a shard split over 3 ranks equals the shard run
# alone; an error (bad input, on every rank) ends the job with exit 2
# instead of hanging; checkpointing under several ranks is refused; exact-mode
# runs on 2 and 3 ranks, which split each realization's device tasks, equal
# the single-process one, as does one with --mpi-split realizations.
# Exit 77 (skipped) only when mpirun is not installed.
set -uo pipefail
bin="$1"; src="$2"
command -v mpirun >/dev/null || { echo "SKIP: mpirun not found (apt-get install openmpi-bin)"; exit 77; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
same="$src/tests/lib/same_result.sh"
scn="$src/scenarios/global_baseline.yaml"
mpi=(timeout 120 mpirun --allow-run-as-root --oversubscribe)

"$bin" run "$scn" --samples 301 --threads 2 -q -o "$work/one.h5" || fail "single-process run"
for k in 2 3; do
  "${mpi[@]}" -np "$k" "$bin" run "$scn" --samples 301 --threads 1 -q -o "$work/np$k.h5" || fail "mpirun -np $k"
  bash "$same" "$work/one.h5" "$work/np$k.h5" || fail "mpirun -np $k differs from the single-process file"
done

"$bin" run "$scn" --samples 301 --threads 2 -q --shard 1/2 -o "$work/shard.h5" || fail "shard alone"
"${mpi[@]}" -np 3 "$bin" run "$scn" --samples 301 --threads 1 -q --shard 1/2 -o "$work/shard3.h5" || fail "shard on 3 ranks"
bash "$same" "$work/shard.h5" "$work/shard3.h5" || fail "shard on 3 ranks differs"

# Exact fleet mode (every device simulated): the ranks share each
# realization's device tasks (about 40 tasks of up to 2^20 devices per
# realization here, 20-30 million devices), so the split is real.
small="$src/tests/data/small.yaml"
"$bin" run "$small" --mode exact --samples 3 --threads 2 -q -o "$work/exact1.h5" || fail "exact, one process"
for k in 2 3; do
  out="$("${mpi[@]}" -np "$k" "$bin" run "$small" --mode exact --samples 3 --threads 1 -o "$work/exact$k.h5")" ||
    fail "exact, $k ranks"
  grep -q "x $k MPI ranks sharing each realization's devices" <<<"$out" || fail "exact, $k ranks: devices not shared: $out"
  bash "$same" "$work/exact1.h5" "$work/exact$k.h5" || fail "exact mode: mpirun -np $k differs from one process"
done
# ... or, asked to, split the realizations as in the cohort mode.
"${mpi[@]}" -np 2 "$bin" run "$small" --mode exact --mpi-split realizations --samples 3 --threads 1 -q \
  -o "$work/exact-r2.h5" || fail "exact, 2 ranks, --mpi-split realizations"
bash "$same" "$work/exact1.h5" "$work/exact-r2.h5" || fail "exact mode, realizations over 2 ranks: differs"

err="$("${mpi[@]}" -np 2 "$bin" run "$scn" --samples 301 -q --set run.seed=-1 -o "$work/bad.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] || fail "bad input under mpirun: exit $code (124 = hung), expected 2: $err"
grep -q "run.seed" <<<"$err" || fail "bad input under mpirun: no message: $err"
[ ! -e "$work/bad.h5" ] || fail "bad input under mpirun wrote a file"

err="$("${mpi[@]}" -np 2 "$bin" run "$scn" --samples 301 -q --checkpoint-every 5 -o "$work/ck.h5" 2>&1)"; code=$?
[ "$code" -eq 2 ] || fail "checkpoint under 2 ranks: exit $code: $err"
echo ok
