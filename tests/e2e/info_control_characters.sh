#!/usr/bin/env bash
# End to end: text a result file holds (root attributes are free text) reaches
# the terminal escaped. A crafted file whose scenario_name, command_line,
# overrides and model notes hold terminal escape sequences (clear screen, set
# the window title), other control characters, a C1 control and invalid
# UTF-8 is shown by `tinyfleet info` (and the scenario name by `sensitivity
# --method spearman`) with \xNN in their place, never raw;
# valid UTF-8 (the em dash of the table headings, CO₂) stays as it is.
set -uo pipefail
bin="$1"; src="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" run "$src/tests/data/small.yaml" --samples 40 -q -o "$work/r.h5" || fail "tinyfleet run"
/usr/bin/python3 - "$work/r.h5" <<'PY' || fail "writing the crafted attributes"
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    a = f.attrs
    a["scenario_name"] = "evil\x1b[2J\x1b[H"
    a["command_line"] = "tinyfleet run\x1b]0;owned\x07 x.yaml\r\x08\x7f"
    a["scenario_overrides"] = "run.name=a\x1b[31mred\nrun.seed=1"
    a["model_notes"] = "note one CO\u2082\nnote\u009btwo\n"
    a.create("program_version", data=b"1.0\xff\x9b", dtype=h5py.string_dtype("ascii", len(b"1.0\xff\x9b")))
PY
out="$("$bin" info "$work/r.h5")" || fail "info on the crafted file: exit $?"

# Nothing below 0x20 but newline, no DEL, no C1 control, no invalid UTF-8 on the terminal.
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' <<<"$out" && fail "raw control character in: $(od -c <<<"$out" | head -20)"
/usr/bin/python3 -c '
import sys
text = sys.stdin.buffer.read().decode("utf-8")  # raises on invalid UTF-8
bad = [c for c in text if 0x80 <= ord(c) <= 0x9f]
sys.exit("C1 control characters: %r" % bad if bad else 0)' <<<"$out" || fail "invalid UTF-8 or C1 control in info"

for want in 'scenario:         evil\x1b[2J\x1b[H (sha256' \
            'command line:     tinyfleet run\x1b]0;owned\x07 x.yaml\x0d\x08\x7f' \
            'overrides:        run.name=a\x1b[31mred run.seed=1' \
            'note one CO₂' 'note\xc2\x9btwo' \
            'program version:  1.0\xff\x9b' \
            'fleet total over realizations'; do
  grep -qF -- "$want" <<<"$out" || fail "info does not show '$want':"$'\n'"$out"
done
grep -q '—' <<<"$out" || fail "valid UTF-8 (em dash) was escaped"

# sensitivity --method spearman names the scenario of the file it reads.
out="$("$bin" sensitivity --method spearman "$work/r.h5" -q -o "$work/s.h5")" || fail "spearman on the crafted file"
LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' <<<"$out" && fail "raw control character from spearman: $out"
grep -qF 'evil\x1b[2J\x1b[H: given-data measures' <<<"$out" || fail "spearman does not show the escaped name: $out"
exit 0
