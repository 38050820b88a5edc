"""The result cache: a re-check of an unchanged file skips all analysis; any change in the
file, the options or the code computes afresh."""

from __future__ import annotations

import io
import json

import pytest

import cimcheck.pipeline
from cimcheck import resultcache
from cimcheck.cli import main


def _areas(path, *extra) -> dict:
    out = io.StringIO()
    assert main(["areas", str(path), "--json", "-", *extra], out=out) == 0
    return json.loads(out.getvalue())


def _forbid_analysis(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("analyse() ran although the result is cached")

    monkeypatch.setattr(cimcheck.pipeline, "analyse", boom)


def test_unchanged_file_is_answered_from_the_cache(house_path, monkeypatch):
    first = _areas(house_path)
    _forbid_analysis(monkeypatch)
    assert _areas(house_path) == first


def test_language_is_part_of_the_key(house_path, monkeypatch):
    _areas(house_path)
    english = _areas(house_path, "--lang", "en")
    assert english["storeys"][0]["notes"][0] != _areas(house_path)["storeys"][0]["notes"][0]


def test_changed_file_is_analysed_again(house_path):
    before = _areas(house_path)
    house_path.write_text(house_path.read_text().replace("'1F'", "'Ground'"))
    after = _areas(house_path)
    assert [s["name"] for s in after["storeys"]][0] == "Ground"
    assert before["model"]["sha256"] != after["model"]["sha256"]


def test_changed_code_is_analysed_again(house_path, monkeypatch):
    _areas(house_path)
    resultcache.code_fingerprint.cache_clear()
    monkeypatch.setattr(resultcache, "code_fingerprint", lambda: "another engine")
    calls = []
    real = cimcheck.pipeline.analyse
    monkeypatch.setattr(cimcheck.pipeline, "analyse",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    _areas(house_path)
    assert calls == [1]


def test_no_cache_always_analyses(house_path, monkeypatch):
    _areas(house_path)
    calls = []
    real = cimcheck.pipeline.analyse
    monkeypatch.setattr(cimcheck.pipeline, "analyse",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    _areas(house_path, "--no-cache")
    assert calls == [1]


@pytest.mark.parametrize("damage", [b"", b"{not json"])
def test_unreadable_entry_is_recomputed(house_path, damage):
    first = _areas(house_path)
    for entry in (resultcache._folder()).glob("*.json"):
        entry.write_bytes(damage)
    assert _areas(house_path) == first


def _edit_entries(edit):
    for entry in resultcache._folder().glob("*.json"):
        entry.write_text(edit(entry.read_text("utf-8")), "utf-8")


def test_an_entry_edited_by_one_digit_is_not_served(house_path):
    # The building area 80.00 is stored in the entry; change one digit of it.
    first = _areas(house_path)
    total = first["totals"]["building_area_m2"]
    _edit_entries(lambda text: text.replace(f'"building_area_m2": {total}',
                                            f'"building_area_m2": {total + 1}', 1))
    assert _areas(house_path) == first


@pytest.mark.parametrize("shape", ["[]", "{}", '{"format": 2, "key": "x", "document": []}',
                                   '"text"', "123"])
def test_an_entry_of_the_wrong_shape_is_rebuilt_not_an_internal_error(house_path, shape):
    first = _areas(house_path)
    _edit_entries(lambda text: shape)
    assert _areas(house_path) == first


def test_a_file_replaced_after_the_lookup_files_its_answer_under_its_own_hash(
        house_path, monkeypatch):
    # The file is swapped between the cache lookup (hash A) and the analysis (model B). B's
    # answer must not be stored under A: the restored file A must answer as A.
    original = house_path.read_text()
    first = _areas(house_path, "--no-cache")
    other = original.replace("'1F'", "'Swapped'")
    real = cimcheck.pipeline.analyse

    def swap_then_analyse(path, **kwargs):
        house_path.write_text(other)
        return real(path, **kwargs)

    monkeypatch.setattr(cimcheck.pipeline, "analyse", swap_then_analyse)
    swapped = _areas(house_path)
    assert swapped["storeys"][0]["name"] == "Swapped"
    monkeypatch.setattr(cimcheck.pipeline, "analyse", real)
    house_path.write_text(original)
    assert _areas(house_path)["storeys"][0]["name"] == first["storeys"][0]["name"] == "1F"
