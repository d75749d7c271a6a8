#!/usr/bin/env bash
# Usage: same_result.sh A.h5 B.h5
# Succeeds when two result files hold the same results: h5diff finds no
# difference in any object (every dataset, group and their attributes) and
# the root attributes agree except command_line, created_utc and history
# (the CF attribute made of the two), which say
# how and when a file was made (a merged or MPI file has its own).
set -uo pipefail
a="$1"; b="$2"
h5diff --exclude-attribute / "$a" "$b" >/dev/null || { echo "h5diff: $a and $b differ:" >&2; h5diff --exclude-attribute / "$a" "$b" | head -20 >&2; exit 1; }
/usr/bin/python3 - "$a" "$b" <<'PY'
import sys, h5py, numpy
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
skip = {"command_line", "created_utc", "history"}
ka, kb = set(a.attrs) - skip, set(b.attrs) - skip
if ka != kb:
    sys.exit(f"root attributes differ: only in first {sorted(ka - kb)}, only in second {sorted(kb - ka)}")
for k in sorted(ka):
    if not numpy.array_equal(numpy.asarray(a.attrs[k]), numpy.asarray(b.attrs[k])):
        sys.exit(f"root attribute {k} differs: {a.attrs[k]!r} vs {b.attrs[k]!r}")
PY
