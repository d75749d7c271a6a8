"""Python side of tinyfleet: reading the files the `tinyfleet` program writes
(docs/result-format.md), publication figures and quantile tables
(docs/outputs.md; scripts/plot and scripts/table are thin entry points over
tinyfleet.cli).

    import tinyfleet
    result = tinyfleet.open_result("outputs/global_baseline.h5")
    result.summary_quantiles("net", (0.05, 0.5, 0.95))   # {level: values over years}

For labelled arrays, xarray reads the same file group by group:
xr.open_dataset(path, group="samples") (dimensions sample, year).
"""

# The program's version (project(VERSION) in CMakeLists.txt); pyproject.toml reads it from here.
__version__ = "0.1.0"

from .results import DataError, Result, open_result  # noqa: E402

__all__ = ["DataError", "Result", "open_result", "__version__"]
