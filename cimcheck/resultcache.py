"""Result cache: a finished CLI document per (file content, command, language, code).

A re-check of an unchanged model should be close to instant (design.md §6). The geometry
cache already skips tessellation, but opening and indexing the IFC and importing the
geometry stack still cost a few hundred milliseconds. This cache stores the finished JSON
document of ``cimcheck info`` / ``cimcheck areas`` and is consulted *before* any of that is
imported: only the standard library runs on a hit.

The key covers everything the document depends on: the model's bytes (sha256), the
command and its options, the language, the installed ifcopenshell version and a
fingerprint of cimcheck's own source files, so a changed engine never serves an old
answer. A document is stored under the hash of the bytes that were actually analysed (not
of the file as first looked up), so a file replaced in between can never file one model's
answer under another's hash. Entries are written atomically and carry a checksum of their
document; an edited, truncated or foreign entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["ENTRY_FORMAT", "code_fingerprint", "key_for", "load", "result_key", "save"]

_PACKAGE = Path(__file__).resolve().parent


#: Written into a bundle by ``installer/cimcheck.spec``: a frozen app has no .py files to hash.
SHIPPED_FINGERPRINT = "fingerprint.json"


@cache
def code_fingerprint() -> str:
    """Hash of cimcheck's source and data files (changes whenever the engine changes).

    In a PyInstaller bundle the code sits compiled inside the executable, so the hash the
    build computed from the sources is read from ``fingerprint.json`` instead.
    """
    if getattr(sys, "frozen", False):
        shipped = _PACKAGE / SHIPPED_FINGERPRINT
        if shipped.is_file():
            return str(json.loads(shipped.read_text("utf-8"))["fingerprint"])
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".yaml", ".json"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    try:
        digest.update(metadata.version("ifcopenshell").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no-ifcopenshell")
    return digest.hexdigest()


def _folder() -> Path:
    override = os.environ.get("CIMCHECK_CACHE_DIR")
    if override:
        return Path(override) / "results"
    import platformdirs

    return Path(platformdirs.user_cache_dir("cimcheck")) / "results"


#: Version of an entry's layout; entries of another version are ignored.
ENTRY_FORMAT = 2


def _digest(content: str, command: str, options: dict[str, Any]) -> str:
    payload = json.dumps({"model": content, "command": command, "options": options,
                          "code": code_fingerprint()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


def result_key(model: Path, command: str, **options: Any) -> str | None:
    """Key of a document, or None if the model cannot be read (the slow path reports why).

    Only regular files are hashed (a FIFO would block here, a device never end).
    """
    try:
        if not stat.S_ISREG(model.stat().st_mode):
            return None
        with model.open("rb") as handle:
            content = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    return _digest(content, command, options)


def key_for(sha256: str, command: str, **options: Any) -> str:
    """Key of a document for model bytes already hashed (the ones actually analysed)."""
    return _digest(sha256, command, options)


def _checksum(document: dict[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def load(key: str | None) -> dict[str, Any] | None:
    """Return the cached document for ``key``, or None.

    An entry is served only if it is whole: its format, its key and the checksum of its
    document all match. An edited, truncated or foreign file is a miss (and is rebuilt).
    """
    if key is None:
        return None
    try:
        entry = json.loads((_folder() / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT \
            or entry.get("key") != key or not isinstance(entry.get("document"), dict):
        return None
    try:
        if entry.get("checksum") != _checksum(entry["document"]):
            return None
    except ValueError:
        return None
    return entry["document"]


def save(key: str | None, document: dict[str, Any]) -> None:
    """Store a document (silently does nothing if the cache cannot be written)."""
    if key is None:
        return
    folder = _folder()
    try:
        entry = {"format": ENTRY_FORMAT, "key": key, "checksum": _checksum(document),
                 "document": document}
    except ValueError:  # a NaN or infinity: not a document to keep
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False,
                                         encoding="utf-8") as tmp:
            json.dump(entry, tmp, ensure_ascii=False)
        os.replace(tmp.name, folder / f"{key}.json")
    except OSError:
        return
