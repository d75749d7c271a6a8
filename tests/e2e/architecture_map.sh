#!/usr/bin/env bash
# docs/ARCHITECTURE.md keeps the map true: every source file of models/ and
# sim/ is named in its "Which file owns what" tables (as `file.{h,cpp}`,
# `file.h` or `file.cpp` in the row of its folder), and every file the tables
# name exists.
set -uo pipefail
src="$2"
/usr/bin/python3 - "$src" <<'PY'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
text = (root / "docs/ARCHITECTURE.md").read_text()
owns = text.split("## Which file owns what", 1)
if len(owns) != 2:
    sys.exit("docs/ARCHITECTURE.md has no 'Which file owns what' section")
named = set()
folder = None
for line in owns[1].splitlines():
    if line.startswith("## "):
        break
    m = re.match(r"###\s+`?([\w/]+)/`?", line)
    if m:
        folder = m.group(1)
        continue
    m = re.match(r"\|([^|]*)\|", line)
    if m and folder:
        for entry in re.findall(r"`([^`]+)`", m.group(1)):
            stem = re.match(r"([\w/]+)\.(\{h,\s*cpp\}|h|cpp)$", entry)
            if not stem:
                continue
            exts = ["h", "cpp"] if stem.group(2).startswith("{") else [stem.group(2)]
            for e in exts:
                named.add(f"{folder}/{stem.group(1)}.{e}")
actual = {str(p.relative_to(root)) for d in ("models", "sim") for p in (root / d).rglob("*")
          if p.suffix in (".h", ".cpp")}
missing = sorted(actual - named)
stale = sorted(named - actual)
for f in missing:
    print(f"docs/ARCHITECTURE.md: {f} is not in the map")
for f in stale:
    print(f"docs/ARCHITECTURE.md: names {f}, which does not exist")
sys.exit(1 if missing or stale else 0)
PY
