"""``cimcheck batch``: many models, each in a worker of its own, one summary, resumable."""

from __future__ import annotations

import json
import os
import shutil

import openpyxl
import pytest

from tests.cli.test_cli import SAMPLES, run
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def submissions(tmp_path):
    """Three samples, two corpus models, one project file, and three broken inputs."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.glob("*.ifc"):
        shutil.copy(sample, folder / sample.name)
    for name in ("fzk_haus_ac20_ifc4.ifc", "duplex_a_revit2011_ifc2x3.ifc"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "tower_mixed_ifc4.cimcheck.yaml").write_text("site_area_m2: 800\n",
                                                          encoding="utf-8")
    (folder / "not_ifc.ifc").write_text("hello", encoding="utf-8")
    text = (SAMPLES / "fc_residential_ifc4.ifc").read_bytes()
    (folder / "truncated.ifc").write_bytes(text[: len(text) // 3])
    # A project file the pack refuses: the model is fine, its inputs are not.
    shutil.copy(SAMPLES / "fc_residential_ifc4.ifc", folder / "bad_project.ifc")
    (folder / "bad_project.cimcheck.yaml").write_text("parameters: {no.such: 1}\n",
                                                      encoding="utf-8")
    return folder


def _rows(out):
    return [json.loads(line) for line in (out / "summary.jsonl").read_text("utf-8").splitlines()]


def test_a_batch_checks_every_model_like_check_and_reports_the_bad_ones(submissions, tmp_path):
    out = tmp_path / "out"
    result = run("batch", str(submissions), "--out", str(out), "--jobs", "2", "--xlsx",
                 "--bcf", "--lang", "en")
    assert result.returncode == 2, result.stderr           # some inputs bad, the rest done
    assert "Traceback" not in result.stderr
    rows = {os.path.basename(r["file"]): r for r in _rows(out)}
    assert len(rows) == 8
    for name in ("not_ifc.ifc", "truncated.ifc", "bad_project.ifc"):
        assert rows[name]["error_kind"] == "input" and rows[name]["verdict"] is None, name
    assert "not an IFC file" in rows["not_ifc.ifc"]["error"]
    good = [n for n, r in rows.items() if r["error"] is None]
    assert len(good) == 5
    for name in good:
        single = json.loads(run("check", str(submissions / name), "--json", "-",
                                "--lang", "en").stdout)
        document = json.loads((out / "results" / f"{rows[name]['key']}.json").read_text("utf-8"))
        for part in ("indicators", "findings", "ledger", "result", "pack"):
            assert document[part] == single[part], (name, part)
        assert (out / "results" / f"{rows[name]['key']}.xlsx").exists()
        assert (out / "results" / f"{rows[name]['key']}.bcf").exists()
    # The project file beside the tower was used: site area 800 m².
    assert rows["tower_mixed_ifc4.ifc"]["plot_ratio"] == pytest.approx(1318.40 / 800)
    sheet = openpyxl.load_workbook(out / "summary.xlsx").active
    assert sheet.max_row == 1 + 8
    links = [c.hyperlink.target for r in sheet.iter_rows() for c in r if c.hyperlink]
    assert len(links) == 5 and all(link.startswith("results/") for link in links)


def test_a_rerun_checks_only_what_is_missing(submissions, tmp_path):
    out = tmp_path / "out"
    run("batch", str(submissions), "--out", str(out), "--jobs", "2", "--lang", "en")
    first = {os.path.basename(r["file"]): r for r in _rows(out)}
    for name in ("fc_residential_ifc4.ifc", "fzk_haus_ac20_ifc4.ifc"):
        (out / "results" / f"{first[name]['key']}.json").unlink()
    (out / "summary.jsonl").unlink()
    result = run("batch", str(submissions), "--out", str(out), "--jobs", "2", "--lang", "en")
    again = {os.path.basename(r["file"]): r for r in _rows(out)}
    redone = sorted(n for n, r in again.items() if not r.get("skipped") and r["error"] is None)
    assert redone == ["fc_residential_ifc4.ifc", "fzk_haus_ac20_ifc4.ifc"]
    assert result.stdout.count("skipped") == 3
    assert again["fc_residential_ifc4.ifc"]["plot_ratio"] == first[
        "fc_residential_ifc4.ifc"]["plot_ratio"]


def test_a_worker_that_dies_is_retried_once_then_reported(submissions, tmp_path):
    out = tmp_path / "out"
    env = {"CIMCHECK_BATCH_CRASH": "tower_mixed_ifc4.ifc"}
    result = run("batch", str(submissions), "--out", str(out), "--jobs", "2", "--lang", "en",
                 env=env)
    assert result.returncode == 2
    rows = {os.path.basename(r["file"]): r for r in _rows(out)}
    assert rows["tower_mixed_ifc4.ifc"]["error_kind"] == "crash"
    assert "died" in rows["tower_mixed_ifc4.ifc"]["error"]
    assert sum(r["error"] is None for r in rows.values()) == 4     # nothing else lost


def test_the_same_batch_on_a_local_dask_cluster_gives_the_same_results(submissions, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run("batch", str(submissions), "--out", str(local), "--jobs", "2", "--lang", "en")
    result = run("batch", str(submissions), "--out", str(dask), "--scheduler", "local:2",
                 "--lang", "en")
    assert result.returncode == 2, result.stderr
    one = {os.path.basename(r["file"]): r for r in _rows(local)}
    two = {os.path.basename(r["file"]): r for r in _rows(dask)}
    assert one.keys() == two.keys()
    for name in one:
        for key in ("verdict", "plot_ratio", "far_area_m2", "error_kind"):
            assert one[name].get(key) == two[name].get(key), (name, key)


def test_a_model_over_the_time_limit_is_stopped_and_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "tower_mixed_ifc4.ifc", folder / "tower.ifc")
    out = tmp_path / "out"
    # No worker can even start in 10 ms: the model is stopped and reported, not waited for.
    result = run("batch", str(folder), "--out", str(out), "--timeout", "0.01", "--lang", "en")
    assert result.returncode == 2
    (row,) = _rows(out)
    assert row["error_kind"] == "timeout" and "--timeout" in row["error"]


def test_no_model_in_the_inputs_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("batch", str(empty), "--out", str(tmp_path / "out"), "--lang", "en")
    assert result.returncode == 2 and "no model found" in result.stderr


def test_the_batch_workers_start_with_the_geometry_stack_imported():
    """Each model is checked in a fresh process forked from a server that imported the
    core once. The pipeline now imports the geometry stack only when it analyses (a
    re-check from the cache never needs it), so the server must name it, or every
    worker imports ifcopenshell, numpy and shapely again (issue 10: 156 models a minute
    instead of 202)."""
    import subprocess
    import sys

    from cimcheck.batch import PRELOADED

    code = ("import sys\n"
            f"for name in {list(PRELOADED)!r}: __import__(name)\n"
            "print(all(m in sys.modules for m in ('ifcopenshell.geom', 'numpy', 'shapely',"
            " 'cimcheck.facts.area', 'cimcheck.engine.evaluate')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "True", done.stderr
