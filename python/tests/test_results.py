"""Unit tests of the tinyfleet Python package: number rounding and units
(tinyfleet.results), and, on a result file the `tinyfleet` program writes,
the reader's metadata, units and quantiles and the table's rounded cells
against the file's own values (read with h5py directly).

    /usr/bin/python3 -m unittest discover -s python/tests

The result file is made by running TINYFLEET_BIN (default build/bin/tinyfleet
of this source tree) on TINYFLEET_SRC/tests/data/small.yaml (default this
source tree); without the binary those tests are skipped.
tests/e2e/python_package.sh runs this suite against the installed package.
"""

import os
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
SRC = os.environ.get("TINYFLEET_SRC") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
try:
    import tinyfleet  # installed (pip install ./python)
except ImportError:  # run from the source tree
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import tinyfleet
from tinyfleet import results, table  # noqa: E402

BIN = os.environ.get("TINYFLEET_BIN") or os.path.join(SRC, "build", "bin", "tinyfleet")
# Display scaling of the stored units (docs/outputs.md), written out here
# rather than taken from the package, so that the test checks it.
SCALE = {"kg CO2e": (1e9, "Mt CO2e"), "devices": (1e6, "million devices"), "kg": (1e6, "kt")}


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class RoundingTest(unittest.TestCase):
    def test_round_sig(self):
        self.assertEqual(results.round_sig(1234.5), 1230.0)
        self.assertEqual(results.round_sig(-0.012345), -0.0123)
        self.assertEqual(results.round_sig(0.99951), 1.0)
        self.assertEqual(results.round_sig(0.0), 0.0)
        self.assertEqual(results.round_sig(float("inf")), float("inf"))

    def test_format_sig(self):
        # Three significant figures, trailing zeros kept, no exponent from 1e-6 to 1e15.
        cases = {0.5: "0.500", 1234567: "1230000", -0.00123456: "-0.00123", 12.345: "12.3",
                 0: "0", 1e-9: "1.00e-09", float("-inf"): "-inf"}
        for x, want in cases.items():
            self.assertEqual(results.format_sig(x), want, x)

    def test_display_unit(self):
        self.assertEqual(results.display_unit("kg CO2e"), (1e9, "Mt CO2e"))
        self.assertEqual(results.display_unit("kg CO2e", "kt"), (1e6, "kt CO2e"))
        self.assertEqual(results.display_unit("devices"), (1e6, "million devices"))
        self.assertEqual(results.display_unit("kg"), (1e6, "kt"))
        self.assertEqual(results.display_unit("years"), (1.0, "years"))
        with self.assertRaises(results.DataError):
            results.display_unit("kg CO2e", "Pt")


class ResultFileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(BIN, os.X_OK):
            raise unittest.SkipTest(f"no tinyfleet binary at {BIN} (set TINYFLEET_BIN)")
        import h5py

        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "small.h5")
        subprocess.run([BIN, "run", os.path.join(SRC, "tests", "data", "small.yaml"), "-q", "-o", cls.path],
                       check=True)
        cls.h5 = h5py.File(cls.path, "r")
        cls.result = tinyfleet.open_result(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.result.close()
        cls.h5.close()
        cls.tmp.cleanup()

    def test_metadata(self):
        f, r = self.h5, self.result
        self.assertEqual(r.format, "tinyfleet-results")
        self.assertEqual((r.scenario_name, r.samples, r.seed), ("small", 64, 42))
        self.assertEqual(r.samples, int(f.attrs["samples"]))
        self.assertEqual(r.seed, int(f.attrs["seed"]))
        self.assertEqual(r.metrics, text(f.attrs["metrics"]).split(","))
        self.assertEqual(r.years, [int(y) for y in f["year"][()]])
        self.assertEqual(r.years, list(range(2020, 2028)))

    def test_units_match_file(self):
        # Format 2: the program's unit is tinyfleet_units ("kg CO2e/year");
        # units is its UDUNITS-2 spelling.
        for m in self.result.metrics:
            stored = text(self.h5[f"summary/{m}"].attrs["tinyfleet_units"])
            self.assertEqual(self.result.units(m), stored, m)
            base = stored.removesuffix("/year")
            divisor, name = SCALE[base]
            self.assertEqual(results.display_unit(stored), (divisor, name + ("/yr" if base != stored else "")), m)

    def test_stocks_are_the_metrics_without_a_yearly_unit(self):
        for m in self.result.metrics:
            per_year = text(self.h5[f"summary/{m}"].attrs["tinyfleet_units"]).endswith("/year")
            self.assertEqual(m in results.STOCK_METRICS, not per_year, m)

    def test_summary_quantiles_are_the_stored_rows(self):
        stored = list(self.h5["summary/quantile"][()])
        for m in self.result.metrics:
            q = self.result.summary_quantiles(m, (0.05, 0.5, 0.95))
            for level in (0.05, 0.5, 0.95):
                self.assertEqual(list(q[level]), list(self.h5[f"summary/{m}"][stored.index(level)]), (m, level))

    def test_table_cells_are_the_file_values_rounded(self):
        years = [2020, 2025, 2027]
        rows = table.collect(self.result, self.result.metrics, years, "Mt")
        self.assertEqual([m for m, _, _ in rows], self.result.metrics)
        stored = list(self.h5["summary/quantile"][()])
        n = 0
        for m, unit, cells in rows:
            ds = self.h5[f"summary/{m}"]
            stored_unit = text(ds.attrs["tinyfleet_units"])
            divisor, name = SCALE[stored_unit.removesuffix("/year")]
            # A yearly flow is "/yr" in the table, a stock (installed or
            # unserved base, cumulative net) is not: the file's unit says which.
            self.assertEqual(unit, name + "/yr" if stored_unit.endswith("/year") else name, m)
            for y in years:
                j = self.result.years.index(y)
                want = tuple(float(f"{ds[stored.index(q), j] / divisor:.2e}") for q in (0.5, 0.05, 0.95))
                self.assertEqual(cells[y], want, (m, y))
                # The text written in the table reads back as the same number.
                self.assertEqual(tuple(float(results.format_sig(v)) for v in cells[y]), want, (m, y))
                n += 1
        self.assertEqual(n, len(self.result.metrics) * len(years))

    def test_not_hdf5(self):
        path = os.path.join(self.tmp.name, "text.h5")
        with open(path, "w") as f:
            f.write("not a result\n")
        with self.assertRaisesRegex(results.DataError, "text.h5: not an HDF5 file"):
            tinyfleet.open_result(path)


if __name__ == "__main__":
    unittest.main()
