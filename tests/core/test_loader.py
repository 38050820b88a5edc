"""Opening files: every way a file can be bad gives a clear CimcheckError, and no change."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from cimcheck.errors import CimcheckError, ModelOpenError, UnsupportedSchemaError
from cimcheck.model.loader import open_model
from tests.builders import simple_house
from tests.conftest import corpus_file


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expect(path, error_class, *fragments, **kwargs) -> CimcheckError:
    with pytest.raises(error_class) as info:
        open_model(path, **kwargs)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    # Every message says what to do, in English and in Chinese.
    assert info.value.localized("zh") != message
    assert any(word in message for word in ("Export", "export", "Check", "Choose", "Ask",
                                            "unzip", "Unzip", "Copy"))
    return info.value


def test_a_good_model_opens_in_every_schema(house_path, schema):
    before = _sha(house_path)
    model = open_model(house_path)
    assert model.schema == schema
    assert model.sha256 == before
    assert model.application == "cimcheck sample builder 1.0"
    assert _sha(house_path) == before  # the input is never modified


def test_file_not_found(tmp_path):
    _expect(tmp_path / "nope.ifc", ModelOpenError, "File not found", "nope.ifc")


def test_folder_instead_of_file(tmp_path):
    _expect(tmp_path, ModelOpenError, "is a folder")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.ifc"
    path.write_bytes(b"")
    _expect(path, ModelOpenError, "is empty")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.ifc"
    path.write_bytes(b"\n\n  \n")
    _expect(path, ModelOpenError, "is empty")


def test_not_an_ifc_file(tmp_path):
    path = tmp_path / "notes.ifc"
    path.write_text("This is a text file, not a model.\n")
    _expect(path, ModelOpenError, "is not an IFC file", "ISO-10303-21")


def test_ifcxml_is_named(tmp_path):
    path = tmp_path / "model.ifcxml"
    path.write_text('<?xml version="1.0"?><ifcXML xmlns="http://www.buildingsmart-tech.org/ifcXML"/>')
    _expect(path, ModelOpenError, "ifcXML")


def test_truncated_file(tmp_path, house_path):
    data = house_path.read_bytes()
    path = tmp_path / "cut.ifc"
    path.write_bytes(data[: len(data) * 2 // 3])
    _expect(path, ModelOpenError, "incomplete", "END-ISO-10303-21")


def test_unsupported_schema(tmp_path, house_path):
    text = house_path.read_text()
    path = tmp_path / "old.ifc"
    path.write_text(text.replace(f"FILE_SCHEMA(('{open_model(house_path).schema_identifier}'))",
                                 "FILE_SCHEMA(('IFC2X2_FINAL'))"))
    err = _expect(path, UnsupportedSchemaError, "IFC2X2_FINAL", "IFC4")
    assert "IFC2X2_FINAL" in err.localized("zh")


def test_header_schema_that_disagrees_with_content(tmp_path):
    path = tmp_path / "lying.ifc"
    ifc4 = tmp_path / "ifc4.ifc"
    builder = simple_house("IFC4")
    # IfcWindowType exists only from IFC4 on; IFC2X3 calls it IfcWindowStyle.
    builder.file.createIfcWindowType(builder._guid(), None, "W1", None, None, None, None,
                                     None, None, "WINDOW", "SINGLE_PANEL", None, None)
    builder.write(ifc4)
    path.write_text(ifc4.read_text().replace("FILE_SCHEMA(('IFC4'))", "FILE_SCHEMA(('IFC2X3'))"))
    _expect(path, UnsupportedSchemaError, "declares the schema IFC2X3", "IFCWINDOWTYPE",
            "IFC4 entities")


def test_a_clean_file_is_not_scanned_for_entity_names_and_a_lying_one_still_is(
        tmp_path, house_path, monkeypatch):
    # The scan (0.6 s of a 100 MB model) runs only where the parser reported problems: an
    # entity its schema lacks is one. Counted, not timed.
    from cimcheck.model import loader

    scans = []
    real = loader._entity_names
    monkeypatch.setattr(loader, "_entity_names", lambda data: scans.append(1) or real(data))
    open_model(house_path)
    assert scans == []
    ifc4 = tmp_path / "ifc4.ifc"
    builder = simple_house("IFC4")
    builder.file.createIfcWindowType(builder._guid(), None, "W1", None, None, None, None,
                                     None, None, "WINDOW", "SINGLE_PANEL", None, None)
    builder.write(ifc4)
    lying = tmp_path / "lying.ifc"
    lying.write_text(ifc4.read_text().replace("FILE_SCHEMA(('IFC4'))",
                                              "FILE_SCHEMA(('IFC2X3'))"))
    _expect(lying, UnsupportedSchemaError, "IFCWINDOWTYPE")
    assert scans == [1]


def test_no_permission(tmp_path, house_path, monkeypatch):
    import os

    path = tmp_path / "locked.ifc"
    path.write_bytes(house_path.read_bytes())
    if os.geteuid() == 0:
        # root reads anything: make the open itself fail as it would for a normal user.
        real_open = Path.open

        def denied(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", denied)
    else:
        path.chmod(0)
    _expect(path, ModelOpenError, "No permission", "locked.ifc")


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_ifczip_opens(tmp_path, house_path):
    path = _zip(tmp_path / "house.ifczip", {"house.ifc": house_path.read_bytes()})
    model = open_model(path)
    assert model.sha256 == _sha(path)
    assert len(model.file.by_type("IfcBuildingStorey")) == 2


def test_ifczip_without_ifc(tmp_path):
    path = _zip(tmp_path / "empty.ifczip", {"readme.txt": b"nothing here"})
    _expect(path, ModelOpenError, "no .ifc file inside")


def test_ifczip_with_several_models(tmp_path, house_path):
    data = house_path.read_bytes()
    path = _zip(tmp_path / "two.ifczip", {"a.ifc": data, "b.ifc": data})
    _expect(path, ModelOpenError, "several .ifc files", "a.ifc")


def test_damaged_zip(tmp_path, house_path):
    good = _zip(tmp_path / "good.ifczip", {"house.ifc": house_path.read_bytes()})
    path = tmp_path / "bad.ifczip"
    path.write_bytes(good.read_bytes()[:200])
    _expect(path, ModelOpenError, "zip")


def test_zip_bomb_guard(tmp_path, house_path):
    # 20 MB of padding compresses to a few kB: far above the 1 MB limit given here.
    padded = house_path.read_bytes().replace(b"DATA;", b"DATA;\n" + b" " * 20_000_000, 1)
    path = _zip(tmp_path / "bomb.ifczip", {"bomb.ifc": padded})
    assert path.stat().st_size < 200_000
    _expect(path, ModelOpenError, "would inflate", "unzip", max_inflated_bytes=1_000_000)


@pytest.mark.parametrize("name", ["renga_house_ifc2x3.ifc", "lake_kegonsa_revit2014_feet.ifc"])
def test_corpus_files_are_not_modified(name):
    path = corpus_file(name)
    before, mtime = _sha(path), path.stat().st_mtime_ns
    open_model(path)
    assert _sha(path) == before
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("proc", [True, False], ids=["unnamed copy", "named copy (no /proc)"])
def test_a_full_temporary_folder_is_said_in_a_sentence(house_path, monkeypatch, tmp_path, proc):
    """The parser reads a private copy of the model: failing to write it (a full disk; here
    a copy opened read-only, so the write fails) is a clear error saying what and what to
    do, not an OSError, and no copy is left behind. On Linux the copy is an unnamed file
    (``TemporaryFile``), elsewhere a named one (``mkstemp``): both fail here."""
    import os
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    made, kept = [], []
    real_mkstemp, real_temporary = tempfile.mkstemp, tempfile.TemporaryFile

    def unwritable(*args, **kwargs):
        handle, name = real_mkstemp(*args, **kwargs)
        os.close(handle)
        made.append(name)
        return os.open(name, os.O_RDONLY), name

    def unwritable_unnamed(*args, **kwargs):
        copy = real_temporary(*args, **kwargs)
        made.append(open(copy.fileno(), "rb", closefd=False))   # the loader closes it
        kept.append(copy)
        return made[-1]

    monkeypatch.setattr(tempfile, "mkstemp", unwritable)
    monkeypatch.setattr(tempfile, "TemporaryFile", unwritable_unnamed)
    if not proc:                # a chroot without /proc, as other systems: a named copy
        exists = os.path.isdir
        monkeypatch.setattr(os.path, "isdir", lambda p: p != "/proc/self/fd" and exists(p))
    error = _expect(house_path, ModelOpenError, "temporary folder", str(house_path.name))
    assert error.localized("zh").startswith("无法在临时文件夹中写入")
    assert len(made) == 1 and isinstance(made[0], str) != proc
    assert list(folder.iterdir()) == []         # the named copy removed
    if proc:
        assert made[0].closed                   # the loader closed what it was given
    for copy in kept:
        copy.close()


def test_without_proc_the_named_copy_is_parsed_and_removed(house_path, monkeypatch, tmp_path):
    """Where /proc is not mounted (a chroot; other systems have none) the parser reads a
    named private copy, removed once it has been parsed."""
    import os
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    exists = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: p != "/proc/self/fd" and exists(p))
    named = []
    real = tempfile.mkstemp

    def remembered(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        named.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", remembered)
    model = open_model(house_path)
    assert len(model.file.by_type("IfcBuildingStorey")) >= 1
    assert len(named) == 1 and named[0].startswith(str(folder))
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_entity_names_scanned_in_pieces_are_those_of_one_scan(house_path, chunk,
                                                              monkeypatch):
    # The scan goes a megabyte at a time so that other threads run in between (the
    # desktop app's UI thread waited 0.18 s for one scan of a 20 MB file); a piece ends
    # right after a ';', which no entity name's match spans. Tiny pieces here put many
    # boundaries next to names, and one name is split over lines as STEP allows.
    from cimcheck.model import loader

    data = Path(house_path).read_bytes().replace(b"=IFCSLAB(", b"= \n IfcSlab\n(", 1)
    whole = set(loader._ENTITY_RE.findall(data))
    assert b"IfcSlab" in whole and len(whole) > 10
    monkeypatch.setattr(loader, "SCAN_CHUNK", chunk)
    assert loader._entity_names(data) == whole
