#!/usr/bin/python3
"""Checks that a tinyfleet result file reads cleanly with xarray (netCDF4 engine).

Usage: /usr/bin/python3 tests/e2e/xarray_check.py RESULT.h5

Use Debian's /usr/bin/python3 (python3-xarray, python3-netcdf4), not another
python3 on PATH. Exits 0 and prints "xarray ok: ..." when every check passes;
prints "xarray check failed: ..." to stderr and exits 1 otherwise (2 for a
usage error).
"""
import sys

GROUPS = ("samples", "by_class", "summary", "inputs")


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def open_group(xr, path, group):
    try:
        return xr.open_dataset(path, engine="netcdf4", group=group)
    except Exception as e:  # xarray/netCDF4 raise many kinds of errors
        where = "the root group" if group is None else f"group '{group}'"
        raise CheckFailed(f"xarray cannot open {where} of '{path}': {type(e).__name__}: {e}")


def has_group(path, group):
    try:
        import netCDF4
        with netCDF4.Dataset(path) as nc:
            return group in nc.groups
    except Exception as e:
        raise CheckFailed(f"netCDF4 cannot list the groups of '{path}': {type(e).__name__}: {e}")


def check_dims(ds, group, name, expected):
    require(name in ds.data_vars, f"group '{group}' has no data variable '{name}' "
            f"(has: {', '.join(map(str, ds.data_vars)) or 'none'})")
    dims = tuple(ds[name].dims)
    require(dims == expected, f"'{group}/{name}' has dimensions {dims}, expected {expected}")


def check_coordinates(np, ds, where, n_samples=None):
    """year: strictly increasing integers; sample: 0..n-1. Returns (years, n)."""
    years = samples = None
    if "year" in ds.dims:
        require("year" in ds.coords, f"{where}: dimension 'year' has no coordinate values")
        years = ds["year"].values
        require(years.ndim == 1 and years.size >= 1, f"{where}: 'year' coordinate is empty")
        require(np.issubdtype(years.dtype, np.integer),
                f"{where}: 'year' coordinate has type {years.dtype}, expected integers")
        require(bool(np.all(np.diff(years) > 0)),
                f"{where}: 'year' coordinate is not strictly increasing: {years.tolist()}")
    if "sample" in ds.dims:
        require("sample" in ds.coords, f"{where}: dimension 'sample' has no coordinate values")
        samples = ds["sample"].values
        n = samples.size
        require(np.array_equal(samples, np.arange(n)),
                f"{where}: 'sample' coordinate is not 0..{n - 1}: {samples[:10].tolist()}...")
        if n_samples is not None:
            require(n == n_samples, f"{where}: {n} samples, but the root 'samples' attribute says {n_samples}")
    return years, None if samples is None else samples.size


def check_units(ds, where):
    # String coordinates (device_class, quantity) have no unit (CF 3.1).
    for name, var in list(ds.data_vars.items()) + list(ds.coords.items()):
        if var.dtype.kind in "OUS":
            continue
        require("units" in var.attrs, f"{where}: variable '{name}' has no 'units' attribute")


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} RESULT.h5", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        import numpy as np
        import xarray as xr
    except ImportError as e:
        raise CheckFailed(f"cannot import numpy/xarray ({e}); run this with Debian's /usr/bin/python3 "
                          "with python3-xarray and python3-netcdf4 installed")

    root = open_group(xr, path, None)
    fmt = root.attrs.get("format")
    require(fmt == "tinyfleet-results", f"root attribute 'format' is {fmt!r}, expected 'tinyfleet-results'")
    n_samples = root.attrs.get("samples")
    require(n_samples is not None, "root attribute 'samples' is missing")
    n_samples = int(n_samples)
    root_years, _ = check_coordinates(np, root, "root group", n_samples)
    for dim in ("year", "sample", "quantile", "device_class"):
        require(dim in root.coords, f"root group: no '{dim}' coordinate")
    check_units(root, "root group")

    groups = {g: open_group(xr, path, g) for g in GROUPS}
    for g, ds in groups.items():
        years, _ = check_coordinates(np, ds, f"group '{g}'", n_samples)
        if years is not None:
            require(np.array_equal(years, root_years), f"group '{g}': 'year' coordinate differs from the root's")
        check_units(ds, f"group '{g}'")

    listed = [m for m in str(root.attrs.get("metrics", "")).split(",") if m]
    metrics = listed or list(groups["samples"].data_vars)
    require(metrics, "the file holds no metrics (group 'samples' is empty)")
    first = metrics[0]
    check_dims(groups["samples"], "samples", first, ("sample", "year"))
    for m in metrics:
        check_dims(groups["samples"], "samples", m, ("sample", "year"))
        check_dims(groups["by_class"], "by_class", m, ("sample", "device_class", "year"))
        check_dims(groups["summary"], "summary", m, ("quantile", "year"))
        check_dims(groups["summary"], "summary", f"{m}_mean", ("year",))
        check_dims(groups["summary"], "summary", f"{m}_std", ("year",))
    classes = groups["by_class"]["device_class"].values.tolist()
    require(all(isinstance(c, str) for c in classes), f"'device_class' coordinate is not strings: {classes}")
    quantiles = groups["summary"]["quantile"].values
    require(bool(np.all((quantiles >= 0) & (quantiles <= 1))),
            f"'quantile' coordinate outside [0, 1]: {quantiles.tolist()}")
    for name in groups["inputs"].data_vars:
        check_dims(groups["inputs"], "inputs", name, ("sample",))

    payback_text = "no payback"
    if has_group(path, "payback"):
        ds = open_group(xr, path, "payback")
        check_coordinates(np, ds, "group 'payback'", n_samples)
        check_units(ds, "group 'payback'")
        check_dims(ds, "payback", "years", ("sample", "device_class"))
        require("device_class" in ds.coords, "group 'payback': dimension 'device_class' has no coordinate values")
        payback_classes = ds["device_class"].values.tolist()
        root_classes = root["device_class"].values.tolist()
        require(payback_classes == root_classes,
                f"group 'payback': 'device_class' coordinate {payback_classes} differs from the root's {root_classes}")
        years = ds["years"].values
        require(np.issubdtype(years.dtype, np.floating),
                f"'payback/years' has type {years.dtype}, expected floating point")
        # Never paying back is the _FillValue, which xarray reads as NaN.
        require(not bool(np.any(np.isinf(years))), "'payback/years' holds inf (never is the fill value)")
        payback_text = f"payback ({int(np.sum(np.isnan(years)))} of {years.size} never)"

    error_text = "no cohort error estimates"
    if has_group(path, "cohort_error"):
        ds = open_group(xr, path, "cohort_error")
        check_coordinates(np, ds, "group 'cohort_error'", n_samples)
        check_units(ds, "group 'cohort_error'")
        check_dims(ds, "cohort_error", "relative_error", ("sample", "device_class", "quantity"))
        for dim in ("device_class", "quantity"):
            require(dim in ds.coords, f"group 'cohort_error': dimension '{dim}' has no coordinate values")
        require(ds["device_class"].values.tolist() == root["device_class"].values.tolist(),
                "group 'cohort_error': 'device_class' coordinate differs from the root's")
        quantities = ds["quantity"].values.tolist()
        require(all(q in metrics for q in quantities),
                f"group 'cohort_error': 'quantity' coordinate {quantities} names unknown metrics")
        errors = ds["relative_error"].values
        require(bool(np.all(np.isfinite(errors)) and np.all(errors >= 0)),
                "'cohort_error/relative_error' holds values that are not finite and >= 0")
        error_text = f"cohort error estimates of {', '.join(quantities)} (max {float(errors.max()):.2g})"

    print(f"xarray ok: {len(metrics)} metrics ({', '.join(metrics)}), {n_samples} samples, "
          f"{root_years.size} years ({root_years[0]}-{root_years[-1]}), {len(classes)} classes, "
          f"{quantiles.size} quantiles, {len(groups['inputs'].data_vars)} inputs, {payback_text}, {error_text}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except CheckFailed as e:
        print(f"xarray check failed: {e}", file=sys.stderr)
        sys.exit(1)
