"""Geometry cache: meshes per (file hash, settings), so an unchanged model opens instantly.

An entry is one ``.npz`` file in the user cache directory (``cachelimit.cache_root``:
platformdirs, or the ``CIMCHECK_CACHE_DIR`` environment variable; kept within a size by
``cachelimit.trim``) holding every mesh's vertices and faces in
concatenated arrays plus a JSON header. The key covers everything that changes the
meshes: the model's sha256, the tessellation settings and kernels, the cache format and
the ifcopenshell version.

Entries are written to a temporary file and renamed, so a crash never leaves half an
entry; an entry that cannot be read (truncated, foreign, wrong format) is reported as
corrupt, ignored and rebuilt. The cache never raises: at worst the model is tessellated
again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import ifcopenshell
import numpy as np

from cimcheck import cachelimit
from cimcheck.geometry.mesh import Mesh, make_mesh
from cimcheck.results.diagnostic import Diagnostic, Severity

log = logging.getLogger(__name__)

__all__ = ["CACHE_FORMAT", "CacheMiss", "cache_dir", "cache_key", "load", "save"]

CACHE_FORMAT = 2


class CacheMiss:
    """Why a load found nothing: ``"absent"``, ``"corrupt"`` or ``"unreadable"``.

    Unreadable: no right to read it (a folder shared with another user); saving there
    fails too, and says so.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"CacheMiss({self.reason!r})"


def cache_dir() -> Path:
    """Return the folder that holds geometry cache entries."""
    return cachelimit.cache_root() / "geometry"


def cache_key(sha256: str, settings: Mapping[str, object]) -> str:
    """Return a stable key for a model hash and the settings that shape its meshes."""
    payload = json.dumps(
        {
            "sha256": sha256,
            "settings": settings,
            "format": CACHE_FORMAT,
            "ifcopenshell": getattr(ifcopenshell, "version", "?"),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}.npz"


def load(key: str) -> tuple[dict[str, Mesh], tuple[Diagnostic, ...]] | CacheMiss:
    """Read an entry; a ``CacheMiss`` says whether it was absent or unreadable."""
    path = _entry(key)
    try:
        if not path.exists():       # raises where the folder may not be looked into
            return CacheMiss("absent")
        with np.load(path, allow_pickle=False) as data:
            header_bytes = bytes(data["header"])
            header = json.loads(header_bytes.decode("utf-8"))
            if header.get("format") != CACHE_FORMAT or header.get("key") != key:
                return CacheMiss("corrupt")
            vertices, faces = data["vertices"], data["faces"]
            v_off, f_off = data["v_off"], data["f_off"]
            if bytes(data["checksum"]).decode("ascii") != _checksum(
                    header_bytes, vertices, faces, v_off, f_off):
                # An entry edited anywhere (even with a valid zip CRC) is not served.
                return CacheMiss("corrupt")
            if vertices.ndim != 2 or vertices.shape[1] != 3 or faces.ndim != 2 \
                    or faces.shape[1] != 3:
                return CacheMiss("corrupt")
            items = header["meshes"]
            if len(v_off) != len(items) + 1 or len(f_off) != len(items) + 1:
                return CacheMiss("corrupt")
            meshes = {}
            for i, (gid, ifc_class, kernel) in enumerate(items):
                v = vertices[v_off[i] : v_off[i + 1]]
                f = faces[f_off[i] : f_off[i + 1]]
                if len(f) and (f.max() >= len(v) or f.min() < 0):
                    return CacheMiss("corrupt")
                meshes[gid] = make_mesh(gid, ifc_class, v, f, kernel)
            diagnostics = tuple(
                Diagnostic(d["code"], Severity(d["severity"]), d["global_id"], d["ifc_class"],
                           tuple((k, v) for k, v in d["params"]))
                for d in header["diagnostics"]
            )
    except FileNotFoundError:       # removed since (cachelimit.trim in another process)
        return CacheMiss("absent")
    except PermissionError as err:  # another user's entry in a shared folder: not damaged
        log.info("geometry cache entry %s not readable: %s", path, err)
        return CacheMiss("unreadable")
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError) as err:
        log.warning("geometry cache entry %s unreadable: %s", path, err)
        return CacheMiss("corrupt")
    cachelimit.touch(path)          # used: the last to go when the cache is trimmed
    return meshes, diagnostics


def _checksum(header: bytes, *arrays: np.ndarray) -> str:
    """SHA-256 of an entry's header and arrays (their dtype, shape and bytes)."""
    digest = hashlib.sha256(header)
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _plain(value: object) -> int | float | str | bool | None:
    return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)


def save(
    key: str, meshes: dict[str, Mesh], diagnostics: tuple[Diagnostic, ...]
) -> Diagnostic | None:
    """Write an entry atomically; return a diagnostic instead of raising on failure."""
    items = list(meshes.values())
    v_off = np.cumsum([0] + [len(m.vertices) for m in items], dtype=np.int64)
    f_off = np.cumsum([0] + [len(m.faces) for m in items], dtype=np.int64)
    header = {
        "format": CACHE_FORMAT,
        "key": key,
        "meshes": [[m.global_id, m.ifc_class, m.kernel] for m in items],
        "diagnostics": [
            {
                "code": d.code,
                "severity": str(d.severity),
                "global_id": d.global_id,
                "ifc_class": d.ifc_class,
                "params": [[k, _plain(v)] for k, v in d.params],
            }
            for d in diagnostics
        ],
    }
    folder = cache_dir()
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        header_bytes = json.dumps(header).encode("utf-8")
        vertices = np.concatenate([m.vertices for m in items]) if items else np.zeros((0, 3))
        faces = np.concatenate([m.faces for m in items]) if items \
            else np.zeros((0, 3), dtype=np.int32)
        checksum = _checksum(header_bytes, vertices, faces, v_off, f_off)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as tmp:
            tmp_name = tmp.name
            np.savez(
                tmp,
                header=np.frombuffer(header_bytes, dtype=np.uint8),
                vertices=vertices,
                faces=faces,
                v_off=v_off,
                f_off=f_off,
                checksum=np.frombuffer(checksum.encode("ascii"), dtype=np.uint8),
            )
        os.replace(tmp_name, _entry(key))
        cachelimit.note_written()
    except OSError as err:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        return Diagnostic.make("geometry.cache_unwritable", Severity.INFO, reason=str(err))
    return None
