"""Atomic file output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cimcheck.errors import ExportError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Raises
    ------
    ExportError
        The folder does not exist, is not writable, or the target is locked / read-only.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
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
