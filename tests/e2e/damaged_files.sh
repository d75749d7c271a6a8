#!/usr/bin/env bash
# End to end: damaged result files handed to the commands that read them
# give exit 2 and a one-line message naming the file, never a crash, a core
# dump, a hang or a Python traceback:
# * tinyfleet info, merge, sensitivity --method spearman on the reproducers
#   of HDF5's own defects (tests/fuzz/known-hdf5/, one of which makes HDF5
#   loop for minutes), which they read in a child process first
#   (sim/io/isolated_read.h);
# * scripts/table and scripts/plot on a result truncated to half its size,
#   random bytes, an empty HDF5 file, one with only the format attribute,
#   one whose compressed chunks are overwritten and one whose year
#   coordinate holds text.
set -uo pipefail
bin="$(realpath "$1")"; src="$(realpath "$2")"
source "$src/tests/lib/expect.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"  # outputs named relative to the working folder land here

"$bin" run "$src/tests/data/small.yaml" --samples 8 --shard 0/2 -q -o "$work/shard0.h5" || fail "run --shard 0/2"
# In a sanitizer build the reproducers' memory errors inside libhdf5 (in the
# child process) are reported by AddressSanitizer: scripts/sanitize sorts
# those reports, which are HDF5's, from any in our code (docs/testing.md).
for f in "$src"/tests/fuzz/known-hdf5/*.h5.gz; do
  gunzip -c "$f" >"$work/$(basename "$f" .gz)" || fail "gunzip $f"
done

# The file on which HDF5 loops: the time limit (here 2 s) ends the read.
export TINYFLEET_READ_TIMEOUT=2
hang="$work/h5hg-protect-hang.h5"
slow="the file is damaged: the HDF5 library did not finish reading it in 2.0 s"
start=$SECONDS
expect_one_line 2 "^error: '$hang': $slow" -- timeout 60 "$bin" info "$hang"
expect_one_line 2 "^error: '$hang': $slow" -- timeout 60 "$bin" merge "$work/shard0.h5" "$hang" -o "$work/merged.h5"
expect_one_line 2 "^error: '$hang': $slow" -- timeout 60 "$bin" sensitivity --method spearman "$hang" -q \
  -o "$work/spearman.h5"
[ $((SECONDS - start)) -lt 30 ] || fail "three commands on the looping file took $((SECONDS - start)) s"

# The others are caught by HDF5 or our reader in this build: exit 2 all the same.
for f in "$work"/h5g-link-table-invalid-free.h5 "$work"/h5hg-read-heap-overflow.h5 "$work"/h5o-open-error-path-leak.h5; do
  expect_one_line 2 "^error: '$f'" -- timeout 60 "$bin" info "$f"
  expect_one_line 2 "^error: '$f'" -- timeout 60 "$bin" merge "$work/shard0.h5" "$f" -o "$work/merged.h5"
  expect_one_line 2 "^error: '$f'" -- timeout 60 "$bin" sensitivity --method spearman "$f" -q -o "$work/spearman.h5"
done
[ -e "$work/merged.h5" ] && fail "merge left a file"
[ -e "$work/spearman.h5" ] && fail "sensitivity left a file"
ls "$work" | grep -q '^core' && fail "core file left: $(ls "$work")"

# scripts/table and scripts/plot.
"$bin" run "$src/tests/data/small.yaml" --samples 8 -q -o "$work/full.h5" || fail "run"
head -c "$(( $(stat -c %s "$work/full.h5") / 2 ))" "$work/full.h5" >"$work/half.h5"
/usr/bin/python3 - "$work" <<'PY' || fail "writing the damaged files"
import random, shutil, sys
import h5py
import numpy as np
work = sys.argv[1]
random.seed(20261207)  # the same "random" bytes in every run: a failure can be replayed
open(f"{work}/random.h5", "wb").write(random.randbytes(100000))
h5py.File(f"{work}/empty.h5", "w").close()
with h5py.File(f"{work}/bare.h5", "w") as f:
    f.attrs["format"] = "tinyfleet-results"
data = bytearray(open(f"{work}/full.h5", "rb").read())
with h5py.File(f"{work}/full.h5", "r") as f:  # every compressed chunk of these datasets overwritten
    for name in ("summary/net", "samples/net", "by_class/net", "payback/years", "summary/quantile"):
        d = f[name]
        for i in range(d.id.get_num_chunks()):
            chunk = d.id.get_chunk_info(i)
            data[chunk.byte_offset:chunk.byte_offset + chunk.size] = b"\xff" * chunk.size
open(f"{work}/chunks.h5", "wb").write(data)
shutil.copy(f"{work}/full.h5", f"{work}/text_years.h5")
with h5py.File(f"{work}/text_years.h5", "r+") as f:
    n = len(f["year"])
    del f["year"]
    f["year"] = np.array([b"y"] * n)
PY
table="$src/scripts/table"; plot="$src/scripts/plot"
for name in half random empty bare chunks text_years; do
  f="$work/$name.h5"
  expect_one_line 2 "^scripts/table: error: $f: " -- "$table" "$f"
  expect_one_line 2 "^scripts/table: error: $f: " -- "$table" "$f" -o "$work/table.csv"
  expect_one_line 2 "^scripts/plot: error: $f: " -- "$plot" bands "$f" -o "$work/bands.png"
  expect_one_line 2 "^scripts/plot: error: $f: " -- "$plot" bands --by-class "$f" -o "$work/bands.png"
  expect_one_line 2 "^scripts/plot: error: $f: " -- "$plot" payback "$f" -o "$work/payback.png"
  expect_one_line 2 "^scripts/plot: error: $f: " -- "$plot" sensitivity "$f" -o "$work/sensitivity.png"
  expect_one_line 2 "^scripts/plot: error: $f: " -- "$plot" sweep "$f" --x a -o "$work/sweep.png"
done
ls "$work" | grep -qE '^(table|bands|payback|sensitivity|sweep)' && fail "an output was written: $(ls "$work")"
exit 0
