"""Importing the third-party modules the package needs (numpy, h5py,
xarray with netCDF4, matplotlib, PyYAML) with a message that says what to
install, instead of a bare ModuleNotFoundError from deep inside a call.

Nothing is imported when the package is: `import tinyfleet` works on any
Python 3.9+; each function imports what it needs when called.
"""

import importlib

# Module -> (Debian package, pip/conda name).
PACKAGES = {
    "numpy": ("python3-numpy", "numpy"),
    "h5py": ("python3-h5py", "h5py"),
    "xarray": ("python3-xarray", "xarray"),
    "netCDF4": ("python3-netcdf4", "netCDF4"),
    "matplotlib": ("python3-matplotlib", "matplotlib"),
    "yaml": ("python3-yaml", "pyyaml"),
}


class MissingDependency(ImportError):
    """A module tinyfleet needs for what was asked is not installed."""


def require(module, purpose):
    """The module `module` (e.g. "xarray", "matplotlib.pyplot"); MissingDependency
    naming `purpose` and what to install when it cannot be imported."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise MissingDependency(missing_message(e, purpose, module)) from e


def missing_message(error, purpose, module=None):
    """One paragraph for an ImportError `error` met while doing `purpose`:
    which module, and how to get it."""
    top = (getattr(error, "name", None) or module or "?").split(".")[0]
    debian, pip = PACKAGES.get(top, (f"python3-{top.lower()}", top))
    return (f"{purpose} needs the Python module '{top}', which this Python ({_executable()}) cannot import. "
            f"Install it (Debian/Ubuntu: apt install {debian}; pip or conda: {pip}), or use "
            f"Debian's /usr/bin/python3 after scripts/install-deps; in a venv, create it with "
            f"--system-site-packages to see Debian's modules.")


def _executable():
    import sys
    return sys.executable or "python"
