"""BCF 2.1 and 3.0: valid against buildingSMART's XSDs, read back by bcf-client, stable."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from PIL import Image

from cimcheck.pipeline import analyse, check
from cimcheck.present.bcf import topic_guid, write_bcf
from tests.conftest import REPO

xmlschema = pytest.importorskip("xmlschema")
bcf = pytest.importorskip("bcf")

SAMPLES = REPO / "sample_models"
STANDARDS = REPO.parent / "shared" / "standards" / "bcf"
SCHEMAS = {
    "2.1": {"markup.bcf": "markup.xsd", ".bcfv": "visinfo.xsd", "project.bcfp": "project.xsd",
            "bcf.version": "version.xsd"},
    "3.0": {"markup.bcf": "markup.xsd", ".bcfv": "visinfo.xsd", "project.bcfp": "project.xsd",
            "bcf.version": "version.xsd", "extensions.xml": "extensions.xsd",
            "documents.xml": "documents.xsd"},
}


def validate_bcf(path, version):
    """Validate every XML file of a BCF archive against buildingSMART's XSD for its kind.

    Returns the archive's names and how many files were validated.
    """
    schemas = {name: xmlschema.XMLSchema(str(STANDARDS / version / xsd))
               for name, xsd in SCHEMAS[version].items()}
    archive = zipfile.ZipFile(path)
    names = archive.namelist()
    validated = 0
    for name in names:
        schema = next((s for suffix, s in schemas.items() if name.endswith(suffix)), None)
        if schema is None:
            continue
        errors = list(schema.iter_errors(archive.read(name).decode("utf-8")))
        assert errors == [], (name, errors[:2])
        validated += 1
    return names, validated


@pytest.fixture(scope="module")
def residential():
    analysis = analyse(SAMPLES / "fc_residential_ifc4.ifc")
    return analysis, check(analysis, "zj-future-community-2019")


@pytest.fixture(scope="module")
def failing():
    """The tower: no site area, so PLAN-SITE-01 fails (a finding about the whole model)."""
    analysis = analyse(SAMPLES / "tower_mixed_ifc4.ifc")
    return analysis, check(analysis, "zj-future-community-2019")


@pytest.mark.parametrize("version", ["2.1", "3.0"])
@pytest.mark.parametrize("model", ["residential", "failing"])
def test_every_file_validates_against_the_official_schema(model, version, request, tmp_path):
    analysis, run = request.getfixturevalue(model)
    path = write_bcf(run, tmp_path / "issues.bcf", analysis=analysis, version=version)
    names, validated = validate_bcf(path, version)
    expected = {"bcf.version", "project.bcfp"} | (
        {"extensions.xml", "documents.xml"} if version == "3.0" else set())
    assert expected <= set(names)
    topics = [n for n in names if n.endswith("/markup.bcf")]
    wanted = [f for f in run.findings if str(f.status) in ("FAIL", "WARN")]
    assert len(topics) == len(wanted) > 0
    assert validated == len(expected) + 2 * len(topics)
    # BIMcollab reads the first viewpoint only under these names.
    for topic in topics:
        folder = topic.rsplit("/", 1)[0]
        assert f"{folder}/viewpoint.bcfv" in names and f"{folder}/snapshot.png" in names


@pytest.mark.parametrize("version", ["2.1", "3.0"])
def test_bcf_client_reads_back_what_was_written(residential, version, tmp_path):
    analysis, run = residential
    path = write_bcf(run, tmp_path / "issues.bcf", analysis=analysis, version=version)
    module = bcf.v2.bcfxml if version == "2.1" else bcf.v3.bcfxml
    book = module.BcfXml.load(path)
    sha = run.model["sha256"]
    written = {topic_guid(sha, f.rule_id, f.global_ids): f for f in run.findings
               if str(f.status) in ("FAIL", "WARN")}
    assert set(book.topics) == set(written)
    for guid, handler in book.topics.items():
        finding = written[guid]
        assert handler.topic.title.startswith(finding.rule_id)
        (viewpoint,) = handler.viewpoints.values()
        components = viewpoint.visualization_info.components
        selected = [c.ifc_guid for c in components.selection.component] \
            if components.selection else []
        assert selected == list(finding.global_ids)
        image = np.asarray(Image.open(io.BytesIO(viewpoint.snapshot)).convert("RGB")).astype(int)
        r, g, b = image[..., 0], image[..., 1], image[..., 2]
        magenta = int(((r > 200) & (b > 200) & (g < 80)).sum())
        assert magenta > 0 if finding.global_ids else True, guid


def test_topic_guids_are_stable_so_a_second_export_updates_topics(residential, tmp_path):
    analysis, run = residential
    first = write_bcf(run, tmp_path / "a.bcf", analysis=analysis)
    again = check(analysis, "zj-future-community-2019")
    second = write_bcf(again, tmp_path / "b.bcf", analysis=analysis)
    folders = [{n.split("/")[0] for n in zipfile.ZipFile(p).namelist() if "/" in n}
               for p in (first, second)]
    assert folders[0] == folders[1]


def test_a_finding_about_the_whole_model_has_no_components(failing, tmp_path):
    analysis, run = failing
    path = write_bcf(run, tmp_path / "i.bcf", analysis=analysis, statuses=["FAIL"])
    book = bcf.v2.bcfxml.BcfXml.load(path)
    site = next(h for h in book.topics.values() if h.topic.title.startswith("PLAN-SITE-01"))
    (viewpoint,) = site.viewpoints.values()
    assert viewpoint.visualization_info.components.selection is None
    assert site.topic.topic_type == "Error" and site.topic.topic_status == "Open"


def test_check_writes_bcf_from_the_command_line(tmp_path):
    from tests.cli.test_cli import run

    target = tmp_path / "issues.bcf"
    result = run("check", str(SAMPLES / "tower_mixed_ifc4.ifc"), "--bcf", str(target),
                 "--bcf-version", "3.0", "--bcf-status", "FAIL", "--lang", "en")
    assert result.returncode == 1, result.stderr          # FAIL findings: exit 1
    book = bcf.v3.bcfxml.BcfXml.load(target)
    assert book.topics and all(h.topic.topic_type == "Error" for h in book.topics.values())


def test_bcf_summary_says_which_topics_are_still_found(tmp_path):
    """A returned BCF read on the command line, against the model checked again."""
    from tests.cli.test_cli import run

    model = SAMPLES / "tower_mixed_ifc4.ifc"
    target = tmp_path / "issues.bcf"
    run("check", str(model), "--bcf", str(target), "--lang", "en")
    result = run("bcf-summary", str(target), "--model", str(model), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "(still found)" in result.stdout and "[Open]" in result.stdout
    bad = run("bcf-summary", str(model), "--lang", "en")
    assert bad.returncode == 2 and "is not a BCF file" in bad.stderr


def test_the_newest_comment_is_the_latest_instant_whatever_the_offset() -> None:
    """BIMcollab and Revit date comments in local time (+08:00), bcf-client in UTC (Z):
    10:00+08:00 is 02:00Z, older than 09:00Z, though its text sorts after it."""
    from cimcheck.present.bcf import Topic

    topic = Topic("g", "t", "Open", (), (), (
        ("2026-12-02T09:00:00Z", "a", "exported"),
        ("2026-12-02T10:00:00+08:00", "b", "local morning"),
        ("2026-12-02T18:30:00+08:00", "c", "reviewer, later"),
        ("not a date", "d", "unreadable"),
    ))
    assert topic.last_comment == "reviewer, later"
    assert Topic("g", "t", "Open", (), (), topic.comments[:2]).last_comment == "exported"
    assert Topic("g", "t", "Open", (), (), ()).last_comment == ""
