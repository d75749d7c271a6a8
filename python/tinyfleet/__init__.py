"""Python side of tinyfleet: reading the files the `tinyfleet` program writes
(docs/result-format.md), publication figures and quantile tables
(docs/outputs.md; scripts/plot and scripts/table are thin entry points over
tinyfleet.cli).

    import tinyfleet
    ds = tinyfleet.run("scenarios/global_baseline.yaml", samples=1000, seed=7,
                       set={"run.last_year": 2030})          # runs the program: an xarray.Dataset
    ds = tinyfleet.open("outputs/global_baseline.h5")          # every group, labelled, with units
    ds.net.quantile([0.05, 0.5, 0.95], dim="sample")           # fleet total per year
    result = tinyfleet.open_result("outputs/global_baseline.h5")   # h5py view, as the scripts use
    result.summary_quantiles("net", (0.05, 0.5, 0.95))   # {level: values over years}

tinyfleet.open and tinyfleet.run need xarray and netCDF4 (Debian's
python3-xarray and python3-netcdf4); a missing module raises
MissingDependency saying what to install.
"""

# The program's version (project(VERSION) in CMakeLists.txt); pyproject.toml reads it from here.
__version__ = "0.1.0"

from .results import DataError, Result, open_result  # noqa: E402
from .dependencies import MissingDependency  # noqa: E402
from .dataset import open  # noqa: E402,A001
from .runner import RunError, find_binary, run  # noqa: E402

__all__ = ["DataError", "MissingDependency", "Result", "RunError", "find_binary", "open", "open_result", "run",
           "__version__"]
