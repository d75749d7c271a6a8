"""Checks that tinyfleet files follow the CF-1.8 conventions as far as the
project promises (docs/result-format.md, "Conventions"): called by
tests/e2e/cf_conventions.sh as  cf_check.py RUN.h5 SENSITIVITY.h5 SWEEP.h5.

Every `units` attribute of every variable in every group must parse in
plain UDUNITS-2 (Debian's libudunits2 and its database, read through ctypes:
independent of the program's own unit system, which adds CO2e and devices)."""
import ctypes
import ctypes.util
import sys

import netCDF4
import numpy as np
import xarray as xr

run_path, sensitivity_path, sweep_path = sys.argv[1:4]
GLOBAL = ("Conventions", "title", "institution", "source", "history", "references")
LONG_NAME_MAX = 48  # short enough for an axis label

udunits = ctypes.CDLL(ctypes.util.find_library("udunits2") or "libudunits2.so.0")
udunits.ut_read_xml.restype = ctypes.c_void_p
udunits.ut_read_xml.argtypes = [ctypes.c_char_p]
udunits.ut_parse.restype = ctypes.c_void_p
udunits.ut_parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
udunits.ut_set_error_message_handler(udunits.ut_ignore)
system = udunits.ut_read_xml(None)
assert system, "cannot read the UDUNITS-2 database"


def parses(units):
    return bool(udunits.ut_parse(system, units.encode(), 2))  # UT_UTF8


def walk(group, path=""):
    yield path or "/", group
    for name, child in group.groups.items():
        yield from walk(child, f"{path}/{name}")


checked = 0
for path in (run_path, sensitivity_path, sweep_path):
    with netCDF4.Dataset(path) as nc:
        for attribute in GLOBAL:
            value = getattr(nc, attribute, "")
            assert isinstance(value, str) and value, f"{path}: global attribute {attribute} missing or empty"
        assert nc.Conventions == "CF-1.8", (path, nc.Conventions)
        for gpath, group in walk(nc):
            for name, var in group.variables.items():
                where = f"{path}:{gpath}/{name}"
                attrs = var.ncattrs()
                if "units" in attrs:
                    assert parses(var.units), f"{where}: units '{var.units}' is not UDUNITS-2"
                    checked += 1
                    assert "CO2" not in var.units, f"{where}: units '{var.units}' names CO2e"
                if "long_name" in attrs:
                    assert len(var.long_name) <= LONG_NAME_MAX, f"{where}: long_name too long: '{var.long_name}'"
                if name == "year":
                    assert var.dtype == np.int64, f"{where}: year is {var.dtype}, not int64"
                if name == "class":
                    raise AssertionError(f"{where}: the class dimension is named 'class' (device_class expected)")

# The run: select a class by keyword; payback's "never" is the documented fill value.
by_class = xr.open_dataset(run_path, group="by_class")
first = str(by_class["device_class"].values[0])
net = by_class["net"].sel(device_class=first)
assert net.dims == ("sample", "year"), net.dims
assert "CO2e" in by_class["net"].attrs["long_name"], by_class["net"].attrs
assert by_class["net"].attrs["units"] == "kg/year", by_class["net"].attrs
payback_raw = netCDF4.Dataset(run_path)["payback"]["years"]
assert payback_raw._FillValue == 9.969209968386869e36, payback_raw._FillValue
payback = xr.open_dataset(run_path, group="payback")["years"]
assert payback.dtype == np.float64 and not np.isinf(payback.values).any(), "payback holds inf"

# The sweep: integer year and seed coordinates, selectable.
sweep = xr.open_dataset(sweep_path, group="samples")
assert np.issubdtype(sweep["seed"].dtype, np.integer), sweep["seed"].dtype
assert sweep["year"].dtype == np.int64, sweep["year"].dtype
sweep.sel(year=int(sweep["year"].values[-1]))

# The sensitivity file opens in xarray too.
xr.open_dataset(sensitivity_path, group="sensitivity").load()
print(f"cf ok: {checked} units parse as UDUNITS-2; device_class selects; never = fill value "
      f"({int(np.isnan(payback.values).sum())} NaN in xarray)")
