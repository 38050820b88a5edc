"""Result cache: a finished CLI document per (file content, command, language, code).

A re-check of an unchanged model should be close to instant (design.md §6). The geometry
cache already skips tessellation, but opening and indexing the IFC and importing the
geometry stack still cost a few hundred milliseconds. This cache stores the finished JSON
document of ``cimcheck info`` / ``cimcheck areas`` and is consulted *before* any of that is
imported: only the standard library runs on a hit.

The key covers everything the document depends on: the model's bytes (sha256), the
command and its options, the language, the installed ifcopenshell version and a
fingerprint of cimcheck's own source files, so a changed engine never serves an old
answer. Entries are written atomically; unreadable entries are ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["code_fingerprint", "load", "result_key", "save"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    """Hash of cimcheck's source and data files (changes whenever the engine changes)."""
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


def result_key(model: Path, command: str, **options: Any) -> str | None:
    """Key of a document, or None if the model cannot be read (the slow path reports why)."""
    try:
        with model.open("rb") as handle:
            content = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    payload = json.dumps({"model": content, "command": command, "options": options,
                          "code": code_fingerprint()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


def load(key: str | None) -> dict[str, Any] | None:
    """Return the cached document for ``key``, or None."""
    if key is None:
        return None
    try:
        return json.loads((_folder() / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def save(key: str | None, document: dict[str, Any]) -> None:
    """Store a document (silently does nothing if the cache cannot be written)."""
    if key is None:
        return
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False,
                                         encoding="utf-8") as tmp:
            json.dump(document, tmp, ensure_ascii=False)
        os.replace(tmp.name, folder / f"{key}.json")
    except OSError:
        return
