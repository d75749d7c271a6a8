"""The literature table of docs/validation.md: a result's numbers next to the
published figures they can be held against (models/data/literature_checks.yaml).

  scripts/validation_table RESULT.h5 [--checks literature_checks.yaml]

prints a Markdown table: each published figure with its unit, the result's
median and 5-95 % range of the comparable number (computed per realization
from samples/ or by_class/, as the check's `result:` says), how the two
compare, and the source. The published numbers live in the data file, so the
table follows the result it is given: rerun it when the scenario changes.
Needs numpy, h5py and PyYAML (Debian's python3-numpy, python3-h5py,
python3-yaml).
"""

import argparse
import os

from . import results as tr

CHECK_KEYS = {"figure", "published", "unit", "relation", "source", "caveat", "result"}
RESULT_KEYS = {"metric", "year", "class", "per", "scale"}
RELATIONS = ("estimate", "upper_bound", "anchor")


def default_checks_path():
    """literature_checks.yaml in $TINYFLEET_DATA_DIR, else beside the package:
    the source tree's models/data (python/tinyfleet -> models/data) or the
    installed share/tinyfleet/data (share/tinyfleet/python/tinyfleet -> data)."""
    name = "literature_checks.yaml"
    if os.environ.get("TINYFLEET_DATA_DIR"):
        return os.path.join(os.environ["TINYFLEET_DATA_DIR"], name)
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for folder in (os.path.join(top, "models", "data"), os.path.join(top, "data")):
        if os.path.isfile(os.path.join(folder, name)):
            return os.path.join(folder, name)
    return os.path.join(top, "models", "data", name)


def load_checks(path):
    """The checks of `path`, each checked against the schema (DataError
    naming the check and the key otherwise)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
    except OSError as e:
        raise tr.DataError(f"{path}: cannot read ({e.strerror or e})")
    except yaml.YAMLError as e:
        raise tr.DataError(f"{path}: not valid YAML ({' '.join(str(e).split())})")
    checks = doc.get("checks") if isinstance(doc, dict) else None
    if not isinstance(checks, list) or not checks:
        raise tr.DataError(f"{path}: expected a non-empty list under 'checks'")
    for i, c in enumerate(checks):
        where = f"{path}: checks[{i}]"
        if not isinstance(c, dict):
            raise tr.DataError(f"{where}: expected a map")
        unknown = set(c) - CHECK_KEYS
        missing = CHECK_KEYS - {"caveat"} - set(c)
        if unknown or missing:
            raise tr.DataError(f"{where}: " + "; ".join(
                ([f"unknown keys {sorted(unknown)}"] if unknown else []) +
                ([f"missing keys {sorted(missing)}"] if missing else [])))
        if c["relation"] not in RELATIONS:
            raise tr.DataError(f"{where}.relation: '{c['relation']}' is not one of {', '.join(RELATIONS)}")
        p = c["published"]
        if not isinstance(p, dict) or not (set(p) == {"value"} or set(p) == {"min", "max"}):
            raise tr.DataError(f"{where}.published: expected {{value}} or {{min, max}}")
        r = c["result"]
        if not isinstance(r, dict) or "metric" not in r or "year" not in r or set(r) - RESULT_KEYS:
            raise tr.DataError(f"{where}.result: expected {{metric, year[, class, per, scale]}}")
        # PyYAML reads YAML 1.1, where 15.0e6 (no exponent sign) is a string.
        for parent, key, label in [(p, k, f"published.{k}") for k in p] + [(r, "scale", "result.scale")]:
            if key in parent:
                try:
                    parent[key] = float(parent[key])
                except (TypeError, ValueError):
                    raise tr.DataError(f"{where}.{label}: '{parent[key]}' is not a number")
    return checks


def published_range(check):
    p = check["published"]
    return (p["value"], p["value"]) if "value" in p else (p["min"], p["max"])


def metric_values(result, metric, year, class_name):
    """One number per realization: `metric` in `year` (or summed over the
    years for 'all'), of the fleet or of one class. None with the reason when
    the result does not have it."""
    import numpy as np

    if metric not in result.metrics:
        return None, f"no metric {metric}"
    if class_name is None:
        data = result.require(f"samples/{metric}")[()]                      # (sample, year)
    else:
        if class_name not in result.classes:
            return None, f"no class {class_name}"
        data = result.require(f"by_class/{metric}")[()][:, result.classes.index(class_name), :]
    if year == "all":
        return np.sum(data, axis=1), None
    if year not in result.years:
        return None, f"no year {year} (years {result.years[0]}-{result.years[-1]})"
    return data[:, result.years.index(year)], None


def comparable(result, spec):
    """The check's number per realization, or (None, reason)."""
    values, why = metric_values(result, spec["metric"], spec["year"], spec.get("class"))
    if values is None:
        return None, why
    if "per" in spec:
        denominator, why = metric_values(result, spec["per"], spec["year"], spec.get("class"))
        if denominator is None:
            return None, why
        if (denominator == 0).any():
            return None, f"{spec['per']} is 0 in some realization"
        values = values / denominator
    return values * spec.get("scale", 1.0), None


def agreement(relation, low, high, q05, median, q95):
    """How the result's median and 5-95 % range sit against the published figure."""
    if relation == "anchor":
        return "anchor (a scenario input)"
    if relation == "upper_bound":
        if q95 <= high:
            return "below, as it must be"
        return "median below, upper tail above" if median <= high else "ABOVE the bound"
    if low <= median <= high:
        return "inside"
    if q95 >= low and q05 <= high:
        return "overlaps"
    return "below" if median < low else "above"


def rows(result, checks):
    """(figure, published, result, unit, agreement, source) per check, as text."""
    import numpy as np

    out = []
    for c in checks:
        low, high = published_range(c)
        published = tr.format_sig(low) if low == high else f"{tr.format_sig(low)}-{tr.format_sig(high)}"
        values, why = comparable(result, c["result"])
        if values is None:
            text, verdict = "n/a", f"not in this result: {why}"
        else:
            q05, median, q95 = (float(x) for x in np.quantile(values, [0.05, 0.5, 0.95]))
            text = f"{tr.format_sig(median)} [{tr.format_sig(q05)}, {tr.format_sig(q95)}]"
            verdict = agreement(c["relation"], low, high, q05, median, q95)
        source = c["source"] + (f"; caveat: {c['caveat']}" if c.get("caveat") else "")
        out.append((c["figure"], published, text, c["unit"], verdict, source))
    return out


def markdown(result, checks):
    header = ("published figure", "published", "result: median [5 %, 95 %]", "unit", "agreement", "source")
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in rows(result, checks):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(prog="scripts/validation_table",
                                description="The result next to published figures (docs/validation.md), as Markdown.")
    p.add_argument("input", metavar="RESULT.h5", help="result file of `tinyfleet run`")
    p.add_argument("--checks", default=None, metavar="YAML",
                   help="published figures (default: literature_checks.yaml in the data folder)")
    a = p.parse_args(argv)
    checks = load_checks(a.checks or default_checks_path())
    result = tr.open_result(a.input)
    try:
        with tr.reading(a.input):
            text = markdown(result, checks)
    finally:
        result.close()
    print(text, end="")
