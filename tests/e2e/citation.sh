#!/usr/bin/env bash
# LICENSE is the MIT licence and CITATION.cff is a Citation File Format 1.2.0
# file that tools (GitHub's "Cite this repository", Zenodo, cffconvert) accept:
# it parses as YAML, has the keys CFF 1.2.0 requires (cff-version, message,
# title, authors), and each of its references and its preferred citation has
# type, title and authors, a type CFF knows, integer years and pages and a
# DOI of the form CFF's schema accepts. The seed paper is the preferred
# citation; the methods the program implements are among the references.
set -uo pipefail
src="$2"
grep -q '^MIT License$' "$src/LICENSE" || { echo "FAIL: LICENSE is not the MIT licence" >&2; exit 1; }
/usr/bin/python3 - "$src/CITATION.cff" <<'PY'
import re, sys
import yaml
path = sys.argv[1]
problems = []
try:
    cff = yaml.safe_load(open(path, encoding="utf-8"))
except yaml.YAMLError as e:
    sys.exit(f"FAIL: {path} does not parse as YAML: {e}")
if not isinstance(cff, dict):
    sys.exit(f"FAIL: {path} is not a YAML mapping")
if cff.get("cff-version") != "1.2.0":
    problems.append(f"cff-version is {cff.get('cff-version')!r}, expected the string '1.2.0'")
for key in ("message", "title", "authors"):
    if not cff.get(key):
        problems.append(f"required key '{key}' is missing or empty")
# Reference types of the CFF 1.2.0 schema.
TYPES = set("""art article audiovisual bill blog book catalogue conference-paper conference data
database dictionary edited-work encyclopedia film-broadcast generic government-document grant
hearing historical-work legal-case legal-rule magazine-article manual map multimedia music
newspaper-article pamphlet patent personal-communication proceedings report serial slides
software-code software-container software-executable software-virtual-machine software
sound-recording standard statute thesis unpublished video website""".split())
DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")

def check_person_list(where, people):
    if not isinstance(people, list) or not people:
        problems.append(f"{where}.authors: a non-empty list expected")
        return
    for i, p in enumerate(people):
        if not isinstance(p, dict) or not (p.get("name") or p.get("family-names")):
            problems.append(f"{where}.authors[{i}]: a person (family-names) or an entity (name) expected")

def check_reference(where, ref):
    if not isinstance(ref, dict):
        problems.append(f"{where}: a mapping expected")
        return
    if ref.get("type") not in TYPES:
        problems.append(f"{where}.type: {ref.get('type')!r} is not a CFF 1.2.0 reference type")
    if not isinstance(ref.get("title"), str) or not ref["title"]:
        problems.append(f"{where}.title: missing")
    check_person_list(where, ref.get("authors"))
    for key in ("year", "volume", "start", "end"):
        if key in ref and type(ref[key]) is not int:
            problems.append(f"{where}.{key}: an integer expected, got {ref[key]!r}")
    if "doi" in ref and not DOI.match(str(ref["doi"])):
        problems.append(f"{where}.doi: {ref['doi']!r} is not a DOI (10.NNNN/...)")

check_person_list("authors", cff.get("authors"))
check_reference("preferred-citation", cff.get("preferred-citation"))
refs = cff.get("references")
if not isinstance(refs, list) or not refs:
    problems.append("references: a non-empty list expected")
    refs = []
for i, ref in enumerate(refs):
    check_reference(f"references[{i}]", ref)
titles = " | ".join(str(r.get("title", "")) for r in refs if isinstance(r, dict))
preferred = cff.get("preferred-citation") or {}
if "TinyML Sustainable" not in str(preferred.get("title", "")):
    problems.append("preferred-citation is not the seed paper (Prakash et al., Is TinyML Sustainable?)")
for needle in ("ACT", "total sensitivity index", "Analysis of variance designs",
               "Randomly permuted", "distribution of points in a cube", "IoT edge devices"):
    if needle not in titles:
        problems.append(f"references: no entry whose title contains '{needle}'")
for p in problems:
    print(f"FAIL: {path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
