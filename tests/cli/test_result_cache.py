"""The result cache: a re-check of an unchanged file skips all analysis; any change in the
file, the options or the code computes afresh."""

from __future__ import annotations

import hashlib
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cimcheck.pipeline
from cimcheck import resultcache
from cimcheck.cli import main

#: Values a document holds: text (Chinese too), finite numbers, flags, nulls, nested.
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8)


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


# --- check: a re-check of an unchanged model under unchanged rules is answered at once ------

def _check(path, *extra) -> tuple[int, dict]:
    out = io.StringIO()
    code = main(["check", str(path), "--json", "-", "--lang", "en", *extra], out=out)
    return code, json.loads(out.getvalue())


def test_an_unchanged_check_is_answered_from_the_cache(house_path, monkeypatch):
    first = _check(house_path, "--site-area", "500")
    _forbid_analysis(monkeypatch)
    assert _check(house_path, "--site-area", "500") == first


@pytest.mark.parametrize("change", ["site_area", "pack", "project"])
def test_a_check_under_other_inputs_is_computed_again(house_path, change):
    """Never the old answer, and the answer a full run gives. (The areas may come from
    the cache: another site area or household count does not change the model's areas;
    see test_a_new_site_area_is_checked_without_opening_the_model.)"""
    code, before = _check(house_path, "--site-area", "500")
    args = ["--site-area", "400" if change == "site_area" else "500"]
    if change == "pack":
        args += ["--pack", "cn-gbt50353-2013"]
    if change == "project":
        house_path.with_name(house_path.stem + ".cimcheck.yaml").write_text(
            "households: 100\n", encoding="utf-8")
    code, after = _check(house_path, *args)
    assert after != before
    assert (code, after) == _check(house_path, *args, "--no-cache")


def test_an_edited_rule_pack_is_not_answered_from_the_cache(house_path, monkeypatch,
                                                            tmp_path):
    import shutil

    import cimcheck_rules

    packs = tmp_path / "packs"
    shutil.copytree(cimcheck_rules.PACKS_DIR, packs)
    monkeypatch.setattr(cimcheck_rules, "PACKS_DIR", packs)
    _check(house_path, "--site-area", "500")
    pack = packs / "zj" / "future_community_2019" / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    # The edited pack is read and the rules run again (the model's areas may come from
    # the cache: the edit leaves the area parameters alone; and so may what the model
    # alone decides, the edit being a comment).
    import cimcheck.engine.evaluate

    calls = []
    for name in ("judge", "judge_model"):
        real = getattr(cimcheck.engine.evaluate, name)
        monkeypatch.setattr(cimcheck.engine.evaluate, name,
                            lambda *a, _n=name, _f=real, **k: calls.append(_n) or _f(*a, **k))
    _check(house_path, "--site-area", "500")
    assert calls == ["judge"]
    # A parameter of a rule that judges the model alone (the exempt-share warning's
    # ratio): what the model alone decides is judged again.
    text = pack.read_text(encoding="utf-8")
    assert "    value: 0.10\n    basis: D" in text
    pack.write_text(text.replace("    value: 0.10\n    basis: D", "    value: 0.11\n    basis: D"),
                    encoding="utf-8")
    calls.clear()
    _check(house_path, "--site-area", "500")
    assert calls == ["judge_model", "judge"]


def test_a_check_with_exports_always_writes_them(house_path, tmp_path):
    _check(house_path, "--site-area", "500")
    book = tmp_path / "r.xlsx"
    code, _ = _check(house_path, "--site-area", "500", "--xlsx", str(book))
    assert book.exists()


def test_a_bundle_reads_the_fingerprint_its_build_computed(tmp_path, monkeypatch):
    """A frozen app has no .py files to hash: the spec ships the build's fingerprint."""
    import json
    import sys

    (tmp_path / resultcache.SHIPPED_FINGERPRINT).write_text(
        json.dumps({"fingerprint": "built-from-commit-x"}), encoding="utf-8")
    monkeypatch.setattr(resultcache, "_PACKAGE", tmp_path)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    resultcache.code_fingerprint.cache_clear()
    try:
        assert resultcache.code_fingerprint() == "built-from-commit-x"
        monkeypatch.delattr(sys, "frozen")
        resultcache.code_fingerprint.cache_clear()
        assert resultcache.code_fingerprint() != "built-from-commit-x"   # sources hashed
    finally:
        resultcache.code_fingerprint.cache_clear()


def test_the_code_fingerprint_is_remembered_until_a_source_changes(tmp_path, monkeypatch):
    """The sources' hash is remembered against their identities (as a model's hash is):
    not read again while nothing changed; any edit (same size, times set back), a new file
    or a removed one gives another fingerprint."""
    import builtins
    import os
    import time

    package = tmp_path / "package"
    (package / "engine" / "__pycache__").mkdir(parents=True)
    rule = package / "engine" / "rules.py"
    rule.write_text("LIMIT = 2.5\n")
    (package / "pack.yaml").write_text("pack: zj\n")
    (package / "engine" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    long_ago = time.time() - 3600
    for path in (rule, package / "pack.yaml"):
        os.utime(path, (long_ago, long_ago))
    monkeypatch.setattr(resultcache, "_PACKAGE", package)
    real_open = builtins.open
    reads: list[str] = []

    def counting_open(file, *args, **kwargs):
        if str(file).startswith(str(package)):
            reads.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)

    def fingerprint() -> str:
        resultcache.code_fingerprint.cache_clear()
        return resultcache.code_fingerprint()

    try:
        # The status-change times were set just now (utime): racy, hashed each time.
        first = fingerprint()
        assert sorted(reads) == sorted([str(rule), str(package / "pack.yaml")])
        monkeypatch.setattr(resultcache, "RACY_SECONDS", -1e9)   # as if written long ago
        reads.clear()
        assert fingerprint() == first and len(reads) == 2        # hashed and remembered
        reads.clear()
        assert fingerprint() == first and reads == []            # remembered: not read
        # An edit of the same size, its modification time set back: another fingerprint.
        rule.write_text("LIMIT = 3.5\n")
        os.utime(rule, (long_ago, long_ago))
        edited = fingerprint()
        assert edited != first and reads
        # Bytecode is not source; a new source file is.
        (package / "engine" / "__pycache__" / "other.pyc").write_bytes(b"\1")
        assert fingerprint() == edited
        (package / "engine" / "new.py").write_text("")
        assert fingerprint() not in (first, edited)
        # The same sources as the first: the first fingerprint.
        (package / "engine" / "new.py").unlink()
        rule.write_text("LIMIT = 2.5\n")
        assert fingerprint() == first
    finally:
        resultcache.code_fingerprint.cache_clear()


@pytest.mark.parametrize("command", ["check", "areas", "info"])
def test_a_cached_answer_imports_no_geometry_stack(house_path, tmp_path, command):
    """A re-check of an unchanged file is answered before numpy, shapely or ifcopenshell
    are imported (issue 10: a stray module-level shapely import in the number formats cost
    every cached re-check 0.1 s, half of it). Run as a user runs it: a new process."""
    import subprocess
    import sys

    out = tmp_path / "out.json"
    args = [sys.executable, "-X", "importtime", "-m", "cimcheck", command, str(house_path),
            "--json", str(out)]
    first = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert first.returncode in (0, 1), first.stderr
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == first.returncode, again.stderr
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines()
                if line.startswith("import time:")}
    heavy = {m for m in imported if m.split(".")[0] in ("numpy", "shapely", "ifcopenshell")}
    assert "cimcheck.cli" in imported and heavy == set()
    cold = {line.split("|")[-1].strip() for line in first.stderr.splitlines()
            if line.startswith("import time:")}
    assert "ifcopenshell" in cold                  # the first run did analyse the model


@pytest.fixture
def residential(tmp_path):
    import shutil

    from tests.cli.test_cli import SAMPLES

    path = tmp_path / "fc_residential_ifc4.ifc"
    shutil.copy(SAMPLES / "fc_residential_ifc4.ifc", path)
    return path


def test_a_new_site_area_is_checked_without_opening_the_model(residential, monkeypatch):
    """Issue 10: a project change re-measured the whole model. Now the analysis (without
    its file), the areas and heights, and the IDS pre-flight come from the cache, and the
    answer is the one a full run gives (checked against --no-cache).

    Residential sample (sample_models/README.md): 计容 1524.00 m², so a site of 1600 m²
    gives 1524.00 / 1600 = 0.9525 and one of 800 m² gives 1.905.
    """
    _check(residential)                                  # cold: fills the caches
    _forbid_analysis(monkeypatch)
    monkeypatch.setattr("cimcheck.engine.preflight.run_ids",
                        lambda *a: pytest.fail("the IDS pre-flight ran again"))
    monkeypatch.setattr("cimcheck.facts.area.compute_areas",
                        lambda *a, **k: pytest.fail("the areas were measured again"))
    code, fast = _check(residential, "--site-area", "1600")
    assert fast["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 1600)
    _, other = _check(residential, "--site-area", "800")
    assert other["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 800)
    monkeypatch.undo()
    full_code, full = _check(residential, "--site-area", "1600", "--no-cache")
    assert (code, fast) == (full_code, full)


def test_a_project_change_writes_what_the_model_alone_decides_from_its_text(
        residential, tmp_path, monkeypatch):
    """Issue 10: on a 100,000-element model a project change spent a second judging,
    rendering and encoding again the model's 13,300 items to confirm and 15,700 ledger
    rows, which no site area changes. Now the model's verdict (findings and ledger packed,
    ``results.packed``) and its text come from the cache: a project change unpickles none
    of them, and writes the document a full run writes, byte for byte. Residential sample
    (sample_models/README.md): 计容 1524.00 m² on 1,600 m² is a plot ratio of 0.9525."""
    from cimcheck.cli import main
    from cimcheck.results.finding import Finding
    from cimcheck.results.packed import Packed

    def check(name: str, *extra: str) -> tuple[int, bytes]:
        out = tmp_path / name
        code = main(["check", str(residential), "--json", str(out), *extra], out=io.StringIO())
        return code, out.read_bytes()

    check("cold.json")
    monkeypatch.setattr(Packed, "items", property(
        lambda self: pytest.fail("a packed finding or ledger row was unpickled")))
    rendered = []
    real = Finding.to_dict
    monkeypatch.setattr(Finding, "to_dict", lambda self, *a: rendered.append(self.rule_id)
                        or real(self, *a))
    fast = check("fast.json", "--site-area", "1600")
    monkeypatch.undo()
    # Only the findings of rules that read the project's inputs were rendered.
    assert rendered and not {r for r in rendered if r in {"GB-CONF-01", "GB-IDS-01"}}
    assert fast == check("full.json", "--site-area", "1600", "--no-cache")
    document = json.loads(fast[1])
    assert document["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 1600)
    assert any(f["rule_id"] == "GB-CONF-01" for f in document["findings"])


def test_a_project_change_reads_no_ifc_library(residential, tmp_path):
    """Issue 10: a re-check under a new site area imported ifcopenshell (0.14 s, a third of
    the whole run on a small model) only to read back the cached analysis. Run as a user
    runs it: a new process, after a first check has filled the caches. The answer is the
    one a full run gives: the residential sample's 计容 1524.00 m² (sample_models/README.md)
    on 1,600 m² is a plot ratio of 0.9525."""
    import subprocess
    import sys

    out = tmp_path / "out.json"

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        args = [sys.executable, "-X", "importtime", "-m", "cimcheck", "check",
                str(residential), "--json", str(out), "--lang", "en", *extra]
        done = subprocess.run(args, capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        return done

    run()
    again = run("--site-area", "1600")
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines()
                if line.startswith("import time:")}
    assert "cimcheck.engine.evaluate" in imported          # it did judge the model again
    assert not {m for m in imported if m.split(".")[0] == "ifcopenshell"}
    document = json.loads(out.read_text("utf-8"))
    assert document["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 1600)
    _, full = _check(residential, "--site-area", "1600", "--no-cache")
    assert document == full


def test_a_cached_analysis_refuses_to_be_read_for_its_elements(residential):
    """The cached analysis keeps no element records (at 100,000 elements reading them
    back took a second); code that asks for them fails at once, not with an empty model."""
    from cimcheck.pipeline import check_cached

    _check(residential)
    analysis, run = check_cached(residential, cli_inputs={"site_area_m2": 1600.0})
    assert run.indicators["plot_ratio"] == pytest.approx(1524.00 / 1600)
    assert analysis.index.storeys and analysis.index.buildings
    for read in (lambda: len(analysis.index.elements), lambda: list(analysis.index.zones),
                 lambda: analysis.index.by_id, lambda: analysis.model.file.by_type):
        with pytest.raises(RuntimeError, match="not (kept|loaded)"):
            read()


def test_the_cached_analysis_names_the_file_as_given_now(residential, monkeypatch):
    """The same bytes under another name: the report names the file it was asked about."""
    _check(residential)
    renamed = residential.with_name("submission_v2.ifc")
    renamed.write_bytes(residential.read_bytes())
    _forbid_analysis(monkeypatch)
    _, document = _check(renamed, "--site-area", "1600")
    assert document["model"]["file"] == "submission_v2.ifc"


def test_a_reviewer_override_measures_the_areas_again(residential, tmp_path):
    """An override changes the areas: the measurement is keyed by it and computed afresh.
    The stilt spaces of the residential sample reclassified as ordinary storey parts no
    longer take the stilt exemption, so more area counts toward plot ratio."""
    _, before = _check(residential)
    stilt = next(i for i in before["items"] if i["category"] == "stilt")
    project = tmp_path / "project.yaml"
    project.write_text("overrides:\n" + "".join(
        f"  - {{global_id: {gid}, category: storey, comment: review}}\n"
        for gid in stilt["global_ids"]), "utf-8")
    code, after = _check(residential, "--project", str(project))
    assert after["indicators"]["far_area_m2"] > before["indicators"]["far_area_m2"] + 100
    assert (code, after) == _check(residential, "--project", str(project), "--no-cache")


def test_a_damaged_snapshot_or_measurement_is_rebuilt(residential):
    _, first = _check(residential, "--site-area", "1600")
    for entry in resultcache._folder().glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:-10])
    _, again = _check(residential, "--site-area", "1700")
    _, full = _check(residential, "--site-area", "1700", "--no-cache")
    assert again == full


#: The one measured duration a report prints (``info``'s geometry line): how long that
#: run's tessellation took, which no two runs share.
_DURATION = re.compile(r"(用时|in) \d+\.\d+ (秒|s)")


def _printed(path, *extra) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*extra[:1], str(path), *extra[1:]], out=out)
    return code, _DURATION.sub(r"\1 … \2", out.getvalue())


@pytest.mark.parametrize("command", ["check", "areas", "info"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cached_answer_prints_the_report_and_exits_as_a_full_run(residential, monkeypatch,
                                                                    command, lang):
    """Issue 10: the re-check of a 100-tower model spent 0.15 s decoding its cached document
    and 0.13 s printing it again. The report text and exit code are kept beside it; they
    must be exactly what a full run prints and returns. On a site of 500 m² the residential
    sample's 计容 1524.00 m² (sample_models/README.md) is a plot ratio of 3.048 > 2.5, a
    FAIL, so ``check`` exits 1."""
    extra = ["--lang", lang] + (["--site-area", "500"] if command == "check" else [])
    full = _printed(residential, command, *extra, "--no-cache")
    first = _printed(residential, command, *extra)
    _forbid_analysis(monkeypatch)
    again = _printed(residential, command, *extra)
    assert first == again == full
    assert full[1].count("\n") > 10
    if command == "check":
        assert full[0] == 1


def test_a_damaged_report_entry_is_recomputed(residential, monkeypatch):
    import cimcheck.engine.evaluate

    first = _printed(residential, "check")
    for entry in resultcache._folder().glob("*.report"):
        entry.write_bytes(entry.read_bytes().replace(b"\n", b"\r\n", 3))
    calls = []
    real = cimcheck.engine.evaluate.judge      # the rules run again (``judge`` is their end)
    monkeypatch.setattr(cimcheck.engine.evaluate, "judge",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _printed(residential, "check") == first
    assert calls == [1]


def test_a_copy_under_another_name_prints_its_own_name(residential, monkeypatch):
    """The report names the file: the same bytes under another name are not answered with
    the first name's report."""
    _printed(residential, "areas")
    renamed = residential.with_name("submission_v2.ifc")
    renamed.write_bytes(residential.read_bytes())
    _, text = _printed(renamed, "areas")
    assert "submission_v2.ifc" in text and residential.name not in text


# --- the model's hash is remembered against the file's identity, as git's index does ---

def _sha(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_unchanged_files_hash_is_remembered(tmp_path, monkeypatch):
    import hashlib
    import time

    model = tmp_path / "m.ifc"
    model.write_bytes(b"ISO-10303-21;" * 1000)
    monkeypatch.setattr(resultcache, "RACY_SECONDS", 0.05)
    time.sleep(0.1)
    assert resultcache.file_sha256(model) == _sha(model)
    monkeypatch.setattr(hashlib, "file_digest",
                        lambda *a: pytest.fail("an unchanged file was hashed again"))
    assert resultcache.file_sha256(model) == _sha(model)


def test_a_same_size_edit_with_its_old_modification_time_is_hashed_again(tmp_path,
                                                                         monkeypatch):
    """The edit keeps size and modification time (restored with utime, as some copy tools
    do); the status-change time moves, which no program can set back."""
    import os
    import time

    model = tmp_path / "m.ifc"
    model.write_bytes(b"A" * 4096)
    monkeypatch.setattr(resultcache, "RACY_SECONDS", 0.05)
    time.sleep(0.1)
    first = resultcache.file_sha256(model)
    assert list(resultcache._folder().glob("*.sha"))          # remembered
    old = model.stat()
    time.sleep(0.1)
    model.write_bytes(b"B" * 4096)
    os.utime(model, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert model.stat().st_mtime_ns == old.st_mtime_ns
    assert resultcache.file_sha256(model) == _sha(model) != first


def test_a_file_written_just_now_is_not_remembered(tmp_path):
    model = tmp_path / "m.ifc"
    model.write_bytes(b"A" * 4096)
    assert resultcache.file_sha256(model) == _sha(model)
    assert not list(resultcache._folder().glob("*.sha"))


def test_a_run_without_json_then_one_with_it_writes_the_whole_document(residential):
    """Without --json the document is not encoded (a second on a 100,000-element model)
    and only the report is kept; a later --json run must still write the full document."""
    _printed(residential, "check", "--site-area", "500")
    documents = len(list(resultcache._folder().glob("*.json")))      # the IDS results'
    assert _check(residential, "--site-area", "500") == \
        _check(residential, "--site-area", "500", "--no-cache")
    assert len(list(resultcache._folder().glob("*.json"))) == documents + 1


def test_a_document_is_written_as_the_standard_librarys_indented_json():
    """``--json`` documents are encoded by orjson for speed (issue 10); the bytes are those
    of ``json.dumps(..., ensure_ascii=False, indent=2)`` and a newline, whatever they hold:
    Chinese, floats, tuples, empty lists and objects, nested values. One spelling differs: a
    negative exponent has no leading zero (``1e-7``, Python ``1e-07``), the same number."""
    document = {"模型": "住宅楼 A", "area": 1234.5, "third": 0.1 + 0.2, "big": 1.5e+16,
                "neg": -0.0, "int": 3, "flag": True, "none": None, "tuple": (1, "二"),
                "empty": [], "nested": {"list": [{"a": []}, {}], "quote": 'a "b" \\ c\n'}}
    expected = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert resultcache.document_text(document) == expected
    for small in (1e-07, 5e-324, 2.2250738585072014e-308):
        text = resultcache.document_text({"small": small})
        assert json.loads(text)["small"] == small


def test_a_document_orjson_refuses_is_written_by_the_standard_library():
    """An integer over 64 bits and a key that is not text: no orjson output, the same
    document as before."""
    document = {"huge": 2 ** 70, 7: "seven"}
    expected = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert resultcache.document_text(document) == expected


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_a_document_with_a_nan_is_refused(number):
    """Not JSON, and no report number may be one: refused, not written as null."""
    with pytest.raises(ValueError):
        resultcache.document_text({"storeys": [{"area": number}]})


def _whole_text(path, lang, **inputs) -> bytes:
    """The document a check writes, built here in one piece (``check_dict``, encoded)."""
    from cimcheck.pipeline import analyse, check
    from cimcheck.present.check import check_dict

    analysis = analyse(path, use_cache=False)
    run = check(analysis, cli_inputs=inputs, use_cache=False)
    return resultcache.document_text(check_dict(analysis, run.table, run, lang))


@pytest.mark.parametrize(("forked", "apart"), [(False, False), (True, False), (False, True)])
def test_a_checks_document_is_joined_from_its_areas_and_its_verdict(residential, tmp_path,
                                                                  monkeypatch, forked, apart):
    """Issue 10: a re-check under another site area built and wrote the model's 25 MB of
    storeys and items again (100,000 elements). A check's document is now two parts: the
    areas (model and measurement alone decide them), cached, and the verdict; their texts
    are joined. The bytes written must be the whole document's, whichever process built
    the areas part (a forked child from ``SPLIT_DOCUMENT_ITEMS`` items on), whether it came
    from the cache, and when the answer itself is served from the cache. A cached answer
    stores a reference to the areas part, not its text; without that part it is rebuilt.
    ``apart``: the cached texts are kept beside their pickle and read back as views of the
    entry (``save_object(texts_apart=True)``: from 64 KB on, lowered here to 64 bytes, as
    the sample's texts are small) and written as pieces of the document.
    Residential sample: 计容 1524.00 m² (sample_models/README.md) on 1,600 m²: 0.9525."""
    import cimcheck.cli
    from cimcheck import forkmap

    if forked:
        monkeypatch.setattr(forkmap, "_refusals", set())
        monkeypatch.setattr(cimcheck.cli, "SPLIT_DOCUMENT_ITEMS", 1)
    views: list[int] = []
    if apart:
        monkeypatch.setattr(resultcache, "_APART_BYTES", 64)
        real_pieces = resultcache.document_text_pieces
        monkeypatch.setattr(resultcache, "document_text_pieces", lambda document: (
            views.append(sum(isinstance(p, memoryview) for p in text)) or text)
            if not isinstance(text := real_pieces(document), bytes) else text)
    out = tmp_path / "out.json"

    def written(*extra: str) -> bytes:
        assert main(["check", str(residential), "--json", str(out), "--lang", "en",
                     *extra], out=io.StringIO()) in (0, 1)
        forkmap.join_background()                      # as main() does when it ends
        return out.read_bytes()

    cold = written()
    assert cold == _whole_text(residential, "en")
    changed = written("--site-area", "1600")                       # areas part cached
    assert changed == _whole_text(residential, "en", site_area_m2=1600.0)
    assert json.loads(changed)["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 1600)
    if apart:               # the findings' and ledger's texts spliced in as views
        assert views and all(count >= 2 for count in views)
    _forbid_analysis(monkeypatch)
    assert written("--site-area", "1600") == changed        # again, from the cached analysis

    # The first check's answer is stored, and only it: a reference line, then the
    # verdict's text alone (from "pack"). A check made from the cached analysis (another
    # site area) stores no answer: it is made again as fast as it would be read back, and
    # the cache does not grow by the verdict's text (16 MB at 100,000 elements) with every
    # site area tried.
    folder = resultcache._folder()
    [report] = folder.glob("*.report")
    stored = report.with_suffix(".json").read_bytes().partition(b"\n")[2]
    assert stored.startswith(b"@join ")
    assert not [p for p in folder.glob("*.json")                 # no verdict kept elsewhere
                if p.stem != report.stem and b'"indicators": ' in p.read_bytes()]
    assert stored.partition(b"\n")[2] == b"{\n" + cold[cold.index(b'\n  "pack": ') + 1:]
    monkeypatch.setattr("cimcheck.pipeline.check_cached",
                        lambda *a, **k: pytest.fail("not answered from the cache"))
    assert written() == cold                                   # the answer, joined
    monkeypatch.undo()
    for entry in resultcache._folder().glob("*.pickle"):     # the areas part among them
        entry.unlink()
    out.unlink()
    assert written() == cold


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=4), _VALUES, min_size=1, max_size=4),
       st.dictionaries(st.text(min_size=1, max_size=4), _VALUES, min_size=1, max_size=4))
def test_two_documents_texts_join_into_the_text_of_both(first, second):
    """``document_pieces``: the text of ``{**a, **b}`` from those of ``a`` and ``b``, for
    any values a document holds (keys apart)."""
    second = {"b" + k: v for k, v in second.items()}
    first = {"a" + k: v for k, v in first.items()}
    pieces = resultcache.document_pieces(resultcache.document_text(first),
                                         resultcache.document_text(second))
    whole = resultcache.document_text(first | second)
    assert resultcache.text_bytes(pieces) == whole
    assert resultcache.text_identity(pieces) == (hashlib.sha256(whole).hexdigest(), len(whole))


def test_a_document_splicing_cached_views_is_the_text_of_the_whole():
    """A check's verdict splices the findings' and ledger's texts read from the cache as
    views of their entry (``save_object(texts_apart=True)``): written as pieces of their
    own, the bytes are those of the whole document; also by the standard encoder (an
    integer orjson refuses)."""
    ledger = [{"item": "a", "far_area_m2": 12.5, "名": "阳台"}]
    findings = [{"rule_id": "R1", "global_ids": ["x", "y"]}, {"rule_id": "R2", "n": None}]
    whole = {"first": 1, "ledger": ledger, "findings": [{"rule_id": "R0"}, *findings],
             "result": "PASS"}

    def view(text: bytes | None) -> memoryview:
        assert text is not None
        return memoryview(bytes(text)).toreadonly()

    document = {"first": 1, "ledger": resultcache.spliced(view(resultcache.value_text(ledger))),
                "findings": [{"rule_id": "R0"},
                             resultcache.spliced(view(resultcache.members_text(findings)))],
                "result": "PASS"}
    pieces = resultcache.document_text_pieces(document)
    assert isinstance(pieces, tuple) and sum(isinstance(p, memoryview) for p in pieces) == 2
    assert resultcache.text_bytes(pieces) == resultcache.document_text(whole)
    big = 2 ** 70
    assert resultcache.document_text(document | {"result": big}) == \
        resultcache.document_text(whole | {"result": big})


def test_an_object_keeps_its_large_texts_apart_and_reads_them_back_as_views():
    text = "阳台".encode() * 40_000                   # 240,000 bytes: kept apart
    value = ({"totals": {"far_area_m2": 1.5}}, text, [b"short", None])
    resultcache.save_object("t" * 40, value, texts_apart=True)
    head, back, rest = resultcache.load_object("t" * 40)
    assert isinstance(back, memoryview) and back.readonly and bytes(back) == text
    assert (head, rest) == (value[0], value[2])
    resultcache.save_object("u" * 40, value)
    assert resultcache.load_object("u" * 40) == value


def test_a_report_from_the_cached_parts_reads_none_of_their_texts(residential, monkeypatch):
    """A project change printing its report alone (no ``--json``) reads the cached parts'
    pickles, not the texts kept after them (the areas text and the findings' texts: 25 MB
    at 100,000 elements): damage there leaves that report right and made from the cache.
    With ``--json`` the damaged entries are misses, made again (from the cache too)."""
    monkeypatch.setattr(resultcache, "_APART_BYTES", 64)   # the sample's texts are small

    def report(*extra: str) -> str:
        out = io.StringIO()
        assert main(["check", str(residential), "--lang", "en", *extra], out=out) in (0, 1)
        return out.getvalue()

    expected = report("--site-area", "1600", "--no-cache")
    with_json = _whole_text(residential, "en", site_area_m2=1600.0)
    assert main(["check", str(residential), "--json", "-", "--lang", "en"],
                out=io.StringIO()) in (0, 1)
    from cimcheck import forkmap

    forkmap.join_background()
    damaged = set()
    for entry in resultcache._folder().glob("*.pickle"):
        whole = entry.read_bytes()
        header = json.loads(whole.partition(b"\n")[0])
        if "pickle" in header:            # texts kept apart: flip a byte of the first
            at = len(whole.partition(b"\n")[0]) + 1 + header["pickle"][0]
            entry.write_bytes(whole[:at] + bytes([whole[at] ^ 1]) + whole[at + 1:])
            damaged.add(entry.stem)
    assert len(damaged) >= 2              # the areas part and the findings' texts
    _forbid_analysis(monkeypatch)
    read_whole: list[str] = []
    real_read = resultcache._read_entry
    monkeypatch.setattr(resultcache, "_read_entry", lambda key, suffix: (
        read_whole.append(key) or real_read(key, suffix)))
    assert report("--site-area", "1600") == expected
    assert not damaged & set(read_whole)  # their pickles alone were read
    out = io.StringIO()
    assert main(["check", str(residential), "--site-area", "1600", "--json", "-", "--lang",
                 "en"], out=out) in (0, 1)
    assert out.getvalue().encode() == with_json


def test_an_object_read_without_its_texts_reads_and_checks_its_pickle_alone():
    """``load_object(texts=False)``: the texts kept apart are None and are not read, so
    damage there does not matter to it (it does to a whole read); damage in the pickle
    does. An entry with no text apart is read whole either way."""
    text = "阳台".encode() * 40_000                   # 240,000 bytes: kept apart
    value = ({"totals": {"far_area_m2": 1.5}}, text, [b"short", None])
    resultcache.save_object("t" * 40, value, texts_apart=True)
    assert resultcache.load_object("t" * 40, texts=False) == (value[0], None, value[2])
    entry = resultcache._folder() / f"{'t' * 40}.pickle"
    whole = entry.read_bytes()
    at = whole.index(text[:12])
    entry.write_bytes(whole[:at + 5] + b"X" + whole[at + 6:])      # a byte of the text
    assert resultcache.load_object("t" * 40, texts=False) == (value[0], None, value[2])
    assert resultcache.load_object("t" * 40) is None
    entry.write_bytes(whole[:at - 20] + b"X" + whole[at - 19:])    # a byte of the pickle
    assert resultcache.load_object("t" * 40, texts=False) is None
    entry.write_bytes(whole[:at - 3])                              # the pickle cut short
    assert resultcache.load_object("t" * 40, texts=False) is None
    resultcache.save_object("u" * 40, value)                       # no text apart
    assert resultcache.load_object("u" * 40, texts=False) == value


def test_only_two_objects_texts_are_joined():
    with pytest.raises(ValueError):
        resultcache.document_pieces(b"{}\n", resultcache.document_text({"a": 1}))
    with pytest.raises(ValueError):
        resultcache.document_pieces(resultcache.document_text({"a": 1}), b"[\n  1\n]\n")


@pytest.mark.parametrize("damage", ["schema", "yaml"])
def test_a_broken_pack_is_said_before_the_model_is_analysed(house_path, monkeypatch,
                                                             tmp_path, damage):
    """The pre-flight worker now starts before the pack's files are checked against the
    schema (issue 10: the check delayed the worker, the last to finish on a small model).
    A broken pack must still stop the run at once, with its sentence and exit 2, before
    the model is opened; and no worker is left running."""
    import shutil

    import cimcheck_rules

    from cimcheck.engine.preflight import IdsRunner

    packs = tmp_path / "packs"
    shutil.copytree(cimcheck_rules.PACKS_DIR, packs)
    monkeypatch.setattr(cimcheck_rules, "PACKS_DIR", packs)
    pack = packs / "zj" / "future_community_2019" / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("version:", "version: [1, 2]\nversion_was:", 1)
                    if damage == "schema" else text + "\n  - [unclosed\n", encoding="utf-8")
    _forbid_analysis(monkeypatch)
    closed = []
    real_close = IdsRunner.close
    monkeypatch.setattr(IdsRunner, "close", lambda self: closed.append(1) or real_close(self))
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["check", str(house_path), "--lang", "en"], out=io.StringIO()) == 2
    assert "pack" in err.getvalue().lower() and "Traceback" not in err.getvalue()
    assert closed or damage == "yaml"            # a YAML error stops before any worker


def test_a_fresh_analysis_writes_its_own_notes_on_the_caches(residential):
    """The areas part of a check's document is reused only with an analysis read back
    from the cache: an analysis made afresh writes its own, with what it found on the way
    (here a damaged geometry cache entry, which the cached part never saw)."""
    from cimcheck.geometry import cache as geometry_cache

    _check(residential)
    for entry in geometry_cache.cache_dir().glob("*.npz"):
        entry.write_bytes(b"not a numpy archive")
    for entry in resultcache._folder().glob("*.pickle"):
        head = entry.read_bytes().partition(b"\n")[2]
        if b"cimcheck.analysis" in head:              # the snapshot: analysed afresh
            entry.unlink()
    _, document = _check(residential, "--site-area", "1600")
    assert "geometry.cache_corrupt" in [d["code"] for d in document["diagnostics"]]


def test_the_fingerprint_reads_the_geometry_librarys_version_as_installed():
    """The code fingerprint names the installed ifcopenshell (its meshes are cached under
    it); read from its .dist-info folder, as ``importlib.metadata`` reports it."""
    from importlib import metadata

    assert resultcache._library_version("ifcopenshell") == metadata.version("ifcopenshell")
    assert resultcache._library_version("shapely") == metadata.version("shapely")
    assert resultcache._library_version("no-such-library-here") == "no-no-such-library-here"


def test_other_threads_run_while_an_object_is_pickled_into_the_cache_and_read_back(
        monkeypatch):
    """Issue 15: the desktop app's worker thread pickles a large model's measurement into
    the cache, and ``pickle.dumps`` holds the interpreter for its whole run: the UI thread
    froze for as long. Pickled frame by frame (``resultcache._Frames``), a second thread
    keeps running; read back, the object is the same. (Counted, not timed: a thread that
    ticks every millisecond ticked once during a plain ``dumps`` of such a list. The
    entry's checksum and file, which let other threads run anyway, are left out here.)"""
    import threading
    import time

    stored: dict[str, bytes] = {}
    monkeypatch.setattr(resultcache, "_write_entry",
                        lambda key, suffix, body: stored.__setitem__(key, body))
    monkeypatch.setattr(resultcache, "_read_entry", lambda key, suffix: stored.get(key))
    value = [(i, str(i), (i * 1.5, "x" * 20)) for i in range(400_000)]
    ticks = [0]
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        time.sleep(0.05)
        before = ticks[0]
        resultcache.save_object("k" * 40, value)
        during_save = ticks[0] - before
        before = ticks[0]
        back = resultcache.load_object("k" * 40)
        during_load = ticks[0] - before
    finally:
        stop.set()
        thread.join()
    assert back == value
    assert during_save >= 5 and during_load >= 5, (during_save, during_load)
