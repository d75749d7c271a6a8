"""`tinyfleet.open(path)`: a file the `tinyfleet` program wrote as one
xarray.Dataset with every group, labelled coordinates and units.

The file's groups become variables of one Dataset (xarray of Debian 12 has
no tree of datasets), named by one rule: the datasets of the `samples/`
group (the fleet totals of a result file, `<metric>(sample, year)`) keep
their names; every other group's datasets are named `<group>_<name>`:
`by_class_net(sample, device_class, year)`, `summary_net(quantile, year)`,
`summary_net_mean(year)`, `inputs_<parameter>(sample)`,
`payback_years(sample, device_class)`, `payback_fleet_breakeven_year(sample)`, and in
sensitivity files `sensitivity_first_order(parameter, output)` and so on.
Coordinates (year, sample, quantile, device_class -- `class` in result files
of format 1 --, parameter, output, sweep_point, ...) are the file's dimension
scales; payback's "never" (the _FillValue) reads as NaN; each variable keeps its attributes
(`units`, `long_name`) and gains `group`, the HDF5 path it came from; the
file's root attributes (scenario, seed, provenance, the CF attributes) are the
Dataset's attrs, and `path` is the file read.

Values are read lazily by xarray's netCDF4 engine (call `.load()` to read
them all and release the file).
"""

import os

from .dependencies import require
from .results import DataError, FORMAT_KINDS

PRIMARY_GROUP = "samples"


def variable_name(group, name):
    """The Dataset name of dataset `name` of group `group` (rule above)."""
    return name if group == PRIMARY_GROUP else f"{group}_{name}"


def _groups(path):
    h5py = require("h5py", "tinyfleet.open")
    try:
        with h5py.File(path, "r") as f:
            fmt = f.attrs.get("format", b"")
            fmt = fmt.decode() if isinstance(fmt, bytes) else str(fmt)
            return fmt, [name for name, obj in f.items() if isinstance(obj, h5py.Group)]
    except OSError as e:
        raise DataError(f"{path}: cannot open as HDF5 ({e})") from e


def open(path):  # noqa: A001 -- tinyfleet.open, as xarray.open_dataset
    """The file at `path` (a result, sweep or sensitivity file) as an
    xarray.Dataset (see the module's docstring). DataError when it is
    missing, not HDF5, or not a tinyfleet file."""
    xr = require("xarray", "tinyfleet.open")
    require("netCDF4", "tinyfleet.open (xarray's netCDF4 engine)")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file" if not os.path.exists(path) else f"{path}: not a regular file")
    fmt, groups = _groups(path)
    if fmt not in FORMAT_KINDS:
        raise DataError(f"{path}: not a tinyfleet file (root attribute format is '{fmt}', expected one of "
                        + ", ".join(f"'{k}'" for k in FORMAT_KINDS) + ")")
    try:
        parts = [xr.open_dataset(path, engine="netcdf4")]
        for group in groups:
            ds = xr.open_dataset(path, engine="netcdf4", group=group)
            names = {v: variable_name(group, v) for v in ds.data_vars}
            ds = ds.rename(names)
            for v in ds.data_vars:
                ds[v].attrs["group"] = f"/{group}"
            parts.append(ds)
        # A sweep file keeps each swept setting at the root and names it as a
        # coordinate of summary/ (the netCDF `coordinates` attribute): the
        # root's copy becomes a coordinate too, else xarray cannot merge them.
        along = {name for ds in parts[1:] for name in ds.coords}
        parts[0] = parts[0].set_coords([v for v in parts[0].data_vars if v in along])
        merged = xr.merge(parts, combine_attrs="override", join="exact")
    except (OSError, ValueError, KeyError) as e:
        raise DataError(f"{path}: cannot read with xarray ({type(e).__name__}: {e})") from e
    merged.attrs = dict(parts[0].attrs)
    merged.attrs["path"] = path
    return merged
