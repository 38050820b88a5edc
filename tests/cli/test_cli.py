"""The command line, run as a user runs it: a real process, exit codes, stdout and stderr."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corpus_file


def run(*args: str, lang: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ)
    environment.pop("CIMCHECK_LANG", None)
    if lang:
        environment["CIMCHECK_LANG"] = lang
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "cimcheck", *args], capture_output=True,
                          text=True, env=environment, timeout=300)


def test_version():
    from cimcheck import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cimcheck {__version__}"


def test_info_prints_storeys_in_chinese_by_default(house_path):
    result = run("info", str(house_path))
    assert result.returncode == 0, result.stderr
    assert "楼层" in result.stdout and "层高来源" in result.stdout
    assert "1F" in result.stdout and "2F" in result.stdout
    assert "几何实测" in result.stdout  # top storey height measured from geometry


def test_info_in_english(house_path):
    result = run("info", str(house_path), "--lang", "en")
    assert result.returncode == 0
    assert "Storeys" in result.stdout and "measured from geometry" in result.stdout


def test_info_json_keys_are_stable(house_path, tmp_path):
    out = tmp_path / "info.json"
    result = run("info", str(house_path), "--json", str(out))
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text())
    assert set(doc["model"]) >= {"file", "sha256", "schema", "application"}
    assert set(doc["units"]) >= {"length_to_m", "area_to_m2"}
    assert [s["name"] for s in doc["storeys"]] == ["1F", "2F"]
    for storey in doc["storeys"]:
        assert set(storey) >= {"name", "global_id", "elevation_m", "height_m", "height_source"}
    assert doc["storeys"][0]["height_m"] == pytest.approx(3.0)
    assert doc["storeys"][1]["height_source"] == "geometry"
    assert doc["counts"]["IfcSlab"] == 2
    assert isinstance(doc["diagnostics"], list)
    assert not list(tmp_path.glob(".info.json.*"))  # no temporary file left behind


def test_info_json_to_stdout(house_path):
    result = run("info", str(house_path), "--json", "-")
    assert result.returncode == 0
    assert json.loads(result.stdout)["model"]["file"] == house_path.name


def test_corpus_model_with_feet(tmp_path):
    result = run("info", str(corpus_file("lake_kegonsa_revit2014_feet.ifc")), "--json", "-")
    doc = json.loads(result.stdout)
    assert doc["units"]["length_to_m"] == pytest.approx(0.3048)
    assert doc["units"]["area_to_m2"] == pytest.approx(0.09290304)
    assert len(doc["storeys"]) == 5


@pytest.mark.parametrize("content,fragment_zh,fragment_en", [
    (b"", "是空文件", "is empty"),
    (b"hello", "不是 IFC 文件", "is not an IFC file"),
    (b"ISO-10303-21;\nHEADER;\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n#1=IFCWALL(", "不完整",
     "incomplete"),
])
def test_bad_input_exits_2_with_one_clear_line(tmp_path, content, fragment_zh, fragment_en):
    path = tmp_path / "bad.ifc"
    path.write_bytes(content)
    zh = run("info", str(path))
    assert zh.returncode == 2
    assert fragment_zh in zh.stderr
    assert "Traceback" not in zh.stderr
    assert len(zh.stderr.strip().splitlines()) == 1
    en = run("info", str(path), "--lang", "en")
    assert en.returncode == 2 and fragment_en in en.stderr and "Traceback" not in en.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = run("info", str(tmp_path / "missing.ifc"), "--debug")
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_missing_file(tmp_path):
    result = run("info", str(tmp_path / "missing.ifc"), "--lang", "en")
    assert result.returncode == 2
    assert "File not found" in result.stderr


def test_unwritable_json_target_is_bad_input(house_path, tmp_path):
    result = run("info", str(house_path), "--json", str(tmp_path / "no" / "such" / "dir.json"),
                 "--lang", "en")
    assert result.returncode == 2
    assert "Could not write" in result.stderr and "Traceback" not in result.stderr


def test_internal_error_exits_3(house_path, monkeypatch, capsys):
    import cimcheck.pipeline
    from cimcheck.cli import main

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(cimcheck.pipeline, "analyse", broken)
    assert main(["info", str(house_path), "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert "Internal error" in err and "--debug" in err and "Traceback" not in err


def test_no_command_prints_help():
    result = run()
    assert result.returncode == 2
    assert "info" in result.stdout


def test_input_file_is_untouched(house_path):
    before = house_path.read_bytes()
    mtime = house_path.stat().st_mtime_ns
    run("info", str(house_path))
    assert house_path.read_bytes() == before
    assert Path(house_path).stat().st_mtime_ns == mtime


SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"


def test_areas_table_in_chinese():
    result = run("areas", str(SAMPLES / "tower_mixed_ifc4.ifc"))
    assert result.returncode == 0, result.stderr
    assert "坡屋顶空间" in result.stdout and "设备层" in result.stdout
    assert "1574.40" in result.stdout  # total building area, hand-computed in the README


def test_areas_json_keys_are_stable(tmp_path):
    out = tmp_path / "areas.json"
    result = run("areas", str(SAMPLES / "fc_residential_ifc4.ifc"), "--json", str(out))
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text())
    assert set(doc) >= {"model", "storeys", "items", "totals", "diagnostics"}
    assert set(doc["model"]) >= {"file", "sha256", "schema", "application"}
    storey = doc["storeys"][1]
    assert set(storey) >= {"name", "elevation_m", "height_m", "building_area_m2", "items"}
    item = doc["items"][0]
    assert set(item) >= {"id", "global_ids", "storey", "category", "area_m2",
                         "area_coefficient", "building_area_m2", "clause", "evidence",
                         "inferred"}
    assert set(doc["totals"]) >= {"building_area_m2", "footprint_m2", "households",
                                  "service_area_m2", "green_ground_m2", "green_roof_m2"}
    assert doc["totals"]["building_area_m2"] == 1842.88
    ids = {i["id"] for i in doc["items"]}
    assert all(set(s["items"]) <= ids for s in doc["storeys"])
    categories = {i["category"] for i in doc["items"]}
    assert {"balcony", "stilt", "disaster_passage", "public_open", "sky_garden", "bay_window",
            "roof_structure", "community_service", "dwelling", "green"} <= categories


def test_areas_evidence_in_english():
    result = run("areas", str(SAMPLES / "renewal_recessed_ifc2x3_mm.ifc"), "--json", "-",
                 "--lang", "en")
    doc = json.loads(result.stdout)
    balcony = next(i for i in doc["items"] if i["category"] == "balcony" and i["inferred"])
    assert any("recessed" in e for e in balcony["evidence"])


def test_an_internal_error_leaves_its_traceback_in_a_log_file(house_path, monkeypatch, capsys):
    import re

    import cimcheck.pipeline
    from cimcheck.cli import main

    def broken(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(cimcheck.pipeline, "analyse", broken)
    assert main(["info", str(house_path), "--lang", "en", "--no-cache"]) == 3
    err = capsys.readouterr().err
    log = Path(re.search(r"Details are in (\S+\.log)", err).group(1))
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError: simulated bug" in text
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("bcf", [False, True])
def test_a_checks_document_is_built_after_the_model_is_let_go(house_path, tmp_path,
                                                             monkeypatch, bcf):
    """Issue 10: the peak memory of a large model's check was its document built on top of
    the parsed file and the meshes, which the document does not need: they are let go
    first (50 towers: 455 MB, 8.6 times the file, then 422 MB). A BCF export draws the
    meshes into its snapshots: there they stay, and the issues are written."""
    import cimcheck.present.areas
    from cimcheck.cli import main

    real = cimcheck.present.areas.areas_dict
    seen = []

    def watched(analysis, *args, **kwargs):
        seen.append((len(analysis.meshes), analysis.model.file))
        return real(analysis, *args, **kwargs)

    # (a sample's few items are described in this process, not in a forked child)
    monkeypatch.setattr(cimcheck.present.areas, "areas_dict", watched)
    extra = ["--bcf", str(tmp_path / "issues.bcf")] if bcf else []
    out = io.StringIO()
    assert main(["check", str(house_path), "--json", "-", "--no-cache", *extra],
                out=out) in (0, 1)
    (meshes, file), = seen
    assert json.loads(out.getvalue())["storeys"]
    if bcf:
        assert meshes > 0 and file.by_type("IfcProject")
        assert (tmp_path / "issues.bcf").stat().st_size > 0
    else:
        assert meshes == 0
        with pytest.raises(RuntimeError, match="not loaded"):
            file.by_type("IfcProject")


def test_a_command_tunes_the_cycle_collector_and_puts_it_back(house_path, monkeypatch):
    """Issue 10: full collections over a large model's data took 1.3 s of a cold check.
    A command runs with ``GC_THRESHOLDS`` and leaves the interpreter's own settings as it
    found them (the desktop app and tests call ``main`` in their process)."""
    import gc

    from cimcheck import cli

    seen = []
    real = cli.COMMANDS["info"]
    monkeypatch.setitem(cli.COMMANDS, "info",
                        lambda args, out: seen.append(gc.get_threshold()) or real(args, out))
    before = gc.get_threshold()
    assert cli.main(["info", str(house_path), "--no-cache"], out=io.StringIO()) == 0
    assert seen == [cli.GC_THRESHOLDS] != [before]
    assert gc.get_threshold() == before
