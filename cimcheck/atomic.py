"""Atomic file output: write to a temporary file beside the target, then rename over it.

Only a regular file (or a new one) is replaced by rename. A device, a pipe or a symlink
(``/dev/stdout``, ``/dev/full``, a FIFO a platform reads from) is written through directly:
renaming over it would replace the device node or the link itself. Temporary files left by
a writer that was killed (``.NAME.*.tmp``) are removed by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

from cimcheck.errors import ExportError

__all__ = ["Data", "holds", "write_atomic"]

#: What ``write_atomic`` writes: bytes (or a bytearray, a view), or the pieces they are made
#: of, written one after the other (a 25 MB document joined from a cached part and a new
#: one is not copied into one bytes first).
Data = bytes | bytearray | memoryview | Sequence[bytes | memoryview]


def _pieces(data: Data) -> list[memoryview]:
    """Return the pieces as views of bytes (``len`` is their length in bytes)."""
    if isinstance(data, bytes | bytearray | memoryview):
        return [memoryview(data).cast("B")]
    return [memoryview(piece).cast("B") for piece in data]

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


def _write_through(path: Path, pieces: list[memoryview]) -> Path:
    try:
        with open(path, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
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


def _replaceable(path: Path, size: int) -> bool:
    """Tell whether ``path`` is a writable regular file of ``size`` bytes.

    A read-only target is never "already written": its write fails as any other would.
    """
    try:
        status = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size == size \
        and bool(status.st_mode & 0o222) and os.access(path, os.W_OK)


def _holds(path: Path, pieces: list[memoryview]) -> bool:
    """Tell whether ``path`` is a writable regular file whose content is exactly ``pieces``.

    The shortest pieces are compared first: a document joined from texts read from a cache
    (megabytes each) and new text between them (a check under a new site area: its
    indicators) differs in the new text, and the cached megabytes are not read to find out.
    """
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    try:
        if not _replaceable(path, starts[-1]):
            return False
        with open(path, "rb") as handle:
            for i in order:
                handle.seek(starts[i])
                # A megabyte at a time: another document of the same length differs in
                # its first megabyte, and is not read whole to find out.
                for at in range(0, len(pieces[i]), _CHUNK):
                    chunk = pieces[i][at:at + _CHUNK]
                    if handle.read(len(chunk)) != chunk:
                        return False
            handle.seek(starts[-1])
            return not handle.read(1)
    except OSError:
        return False


#: How much of a target ``_holds`` reads and compares at a time (bytes).
_CHUNK = 1 << 20


def holds(path: str | Path, size: int, sha256: str) -> bool:
    """Tell whether ``path`` is a writable regular file of ``size`` bytes hashing to ``sha256``.

    What a writer of the same bytes would leave as it is (``write_atomic``), known without
    having the bytes: a cached answer is not read just to find the file holds it already.
    """
    path = Path(path)
    try:
        if not sha256 or _is_special(path) or not _replaceable(path, size):
            return False
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha256
    except OSError:
        return False


def write_atomic(path: str | Path, data: Data) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    ``data``: bytes, or pieces written one after the other. A target that holds exactly
    ``data`` already is left as it is (its time too).

    Raises
    ------
    ExportError
        The folder does not exist, is not writable, or the target is locked / read-only.
    """
    path = Path(path)
    pieces = _pieces(data)
    if _is_special(path):
        return _write_through(path, pieces)
    if _holds(path, pieces):
        # The same bytes are there already (a re-check of an unchanged model): nothing to
        # replace. Rewriting a 25 MB document and syncing it to disk was a quarter of a
        # 0.2 s re-check at 100,000 elements.
        return path
    folder = path.parent if str(path.parent) else Path(".")
    if folder.is_dir():
        _remove_stale(folder, path.name)
    import tempfile  # here: a re-check that writes nothing never loads it (with shutil)

    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            for piece in pieces:
                tmp.write(piece)
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
