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
document (CRC-32, at twice a SHA-256's speed: it finds every burst of damage up to 32 bits
long and lets any other change or truncation through once in four billion; an entry is no
secret, and whoever can edit it can rewrite any checksum in it); an edited, truncated or
foreign entry is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import sys
import time
import zlib
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from cimcheck import cachelimit

__all__ = ["ENTRY_FORMAT", "Answer", "Text", "code_fingerprint", "document_pieces",
           "document_text", "document_text_pieces", "file_sha256", "key_for", "load",
           "load_answer", "load_object", "result_key", "save", "save_answer", "save_object",
           "text_bytes", "text_identity"]

#: A document's text: one bytes, or pieces that make it written one after the other
#: (``document_pieces``; ``atomic.Data``).
Text = bytes | tuple[bytes | memoryview, ...]

_PACKAGE = Path(__file__).resolve().parent


#: Written into a bundle by ``installer/cimcheck.spec``: a frozen app has no .py files to hash.
SHIPPED_FINGERPRINT = "fingerprint.json"


@cache
def code_fingerprint() -> str:
    """Hash of cimcheck's source and data files (changes whenever the engine changes).

    In a PyInstaller bundle the code sits compiled inside the executable, so the hash the
    build computed from the sources is read from ``fingerprint.json`` instead.

    Reading and hashing the 800 KB of sources took 6-12 ms of every command (a tenth of
    a cached re-check), so their hash is remembered against the files' identities (path,
    size, inode, modification and status-change times), as ``file_sha256`` remembers a
    model's: any write to a file sets its status-change time, which no program can set
    back (not on Windows, which has no such time: hashed every time there). A file changed
    within ``RACY_SECONDS`` is hashed again next time.
    """
    if getattr(sys, "frozen", False):
        shipped = _PACKAGE / SHIPPED_FINGERPRINT
        if shipped.is_file():
            return str(json.loads(shipped.read_text("utf-8"))["fingerprint"])
    files = _source_files()
    identity = hashlib.sha256(repr([
        (name, status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns)
        for name, _path, status in files]).encode()).hexdigest()[:40]
    remembered = _read_entry(identity, ".code")
    if remembered is not None and len(remembered) == 64:
        sources = str(remembered, "ascii")
    else:
        digest = hashlib.sha256()
        for name, path, _status in files:
            digest.update(name.encode())
            with open(path, "rb") as handle:
                digest.update(handle.read())
        sources = digest.hexdigest()
        changed = max((max(status.st_mtime_ns, status.st_ctime_ns) for *_, status in files),
                      default=0) / 1e9
        # Windows has no status-change time (st_ctime is the creation time there) nor, from
        # a directory scan, inodes: an edit that keeps the size and sets the time back
        # would go unseen. Its source checkouts hash every time.
        if os.name != "nt" and time.time() - changed > RACY_SECONDS:
            _write_entry(identity, ".code", sources.encode("ascii"))
    return hashlib.sha256(
        f"{sources} ifcopenshell {_library_version('ifcopenshell')}".encode()).hexdigest()


def _source_files() -> list[tuple[str, str, os.stat_result]]:
    """Return cimcheck's source and data files (.py, .yaml, .json; not bytecode), sorted.

    Each as its path relative to the package (``/``-separated), its path and its status.
    """
    found: list[tuple[str, str, os.stat_result]] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.endswith((".py", ".yaml", ".json")):
                    found.append((prefix + entry.name, entry.path, entry.stat()))

    walk(str(_PACKAGE), "")
    return sorted(found, key=lambda file: file[0])


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
    return cachelimit.cache_root() / "results"


#: Version of an entry's layout; entries of another version are ignored.
ENTRY_FORMAT = 5


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
            return str(remembered, "ascii")
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


def _write_entry(key: str, suffix: str, body: bytes | memoryview,
                 **described: Any) -> None:
    """Write an entry atomically: a header line (format, key, checksum), then the body.

    ``described``: more of the header (``save_object``: where its pickle ends).
    """
    header = json.dumps({"format": ENTRY_FORMAT, "key": key, "checksum": zlib.crc32(body),
                         **described})
    import tempfile  # here: a re-check that writes nothing never loads it (with shutil)

    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, suffix=".tmp",
                                         delete=False) as tmp:
            tmp.write(header.encode() + b"\n")
            tmp.write(body)
        os.replace(tmp.name, folder / f"{key}{suffix}")
    except OSError:
        return
    cachelimit.note_written()


def _read_entry(key: str, suffix: str) -> memoryview | None:
    """Return an entry's body if it is whole (format, key and checksum match), else None.

    A view of the file read in one piece, not a copy: a buffered ``read`` after the header
    line joined what the buffer held to the rest, one more copy of 16 MB (20 ms of a
    re-check at 100,000 elements), and a body split off the whole file was another.
    """
    path = _folder() / f"{key}{suffix}"
    try:
        with path.open("rb", buffering=0) as handle:
            whole = handle.readall()
    except OSError:
        return None
    end = whole.find(b"\n", 0, _HEADER_MAX)
    try:
        header = json.loads(whole[:end]) if end >= 0 else None
    except ValueError:
        return None
    body = memoryview(whole)[end + 1:]
    if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT \
            or header.get("key") != key \
            or header.get("checksum") != zlib.crc32(body):
        return None
    cachelimit.touch(path)          # used: the last to go when the cache is trimmed
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
    return text_bytes(document_text_pieces(document))


def document_text_pieces(document: dict[str, Any]) -> Text:
    """``document_text``, in pieces where the document splices views (``spliced``).

    The text between them is made by orjson; each view is a piece of its own, not copied
    into it (cached texts read as views of their entry: ``save_object(texts_apart=True)``).
    """
    import orjson

    json.dumps(document, ensure_ascii=False, allow_nan=False, default=_vetted)
    views: list[memoryview] = []

    def slot(value: Any) -> Any:
        if isinstance(value, _Slot):
            views.append(value.view)
            return orjson.Fragment(_SLOT)
        message = f"Type is not JSON serializable: {type(value).__name__}"
        raise TypeError(message)

    try:
        text = orjson.dumps(document, default=slot,
                            option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:       # orjson.JSONEncodeError: an integer over 64 bits, a key not text
        whole = _unspliced(document)
        return (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if not views:
        return text
    # orjson escapes every control character in a string, and the views are not in its
    # text: a NUL is one of our slots.
    between = text.split(_SLOT)
    if len(between) != len(views) + 1:
        message = "document_text_pieces: a fragment spliced as text holds a NUL byte"
        raise ValueError(message)
    pieces: list[bytes | memoryview] = [between[0]]
    for view, after in zip(views, between[1:], strict=True):
        pieces += [view, after]
    return tuple(pieces)


#: Where a spliced view goes in orjson's text (see ``document_text_pieces``).
_SLOT = b"\x00"


class _Slot:
    """A view of encoded text to splice (``spliced``): written as a piece of its own."""

    __slots__ = ("view",)

    def __init__(self, view: memoryview) -> None:
        self.view = view


def _vetted(value: Any) -> None:
    """Let the standard encoder pass over spliced text (see ``document_text``)."""
    import orjson

    if isinstance(value, orjson.Fragment | _Slot):
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


def spliced(text: bytes | memoryview) -> Any:
    """Wrap text from ``value_text`` or ``members_text`` for ``document_text`` to write.

    A view (a text read from the cache) becomes a piece of ``document_text_pieces``.
    """
    import orjson

    return orjson.Fragment(text) if isinstance(text, bytes) else _Slot(memoryview(text))


def _unspliced(value: Any) -> Any:
    """Read spliced text back into values (for the standard encoder's way round)."""
    import orjson

    if isinstance(value, dict):
        return {k: _unspliced(v) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, orjson.Fragment | _Slot):
                out.extend(json.loads(f"[{_contents(item)}]"))
            else:
                out.append(_unspliced(item))
        return out
    if isinstance(value, orjson.Fragment | _Slot):
        return json.loads(_contents(value))
    return value


def _contents(fragment: Any) -> str:
    contents = fragment.view if isinstance(fragment, _Slot) else fragment.contents
    return str(contents, "utf-8") if isinstance(contents, bytes | memoryview) \
        else str(contents)


def document_pieces(head: Text | memoryview, tail: Text | memoryview
                    ) -> tuple[bytes | memoryview, ...]:
    r"""Return the text of ``{**a, **b}`` from the texts of ``a`` and ``b`` (``document_text``).

    As pieces to write one after the other (``atomic.write_atomic``), none a copy: at
    100,000 elements joining them was one more copy of 25 MB. Each text may be in pieces
    itself (``document_text_pieces``). For documents whose keys are apart (a check's areas
    and its verdict): the members of an indented object are its lines between the first
    and the last, and a nested value is indented by its depth alone, so the joined text is
    the one the whole would give.

    Raises ValueError when a text is not that of an indented, non-empty JSON object.

    Examples
    --------
    >>> b"".join(document_pieces(document_text({"a": [1]}),
    ...                          document_text({"b": {"c": 2}}))).decode()
    '{\n  "a": [\n    1\n  ],\n  "b": {\n    "c": 2\n  }\n}\n'
    """
    first, second = _ends_whole(head), _ends_whole(tail)
    for text in (first, second):
        if not (bytes(text[0][:2]) == b"{\n" and bytes(text[-1][-3:]) == b"\n}\n"):
            message = "document_pieces: not the text of an indented, non-empty JSON object"
            raise ValueError(message)
    return (*first[:-1], memoryview(first[-1])[:-3], b",\n", memoryview(second[0])[2:],
            *second[1:])


def _ends_whole(text: Text | memoryview) -> list[bytes | memoryview]:
    """Return a text's pieces, the first 2 bytes long at least, the last 3 (else joined)."""
    pieces = [piece for piece in ([text] if isinstance(text, bytes | memoryview) else text)
              if len(piece)]
    if len(pieces) > 1 and (len(pieces[0]) < 2 or len(pieces[-1]) < 3):
        return [b"".join(pieces)]
    return pieces or [b""]


def text_bytes(text: Text) -> bytes:
    """Return a document's text as one bytes (joined, when in pieces)."""
    return text if isinstance(text, bytes) else b"".join(text)


def text_identity(text: Text) -> tuple[str, int]:
    """Return the SHA-256 (hex) and length of a document's text, in one piece or several."""
    digest = hashlib.sha256()
    pieces = [text] if isinstance(text, bytes) else text
    for piece in pieces:
        digest.update(piece)
    return digest.hexdigest(), sum(memoryview(piece).nbytes for piece in pieces)


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
        document = json.loads(str(body, "utf-8"))
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

    The document stays bytes (or their pieces, ``Text``): a file written with ``--json``
    gets them as they are.
    """

    exit_code: int
    report: str
    text: Text | None
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
    stored = _read_entry(key, ".json") if report is not None and text else memoryview(b"")
    body: Text | None = None if stored is None else _joined(stored) \
        if stored[:len(_JOINED)] == _JOINED else (stored,)
    if report is None or body is None:
        return None
    first, newline, printed = bytes(report).partition(b"\n")
    code, _, identity = first.partition(b" ")
    digest, _, rest = identity.partition(b" ")
    size, _, _later = rest.partition(b" ")          # fields a later version may add
    try:
        return Answer(int(code), printed.decode("utf-8"), body, digest.decode("ascii"),
                      int(size or 0)) if newline else None
    except ValueError:
        return None


def _joined(body: memoryview) -> Text | None:
    """Rebuild the text of a document stored as a reference and a tail (``save_answer``)."""
    end = bytes(body[:_HEADER_MAX]).find(b"\n")
    reference = bytes(body[len(_JOINED):end]) if end >= 0 else b""
    tail = body[end + 1:]                       # not a copy of the tail
    head = load_object(reference.decode("ascii", "replace"))
    if not (isinstance(head, tuple) and len(head) == 2
            and isinstance(head[1], bytes | memoryview)):
        return None
    try:
        return document_pieces(head[1], tail)
    except ValueError:
        return None


def save_answer(key: str | None, answer: Answer,
                joined: tuple[str, Text] | None = None) -> None:
    """Store an answer: its report, and its document's text when it has one.

    ``load_answer`` reads the text too; ``load_answer(key, text=True)`` misses without it.
    ``joined``: the text is ``document_pieces`` of the object entry ``joined[0]``'s text
    (a ``(head, text)`` pair) and ``joined[1]``; only the reference and the tail are
    written. The answer is a miss once that entry is gone.
    """
    if key is None:
        return
    if answer.text is not None and joined is not None:
        _write_entry(key, ".json", b"".join([_JOINED, joined[0].encode("ascii"), b"\n",
                                             *_ends_whole(joined[1])]))
    elif answer.text is not None:
        _write_entry(key, ".json", text_bytes(answer.text))
    # The first line: the exit code, then the document's SHA-256 and length.
    identity = "" if answer.text is None else " {} {}".format(*text_identity(answer.text))
    _write_entry(key, ".report", f"{answer.exit_code}{identity}\n{answer.report}".encode())


class _Frames(io.BytesIO):
    """A buffer the pickler writes to, frame by frame (the unpickler: ``_FrameReader``).

    ``pickle.dumps`` and ``pickle.loads`` hold the interpreter for their whole run: in the
    desktop app a worker thread pickling a 22,000-element model's measurement froze the UI
    thread for as long (0.5 s). Through a file object whose methods are Python, the
    (un)pickler calls back into the interpreter for each 64 KB frame, and other threads run
    in between (measured: a 1 ms ticker thread ticked once during a 3 s ``dumps``, 240
    times during the same ``dump`` into this buffer).
    """

    def write(self, data: Any) -> int:
        return super().write(data)


class _FrameReader:
    """What the unpickler reads an entry's body from, frame by frame (see ``_Frames``).

    Over a view of the body: ``io.BytesIO`` would copy a view first (16 MB at 100,000
    elements). Large bytes in the pickle (a document's text) are read into their own object
    in one piece (``readinto``).
    """

    def __init__(self, body: bytes | memoryview) -> None:
        self._view = memoryview(body)
        self._at = 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._at + size
        piece = bytes(self._view[self._at:end])
        self._at += len(piece)
        return piece

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        piece = self._view[self._at:self._at + len(target)]
        target[:len(piece)] = piece
        self._at += len(piece)
        return len(piece)

    def readline(self, size: int | None = -1) -> bytes:
        # Only the text opcodes of the first protocols read lines: short, 4 KB at a time.
        limit = len(self._view) if size is None or size < 0 else self._at + size
        end = self._at
        while end < limit:
            chunk = bytes(self._view[end:min(end + 4096, limit)])
            found = chunk.find(b"\n")
            end += len(chunk) if found < 0 else found + 1
            if found >= 0:
                break
        return self.read(end - self._at)


#: Bytes from this length on are stored beside an object's pickle, not in it, by
#: ``save_object(..., texts_apart=True)``, and read back as views of the entry.
_APART_BYTES = 1 << 16


def save_object(key: str | None, value: Any, *, texts_apart: bool = False) -> None:
    """Store a Python object (an analysis without its file, an area table) under ``key``.

    Pickled, behind the same header line as documents (format, key, checksum of the
    bytes). The entries live in the user's own cache folder and are read back only by the
    code that wrote them (the key covers the code's fingerprint): the checksum guards
    against truncation and editing, as for documents. Silently does nothing on failure.
    Other threads keep running while it pickles (``_Frames``).

    ``texts_apart``: every ``bytes`` of 64 KB or more in ``value`` (a document's text) is
    stored after the pickle, and ``load_object`` gives it back as a read-only
    ``memoryview`` of the entry: written to a ``--json`` file as it is, never copied (the
    areas text and the findings' texts, 25 MB at 100,000 elements). Each object in
    ``value`` costs a Python call while it pickles: for values of few, large parts. A
    value read back so holds views, which do not pickle: it is not saved again (a
    ``TypeError`` is a silent no-op, as any value that does not pickle).
    """
    if key is None:
        return
    import pickle

    buffer = _Frames()
    apart: list[bytes] = []
    try:
        pickler = _picklers()[0](buffer, apart) if texts_apart else \
            pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    # The body: the pickle, the texts kept apart, and the texts' length (8 bytes). With
    # texts apart, the header also says the pickle's length and checksum: a reader that
    # needs no text reads the pickle alone (``load_object(texts=False)``).
    size = sum(len(text) for text in apart)
    pickled = buffer.getbuffer()
    _write_entry(key, ".pickle", b"".join([pickled, *apart, size.to_bytes(8, "little")]),
                 **({"pickle": [len(pickled), zlib.crc32(pickled)]} if apart else {}))


def load_object(key: str | None, *, texts: bool = True) -> Any:
    """Return the object stored under ``key``, or None (missing, damaged or foreign).

    ``texts=False``: each text kept apart (``save_object(texts_apart=True)``) is None,
    and only the pickle is read and checked, not the texts after it (a report printed
    from a check's cached parts needs none of their 25 MB at 100,000 elements).
    """
    if key is None:
        return None
    if not texts:
        pickled = _read_pickle(key)
        if pickled is not None:
            try:
                return _picklers()[1](_FrameReader(pickled), None).load()
            except Exception:  # noqa: BLE001 - any unreadable entry is a miss, rebuilt
                return None
    body = _read_entry(key, ".pickle")
    if body is None or len(body) < 8:
        return None
    view = memoryview(body)
    size = int.from_bytes(view[-8:], "little")
    if size > len(view) - 8:
        return None
    try:
        # Our own entry: checksummed, keyed by the code. Read frame by frame.
        return _picklers()[1](_FrameReader(view[:-8 - size]),
                              view[len(view) - 8 - size:-8]).load()
    except Exception:  # noqa: BLE001 - any unreadable entry is a miss, rebuilt
        return None


def _read_pickle(key: str) -> bytes | None:
    """Return the pickle of an entry with texts kept apart, checked; else None.

    None too for an entry without texts apart (no pickle length in its header): the
    caller reads it whole.
    """
    path = _folder() / f"{key}.pickle"
    try:
        with path.open("rb", buffering=0) as handle:
            start = handle.read(_HEADER_MAX)
            end = start.find(b"\n")
            header = json.loads(start[:end]) if end >= 0 else None
            if not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT \
                    or header.get("key") != key \
                    or not isinstance(header.get("pickle"), list):
                return None
            size, checksum = header["pickle"]
            # The header is not checksummed: a size that is no byte count of this file
            # (a huge one would be reserved in memory by the read) is a miss.
            if type(size) is not int or type(checksum) is not int \
                    or not 0 <= size <= os.fstat(handle.fileno()).st_size:
                return None
            pickled = start[end + 1:end + 1 + size]
            if len(pickled) < size:
                pickled += handle.read(size - len(pickled))
    except (OSError, ValueError, TypeError):
        return None
    if len(pickled) != size or zlib.crc32(pickled) != checksum:
        return None
    cachelimit.touch(path)          # used: the last to go when the cache is trimmed
    return pickled


@cache
def _picklers() -> tuple[Any, Any]:
    """Return the pickler and unpickler of object entries (made once: pickle loads late)."""
    import pickle

    class TextsApart(pickle.Pickler):
        """A pickler that leaves large ``bytes`` out of the pickle (``save_object``)."""

        def __init__(self, file: Any, apart: list[bytes]) -> None:
            super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
            self._apart = apart
            self._at = 0

        def persistent_id(self, obj: Any) -> Any:
            if type(obj) is not bytes or len(obj) < _APART_BYTES:
                return None
            self._apart.append(obj)
            self._at += len(obj)
            return ("apart", self._at - len(obj), len(obj))

    class Unpickler(pickle.Unpickler):
        """Reads what ``TextsApart`` pickled: a text kept apart is a view of the entry."""

        def __init__(self, file: Any, apart: memoryview | None) -> None:
            super().__init__(file)
            self._apart = apart

        def persistent_load(self, pid: Any) -> Any:
            kind, start, size = pid
            apart = self._apart
            if kind == "apart" and apart is None:
                return None             # not read (load_object(texts=False))
            if kind != "apart" or apart is None \
                    or not 0 <= start <= start + size <= len(apart):
                message = "a text kept apart is missing"
                raise pickle.UnpicklingError(message)
            return apart[start:start + size].toreadonly()

    return TextsApart, Unpickler
