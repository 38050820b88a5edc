"""The IDS pre-flight: the shipped IDS is valid IDS 1.0, met by a complete model and failed
once per specification by a model missing each piece of data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.builders import ModelBuilder
from tests.cli.test_cli import SAMPLES, run
from tests.conftest import REPO

ids = pytest.importorskip("ifctester.ids")
IDS = REPO / "rules" / "cimcheck.ids"
CORPUS = REPO.parent / "shared" / "corpus"


def test_the_shipped_ids_is_valid_and_generated_from_its_script():
    import subprocess
    import sys

    book = ids.open(str(IDS), validate=True)          # validates against the IDS 1.0 XSD
    assert len(book.specifications) == 7
    assert all(" / " in s.name and s.description for s in book.specifications)
    before = IDS.read_text("utf-8")
    subprocess.run([sys.executable, str(REPO / "rules" / "make_ids.py")], check=True,
                   capture_output=True)
    assert IDS.read_text("utf-8") == before, "rules/make_ids.py and cimcheck.ids differ"


def _model(tmp_path, *, complete: bool):
    """A one-storey dwelling with greening: complete, or missing each piece once."""
    b = ModelBuilder("IFC4", seed="ids-" + str(complete))
    if complete:
        b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", 500.0)})
    storey = b.storey("1F" if complete else "", 0.0)
    b.slab(storey, [(0, 0), (10, 0), (10, 8), (0, 8)], 0.0)
    b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 0.0, 3.0)
    room = b.space(storey, [(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)], 0.0, 3.0,
                   name="住宅" if complete else "", long_name="住宅")
    b.pset(room, "CIMCheck_Area", {"AreaCategory": "DWELLING", **(
        {"UnitId": "101", "DeclaredAreaCoeff": 1.0, "ClearHeight": ("length", 2.8)}
        if complete else {"DeclaredAreaCoeff": 2.0})})
    other = b.space(storey, [(0.2, 8.5), (3, 8.5), (3, 9.5), (0.2, 9.5)], 0.0, 3.0,
                    name="其他", long_name="其他")
    b.pset(other, "CIMCheck_Area", {"AreaCategory": "OTHER" if complete else "PATIO"})
    green = b.space(storey, [(11, 0), (15, 0), (15, 4), (11, 4)], 0.0, 0.1, name="绿化",
                    long_name="绿化")
    b.pset(green, "CIMCheck_Greening", {"GreeningKind": "ROOF" if complete else "MEADOW",
                                        "SoilDepth": ("length", 0.6 if complete else -1.0)})
    path = tmp_path / ("complete.ifc" if complete else "missing.ifc")
    b.write(path)
    return path


def test_a_complete_model_meets_every_specification(tmp_path):
    result = run("ids", str(_model(tmp_path, complete=True)), "--json", "-", "--lang", "en")
    assert result.returncode == 0, result.stderr
    statuses = {s["specification"]: s["status"] for s in json.loads(result.stdout)["preflight"]}
    assert set(statuses.values()) == {"PASS"}, statuses


def test_a_model_missing_each_piece_fails_each_specification_once(tmp_path):
    result = run("ids", str(_model(tmp_path, complete=False)), "--json", "-", "--lang", "en")
    specs = {s["specification"].split(" / ")[1]: s for s in json.loads(result.stdout)["preflight"]}
    assert result.returncode == 1                       # the storey name is required
    failed = {name: len(s["failed"]) for name, s in specs.items()}
    assert failed == {"Storeys have a name and an elevation": 1, "Spaces have a name": 1,
                      "The site states its area": 1,
                      "CIMCheck_Area.AreaCategory takes a known value": 1,
                      "Dwellings have a unit id": 1,
                      "CIMCheck_Area values in range": 1,
                      "CIMCheck_Greening.GreeningKind known, soil depth > 0": 1}
    assert specs["Storeys have a name and an elevation"]["status"] == "FAIL"
    assert specs["Spaces have a name"]["status"] == "WARN"


def test_check_runs_the_preflight_and_reports_it(tmp_path):
    path = _model(tmp_path, complete=False)
    document = json.loads(run("check", str(path), "--json", "-", "--lang", "en").stdout)
    assert len(document["preflight"]) == 7
    ids_findings = [f for f in document["findings"] if f["rule_id"] == "GB-IDS-01"]
    assert {f["status"] for f in ids_findings} == {"FAIL", "WARN"} and len(ids_findings) == 7
    clean = json.loads(run("check", str(SAMPLES / "fc_residential_ifc4.ifc"), "--json", "-",
                           "--lang", "en").stdout)
    (only,) = [f for f in clean["findings"] if f["rule_id"] == "GB-IDS-01"]
    assert only["status"] == "PASS"


@pytest.mark.corpus
@pytest.mark.parametrize("model", sorted(p.name for p in CORPUS.glob("*.ifc")))
def test_ids_runs_on_every_corpus_model_without_a_traceback(model, tmp_path):
    result = run("ids", str(CORPUS / model), "--xlsx", str(tmp_path / "ids.xlsx"),
                 "--lang", "zh")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and (tmp_path / "ids.xlsx").exists()


def test_ids_writes_a_bilingual_workbook_and_a_valid_bcf(tmp_path):
    """One BCF topic per failing specification, each with its own GUID and elements."""
    from openpyxl import load_workbook

    from tests.present.test_bcf import validate_bcf

    path = _model(tmp_path, complete=False)
    book, issues = tmp_path / "ids.xlsx", tmp_path / "ids.bcf"
    result = run("ids", str(path), "--xlsx", str(book), "--bcf", str(issues), "--json",
                 str(tmp_path / "ids.json"))
    assert result.returncode == 1, result.stderr
    document = json.loads((tmp_path / "ids.json").read_text("utf-8"))
    failing = [s for s in document["preflight"] if s["status"] != "PASS"]
    assert len(failing) == 7
    workbook = load_workbook(book)
    summary, elements = workbook.worksheets
    assert (summary.title, elements.title) == ("数据预检", "预检不符合项")
    assert [c.value for c in summary[1]] == ["IDS 文件", "数据要求", "必须满足", "适用构件数",
                                             "不符合数", "结论"]
    assert summary.max_row == 8 and elements.max_row == 8         # 7 specifications, 7 failures
    names, validated = validate_bcf(issues, "2.1")
    topics = [n for n in names if n.endswith("/markup.bcf")]
    assert len(topics) == 7 and validated == 2 + 2 * 7
    import bcf.bcfxml

    with bcf.bcfxml.load(issues) as reread:
        components = {}
        for guid, topic in reread.topics.items():
            (viewpoint,) = topic.viewpoints.values()
            selected = viewpoint.visualization_info.components.selection.component
            components[guid] = {c.ifc_guid for c in selected}
    expected = {f["global_id"] for s in failing for f in s["failed"]}
    assert set().union(*components.values()) == expected
    # The dwelling fails three specifications (name, unit id, coefficient): three topics.
    assert len(set(components)) == 7


def test_a_pack_adds_its_own_ids(tmp_path):
    """A city pack's ``ids:`` key: its specifications run after the project's own."""
    import shutil

    from cimcheck.engine.evaluate import evaluate
    from cimcheck.engine.pack import load_pack
    from cimcheck.errors import RulePackError
    from cimcheck.facts.area import compute_areas
    from cimcheck.pipeline import analyse

    root = tmp_path / "packs"
    shutil.copytree(REPO / "rules", root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    city = root / "xx" / "city"
    city.mkdir(parents=True)
    book = ids.Ids(title="city data standard")
    spec = ids.Specification(name="楼层有描述 / Storeys have a description",
                             ifcVersion=["IFC2X3", "IFC4"], minOccurs=1)
    spec.applicability.append(ids.Entity(name="IFCBUILDINGSTOREY"))
    spec.requirements.append(ids.Attribute(name="Description", cardinality="required"))
    book.specifications.append(spec)
    (city / "city.ids").write_text(book.to_string(), encoding="utf-8")
    (city / "pack.yaml").write_text(
        "pack: xx-city\nversion: '1'\ntitle: {zh: 市标准, en: City}\n"
        "extends: zj-future-community-2019\nids: [city.ids]\nrules: []\n", encoding="utf-8")
    pack = load_pack("xx-city", root=root)
    assert [p.name for p in pack.ids] == ["city.ids"]
    analysis = analyse(_model(tmp_path, complete=True))
    run_ = evaluate(analysis, compute_areas(analysis), pack)
    names = [s["specification"] for s in run_.preflight]
    assert len(names) == 8 and names[-1].startswith("楼层有描述")
    (finding,) = [f for f in run_.findings if f.rule_id == "GB-IDS-01"]
    assert str(finding.status) == "FAIL" and len(finding.global_ids) == 1   # the one storey
    (city / "pack.yaml").write_text((city / "pack.yaml").read_text("utf-8")
                                    .replace("city.ids", "missing.ids"), encoding="utf-8")
    with pytest.raises(RulePackError, match="missing.ids"):
        load_pack("xx-city", root=root)


def test_the_compliance_workbook_has_the_preflight_sheets(tmp_path):
    from openpyxl import load_workbook

    path = _model(tmp_path, complete=False)
    result = run("check", str(path), "--xlsx", str(tmp_path / "check.xlsx"), "--lang", "en")
    assert result.returncode == 1, result.stderr
    book = load_workbook(tmp_path / "check.xlsx")
    titles = book.sheetnames
    at = titles.index("Data pre-flight")
    assert titles[at + 1] == "Pre-flight failures" and titles[at + 2] == "Diagrams"
    summary = book["Data pre-flight"]
    statuses = [summary.cell(row, 6).value for row in range(2, summary.max_row + 1)]
    assert statuses.count("FAIL") == 1 and statuses.count("WARN") == 6


def _spawn_only(monkeypatch):
    """Workers as on Windows and macOS: a new interpreter that opens the file itself."""
    monkeypatch.setattr("cimcheck.forkmap.usable_processes", lambda: 1)


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_a_prefetched_run_in_another_process_gives_the_same_results(tmp_path, monkeypatch,
                                                                    start):
    """The pre-flight of a large file runs in a second process while areas are measured
    (issue 10); what it finds must be what a run in this process finds, failures included,
    whether the worker is a fork sharing the opened model or a new interpreter."""
    from cimcheck.engine.preflight import IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    if start == "spawn":
        _spawn_only(monkeypatch)
    path = _model(tmp_path, complete=False)
    model = open_model(path)
    here = run_ids(model.file, [IDS])
    monkeypatch.setattr(IdsRunner, "PREFETCH_MIN_BYTES", 0)      # the sample is small
    runner = IdsRunner(model, use_cache=False)
    runner.prefetch([IDS])
    assert runner.pending, "no worker was started"
    # The worker's answer is taken: this process never runs ifctester.
    monkeypatch.setattr("cimcheck.engine.preflight.run_ids",
                        lambda *a: pytest.fail("ran in process"))
    assert runner([IDS]) == here
    assert any(r.failed for r in here)                     # a run with failures to compare


def test_a_file_changed_under_the_worker_is_checked_in_process(tmp_path, monkeypatch):
    """A spawned worker opens the file by its path: if the bytes changed since they were
    hashed, it refuses and the pre-flight runs on the model actually analysed. (A forked
    worker shares the analysed model: see the next test.)"""
    from cimcheck.engine.preflight import IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    _spawn_only(monkeypatch)
    path = _model(tmp_path, complete=False)
    model = open_model(path)
    here = run_ids(model.file, [IDS])
    path.write_bytes(path.read_bytes() + b"\n")          # other bytes, same model
    monkeypatch.setattr(IdsRunner, "PREFETCH_MIN_BYTES", 0)
    runner = IdsRunner(model, use_cache=False)
    runner.prefetch([IDS])
    assert runner.pending, "no worker was started"
    calls = []
    monkeypatch.setattr("cimcheck.engine.preflight.run_ids",
                        lambda *a: calls.append(a) or run_ids(*a))
    assert runner([IDS]) == here
    assert len(calls) == 1 and calls[0][0] is model.file     # run here, on the analysed model


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers: Linux")
def test_a_forked_worker_checks_the_model_opened_here(tmp_path, monkeypatch):
    """Where forking is safe, a worker started for a model already open (the desktop app
    starts it after the analysis) is a fork sharing that parsed model: no second parse,
    and never other bytes. The file is overwritten once the worker runs: the answer is
    still the opened model's, and this process never runs ifctester."""
    from cimcheck import forkmap
    from cimcheck.engine.preflight import IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    monkeypatch.setattr(forkmap, "_refusals", set())      # as in the command line
    path = _model(tmp_path, complete=False)
    model = open_model(path)
    here = run_ids(model.file, [IDS])
    monkeypatch.setattr(IdsRunner, "PREFETCH_MIN_BYTES", 0)
    runner = IdsRunner(model, use_cache=False)
    runner.prefetch([IDS])
    assert runner.pending, "no worker was forked"
    assert runner._worker is not None and runner._worker._start_method == "fork"
    path.write_bytes(b"ISO-10303-21; not this model any more")
    monkeypatch.setattr("cimcheck.engine.preflight.run_ids",
                        lambda *a: pytest.fail("ran in process"))
    assert runner([IDS]) == here
    assert any(r.failed for r in here)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers: Linux")
def test_a_large_files_worker_is_forked_once_the_analysis_has_parsed_it(tmp_path,
                                                                         monkeypatch):
    """Issue 10: the command line started the pre-flight before the analysis, and the
    worker parsed the file again while the analysis parsed it: two parsers side by side
    took 4.2 s each on the 100-tower community (3.3 s alone). From ``SHARED_PARSE_BYTES``
    on, nothing starts before the file is open; ``analyse(..., on_open=runner.opened)``
    forks the worker with the parsed model. Its answer is a run here's, and this process
    never runs ifctester (nor does the worker open the file itself)."""
    import os

    import cimcheck.pipeline as pipeline
    from cimcheck import forkmap
    from cimcheck.engine import preflight
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.preflight import run_ids
    from cimcheck.model.loader import open_model

    monkeypatch.setattr(forkmap, "_refusals", set())      # as in the command line
    monkeypatch.setattr(pipeline, "SHARED_PARSE_BYTES", 0)
    path = _model(tmp_path, complete=False)
    files = pipeline._preflight_files(load_pack(pipeline.DEFAULT_PACK))[0]
    here = run_ids(open_model(path).file, files)
    runner = pipeline.start_preflight(path, open_model(path).sha256)
    runner.use_cache = False
    assert not runner.pending                              # nothing before the parse
    parent = os.getpid()
    real = preflight.run_ids
    monkeypatch.setattr(preflight, "run_ids", lambda *a: real(*a) if os.getpid() != parent
                        else pytest.fail("ran in process"))
    monkeypatch.setattr(preflight, "_ids_in_child",
                        lambda *a: pytest.fail("the worker parsed the file again"))
    analysis = pipeline.analyse(path, use_cache=False, on_open=runner.opened)
    assert runner.pending and runner._worker._start_method == "fork"
    runner.attach(analysis.model)
    assert runner(files) == here
    assert any(r.failed for r in here)


def test_results_are_cached_by_content_and_no_cache_writes_none(tmp_path, monkeypatch):
    """A re-check under another pack or project reads the pre-flight from the cache; with
    --no-cache nothing is read or written."""
    import os

    from cimcheck.engine.preflight import IdsRunner
    from cimcheck.model.loader import open_model

    model = open_model(_model(tmp_path, complete=False))
    cache = os.environ["CIMCHECK_CACHE_DIR"]
    first = IdsRunner(model, use_cache=False)([IDS])
    assert not any(Path(cache).rglob("*.json"))
    assert IdsRunner(model)([IDS]) == first                  # computed, then stored
    monkeypatch.setattr("cimcheck.engine.preflight.run_ids",
                        lambda *a: pytest.fail("ran again"))
    assert IdsRunner(model)([IDS]) == first                  # served from the cache


def test_a_worker_started_for_other_bytes_is_not_used(tmp_path, monkeypatch):
    """``start_preflight`` hashes the file before the analysis opens it: if the bytes
    analysed are not the ones hashed, the worker's answer is another model's and is
    dropped; the pre-flight runs on the model analysed."""
    from cimcheck.engine.preflight import FileRef, IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    path = _model(tmp_path, complete=False)
    runner = IdsRunner(FileRef(path, "0" * 64, path.stat().st_size), use_cache=False)
    runner.prefetch([IDS], min_bytes=0)
    assert runner.pending
    model = open_model(path)
    runner.attach(model)
    assert not runner.pending                                  # stopped, not waited for
    assert runner([IDS]) == run_ids(model.file, [IDS])


def test_a_worker_that_dies_is_not_waited_for(tmp_path, monkeypatch):
    """A crash in the IFC library kills the worker without an answer: the pre-flight runs
    in process instead of waiting for ever (simulated by killing the worker)."""
    from cimcheck.engine.preflight import IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    model = open_model(_model(tmp_path, complete=False))
    monkeypatch.setattr(IdsRunner, "PREFETCH_MIN_BYTES", 0)
    runner = IdsRunner(model, use_cache=False)
    runner.prefetch([IDS])
    runner._worker.kill()
    runner._worker.join()
    assert runner([IDS]) == run_ids(model.file, [IDS])
    assert not runner.pending


def test_a_worker_started_by_a_thread_outlives_that_thread(tmp_path, monkeypatch):
    """The desktop app starts the pre-flight from a worker thread, which ends long before
    the answer is read. The worker ends with the *process* that started it
    (``forkmap.end_with_starter``: the starter's sentinel), not with that thread or the
    objects it dropped: it must answer and end normally."""
    import threading

    from cimcheck.engine.preflight import FileRef, IdsRunner, run_ids
    from cimcheck.model.loader import open_model

    path = _model(tmp_path, complete=False)
    model = open_model(path)
    runner = IdsRunner(FileRef(path, model.sha256, path.stat().st_size), use_cache=False)
    starter = threading.Thread(target=runner.prefetch, args=([IDS],), kwargs={"min_bytes": 0})
    starter.start()
    starter.join()
    assert runner.pending
    answered = runner._collect()
    runner._worker.join(60)
    assert answered is not None and runner._worker.exitcode == 0        # answered, then ended
    runner.attach(model)
    assert runner([IDS]) == run_ids(model.file, [IDS])


@pytest.mark.parametrize("model", ["corpus:lake_kegonsa_revit2014_feet.ifc",
                                   "corpus:duplex_a_revit2011_ifc2x3.ifc",
                                   "sample:fc_residential_ifc4.ifc"])
def test_the_remembered_schema_gives_the_same_results_and_is_put_back(model, monkeypatch):
    """Issue 10: ifctester asked ``file.schema`` (a regular expression each time) for every
    property it checked. run_ids answers it from a table during validation; the results
    must be those of ifcopenshell's own property, which is restored afterwards."""
    import inspect

    import ifcopenshell

    import cimcheck.engine.preflight as preflight
    from cimcheck.model.loader import open_model

    where, name = model.split(":")
    file = open_model((CORPUS if where == "corpus" else SAMPLES) / name).file
    before = inspect.getattr_static(ifcopenshell.file, "schema")
    remembered = preflight.run_ids(file, [IDS])
    assert inspect.getattr_static(ifcopenshell.file, "schema") is before
    monkeypatch.setattr(preflight, "_schema_remembered", __import__("contextlib").nullcontext)
    assert preflight.run_ids(file, [IDS]) == remembered
    assert len(remembered) == 7                        # one result per specification


def _carriers_model(tmp_path):
    """Four places a set named ``X_Check`` can be, and an element without it.

    Hand count of what an applicability on ``X_Check.Flag`` finds: wall A (its own set),
    wall B (through its type, which is itself an object definition carrying the set: 2),
    wall C (the set inside an IfcPropertySetDefinitionSet) and the material (its
    IfcMaterialProperties) = 5 applicable; wall D has none. Flag is TRUE on A, C and the
    material, FALSE on the type: B and its type fail.
    """
    import ifcopenshell.api

    b = ModelBuilder("IFC4", seed="carriers")
    storey = b.storey("1F", 0.0)
    walls = [b.wall(storey, (0, i * 2), (4, i * 2), 0.0, 3.0) for i in range(4)]
    file = b.file
    b.pset(walls[0], "X_Check", {"Flag": True})
    wall_type = file.createIfcWallType(ifcopenshell.guid.new(), None, "T", None, None, None,
                                       None, None, None, "STANDARD")
    ifcopenshell.api.type.assign_type(file, related_objects=[walls[1]], relating_type=wall_type)
    b.pset(wall_type, "X_Check", {"Flag": False})
    flag = file.createIfcPropertySingleValue("Flag", None, file.createIfcBoolean(True), None)
    in_set = file.createIfcPropertySet(ifcopenshell.guid.new(), None, "X_Check", None, [flag])
    other = file.createIfcPropertySet(ifcopenshell.guid.new(), None, "Y_Other", None, [
        file.createIfcPropertySingleValue("Flag", None, file.createIfcBoolean(False), None)])
    material = file.createIfcMaterial("Concrete")
    file.createIfcMaterialProperties("X_Check", None, [
        file.createIfcPropertySingleValue("Flag", None, file.createIfcBoolean(True), None)],
        material)
    path = tmp_path / "carriers.ifc"
    b.write(path)
    # ifcopenshell 0.8 crashes creating an IfcPropertySetDefinitionSet: written as text.
    step_id = max(e.id() for e in file) + 1
    rel = (f"#{step_id}=IFCRELDEFINESBYPROPERTIES('{ifcopenshell.guid.new()}',$,$,$,"
           f"(#{walls[2].id()}),IFCPROPERTYSETDEFINITIONSET((#{other.id()},#{in_set.id()})));")
    text = path.read_text("utf-8")
    cut = text.rindex("ENDSEC;")
    path.write_text(text[:cut] + rel + "\n" + text[cut:], "utf-8")
    return ifcopenshell.open(str(path))


def test_the_narrowed_broadphase_applies_to_the_same_elements(tmp_path, monkeypatch):
    """Issue 10: ifctester looked up a property facet's set on every object definition of
    the file (80 % of the pre-flight on 25,000 elements without CIMCheck sets). Narrowed to
    the set's carriers, it must find the same applicable and failing elements, wherever
    the set is: on the element, its type, in a definition set or on a material."""
    import contextlib

    from ifctester import facet

    import cimcheck.engine.preflight as preflight

    book = ids.Ids(title="carriers")
    spec = ids.Specification(name="X_Check.Flag is true", minOccurs=1, ifcVersion=["IFC4"])
    spec.applicability.append(facet.Property(propertySet="X_Check", baseName="Flag"))
    spec.requirements.append(facet.Property(propertySet="X_Check", baseName="Flag",
                                            value="TRUE", dataType="IFCBOOLEAN"))
    book.specifications.append(spec)
    path = tmp_path / "carriers.ids"
    book.to_xml(str(path))
    file = _carriers_model(tmp_path)
    before = facet.Property.filter

    narrowed = preflight.run_ids(file, [path])
    assert facet.Property.filter is before
    assert narrowed[0].applicable == 5
    assert sorted(c for _, c, _ in narrowed[0].failed) == ["IfcWall", "IfcWallType"]
    monkeypatch.setattr(preflight, "_property_broadphase", lambda _: contextlib.nullcontext())
    assert preflight.run_ids(file, [path]) == narrowed
