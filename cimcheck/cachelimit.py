"""Keep the caches within a size: the entries used least recently go first.

Every check leaves entries in the user cache folder (``~/.cache/cimcheck``, or
``CIMCHECK_CACHE_DIR``): the meshes (``geometry/``) and the results (``results/``). A
100,000-element model leaves about 80 MB, and every exported version of a design is a new
file with entries of its own, so without a bound the folder grows by the size of every
model ever checked. After a run that wrote entries, ``trim`` removes the least recently
used ones until the folder holds at most nine tenths of ``CIMCHECK_CACHE_LIMIT_MB``
(4096 MiB by default; 0: no limit), as ccache bounds its cache.

"Used" is an entry's modification time: written, or read back whole (``touch`` on every
hit, as ccache does; access times are not kept by ``noatime`` or ``relatime`` mounts).
What the run itself wrote or read is never removed by its own trim, even when it alone
exceeds the limit: the next re-check of the same model must find it. Another process's
trim keeps what was used since that process began; an entry a longer run beside it used
earlier may go, and is a miss, computed again. A temporary file of an interrupted write
(``*.tmp``) goes once it is an hour old. A folder of more than ``LARGE_FOLDER_ENTRIES``
entries is scanned at most once a minute.

Removing an entry another process is reading is safe: an open file is read to its end
(POSIX), and one not yet opened is a miss, computed again.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

__all__ = ["DEFAULT_LIMIT_MB", "Trimmed", "cache_root", "clear", "limit_bytes", "note_written",
           "touch", "trim", "trim_if_written", "usage"]

log = logging.getLogger(__name__)

#: The cache folder's default bound (MiB): about fifty 100,000-element models.
DEFAULT_LIMIT_MB = 4096

#: The folders under the cache root that ``trim`` keeps within the bound.
FOLDERS = ("results", "geometry")

#: A trimmed folder holds at most this share of the limit, so that the next runs do not
#: each scan and remove again.
LOW_WATER = 0.9

#: Age (s) from which a temporary file is an interrupted write, not one in progress.
STALE_TEMPORARY_SECONDS = 3600.0

#: How much earlier than the run's start an entry it wrote may be stamped: file systems
#: stamp from a coarse clock (a few ms behind), FAT in steps of 2 s.
MTIME_SLACK_S = 2.0

#: From this many entries on (a scan of some 40 ms), the folder is scanned at most once
#: every ``SCAN_INTERVAL_S``; ``STAMP`` (in the cache root) holds the last scan's count.
LARGE_FOLDER_ENTRIES = 5000
SCAN_INTERVAL_S = 60.0
STAMP = "trimmed"

#: Whether this process wrote a cache entry (``note_written``) since it last trimmed.
_written = False


class Trimmed(NamedTuple):
    """What ``trim`` or ``clear`` found and removed (temporary files are not entries)."""

    total: int          # bytes of the entries found
    removed: int        # entries removed
    freed: int          # bytes removed
    entries: int = 0    # entries found
    failed: int = 0     # entries that could not be removed
    problem: str = ""   # why the first of them could not, or a folder not be read


def cache_root() -> Path:
    """Return the user cache folder that holds ``results/`` and ``geometry/``."""
    override = os.environ.get("CIMCHECK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("cimcheck"))


def limit_bytes() -> int | None:
    """Return the bound: ``CIMCHECK_CACHE_LIMIT_MB`` (MiB; 0 for none), else 4096 MiB."""
    from cimcheck.environment import mebibytes

    return mebibytes("CIMCHECK_CACHE_LIMIT_MB", DEFAULT_LIMIT_MB, zero="none")


def note_written() -> None:
    """Say that this process wrote (or had a child write) a cache entry."""
    global _written
    _written = True


def touch(path: Path | str) -> None:
    """Mark an entry as used now (a hit); quietly nothing where the folder is read-only."""
    try:
        os.utime(path)
    except OSError:
        pass


def trim_if_written(since: float) -> Trimmed | None:
    """``trim`` if this process wrote entries; keep what was used from ``since`` (epoch s).

    A folder found with more than ``LARGE_FOLDER_ENTRIES`` entries is scanned at most once
    every ``SCAN_INTERVAL_S`` (by any process): a batch of many models would otherwise
    scan it after each. Never raises, an interrupt included: a cache that cannot be
    trimmed is left as it is, said in one line.
    """
    global _written
    if not _written:
        return None
    _written = False
    stamp = cache_root() / STAMP
    try:
        try:
            last = stamp.stat()
            if time.time() - last.st_mtime < SCAN_INTERVAL_S \
                    and int(stamp.read_text("ascii") or 0) > LARGE_FOLDER_ENTRIES:
                return None
        except (OSError, ValueError):
            pass
        trimmed = trim(keep_since=since)
        try:
            stamp.write_text(str(trimmed.entries), "ascii")
        except OSError:
            pass
        return trimmed
    except (Exception, KeyboardInterrupt) as err:  # housekeeping never fails a run
        log.warning("the cache folder %s could not be trimmed: %s", cache_root(), err)
        log.debug("trim failed", exc_info=True)
        return None


def trim(root: Path | None = None, limit: int | None = -1, *,
         keep_since: float | None = None) -> Trimmed:
    """Remove the least recently used entries until the folders hold ``LOW_WATER`` × limit.

    ``limit``: bytes, None for no bound; by default ``limit_bytes()``. Entries used at or
    after ``keep_since`` (epoch seconds) stay, as do temporary files younger than
    ``STALE_TEMPORARY_SECONDS`` (a write in progress). An entry that cannot be removed is
    passed over (counted in ``failed``).
    """
    root = cache_root() if root is None else root
    bound = limit_bytes() if limit == -1 else limit
    now = time.time()
    kept_from = int(((now if keep_since is None else keep_since) - MTIME_SLACK_S) * 1e9)
    entries, problem = _scan(root, now)
    total = sum(size for _used, size, _path in entries)
    if bound is None or total <= bound:
        return Trimmed(total, 0, 0, len(entries), 0, problem)
    excess = total - int(bound * LOW_WATER)
    oldest_first = (entry for entry in sorted(entries) if entry[0] < kept_from)
    done = _remove(oldest_first, total, len(entries), problem, excess)
    log.info("cache trimmed: %d entries, %.1f MB of %.1f MB", done.removed, done.freed / 1e6,
             total / 1e6)
    return done


def usage(root: Path | None = None) -> tuple[dict[str, tuple[int, int]], str]:
    """Return each cache folder's entries and bytes, by name (``cimcheck cache``).

    And why a folder could not be read ("" where all could).
    """
    root = cache_root() if root is None else root
    found: dict[str, tuple[int, int]] = {}
    problem = ""
    for name in FOLDERS:
        entries, unread = _scan(root, None, (name,))
        found[name] = (len(entries), sum(size for _used, size, _path in entries))
        problem = problem or unread
    return found, problem


def clear(root: Path | None = None) -> Trimmed:
    """Remove every entry (``cimcheck cache --clear``); a write in progress stays."""
    root = cache_root() if root is None else root
    entries, problem = _scan(root, time.time())
    total = sum(size for _used, size, _path in entries)
    return _remove(entries, total, len(entries), problem, None)


def _remove(chosen: Iterable[tuple[int, int, str]], total: int, entries: int, problem: str,
            excess: int | None) -> Trimmed:
    """Remove the chosen entries (last use, bytes, path) until ``excess`` bytes went.

    ``excess`` None: all of them. One that cannot be removed is passed over and counted;
    one gone meanwhile (another process's trim) is neither.
    """
    removed = freed = failed = 0
    for _used, size, path in chosen:
        if excess is not None and freed >= excess:
            break
        outcome = _unlink(path)
        if outcome is True:
            removed, freed = removed + 1, freed + size
        elif outcome:
            failed += 1
            problem = problem or outcome
    return Trimmed(total, removed, freed, entries, failed, problem)


def _scan(root: Path, now: float | None, folders: tuple[str, ...] = FOLDERS
          ) -> tuple[list[tuple[int, int, str]], str]:
    """Return the entries (last use in ns, bytes, path), and why a folder was unreadable.

    Temporary files of writes interrupted before ``now`` - ``STALE_TEMPORARY_SECONDS`` are
    removed on the way (``now`` None: none is).
    """
    entries: list[tuple[int, int, str]] = []
    problem = ""
    for name in folders:
        try:
            scan = os.scandir(root / name)
        except FileNotFoundError:
            continue
        except OSError as err:          # another user's folder, or not a folder
            problem = problem or f"{root / name}: {err.strerror or err}"
            continue
        with scan:
            for entry in scan:
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if entry.name.endswith(".tmp"):
                    if now is not None and now - info.st_mtime > STALE_TEMPORARY_SECONDS:
                        _unlink(entry.path)
                    continue
                entries.append((info.st_mtime_ns, info.st_size, entry.path))
    return entries, problem


def _unlink(path: str) -> bool | str:
    """Remove a file: True; False where it was gone already; else why it could not be."""
    try:
        os.unlink(path)
    except FileNotFoundError:       # removed meanwhile by another process
        return False
    except OSError as err:          # another user's, a read-only disk, held open
        return err.strerror or str(err)
    return True
