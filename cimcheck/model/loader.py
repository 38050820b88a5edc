"""Open .ifc and .ifczip files, with a clear error for every way a file can be bad.

``open_model(path)`` reads the file once, checks it in cheap steps before handing it to
ifcopenshell (so a wrong file fails with a sentence, not a parser trace), and returns a
:class:`LoadedModel` that keeps the ``ifcopenshell.file`` alive: ifcopenshell entities do
not keep their file alive, and using one after its file is collected crashes the process
(ifcopenshell 0.8). The input file is only ever read.

Checks, in order::

    path exists, is a regular file (no pipe or device), under the size cap, readable,
      not empty; read ONCE: hash, checks and parse (a private copy) use the same bytes
      ├─ zip?  → one .ifc inside, inflated size under the limit (zip-bomb guard)
    STEP header "ISO-10303-21;"   (ifcXML and other formats get their own message)
    ends with "END-ISO-10303-21;" (a cut-off copy is "truncated", not "corrupt")
    FILE_SCHEMA is IFC2X3 / IFC4 / IFC4X3
    every entity name in DATA exists in that schema (a wrong header is named as such)
    ifcopenshell parses it
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from cimcheck.errors import CimcheckError, ModelOpenError, UnsupportedSchemaError
from cimcheck.units import UnitScale, read_unit_scale

if TYPE_CHECKING:   # imported where a file is read: a cached re-check unpickles a
    import ifcopenshell  # LoadedModel without the IFC library (0.14 s of imports)

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_INFLATED_BYTES", "DEFAULT_MAX_MODEL_BYTES", "LoadedModel",
           "ParseProblem", "damage_error", "max_model_bytes", "open_model", "schema_family"]

#: Largest inflated .ifc accepted from an .ifczip (4 GiB). Real models stay far below.
DEFAULT_MAX_INFLATED_BYTES = 4 * 1024**3
#: Largest model file read (4 GiB; ``CIMCHECK_MAX_MODEL_MB`` changes it).
DEFAULT_MAX_MODEL_BYTES = 4 * 1024**3
_BOM = b"\xef\xbb\xbf"
#: Above this compression ratio an archive is treated as a zip bomb (IFC text zips ~10:1).
MAX_COMPRESSION_RATIO = 200
#: Archives this small are never rejected for their ratio (a tiny model of repeated text).
_RATIO_CHECK_MIN_BYTES = 64 * 1024**2

_SCHEMA_RE = re.compile(rb"FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'", re.IGNORECASE)
#: An instance's entity name (``#12= IFCWALL(``), in any case; spelled out rather than
#: IGNORECASE, which makes the scan of a 100 MB file twice as slow.
_ENTITY_RE = re.compile(rb"=\s*([Ii][Ff][Cc][A-Za-z0-9_]+)\s*\(")


@dataclass(frozen=True)
class LoadedModel:
    """An opened IFC model and what is known about the file.

    Attributes
    ----------
    path : Path
        The file as given (an .ifc or .ifczip).
    file : ifcopenshell.file
        The parsed model. Keep this object alive while any of its entities is in use.
    sha256 : str
        Hash of the bytes on disk; keys the geometry cache.
    schema : str
        Schema family: "IFC2X3", "IFC4" or "IFC4X3".
    schema_identifier : str
        As written in the header (e.g. "IFC4X3_ADD2").
    application : str
        Authoring application (IfcApplication, else the header's originating system).
    units : UnitScale
    size_bytes : int
    parse_problems : tuple of ParseProblem
        Damage the parser repaired (dangling references, wrong attribute counts, entities
        cut short); the index names the elements it touches.
    """

    path: Path
    file: ifcopenshell.file
    sha256: str
    schema: str
    schema_identifier: str
    application: str
    units: UnitScale
    size_bytes: int
    parse_problems: tuple[ParseProblem, ...] = ()


def schema_family(identifier: str) -> str | None:
    """Map a FILE_SCHEMA identifier to a supported family, or None.

    Examples
    --------
    >>> schema_family("IFC4X3_ADD2"), schema_family("ifc2x3"), schema_family("IFC2X2_FINAL")
    ('IFC4X3', 'IFC2X3', None)
    >>> schema_family("")
    """
    ident = identifier.strip().upper()
    if ident.startswith("IFC4X3"):
        return "IFC4X3"
    if ident.startswith("IFC4X"):  # IFC4X1, IFC4X2: never released for buildings
        return None
    if ident.startswith("IFC4"):
        return "IFC4"
    if ident.startswith("IFC2X3"):
        return "IFC2X3"
    return None


# The schema names ifcopenshell knows; IFC4X3 is served by its latest addendum.
_WRAPPER_SCHEMA = {"IFC2X3": "IFC2X3", "IFC4": "IFC4", "IFC4X3": "IFC4X3_ADD2"}


def _read(path: Path, max_bytes: int) -> bytes:
    """Read a regular file whole, once; refuse pipes, devices, sockets and oversized files.

    A FIFO would block the open, ``/dev/zero`` never ends, and ``<(cat model.ifc)`` is a pipe
    that a second read finds empty: only regular files are models.
    """
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise ModelOpenError("open.not_found", path=str(path)) from err
    except PermissionError as err:
        raise ModelOpenError("open.no_permission", path=str(path)) from err
    except OSError as err:
        raise ModelOpenError("open.io_error", path=str(path), reason=err.strerror or err) from err
    if stat.S_ISDIR(info.st_mode):
        raise ModelOpenError("open.is_directory", path=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise ModelOpenError("open.not_regular", path=str(path))
    if info.st_size > max_bytes:
        raise ModelOpenError("open.too_large", path=str(path), size_mb=info.st_size / 1024**2,
                             limit_mb=max_bytes / 1024**2)
    try:
        with path.open("rb") as handle:
            data = _read_to(handle, info.st_size, max_bytes)
    except PermissionError as err:
        raise ModelOpenError("open.no_permission", path=str(path)) from err
    except OSError as err:
        raise ModelOpenError("open.io_error", path=str(path), reason=err.strerror or err) from err
    if len(data) > max_bytes:  # it grew while being read
        raise ModelOpenError("open.too_large", path=str(path), size_mb=len(data) / 1024**2,
                             limit_mb=max_bytes / 1024**2)
    return data


def _read_to(handle: BinaryIO, size: int, max_bytes: int) -> bytes:
    """Read a file of ``size`` bytes (its status), to at most one byte past ``max_bytes``.

    As much as the file holds and one byte more: a read of the limit itself reserves the
    limit in memory first (100 GB for ``CIMCHECK_MAX_MODEL_MB=100000``). A file that grew
    since is read on, in pieces, to one byte past the limit.
    """
    want = min(max_bytes, size) + 1
    data = handle.read(want)
    if len(data) < want or want > max_bytes:
        return data
    pieces = [data]
    while want <= max_bytes and (chunk := handle.read(min(64 * 1024**2,
                                                           max_bytes + 1 - want))):
        pieces.append(chunk)
        want += len(chunk)
    return b"".join(pieces)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Damage the STEP parser met and repaired as best it could (the model still opened).

    Attributes
    ----------
    level : str
        "error" (e.g. a reference to an instance that does not exist) or "warning" (e.g. a
        wrong number of attributes, an entity cut off before the end marker).
    message : str
        ifcopenshell's own words.
    step_id : int or None
        The damaged instance, when the message names one.
    """

    level: str
    message: str
    step_id: int | None


_INSTANCE_RE = re.compile(r"(?:instance|used by instance) #(\d+)")


def _parse_problems(log_text: str) -> tuple[ParseProblem, ...]:
    """Read ifcopenshell's JSON log lines into problems (others are ignored)."""
    problems = []
    for line in log_text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("level") not in ("error", "warning"):
            continue
        message = str(entry.get("message", ""))
        match = _INSTANCE_RE.search(message)
        problems.append(ParseProblem(entry["level"], message,
                                     int(match.group(1)) if match else None))
    return tuple(problems)


def _private_copy(data: bytes) -> tuple[str, Callable[[], None]]:
    """Write STEP bytes to a private temporary file; return a path to it and its remover.

    The model on disk is read once (``_read``): hash, checks and parse all see the same bytes,
    so a file replaced while it is being opened can never put one model's answer in the
    caches under another's hash. ifcopenshell parses a file faster than a string (about
    1.7x on 8 MB), hence a copy rather than ``file.from_string``.

    On Linux the copy never has a name: an unnamed file (``O_TMPFILE``) reached through
    ``/proc/self/fd``, gone with the process however it ends. A named copy stays behind
    when the process is killed while it parses (a batch model's timeout, SIGKILL): as large
    as the model, one more in the temporary folder each time. Elsewhere (or without
    ``/proc``) the copy is named, and removed by the remover.
    """
    import tempfile  # here: a cached re-check never loads it (with shutil)

    if sys.platform.startswith("linux") and os.path.isdir("/proc/self/fd"):  # not in a chroot
        copy = tempfile.TemporaryFile(prefix="cimcheck-", suffix=".ifc")
        try:
            copy.write(data)
            copy.flush()
        except BaseException:
            copy.close()
            raise
        return f"/proc/self/fd/{copy.fileno()}", copy.close
    handle, name = tempfile.mkstemp(prefix="cimcheck-", suffix=".ifc")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise

    def remove() -> None:
        with contextlib.suppress(OSError):
            os.unlink(name)

    return name, remove


def _parse(name: str) -> tuple[ifcopenshell.file, tuple[ParseProblem, ...]]:
    """Parse a private copy of the STEP text (``_private_copy``)."""
    # The parser repairs what it can (a dangling reference becomes unset, a short entity
    # is padded) and says so only in its log: read the log, or the damage goes unseen.
    import ifcopenshell
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    # The log is the process's: two parses at once (a cancelled open still parsing in its
    # thread while the next starts) would take each other's lines, and a file whose
    # entities its schema lacks would pass unnoticed (``open_model`` scans for them only
    # when its parse reported a problem).
    with _PARSE_LOCK:
        wrapper.set_log_format_json()
        wrapper.get_log()  # drop what earlier work left there
        file = ifcopenshell.open(name, format=".ifc")   # a /proc/self/fd path has no suffix
        return file, _parse_problems(wrapper.get_log())


#: One parse at a time per process: see ``_parse``.
_PARSE_LOCK = threading.Lock()


def _inflate(path: Path, data: bytes, max_inflated: int) -> bytes:
    """Return the one .ifc inside an .ifczip, refusing archives that inflate absurdly."""
    import zipfile  # here: a cached re-check unpickles this module's records, never a zip

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and info.filename.lower().endswith(".ifc")
        ]
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise ModelOpenError("open.zip_bad", path=str(path), reason=str(err)) from err
    if not members:
        raise ModelOpenError("open.zip_no_ifc", path=str(path))
    if len(members) > 1:
        names = ", ".join(m.filename for m in members[:5])
        raise ModelOpenError("open.zip_several_ifc", path=str(path), names=names)
    info = members[0]
    declared_ratio = info.file_size / max(info.compress_size, 1)

    def too_large(size: int) -> ModelOpenError:
        return ModelOpenError(
            "open.zip_too_large",
            path=str(path),
            size_mb=size / 1024**2,
            limit_mb=max_inflated / 1024**2,
            ratio=size / max(info.compress_size, 1),
        )

    if info.file_size > max_inflated or (
        info.file_size > _RATIO_CHECK_MIN_BYTES and declared_ratio > MAX_COMPRESSION_RATIO
    ):
        raise too_large(info.file_size)
    # The header's sizes can lie: read at most one byte past the limit.
    try:
        with archive.open(info) as member:
            inflated = member.read(max_inflated + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as err:
        raise ModelOpenError("open.zip_bad", path=str(path), reason=str(err)) from err
    if len(inflated) > max_inflated:
        raise too_large(len(inflated))
    return inflated


def _check_step(path: Path, data: bytes) -> str:
    """Check header, ending and schema of STEP text; return the schema identifier."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        raise ModelOpenError("open.ifcxml" if b"ifc" in head.lower() else "open.not_ifc",
                             path=str(path))
    if not head.upper().startswith(b"ISO-10303-21"):
        raise ModelOpenError("open.not_ifc", path=str(path))
    if b"END-ISO-10303-21" not in data[-4096:].upper():
        raise ModelOpenError("open.truncated", path=str(path))
    header_end = data.find(b"DATA;")
    header = data[:header_end if header_end >= 0 else 65536]
    # An unclosed quote in the header sends ifcopenshell's parser off the rails (a
    # segmentation fault was found by fuzzing): STEP strings double their quotes, so a
    # well-formed header holds an even number of them.
    if header.count(b"'") % 2:
        raise ModelOpenError("open.bad_header", path=str(path), reason="an unclosed quote")
    match = _SCHEMA_RE.search(header)
    if match is None:
        raise ModelOpenError("open.bad_header", path=str(path), reason="no FILE_SCHEMA")
    identifier = match.group(1).decode("ascii", "replace").strip()
    if not re.fullmatch(r"[A-Za-z0-9_]+", identifier):
        raise ModelOpenError("open.bad_header", path=str(path),
                             reason=f"a malformed schema name {identifier[:30]!r}")
    if schema_family(identifier) is None:
        raise UnsupportedSchemaError(
            "open.unsupported_schema", path=str(path), schema=identifier or "(empty)"
        )
    return identifier


#: Bytes of the file scanned for entity names at a time (``_entity_names``).
SCAN_CHUNK = 1 << 20


def _entity_names(data: bytes) -> set[bytes]:
    """Entity names the file's instances use, as written (any case).

    Scanned a megabyte at a time, each piece ending right after a ``;`` (no name's match
    spans one), so that other threads run in between: one scan of a 20 MB file held the
    interpreter for 0.18 s, and the desktop app's UI thread waited for it.
    """
    names: set[bytes] = set()
    start = 0
    while start < len(data):
        end = data.find(b";", start + SCAN_CHUNK)
        end = len(data) if end < 0 else end + 1
        names.update(_ENTITY_RE.findall(data, start, end))
        start = end
    return names


def _unknown_entities(names: set[bytes], family: str) -> list[str]:
    """Entity names used in the file that the declared schema does not define."""
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    schema = wrapper.schema_by_name(_WRAPPER_SCHEMA[family])
    unknown = []
    for name in sorted({found.upper() for found in names}):
        try:
            schema.declaration_by_name(name.decode("ascii"))
        except (RuntimeError, IndexError):
            unknown.append(name.decode("ascii"))
    return unknown


def _check_entities(path: Path, data: bytes, identifier: str) -> None:
    """Raise UnsupportedSchemaError when the file uses entities its header's schema lacks.

    A header that says IFC2X3 over IFC4 content parses "successfully" with every IFC4-only
    instance dropped: a model with holes, not an error, unless said. Run on the STEP text
    after a parse that reported problems (unknown names are among them) or failed.
    """
    family = schema_family(identifier)
    assert family is not None  # checked by _check_step
    names = _entity_names(data)
    unknown = _unknown_entities(names, family)
    if not unknown:
        return
    fits = [other for other in _WRAPPER_SCHEMA if other != family
            and not _unknown_entities(names, other)]
    hint = f"; they are {fits[0]} entities" if fits else ""
    hint_zh = f"；这些是 {fits[0]} 的实体" if fits else ""
    raise UnsupportedSchemaError(
        "open.schema_mismatch",
        path=str(path),
        schema=identifier,
        entities=", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else ""),
        hint=hint,
        hint_zh=hint_zh,
    )


def _application(file: ifcopenshell.file) -> str:
    apps = file.by_type("IfcApplication")
    if apps:
        app = apps[0]
        name = (app.ApplicationFullName or app.ApplicationIdentifier or "").strip()
        version = (app.Version or "").strip()
        return f"{name} {version}".strip()
    try:
        return str(file.header.file_name.originating_system or "").strip()
    except (AttributeError, RuntimeError):
        return ""


def max_model_bytes() -> int:
    """Largest model file accepted: ``CIMCHECK_MAX_MODEL_MB`` (MiB), else 4 GiB."""
    from cimcheck.environment import mebibytes

    size = mebibytes("CIMCHECK_MAX_MODEL_MB", DEFAULT_MAX_MODEL_BYTES / 1024**2,
                     zero="invalid")
    return DEFAULT_MAX_MODEL_BYTES if size is None else size


def open_model(path: str | Path, *, max_inflated_bytes: int = DEFAULT_MAX_INFLATED_BYTES,
               max_bytes: int | None = None) -> LoadedModel:
    """Open an IFC model (.ifc or .ifczip) for reading.

    Parameters
    ----------
    path : str or Path
        The file. Its extension is not trusted: the content decides (zip or STEP).
    max_inflated_bytes : int
        Largest inflated size accepted from an .ifczip.
    max_bytes : int, optional
        Largest file accepted (default ``max_model_bytes()``).

    Returns
    -------
    LoadedModel

    Raises
    ------
    ModelOpenError
        Not found, not readable, empty, not IFC, truncated, damaged, bad zip.
    UnsupportedSchemaError
        A schema other than IFC2X3 / IFC4 / IFC4X3, or a header that disagrees with the
        entities in the file.
    """
    path = Path(path)
    raw = _read(path, max_bytes if max_bytes is not None else max_model_bytes())
    if not raw:
        raise ModelOpenError("open.empty", path=str(path))
    size = len(raw)
    sha256 = hashlib.sha256(raw).hexdigest()
    data = _step_text(path, raw, max_inflated_bytes)
    del raw             # ``data`` is the same bytes, or the text inflated from them
    identifier = _check_step(path, data)
    try:
        copy, remove_copy = _private_copy(data)
    except OSError as err:      # the temporary folder is full or not writable
        raise ModelOpenError("open.no_working_copy", path=str(path), reason=str(err)) from err
    # The parser reads the copy: the bytes in memory go before it builds the model (they
    # were a tenth of the peak memory of a check of a 50 MB model).
    del data
    try:
        try:
            file, problems = _parse_checked(path, copy, identifier)
        except CimcheckError:
            _check_entities(path, Path(copy).read_bytes(), identifier)  # the reason, if so
            raise
        if problems:
            # The parser names an entity its schema lacks in its log, as it does any damage;
            # a clean parse needs no scan of the file (0.6 s of a 100 MB model's open).
            _check_entities(path, Path(copy).read_bytes(), identifier)
    finally:
        remove_copy()
    family = schema_family(identifier) or identifier
    units, application = _read_contents(path, file, problems)
    log.info("opened %s (%s, %d bytes)", path, identifier, size)
    return LoadedModel(
        path=path,
        file=file,
        sha256=sha256,
        schema=family,
        schema_identifier=identifier,
        application=application,
        units=units,
        size_bytes=size,
        parse_problems=problems,
    )


def _step_text(path: Path, raw: bytes, max_inflated: int) -> bytes:
    """Return the STEP text of a model file: inflated when it is a zip, without a BOM."""
    is_zip = raw[:4] == b"PK\x03\x04"
    data = _inflate(path, raw, max_inflated) if is_zip else raw
    if data.startswith(_BOM):
        data = data[len(_BOM):]  # some exporters write a UTF-8 byte-order mark
    if not data.strip():
        raise ModelOpenError("open.empty", path=str(path))
    return data


def _parse_checked(path: Path, copy: str,
                   identifier: str) -> tuple[ifcopenshell.file, tuple[ParseProblem, ...]]:
    """Parse checked STEP text from its private copy; a parser failure is the file's fault.

    Said in a sentence (``ModelOpenError``), as every failure to open.
    """
    import ifcopenshell

    try:
        return _parse(copy)
    except ifcopenshell.SchemaError as err:
        raise UnsupportedSchemaError(
            "open.unsupported_schema", path=str(path), schema=identifier
        ) from err
    except (ifcopenshell.Error, RuntimeError, OSError, UnicodeError, ValueError) as err:
        raise ModelOpenError("open.parse_error", path=str(path), reason=str(err)) from err


@contextlib.contextmanager
def _judged(path: Path, file: ifcopenshell.file,
            problems: tuple[ParseProblem, ...]) -> Iterator[None]:
    """Judge any failure inside the block with ``damage_error``: the file's damage, or our bug.

    Our own errors (a ``ModelOpenError`` already naming the problem) pass unchanged.
    """
    try:
        yield
    except CimcheckError:
        raise
    except Exception as err:
        error = damage_error(path, file, problems, err)
        if error is err:
            raise
        raise error from err


def _read_contents(path: Path, file: ifcopenshell.file,
                   problems: tuple[ParseProblem, ...]) -> tuple[UnitScale, str]:
    """Read the unit scales and the authoring application of a parsed model.

    A header alone, an empty DATA section or a fragment has no project: nothing to check,
    and the unit lookup (through IfcProject) would fail inside ifcopenshell.
    """
    with _judged(path, file, problems):
        projects = file.by_type("IfcProject")
    if not projects:
        key = "open.no_data" if not any(True for _ in file) else "open.no_project"
        raise ModelOpenError(key, path=str(path))
    with _judged(path, file, problems):
        units = _unit_scale(path, file)
    with _judged(path, file, problems):
        application = _application(file)
    return units, application


def _unit_scale(path: Path, file: ifcopenshell.file) -> UnitScale:
    """Read the unit scales; a damaged unit assignment means no length can be trusted."""
    try:
        return read_unit_scale(file)
    except (AttributeError, TypeError, ValueError, KeyError, IndexError, RuntimeError) as err:
        # A damaged unit assignment (a unit without a name…): no length can be trusted.
        raise ModelOpenError("open.bad_units", path=str(path),
                             reason=f"{type(err).__name__}: {err}") from err


#: Schema errors looked for when reading a model failed, at most.
_MAX_SCHEMA_ERRORS = 20


def _schema_errors(file: ifcopenshell.file) -> list[str]:
    """List schema violations of a file (wrong attribute types…); asked only after a failure."""
    import ifcopenshell.validate

    class _Collect(logging.Logger):
        def __init__(self) -> None:
            super().__init__("cimcheck.validate")
            self.found: list[str] = []

        def error(self, msg: object, *args: object,
                  **kwargs: Any) -> None:
            if len(self.found) < _MAX_SCHEMA_ERRORS:
                self.found.append(str(msg) % args if args else str(msg))

    collect = _Collect()
    try:
        ifcopenshell.validate.validate(file, collect)
    except Exception:  # noqa: BLE001 - the validator itself may fail on such a file
        collect.found.append("the validator could not read the file")
    return collect.found


def damage_error(path: Path, file: ifcopenshell.file, problems: tuple[ParseProblem, ...],
                 err: Exception) -> Exception:
    """Judge a failure while reading an opened model: the file's damage, or our bug.

    When the parser repaired the file, or the schema validator finds a violation (an
    integer where a name belongs…), the input is at fault: a ``ModelOpenError`` (exit 2)
    that names the first problem. A valid file that cannot be read is our bug: the error
    itself is returned, to be raised as an internal error.
    """
    found = [p.message for p in problems] or _schema_errors(file)
    if not found:
        return err
    return ModelOpenError("open.damaged", path=str(path), first=found[0], count=len(found),
                          reason=f"{type(err).__name__}: {err}")
