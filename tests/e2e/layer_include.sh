#!/usr/bin/env bash
# The layers of docs/ARCHITECTURE.md are enforced:
# 1. tests/lib/layer_graph.py: every include of models/ and sim/ respects the
#    dependencies CMakeLists.txt declares, and the folder graph has no cycle;
# 2. the compiler refuses a wrong-way include: a file compiled against the
#    engine's layer view cannot find an io, input or fleet header (and
#    models/ cannot find sim/), while its own layer's headers are found.
set -uo pipefail
bin="$1"; src="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
/usr/bin/python3 "$src/tests/lib/layer_graph.py" "$src" || fail "layer graph"
views="$(cd "$(dirname "$bin")/../layer-views" && pwd)" || fail "no layer views beside $bin"
# From an empty folder: the quoted include of standard input is searched in
# the current folder first, which would find the source tree.
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; cd "$work" || fail "no temp folder"
[ -d "$views/engine" ] || fail "no layer views under $views"
cxx="${CXX:-c++}"
refuses() {  # refuses LAYER HEADER: compiling '#include HEADER' against LAYER's view fails with "No such file"
  local out; out="$(printf '#include "%s"\n' "$2" | "$cxx" -std=c++20 -fsyntax-only -I "$views/$1" -x c++ - 2>&1)" \
    && fail "layer $1 may include $2"
  grep -q "No such file or directory" <<<"$out" || fail "layer $1 including $2: unexpected error: $out"
}
finds() {  # finds LAYER HEADER: the header is found (preprocessing does not stop at its #include)
  printf '#include "%s"\n' "$2" | "$cxx" -std=c++20 -E -I "$views/$1" -x c++ - -o /dev/null 2>&1 \
    | grep -q "$2: No such file" && fail "layer $1 cannot find its own $2"
  return 0
}
refuses engine sim/io/result_file.h
refuses engine sim/input/scenario.h
refuses engine sim/fleet/fleet_evaluator.h
refuses engine models/use/grid.h
refuses models sim/engine/distribution.h
refuses io sim/input/scenario.h
refuses io sim/fleet/result_assembly.h
refuses input sim/io/result_file.h
refuses input sim/fleet/bom_blocks.h
refuses fleet sim/app/merge.h
finds engine sim/engine/distribution.h
finds io sim/engine/statistics.h
finds fleet models/use/grid.h
echo "ok: layer graph and compiler-enforced includes"
