"""Atomic file output: write to a temporary file beside the target, then rename over it.

Only a regular file (or a new one) is replaced by rename. A device, a pipe or a symlink
(``/dev/stdout``, ``/dev/full``, a FIFO a platform reads from) is written through directly:
renaming over it would replace the device node or the link itself. Temporary files left by
a writer that was killed (``.NAME.*.tmp``) are removed by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from pathlib import Path

from cimcheck.errors import ExportError

__all__ = ["write_atomic"]

#: A temporary file of ours older than this was left by a killed writer (s); a live writer
#: holds its temporary file for the few seconds of one write.
STALE_TMP_S = 300


def _is_special(path: Path) -> bool:
    """Tell whether a target is a symlink, or exists and is neither a file nor a folder."""
    if path.is_symlink():
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_through(path: Path, data: bytes) -> Path:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
    except OSError as err:
        raise ExportError("export.locked", path=str(path), reason=err.strerror or str(err)) from err
    return path


def _remove_stale(folder: Path, name: str) -> None:
    now = time.time()
    for leftover in folder.glob(f".{glob.escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TMP_S:
                leftover.unlink()


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Raises
    ------
    ExportError
        The folder does not exist, is not writable, or the target is locked / read-only.
    """
    path = Path(path)
    if _is_special(path):
        return _write_through(path, data)
    folder = path.parent if str(path.parent) else Path(".")
    if folder.is_dir():
        _remove_stale(folder, path.name)
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # Temporary files are private (0600); the output gets the target's mode, or the
        # usual mode for a new file.
        if path.exists():
            mode = path.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        # os.access says yes to root even for a read-only file: look at the mode bits too.
        if path.exists() and (not os.access(path, os.W_OK)
                              or not path.stat().st_mode & 0o222):
            raise PermissionError(13, "the file is read-only")
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as err:
        raise ExportError("export.locked", path=str(path), reason=err.strerror or str(err)) from err
    finally:
        if tmp_name is not None and os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return path
