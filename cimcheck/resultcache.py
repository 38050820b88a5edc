"""Result cache: a finished CLI answer per (file content, command, options, code).

A re-check of an unchanged model should be close to instant. The geometry cache already
skips tessellation, but opening and indexing the IFC and importing the geometry stack
still cost seconds on a large model. This cache stores what ``cimcheck info``, ``areas``
and ``check`` answered (the JSON document, the printed report and the exit code) and is
consulted *before* any of that is imported: only the standard library runs on a hit.

The key covers everything the answer depends on: the model's bytes (sha256), the file
name it prints, the command and its options, the language, the installed ifcopenshell
version and a
fingerprint of cimcheck's own source files, so a changed engine never serves an old
answer. A document is stored under the hash of the bytes that were actually analysed (not
of the file as first looked up), so a file replaced in between can never file one model's
answer under another's hash. Entries are written atomically and carry a checksum of their
document; an edited, truncated or foreign entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["ENTRY_FORMAT", "Answer", "code_fingerprint", "document_text", "file_sha256",
           "join_documents", "key_for", "load", "load_answer", "load_object", "result_key",
           "save", "save_answer", "save_object"]

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
    digest.update(_library_version("ifcopenshell").encode())
    return digest.hexdigest()


def _library_version(name: str) -> str:
    """Return the installed version of a distribution, from its ``.dist-info`` folder's name.

    Every command computes the fingerprint; ``importlib.metadata`` alone took 16 ms to
    import, a sixth of a cached re-check. Where no such folder is found (another kind of
    installation), it is asked.
    """
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            found = sorted(folder.glob(f"{name}-*.dist-info"))
            if len(found) == 1:
                return found[0].name[len(name) + 1:-len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return f"no-{name}"


def _folder() -> Path:
    override = os.environ.get("CIMCHECK_CACHE_DIR")
    if override:
        return Path(override) / "results"
    import platformdirs

    return Path(platformdirs.user_cache_dir("cimcheck")) / "results"


#: Version of an entry's layout; entries of another version are ignored.
ENTRY_FORMAT = 3


def _digest(content: str, command: str, options: dict[str, Any]) -> str:
    payload = json.dumps({"model": content, "command": command, "options": options,
                          "code": code_fingerprint()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


#: A file changed less than this many seconds before it was hashed gets no remembered
#: hash: a second write in the same clock tick would leave its timestamps unchanged.
RACY_SECONDS = 2.0


def file_sha256(model: Path) -> str | None:
    """Hash of a model's bytes, or None if it cannot be read (the slow path reports why).

    Only regular files are hashed (a FIFO would block here, a device never end). Hashing a
    100 MB model takes 0.1 s, half of a cached re-check, so the hash is remembered against
    the file's identity as the system reports it (device, inode, size, modification and
    status-change times in nanoseconds), as ``git`` trusts its index: any write to the file
    sets its status-change time, which no program can set back. A file changed within
    ``RACY_SECONDS`` of being hashed is not remembered (two writes in one clock tick).
    """
    try:
        before = model.stat()
        if not stat.S_ISREG(before.st_mode):
            return None
        identity = hashlib.sha256(repr((
            str(model.resolve()), before.st_dev, before.st_ino, before.st_size,
            before.st_mtime_ns, before.st_ctime_ns)).encode()).hexdigest()[:40]
        remembered = _read_entry(identity, ".sha")
        if remembered is not None and len(remembered) == 64:
            return remembered.decode("ascii")
        with model.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        after = model.stat()
    except (OSError, UnicodeDecodeError):
        return None
    changed = max(after.st_mtime_ns, after.st_ctime_ns) / 1e9
    if (after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns) == (
            before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns) \
            and time.time() - changed > RACY_SECONDS:
        _write_entry(identity, ".sha", digest.encode("ascii"))
    return digest


def result_key(model: Path, command: str, **options: Any) -> str | None:
    """Key of a document, or None if the model cannot be read (the slow path reports why)."""
    content = file_sha256(model)
    return _digest(content, command, options) if content is not None else None


def key_for(sha256: str, command: str, **options: Any) -> str:
    """Key of a document for model bytes already hashed (the ones actually analysed)."""
    return _digest(sha256, command, options)


#: Longest header line read (``_write_entry`` writes a hundred bytes or so).
_HEADER_MAX = 4096


def _write_entry(key: str, suffix: str, body: bytes) -> None:
    """Write an entry atomically: a header line (format, key, checksum), then the body."""
    header = json.dumps({"format": ENTRY_FORMAT, "key": key,
                         "checksum": hashlib.sha256(body).hexdigest()})
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp",
                                         delete=False) as tmp:
            tmp.write(header.encode() + b"\n" + body)
        os.replace(tmp.name, folder / f"{key}{suffix}")
    except OSError:
        return


def _read_entry(key: str, suffix: str) -> bytes | None:
    """Return an entry's body if it is whole (format, key and checksum match), else None."""
    try:
        # The header line, then the body read into its own bytes: a 25 MB document split
        # off a read of the whole file was one more copy (0.01 s) of a 0.2 s re-check.
        with (_folder() / f"{key}{suffix}").open("rb") as handle:
            head = handle.readline(_HEADER_MAX)
            body = handle.read()
        header = json.loads(head)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT \
            or header.get("key") != key \
            or header.get("checksum") != hashlib.sha256(body).hexdigest():
        return None
    return body


def document_text(document: dict[str, Any]) -> bytes:
    """Encode the document as the command line writes it (``--json``): indented UTF-8.

    The same bytes as ``json.dumps(document, ensure_ascii=False, indent=2)`` and a newline
    (but for ``1e-7`` where Python writes ``1e-07``: the same number), made by orjson.
    Python's encoder has no C path for indented output, and took 0.5 s of a 3 s re-check
    on a 100,000-element model (orjson: 0.03 s). The standard encoder
    still vets the document first, without indenting (0.13 s there), so it stays JSON by
    the standard library's rules; it also encodes anything orjson refuses.

    Raises ValueError for a NaN or an infinity (not JSON; no report number may be one).
    A value or list member may be text already encoded (``spliced``, from ``value_text``
    or ``members_text``): written as it is, it was vetted when it was made.
    """
    import orjson

    json.dumps(document, ensure_ascii=False, allow_nan=False, default=_vetted)
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:       # orjson.JSONEncodeError: an integer over 64 bits, a key not text
        whole = _unspliced(document)
        return (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _vetted(value: Any) -> None:
    """Let the standard encoder pass over spliced text (see ``document_text``)."""
    import orjson

    if isinstance(value, orjson.Fragment):
        return None
    message = f"Object of type {type(value).__name__} is not JSON serializable"
    raise TypeError(message)


#: The text ``document_text`` writes before and after a top-level member's value.
_VALUE_HEAD, _VALUE_TAIL = b'{\n  "v": ', b"\n}\n"
#: ... and before and after the members of a list that is a top-level member's value.
_MEMBERS_HEAD, _MEMBERS_TAIL = b'{\n  "v": [\n    ', b"\n  ]\n}\n"


def value_text(value: Any) -> bytes:
    """Encode ``value`` as ``document_text`` writes a top-level member's value.

    Spliced back (``spliced``) as that member, it gives the bytes the whole would.
    """
    text = document_text({"v": value})
    return text[len(_VALUE_HEAD):-len(_VALUE_TAIL)]


def members_text(items: list[Any]) -> bytes | None:
    """Encode ``items`` as ``document_text`` writes the members of a top-level member's list.

    Spliced back (``spliced``) as one member of that list, it stands for all of them;
    None for no items (nothing to splice).
    """
    if not items:
        return None
    text = document_text({"v": items})
    return text[len(_MEMBERS_HEAD):-len(_MEMBERS_TAIL)]


def spliced(text: bytes) -> Any:
    """Wrap text from ``value_text`` or ``members_text`` for ``document_text`` to write."""
    import orjson

    return orjson.Fragment(text)


def _unspliced(value: Any) -> Any:
    """Read spliced text back into values (for the standard encoder's way round)."""
    import orjson

    if isinstance(value, dict):
        return {k: _unspliced(v) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, orjson.Fragment):
                out.extend(json.loads(f"[{_contents(item)}]"))
            else:
                out.append(_unspliced(item))
        return out
    if isinstance(value, orjson.Fragment):
        return json.loads(_contents(value))
    return value


def _contents(fragment: Any) -> str:
    contents = fragment.contents
    return contents.decode("utf-8") if isinstance(contents, bytes) else str(contents)


def join_documents(head: bytes | memoryview, tail: bytes | memoryview) -> bytes:
    r"""Return the text of ``{**a, **b}`` from the texts of ``a`` and ``b`` (``document_text``).

    For documents whose keys are apart (a check's areas and its verdict): the members of
    an indented object are its lines between the first and the last, and a nested value
    is indented by its depth alone, so the joined text is the one the whole would give.

    Examples
    --------
    >>> join_documents(document_text({"a": [1]}), document_text({"b": {"c": 2}})).decode()
    '{\n  "a": [\n    1\n  ],\n  "b": {\n    "c": 2\n  }\n}\n'
    """
    for text in (head, tail):
        if not (bytes(text[:2]) == b"{\n" and bytes(text[-3:]) == b"\n}\n"):
            message = "join_documents: not the text of an indented, non-empty JSON object"
            raise ValueError(message)
    return b"".join((memoryview(head)[:-3], b",\n", memoryview(tail)[2:]))   # one copy


#: A cached check document stored as a reference to its areas part (an object entry of
#: ``(head, text)``) and the text of its verdict: a re-check under another project, and
#: every one after it, does not write the model's 25 MB again (100,000 elements).
_JOINED = b"@join "


def load(key: str | None) -> dict[str, Any] | None:
    """Return the cached document for ``key``, or None.

    An entry is a header line (format, key, checksum of the text) and the text. It is
    served only if it is whole: its format, its key and the checksum all match. An edited,
    truncated or foreign file is a miss (and is rebuilt).
    """
    body = _read_entry(key, ".json") if key is not None else None
    if body is None:
        return None
    try:
        document = json.loads(body.decode("utf-8"))
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def save(key: str | None, document: dict[str, Any]) -> None:
    """Store a document (silently does nothing if the cache cannot be written)."""
    if key is None:
        return
    try:
        text = document_text(document)
    except ValueError:  # a NaN or infinity: not a document to keep
        return
    _write_entry(key, ".json", text)


class Answer(NamedTuple):
    """What a command answered: exit code, printed report, ``--json`` document (UTF-8).

    The document stays bytes: a file written with ``--json`` gets them as they are.
    """

    exit_code: int
    report: str
    text: bytes | None
    #: SHA-256 (hex) and length of the document's text, as stored (empty, 0: none).
    digest: str = ""
    size: int = 0


def load_answer(key: str | None, *, text: bool = True) -> Answer | None:
    """Return the answer stored under ``key`` without decoding its document, or None.

    A re-check of a large model is answered by writing text: decoding a document of tens
    of thousands of GlobalIds and printing it again cost more than the rest of the re-check.
    ``text=False`` leaves the document unread (``Answer.text`` is empty): the printed
    report is a tenth of its size; ``Answer.digest`` and ``size`` still say what the
    document is (a ``--json`` target that holds it already need not be written again).
    The entries read must be whole (see ``load``).
    """
    if key is None:
        return None
    report = _read_entry(key, ".report")
    body = _read_entry(key, ".json") if report is not None and text else b""
    if body is not None and body.startswith(_JOINED):
        body = _joined(body)
    if report is None or body is None:
        return None
    first, newline, printed = report.partition(b"\n")
    code, _, identity = first.partition(b" ")
    digest, _, rest = identity.partition(b" ")
    size, _, _later = rest.partition(b" ")          # fields a later version may add
    try:
        return Answer(int(code), printed.decode("utf-8"), body, digest.decode("ascii"),
                      int(size or 0)) if newline else None
    except ValueError:
        return None


def _joined(body: bytes) -> bytes | None:
    """Rebuild the text of a document stored as a reference and a tail (``save_answer``)."""
    end = body.find(b"\n")
    reference = body[len(_JOINED):end] if end >= 0 else b""
    tail = memoryview(body)[end + 1:]           # not a copy of the tail
    head = load_object(reference.decode("ascii", "replace"))
    if not (isinstance(head, tuple) and len(head) == 2 and isinstance(head[1], bytes)):
        return None
    try:
        return join_documents(head[1], tail)
    except ValueError:
        return None


def save_answer(key: str | None, answer: Answer,
                joined: tuple[str, bytes] | None = None) -> None:
    """Store an answer: its report, and its document's text when it has one.

    ``load_answer`` reads the text too; ``load_answer(key, text=True)`` misses without it.
    ``joined``: the text is ``join_documents`` of the object entry ``joined[0]``'s text
    (a ``(head, text)`` pair) and ``joined[1]``; only the reference and the tail are
    written. The answer is a miss once that entry is gone.
    """
    if key is None:
        return
    if answer.text is not None and joined is not None:
        _write_entry(key, ".json", _JOINED + joined[0].encode("ascii") + b"\n" + joined[1])
    elif answer.text is not None:
        _write_entry(key, ".json", answer.text)
    # The first line: the exit code, then the document's SHA-256 and length.
    identity = "" if answer.text is None else \
        f" {hashlib.sha256(answer.text).hexdigest()} {len(answer.text)}"
    _write_entry(key, ".report", f"{answer.exit_code}{identity}\n{answer.report}".encode())


class _Frames(io.BytesIO):
    """A buffer the pickler writes to, and the unpickler reads from, frame by frame.

    ``pickle.dumps`` and ``pickle.loads`` hold the interpreter for their whole run: in the
    desktop app a worker thread pickling a 22,000-element model's measurement froze the UI
    thread for as long (0.5 s). Through a file object whose methods are Python, the
    (un)pickler calls back into the interpreter for each 64 KB frame, and other threads run
    in between (measured: a 1 ms ticker thread ticked once during a 3 s ``dumps``, 240
    times during the same ``dump`` into this buffer).
    """

    def write(self, data: Any) -> int:
        return super().write(data)

    def read(self, size: int | None = -1) -> bytes:
        return super().read(size)

    def readinto(self, buffer: Any) -> int:
        return super().readinto(buffer)

    def readline(self, size: int | None = -1) -> bytes:
        return super().readline(size)


def save_object(key: str | None, value: Any) -> None:
    """Store a Python object (an analysis without its file, an area table) under ``key``.

    Pickled, behind the same header line as documents (format, key, checksum of the
    bytes). The entries live in the user's own cache folder and are read back only by the
    code that wrote them (the key covers the code's fingerprint): the checksum guards
    against truncation and editing, as for documents. Silently does nothing on failure.
    Other threads keep running while it pickles (``_Frames``).
    """
    if key is None:
        return
    import pickle

    buffer = _Frames()
    try:
        pickle.dump(value, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    _write_entry(key, ".pickle", buffer.getvalue())


def load_object(key: str | None) -> Any:
    """Return the object stored under ``key``, or None (missing, damaged or foreign)."""
    if key is None:
        return None
    import pickle

    body = _read_entry(key, ".pickle")
    if body is None:
        return None
    try:
        # Our own entry: checksummed, keyed by the code. Read frame by frame (``_Frames``).
        return pickle.load(_Frames(body))
    except Exception:  # noqa: BLE001 - any unreadable entry is a miss, rebuilt
        return None
