"""The geometry cache: a second run does no tessellation; a corrupt entry is rebuilt."""

from __future__ import annotations

import numpy as np
import pytest

import cimcheck.geometry.tessellate
from cimcheck.geometry import cache
from cimcheck.pipeline import analyse


def _forbid_tessellation(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("tessellate() was called although the cache holds the meshes")

    # The pipeline imports it when it analyses a model, so this is the one it calls.
    monkeypatch.setattr(cimcheck.geometry.tessellate, "tessellate", boom)


def test_second_run_reads_the_cache(house_path, monkeypatch):
    first = analyse(house_path)
    assert first.geometry.source == "tessellated"
    assert first.geometry.tessellated == len(first.meshes) > 0
    _forbid_tessellation(monkeypatch)
    second = analyse(house_path)
    assert second.geometry.source == "cache"
    assert second.geometry.tessellated == 0
    assert second.meshes.keys() == first.meshes.keys()
    for gid, mesh in first.meshes.items():
        np.testing.assert_array_equal(second.meshes[gid].vertices, mesh.vertices)
        np.testing.assert_array_equal(second.meshes[gid].faces, mesh.faces)
        assert second.meshes[gid].kernel == mesh.kernel
    # Heights measured from geometry come out the same from cached meshes.
    assert [s.height_m for s in second.index.storeys] == [s.height_m for s in first.index.storeys]


def test_a_changed_file_is_tessellated_again(house_path):
    analyse(house_path)
    house_path.write_text(house_path.read_text().replace("Simple house", "Changed house"))
    assert analyse(house_path).geometry.source == "tessellated"


def test_use_cache_false_always_tessellates(house_path):
    analyse(house_path)
    assert analyse(house_path, use_cache=False).geometry.source == "tessellated"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_entry_is_ignored_and_rebuilt(house_path, damage):
    first = analyse(house_path)
    entry = cache.cache_dir() / f"{first.geometry.cache_key}.npz"
    data = entry.read_bytes()
    entry.write_bytes({"garbage": b"not a numpy archive" * 10, "truncated": data[: len(data) // 2],
                       "empty": b""}[damage])
    again = analyse(house_path)
    assert again.geometry.source == "tessellated"
    assert "geometry.cache_corrupt" in [d.code for d in again.diagnostics]
    assert again.meshes.keys() == first.meshes.keys()
    # ... and the rebuilt entry serves the next run.
    assert analyse(house_path).geometry.source == "cache"


@pytest.mark.parametrize(("error", "reason"), [
    (PermissionError(13, "Permission denied"), "unreadable"),
    (FileNotFoundError(2, "No such file or directory"), "absent")])
def test_an_entry_not_readable_or_gone_is_not_called_corrupt(house_path, monkeypatch, caplog,
                                                             error, reason):
    """Another user's entry in a shared cache folder, or one a trim removed meanwhile:
    a miss, not a damaged entry (no 'corrupt' note in the report, no warning)."""
    first = analyse(house_path)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(cache.np, "load", refuse)
    assert cache.load(first.geometry.cache_key).reason == reason
    again = analyse(house_path)
    assert again.geometry.source == "tessellated"
    assert "geometry.cache_corrupt" not in [d.code for d in again.diagnostics]
    assert "WARNING" not in [r.levelname for r in caplog.records]


def test_a_cache_folder_not_to_be_looked_into_is_a_miss(house_path, monkeypatch):
    """Another user's folder: Path.exists raises PermissionError there (Python 3.11); the
    check goes on, tessellating, and says the cache could not be written."""
    from pathlib import Path

    first = analyse(house_path)
    real_exists = Path.exists

    def exists(self):
        if self.suffix == ".npz":
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    assert cache.load(first.geometry.cache_key).reason == "unreadable"
    assert analyse(house_path).geometry.source == "tessellated"


def test_unwritable_cache_is_a_diagnostic_not_a_failure(house_path, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(blocker))
    analysis = analyse(house_path)
    assert analysis.geometry.source == "tessellated"
    assert "geometry.cache_unwritable" in [d.code for d in analysis.diagnostics]


def test_a_new_element_selection_is_not_answered_from_an_older_cache(house_path, monkeypatch):
    # A cache written when the index chose fewer classes (here: no walls, as an older
    # version chose no wall parts or stairs) must not serve a run that wants more meshes.
    import cimcheck.model.index as index_module

    groups = dict(index_module.CLASS_GROUPS)
    monkeypatch.setitem(index_module.CLASS_GROUPS, "walls", ())
    older = analyse(house_path)
    assert not any(e.group == "walls" for e in older.index.elements)
    monkeypatch.setitem(index_module.CLASS_GROUPS, "walls", groups["walls"])
    newer = analyse(house_path)
    assert newer.geometry.source == "tessellated"
    walls = [e.global_id for e in newer.index.elements if e.group == "walls"]
    assert walls and all(gid in newer.meshes for gid in walls)


@pytest.mark.parametrize("member", ["header", "vertices", "faces", "v_off", "f_off"])
def test_an_entry_edited_in_any_member_is_rebuilt_not_served(house_path, member):
    # One value changed, the archive rewritten with valid zip checksums: only the entry's
    # own checksum can tell. The answer must be the model's, rebuilt.
    first = analyse(house_path)
    entry = next(cache.cache_dir().glob("*.npz"))
    with np.load(entry, allow_pickle=False) as data:
        arrays = {name: data[name].copy() for name in data.files}
    target = arrays[member]
    flat = target.reshape(-1)
    flat[min(1, len(flat) - 1)] += 1
    np.savez(entry, **arrays)
    second = analyse(house_path)
    assert second.geometry.source == "tessellated"
    assert any(d.code == "geometry.cache_corrupt" for d in second.diagnostics)
    for gid, mesh in first.meshes.items():
        np.testing.assert_array_equal(second.meshes[gid].vertices, mesh.vertices)
