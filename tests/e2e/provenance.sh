#!/usr/bin/env bash
# End to end: provenance. `tinyfleet --version` names the version, the git
# commit the binary was built from (the source tree's HEAD or an ancestor, when it is a git
# work tree, "-dirty" when tracked files differ) and the build type; result,
# sweep and sensitivity files record program_commit, build_type and
# data_sha256 (the SHA-256 of the reference tables, recomputed here from its
# documented definition and changed by editing a table in a copy pointed to by
# TINYFLEET_DATA_DIR); merge refuses shards and sweep points whose commit or
# data hash differ (exit 2, naming the attribute and both values, no file
# written) and joins them with --allow-different-builds, recording both.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
scn="$src/tests/data/small.yaml"

version="$("$bin" --version)" || fail "--version: exit $?"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{40}(-dirty)?|unknown),\ [A-Za-z]+\ build\)$ ]] \
  || fail "--version printed '$version'"
commit="$(sed -E 's/.*\(commit ([^,]+),.*/\1/' <<<"$version")"
# Built from this source tree: its HEAD, or (a binary not rebuilt since the
# last commits) a commit HEAD descends from; never "unknown" in a work tree.
if head="$(git -C "$src" rev-parse HEAD 2>/dev/null)" && [ "$(git -C "$src" rev-parse --show-toplevel)" -ef "$src" ]; then
  built="${commit%-dirty}"
  [ "$built" = "$head" ] || git -C "$src" merge-base --is-ancestor "$built" HEAD 2>/dev/null \
    || fail "--version '$version' names neither HEAD $head nor one of its ancestors"
fi

"$bin" run "$scn" -q --samples 32 --shard 0/2 -o s0.h5 || fail "shard 0"
"$bin" run "$scn" -q --samples 32 --shard 1/2 -o s1.h5 || fail "shard 1"
/usr/bin/python3 - "$src/models/data" "$commit" s0.h5 <<'PY' || fail "provenance attributes of a run"
import hashlib, os, sys, h5py
data, commit, path = sys.argv[1:4]
enc = b""
for name in sorted(n for n in os.listdir(data) if n.endswith(".yaml")):
    body = open(os.path.join(data, name), "rb").read()
    enc += b"%d:%s%d:%s" % (len(name), name.encode(), len(body), body)
with h5py.File(path, "r") as f:
    a = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
assert a["program_commit"] == commit, (a["program_commit"], commit)
assert a["build_type"], a["build_type"]
assert a["data_sha256"] == hashlib.sha256(enc).hexdigest(), (a["data_sha256"], hashlib.sha256(enc).hexdigest())
PY
info="$("$bin" info s0.h5)" || fail "info"
grep -q "^program version:  .* (commit $commit, .* build)$" <<<"$info" || fail "info does not show the commit: $info"

# Another data directory: an edited table gives another data hash; a missing
# folder stops the run before it computes anything.
cp -r "$src/models/data" data && printf '# edited\n' >> data/fab_grid.yaml
TINYFLEET_DATA_DIR="$work/data" "$bin" run "$scn" -q --samples 32 --shard 1/2 -o s1-data.h5 || fail "run with TINYFLEET_DATA_DIR"
err="$(TINYFLEET_DATA_DIR="$work/nowhere" "$bin" run "$scn" -q --samples 32 -o none.h5 2>&1)"; code=$?
[ "$code" -eq 2 ] && [[ "$err" == *"data directory '$work/nowhere' (TINYFLEET_DATA_DIR): no such folder"* ]] \
  || fail "missing TINYFLEET_DATA_DIR: exit $code, '$err'"
[ ! -e none.h5 ] || fail "a run without its data wrote a file"

attr() { /usr/bin/python3 -c 'import sys, h5py; v = h5py.File(sys.argv[1], "r").attrs[sys.argv[2]]; print(v.decode() if isinstance(v, bytes) else v)' "$1" "$2"; }
set_attr() { /usr/bin/python3 -c 'import sys, h5py; f = h5py.File(sys.argv[1], "r+"); f.attrs[sys.argv[2]] = sys.argv[3]' "$1" "$2" "$3"; }
refuse() {  # refuse NAME EXPECTED-TEXT FILES...
  local name="$1" expect="$2"; shift 2
  local err code
  err="$("$bin" merge "$@" -o bad.h5 2>&1)"; code=$?
  [ "$code" -eq 2 ] || fail "$name: exit $code, expected 2: $err"
  [[ "$err" == *"$expect"* ]] || fail "$name: message '$err' does not say '$expect'"
  [ ! -e bad.h5 ] || fail "$name: wrote a file"
}
d0="$(attr s0.h5 data_sha256)"; d1="$(attr s1-data.h5 data_sha256)"
[ "$d0" != "$d1" ] || fail "editing a table left data_sha256 at $d0"
refuse "other data" "were made by different builds: the reference data (data_sha256) differs ('$d1' vs '$d0'); rerun them with one build, or pass --allow-different-builds" \
  s0.h5 s1-data.h5
"$bin" merge s0.h5 s1-data.h5 --allow-different-builds -q -o mixed.h5 || fail "merge --allow-different-builds"
[ "$(attr mixed.h5 data_sha256)" = "$d0 + $d1" ] || fail "merged data_sha256 is '$(attr mixed.h5 data_sha256)'"
"$bin" merge s0.h5 s1.h5 -q -o merged.h5 || fail "merge of one build"
[ "$(attr merged.h5 data_sha256)" = "$d0" ] && [ "$(attr merged.h5 program_commit)" = "$commit" ] \
  || fail "merged file's provenance: $(attr merged.h5 data_sha256) $(attr merged.h5 program_commit)"

# A shard edited to claim another commit (as one built elsewhere would).
cp s1.h5 s1-commit.h5 && set_attr s1-commit.h5 program_commit 0123456789abcdef0123456789abcdef01234567
refuse "other commit" "'s0.h5' and 's1-commit.h5' were made by different builds: the commit (program_commit) differs ('$commit' vs '0123456789abcdef0123456789abcdef01234567')" \
  s1-commit.h5 s0.h5
"$bin" merge s1-commit.h5 s0.h5 --allow-different-builds -q -o mixed-commit.h5 || fail "merge of two commits with the flag"
[ "$(attr mixed-commit.h5 program_commit)" = "$commit + 0123456789abcdef0123456789abcdef01234567" ] \
  || fail "merged program_commit is '$(attr mixed-commit.h5 program_commit)'"

# Sweep points and sensitivity files carry the same attributes; merge of
# sweep points refuses a point of other data the same way.
sweep="$src/scenarios/sweep_grid_decline.yaml"
"$bin" sweep "$sweep" --set run.samples=16 -q --point 0 -o p0.h5 || fail "sweep point 0"
"$bin" sweep "$sweep" --set run.samples=16 -q --point 1 -o p1.h5 || fail "sweep point 1"
[ "$(attr p0.h5 program_commit)" = "$commit" ] && [ "$(attr p0.h5 data_sha256)" = "$d0" ] && [ -n "$(attr p0.h5 build_type)" ] \
  || fail "sweep file provenance"
set_attr p1.h5 data_sha256 feed
refuse "sweep point of other data" "the reference data (data_sha256) differs ('feed' vs '$d0')" p0.h5 p1.h5
"$bin" sensitivity --method spearman merged.h5 -q -o sens.h5 >/dev/null || fail "spearman"
[ "$(attr sens.h5 program_commit)" = "$commit" ] && [ "$(attr sens.h5 data_sha256)" = "$d0" ] || fail "sensitivity file provenance"
echo ok
