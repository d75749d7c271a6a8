"""Writing an output file of scripts/table and scripts/plot by the rule the
tinyfleet commands follow (docs/outputs.md): the output is checked before any
work and refused (DataError, exit 2) when it is the same file as an input
(same device and inode: a link or another spelling of the input's path is
caught too), exists and is not a regular file (a folder, a device), lives in
a missing or read-only folder, or leaves no room for its temporary name. It
is then written to .NAME.tmp-PID in its folder, fsync()ed and renamed over
NAME, so it is never half-written; temporary files of processes that died
before renaming theirs are removed.
"""

import os
import stat

from .results import DataError


class OutputError(Exception):
    """The output could not be written (disk full, I/O error): one-line
    message, exit code 1. Not an OSError, so that tinyfleet.results.reading
    does not take it for a damaged input."""

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def _folder(path):
    return os.path.dirname(os.path.abspath(path))


def _temporary_prefix(path):
    return f".{os.path.basename(path)}.tmp-"


def check(path, inputs):
    """DataError when `path` may not be written as an output of `inputs`."""
    name = os.path.basename(path)
    if not name or name in (".", ".."):
        raise DataError(f"output path '{path}' does not name a file")
    folder = _folder(path)
    if not os.path.isdir(folder):
        raise DataError(f"output folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DataError(f"output folder '{folder}' is not writable")
    limit = os.pathconf(folder, "PC_NAME_MAX")
    temporary = f"{_temporary_prefix(path)}{os.getpid()}"
    if len(temporary.encode()) > limit:
        raise DataError(f"output file name '{name[:40]}...' is too long: with its temporary name "
                        f"it needs {len(temporary.encode())} characters, the folder allows {limit}")
    try:
        target = os.stat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(target.st_mode):
        kind = next((k for test, k in _KINDS if test(target.st_mode)), "not a regular file")
        raise DataError(f"output path '{path}' is {kind}, not a regular file: writing the output "
                        "would replace it; choose a file name")
    for source in inputs:
        try:
            s = os.stat(source)
        except OSError:
            continue  # a missing input is reported where it is read
        if (s.st_dev, s.st_ino) == (target.st_dev, target.st_ino):
            raise DataError(f"output path '{path}' is the input '{source}' (the same file): writing the "
                            "output would replace it; choose another output name")


def remove_stale_temporaries(path):
    """Removes the .NAME.tmp-PID files next to `path` whose process is gone."""
    folder, prefix = _folder(path), _temporary_prefix(path)
    for entry in os.listdir(folder):
        pid = entry[len(prefix):]
        if not entry.startswith(prefix) or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # alive (or another user's): its file
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        stale = os.path.join(folder, entry)
        if stat.S_ISREG(os.lstat(stale).st_mode):
            os.remove(stale)


def write_atomic(path, write):
    """Calls write(temporary_path) and renames the result over `path`."""
    check(path, [])
    remove_stale_temporaries(path)
    folder = _folder(path)
    tmp = os.path.join(folder, f"{_temporary_prefix(path)}{os.getpid()}")
    try:
        _write_and_rename(path, folder, tmp, write)
    except OSError as e:
        raise OutputError(f"cannot write '{path}': {e.strerror or e}") from e
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _write_and_rename(path, folder, tmp, write):
    write(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # best effort: a few file systems refuse it; the file is in place
    finally:
        os.close(fd)
