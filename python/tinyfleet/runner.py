"""`tinyfleet.run(scenario, ...)`: runs the `tinyfleet` program on a
scenario and returns its result as an xarray.Dataset (tinyfleet.open), for
notebooks and scripts.

The program is, in this order: the `binary` argument; $TINYFLEET_BINARY;
`tinyfleet` on PATH; the build tree `build/bin/tinyfleet` of the source tree
this package lies in (when imported from python/ of a clone), then of the
current folder or one of its parents (a clone being worked in). A failed run
raises RunError carrying the program's own message (the same one-line
`file:line:column: error: ...` the command line prints) and exit code.
"""

import os
import shutil
import subprocess
import tempfile

from .dataset import open as open_dataset


class RunError(Exception):
    """The tinyfleet program failed, or was not found. `message` is what it
    printed on stderr (or why it could not be started); `returncode` its exit
    code (2 bad input, 1 runtime failure; None when it did not run)."""

    def __init__(self, message, returncode=None, command=None):
        super().__init__(message)
        self.message = message
        self.returncode = returncode
        self.command = command


def _candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(os.path.dirname(os.path.dirname(here)), "build", "bin", "tinyfleet")
    folder = os.getcwd()
    while True:
        yield os.path.join(folder, "build", "bin", "tinyfleet")
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def find_binary(binary=None):
    """Path of the tinyfleet program (order in the module's docstring);
    RunError listing what was tried when there is none."""
    if binary is not None:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            raise RunError(f"binary '{binary}' is not an executable file")
        return binary
    env = os.environ.get("TINYFLEET_BINARY")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise RunError(f"TINYFLEET_BINARY='{env}' is not an executable file")
        return env
    on_path = shutil.which("tinyfleet")
    if on_path:
        return on_path
    tried = []
    for candidate in _candidates():
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
        tried.append(candidate)
    raise RunError("no tinyfleet program found: pass binary=..., set TINYFLEET_BINARY, or put tinyfleet on PATH "
                   f"(also looked for {', '.join(tried[:3])}{', ...' if len(tried) > 3 else ''})")


def _set_items(settings):
    if settings is None:
        return []
    if isinstance(settings, dict):
        items = settings.items()
    else:
        raise TypeError("set= takes a dict {'path.to.field': value, ...}")
    out = []
    for key, value in items:
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append(f"{key}={value}")
    return out


def run(scenario, samples=None, seed=None, set=None, mode=None, threads=None, binary=None,  # noqa: A002
        output=None, load=True):
    """Runs `tinyfleet run SCENARIO` and returns tinyfleet.open of its result.

    samples, seed, mode ("cohort" or "exact") and threads are the command's
    --samples, --seed, --mode and --threads; set={"run.first_year": 2025, ...}
    gives one --set per item. The result goes to `output` when given (kept),
    else to a temporary file that is removed once read (load=True reads every
    value into memory first; load=False with output= keeps the Dataset lazy).
    RunError on failure, with the program's message."""
    program = find_binary(binary)
    args = [program, "run", os.fspath(scenario), "-q"]
    for flag, value in (("--samples", samples), ("--seed", seed), ("--mode", mode), ("--threads", threads)):
        if value is not None:
            args += [flag, str(value)]
    for item in _set_items(set):
        args += ["--set", item]
    with tempfile.TemporaryDirectory(prefix="tinyfleet-run-") as tmp:
        path = os.fspath(output) if output is not None else os.path.join(tmp, "result.h5")
        args += ["-o", path]
        try:
            done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        except OSError as e:
            raise RunError(f"cannot start {program}: {e}", command=args) from e
        if done.returncode != 0:
            message = done.stderr.strip() or f"{program} exited with code {done.returncode}"
            raise RunError(message, returncode=done.returncode, command=args)
        ds = open_dataset(path)
        if load or output is None:
            ds = ds.load()
            ds.close()
        return ds
