#!/usr/bin/env bash
# End to end: installation (README.md "Installing it", docs/hpc.md).
#   1. `cmake --install` of the build folder of the binary under test into a
#      temporary prefix lays out bin/, share/tinyfleet/{data,scenarios,
#      scripts,python,HPC/slurm} and share/doc/tinyfleet/;
#   2. from an empty folder, the installed program runs the installed
#      baseline scenario with --samples 100 and writes ./global_baseline.h5
#      (no outputs/ folder there), computed with the installed tables: an
#      edit to the installed copy shows in data_sha256, and
#      TINYFLEET_DATA_DIR still overrides; the installed tinyfleet-table reads it;
#   3. the project configures with -DBUILD_TESTING=OFF while Catch2 is
#      hidden from CMake, and then has no test targets;
#   4. docs/hpc.md's table of dependencies names every Debian package
#      scripts/install-deps installs.
# Reuses the binary's own build (about 10 s here, most of it step 3's
# configure); the build of a fresh BUILD_TESTING=OFF tree, its install and
# run are scripts/install_check (a stage of scripts/test), not repeated here.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
build="$(cd "$(dirname "$bin")/.." && pwd)"
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "cmake --install"; }
for f in bin/tinyfleet bin/tinyfleet-plot bin/tinyfleet-table share/tinyfleet/data/process_nodes.yaml \
         share/tinyfleet/scenarios/global_baseline.yaml share/tinyfleet/scripts/plot share/tinyfleet/scripts/table \
         share/tinyfleet/python/tinyfleet/__init__.py share/tinyfleet/HPC/slurm/submit_sweep.sh \
         share/doc/tinyfleet/README.md share/doc/tinyfleet/LICENSE share/doc/tinyfleet/CITATION.cff \
         share/doc/tinyfleet/docs/hpc.md; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
[ -x "$prefix/bin/tinyfleet" ] || fail "bin/tinyfleet is not executable"

# The installed copy of the tables, edited, must be the one used.
printf '# installed copy\n' >> "$prefix/share/tinyfleet/data/fab_grid.yaml"
hash_of() {
  /usr/bin/python3 - "$1" <<'PY'
import hashlib, os, sys
d = sys.argv[1]; enc = b""
for n in sorted(x for x in os.listdir(d) if x.endswith(".yaml")):
    b = open(os.path.join(d, n), "rb").read()
    enc += b"%d:%s%d:%s" % (len(n), n.encode(), len(b), b)
print(hashlib.sha256(enc).hexdigest())
PY
}
attr() { /usr/bin/python3 -c 'import sys, h5py; v = h5py.File(sys.argv[1], "r").attrs[sys.argv[2]]; print(v.decode() if isinstance(v, bytes) else v)' "$1" "$2"; }
mkdir "$work/empty" && cd "$work/empty" || fail "mkdir"
env -u TINYFLEET_DATA_DIR "$prefix/bin/tinyfleet" run "$prefix/share/tinyfleet/scenarios/global_baseline.yaml" \
  --samples 100 -q || fail "installed run from an empty folder"
[ "$(ls -A)" = "global_baseline.h5" ] || fail "the installed run wrote: $(ls -A)"
[ "$(attr global_baseline.h5 data_sha256)" = "$(hash_of "$prefix/share/tinyfleet/data")" ] \
  || fail "the installed program did not use the installed tables"
TINYFLEET_DATA_DIR="$src/models/data" "$prefix/bin/tinyfleet" run "$prefix/share/tinyfleet/scenarios/global_baseline.yaml" \
  --samples 100 -q -o override.h5 || fail "installed run with TINYFLEET_DATA_DIR"
[ "$(attr override.h5 data_sha256)" = "$(hash_of "$src/models/data")" ] || fail "TINYFLEET_DATA_DIR did not override"
"$prefix/bin/tinyfleet-table" global_baseline.h5 --format csv > table.csv || fail "installed tinyfleet-table"
grep -q '^net,' table.csv || fail "installed tinyfleet-table wrote: $(head -3 table.csv)"

# A production build needs no Catch2.
cmake -S "$src" -B "$work/notest" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "configure with BUILD_TESTING=OFF without Catch2"; }
targets="$(cmake --build "$work/notest" --target help)"
grep -q '\.\.\. tinyfleet$' <<<"$targets" || fail "no tinyfleet target: $targets"
grep -q 'tinyfleet_tests' <<<"$targets" && fail "BUILD_TESTING=OFF still has the test executable"

# Every package install-deps installs is in docs/hpc.md's dependency table.
packages="$(sed -n '/^packages=(/,/^)/p' "$src/scripts/install-deps" | sed -e 's/#.*//' -e '1d;$d' | tr -s ' \n' '\n' | grep .)"
[ "$(wc -l <<<"$packages")" -gt 10 ] || fail "could not read the package list of scripts/install-deps: $packages"
# The words inside `...` in the table rows, one a line.
named="$(grep '^|' "$src/docs/hpc.md" | grep -o '`[^`]*`' | tr -d '`' | tr -s ' ' '\n')"
for p in $packages; do
  grep -qxF -- "$p" <<<"$named" || fail "docs/hpc.md's dependency table lacks the Debian package $p"
done
echo ok
