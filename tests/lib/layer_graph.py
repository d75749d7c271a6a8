#!/usr/bin/python3
"""Checks the include graph of models/ and sim/ against the layers that
CMakeLists.txt declares (its tinyfleet_layer(NAME DEPENDS ...) calls):

* every #include "models/..." or "sim/<layer>/..." of a source file names its
  own layer or one of its declared dependencies;
* the graph between folders has no cycle (the declared one, and the one the
  includes actually form);
* models/ includes nothing from sim/, and sim/engine/ names no scenario,
  device or carbon concept in its includes;
* unit conversions are defined once, in models/units.h: no other file of
  models/ or sim/ defines a constant named like one (g_per_kg, wh_per_kwh,
  hours_per_year, ...).

Usage: layer_graph.py SOURCE_ROOT. Exit 0 when all hold, 1 with one line per
violation otherwise. The compiler enforces the same rule through the layer
views (CMakeLists.txt); this check also reports the folders' cycle-freedom
and runs without a build.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
cmake = (root / "CMakeLists.txt").read_text()
folders = dict(re.findall(r"set\(TINYFLEET_LAYER_FOLDERS_(\w+) ([\w/]+)\)", cmake))
depends = {}
for name, args in re.findall(r"^tinyfleet_layer\((\w+)([^)]*)\)", cmake, re.M):
    m = re.search(r"DEPENDS ([\w ]+?)(?: LIBRARIES|$)", args.replace("\n", " "))
    depends[name] = set(m.group(1).split()) if m else set()
problems = []
if set(folders) != set(depends) or not folders:
    problems.append(f"CMakeLists.txt: layers {sorted(folders)} vs tinyfleet_layer calls {sorted(depends)}")


def layer_of(path):
    for name, folder in folders.items():
        if path == folder or path.startswith(folder + "/"):
            return name
    return None


used = {name: set() for name in folders}
for name, folder in folders.items():
    for source in sorted((root / folder).rglob("*")):
        if source.suffix not in (".h", ".cpp"):
            continue
        for lineno, line in enumerate(source.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            target = layer_of(m.group(1))
            where = f"{source.relative_to(root)}:{lineno}"
            if target is None:
                if m.group(1).startswith(("sim/", "models/")):
                    problems.append(f"{where}: includes {m.group(1)}, which belongs to no layer")
                continue
            if target != name:
                used[name].add(target)
                if target not in depends.get(name, ()):
                    problems.append(f"{where}: layer '{name}' includes {m.group(1)} of layer '{target}', "
                                    f"not among its dependencies {sorted(depends.get(name, ()))}")


def cycle(graph):
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                path = stack + [node]
                return path[path.index(nxt):] + [nxt]
            if state.get(nxt) is None:
                found = visit(nxt, stack + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            found = visit(node, [])
            if found:
                return found
    return None


for label, graph in (("declared", depends), ("actual", used)):
    c = cycle(graph)
    if c:
        problems.append(f"{label} layer graph has a cycle: {' -> '.join(c)}")
units = re.compile(r"constexpr\s+(?:double|float|int|long)\s+(\w+_per_\w+)\s*=")
unit_names = set(units.findall((root / "models/units.h").read_text()))
for folder in ("models", "sim"):
    for source in sorted((root / folder).rglob("*")):
        if source.suffix not in (".h", ".cpp") or source == root / "models/units.h":
            continue
        for lineno, line in enumerate(source.read_text().splitlines(), 1):
            m = units.search(line)
            if m and (m.group(1) in unit_names or re.fullmatch(r"[a-z]+_per_[a-z0-9]+", m.group(1))):
                problems.append(f"{source.relative_to(root)}:{lineno}: defines the unit conversion {m.group(1)}; "
                                "unit conversions live in models/units.h")
if depends.get("models"):
    problems.append("models/ must depend on nothing")
if depends.get("engine"):
    problems.append("sim/engine/ must depend on nothing")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
