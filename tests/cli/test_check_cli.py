"""``cimcheck check`` and ``cimcheck packs``: exit codes, project files, JSON keys."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.test_cli import SAMPLES, run


@pytest.fixture
def residential(tmp_path):
    path = tmp_path / "fc_residential_ifc4.ifc"
    shutil.copy(SAMPLES / "fc_residential_ifc4.ifc", path)
    return path


def test_check_passes_with_warnings_and_exit_0(residential):
    result = run("check", str(residential))
    assert result.returncode == 0, result.stderr
    assert "容积率" in result.stdout and "1.27" in result.stdout
    assert result.stdout.rstrip().endswith("结论: 提示")  # warnings only: please confirm


def test_the_exempt_area_is_shown_with_a_row_per_category(residential):
    """不计容面积 and under it 其中… per category (all six pilot exemptions of the sample),
    the rows adding up to it: 24.00 + 2.88 + 192.00 + 48.00 + 48.00 + 4.00 = 318.88."""
    lines = run("check", str(residential)).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("不计容面积"))
    assert lines[start].split()[-1] == "318.88"
    parts = {line.split()[0]: float(line.split()[1]) for line in lines[start + 1:start + 7]}
    assert parts == {"其中阳台": 24.0, "其中飘窗": 2.88, "其中架空空间": 192.0,
                     "其中防灾安全通道": 48.0, "其中公共开敞空间": 48.0, "其中空中花园": 4.0}
    assert not lines[start + 7].lstrip().startswith("其中") or "立体绿化" in lines[start + 7]


def test_check_json_keys(residential, tmp_path):
    out = tmp_path / "run.json"
    result = run("check", str(residential), "--pack", "hz-future-community-2019", "--json",
                 str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text())
    assert doc["pack"]["id"] == "hz-future-community-2019" and doc["pack"]["version"]
    assert set(doc["indicators"]) >= {
        "site_area_m2", "total_building_area_m2", "far_area_m2", "plot_ratio", "exempt_area_m2",
        "footprint_m2", "building_density", "green_area_m2", "green_credit_m2", "green_ratio",
        "households", "service_area_m2", "service_required_m2", "building_height_m"}
    assert set(doc["indicators"]["exempt_area_m2"]) >= {
        "balcony", "bay_window", "stilt", "disaster_passage", "public_open", "sky_garden"}
    assert doc["indicator_sources"]["site_area_m2"] == "Pset_SiteCommon.TotalArea"
    finding = doc["findings"][0]
    assert set(finding) == {"rule_id", "status", "measured", "required", "unit", "message",
                            "message_key", "clause", "global_ids", "indicator"}
    assert doc["indicators"]["plot_ratio"] == pytest.approx(1526.00 / 1200, abs=1e-4)
    # The areas document is all there too.
    assert doc["totals"]["building_area_m2"] == 1842.88


def test_project_file_beside_the_model_sets_limits_and_overrides(residential):
    project = residential.with_name(residential.name + ".cimcheck.yaml")
    project.write_text(
        "pack: zj-future-community-2019\n"
        "site_area_m2: 600\n"
        "limits: {max_plot_ratio: 2.0, min_green_ratio: 0.30}\n"
        "households: 400\n", encoding="utf-8")
    result = run("check", str(residential), "--json", "-", "--lang", "en")
    doc = json.loads(result.stdout)
    assert result.returncode == 1  # plot ratio 2.54 > 2.0 and service space fails
    assert doc["indicator_sources"]["site_area_m2"] == "project file"
    assert doc["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 600, abs=1e-4)
    statuses = {f["rule_id"]: f["status"] for f in doc["findings"]}
    assert statuses["PLAN-FAR-01"] == "FAIL"
    assert statuses["PLAN-GRN-01"] == "PASS"   # 352 / 600 = 0.587 ≥ 0.30
    assert statuses["ZJ-FC-05"] == "FAIL"      # 400 households → 320 m² required, 31.36 given


def test_command_line_site_area_wins(residential):
    result = run("check", str(residential), "--site-area", "3000", "--json", "-")
    doc = json.loads(result.stdout)
    assert doc["indicator_sources"]["site_area_m2"] == "command line"
    assert doc["indicators"]["plot_ratio"] == pytest.approx(1524.00 / 3000, abs=1e-4)


def test_missing_site_area_is_a_fail_finding_not_a_crash():
    result = run("check", str(SAMPLES / "tower_mixed_ifc4.ifc"), "--json", "-", "--lang", "en")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    site = next(f for f in doc["findings"] if f["rule_id"] == "PLAN-SITE-01")
    assert site["status"] == "FAIL" and "site_area_m2" in site["message"]
    assert doc["indicators"]["plot_ratio"] is None


def test_bad_project_file_is_bad_input(residential):
    project = residential.with_name(residential.name + ".cimcheck.yaml")
    project.write_text("site_area_m2: -5\n", encoding="utf-8")
    result = run("check", str(residential), "--lang", "en")
    assert result.returncode == 2
    assert "site_area_m2: must be greater than 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_pack_is_bad_input(residential):
    result = run("check", str(residential), "--pack", "mars-2030", "--lang", "en")
    assert result.returncode == 2 and "There is no rule pack 'mars-2030'" in result.stderr


def test_packs_lists_versions_and_sources():
    result = run("packs")
    assert result.returncode == 0
    for pack in ("cn-gbt50353-2013", "zj-future-community-2019", "hz-future-community-2019"):
        assert pack in result.stdout
    assert "浙政发〔2019〕8号" in result.stdout


def test_a_crashing_check_is_an_error_finding_and_exit_3(residential, monkeypatch, capsys):
    from cimcheck.cli import main
    from cimcheck.engine import checks

    kind = checks.get_check("exempt_ratio_warning")

    def broken(ctx, rule):
        raise ZeroDivisionError("simulated")

    monkeypatch.setitem(checks._REGISTRY, "exempt_ratio_warning",
                        checks.CheckKind(kind.name, kind.phase, kind.params, broken, "test"))
    assert main(["check", str(residential), "--json", "-", "--lang", "en"]) == 3
    doc = json.loads(capsys.readouterr().out)
    error = next(f for f in doc["findings"] if f["rule_id"] == "ZJ-FC-07")
    assert error["status"] == "ERROR" and "simulated" in error["message"]
    # The other checks still ran.
    assert any(f["rule_id"] == "PLAN-FAR-01" and f["status"] == "PASS" for f in doc["findings"])


def test_a_kind_that_judges_the_model_alone_cannot_read_the_projects_inputs(
        residential, monkeypatch, capsys):
    """A kind registered with ``reads_inputs=False`` is judged once for every project (its
    findings are cached with the model's verdict): one that read the site area would be
    silently stale under the next site area. Reading it is an ERROR finding that says so."""
    from cimcheck.cli import main
    from cimcheck.engine import checks

    kind = checks.get_check("exempt_ratio_warning")
    assert kind is not None and not kind.reads_inputs

    def reads_site(ctx, rule):
        ctx.add(rule, checks.Status.PASS, "finding.site_area",
                measured=ctx.inputs["site_area_m2"], unit="m²")

    monkeypatch.setitem(checks._REGISTRY, "exempt_ratio_warning",
                        checks.CheckKind(kind.name, kind.phase, kind.params, reads_site, "test",
                                         reads_inputs=False))
    assert main(["check", str(residential), "--json", "-", "--lang", "en", "--no-cache",
                 "--site-area", "1600"]) == 3
    doc = json.loads(capsys.readouterr().out)
    error = next(f for f in doc["findings"] if f["rule_id"] == "ZJ-FC-07")
    assert error["status"] == "ERROR" and "reads_inputs=False" in error["message"]


def test_reviewer_override_in_the_project_file_reclassifies_and_exempts(residential):
    doc = json.loads(run("areas", str(residential), "--json", "-").stdout)
    lobby = next(i for i in doc["items"] if i["category"] == "lobby_atrium")
    project = residential.with_name(residential.stem + ".cimcheck.yaml")
    project.write_text(
        "overrides:\n"
        f"  - {{global_id: '{lobby['global_ids'][0]}', category: disaster_passage,"
        " comment: 经审查为防灾安全通道}\n", encoding="utf-8")
    result = run("check", str(residential), "--json", "-", "--lang", "en")
    checked = json.loads(result.stdout)
    # The lobby (31.36 m²) joins the disaster passage (48.00 m²) and leaves the 计容 area.
    assert checked["indicators"]["exempt_area_m2"]["disaster_passage"] == pytest.approx(79.36)
    assert checked["indicators"]["far_area_m2"] == pytest.approx(1524.00 - 31.36, abs=0.01)
    item = next(i for i in checked["items"] if lobby["global_ids"][0] in i["global_ids"])
    assert item["source"] == "override" and not item["inferred"]


def test_diagrams_command_writes_three_formats_per_storey(tmp_path):
    out = tmp_path / "diagrams"
    result = run("diagrams", str(SAMPLES / "tower_mixed_ifc4.ifc"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.png"))) == 7 and len(list(out.glob("*.pdf"))) == 7


def test_check_writes_the_workbook(residential, tmp_path):
    import openpyxl

    target = tmp_path / "report.xlsx"
    result = run("check", str(residential), "--xlsx", str(target))
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(target).sheetnames[1] == "经济技术指标"


@pytest.mark.corpus
def test_diagrams_of_a_balcony_only_model_draw_the_items_without_an_outline(tmp_path):
    # Schependomlaan prefab balconies (ArchiCAD 18): storeys with balcony slabs and no
    # enclosure. Their diagrams draw the balconies (½ of 5.96 and of 6.57 m²); this exited
    # with an internal error before.
    from tests.conftest import corpus_file

    out = tmp_path / "diagrams"
    result = run("diagrams", str(corpus_file("schep_root_prefab_balkons_ac18.ifc")),
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.png"))) == 2     # the two storeys with balconies


def _walled_room(path, authored_gross_m2):
    """1F: walls around 10 x 8, one room 9.6 x 7.6, an authored storey GrossFloorArea."""
    from tests.builders import ModelBuilder

    b = ModelBuilder("IFC4")
    storey = b.storey("1F", 0.0)
    b.slab(storey, [(0, 0), (10, 0), (10, 8), (0, 8)], 0.0)
    b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 0.0, 2.8)
    b.space(storey, [(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)], 0.0, 2.6,
            name="101", long_name="客厅", predefined_type="INTERNAL")
    b.quantities(storey, "BaseQuantities", {"GrossFloorArea": ("area", authored_gross_m2)})
    b.write(path)
    return path


def test_areas_json_carries_the_storey_plausibility_line(tmp_path):
    # Hand computation: outline 10 x 8 = 80.00; room 9.6 x 7.6 = 72.96; 80 / 72.96 = 1.0965
    # (within 1.00-1.35); authored 100.00: 80 / 100 = 0.80, more than 5 % off -> a cause.
    model = _walled_room(tmp_path / "m.ifc", 100.0)
    doc = json.loads(run("areas", str(model), "--json", "-", "--lang", "en").stdout)
    checks = doc["storeys"][0]["checks"]
    assert checks["gross_m2"] == pytest.approx(80.00, abs=0.01)
    assert checks["rooms_m2"] == pytest.approx(72.96, abs=0.01)
    assert checks["rooms_ratio"] == pytest.approx(1.097, abs=0.001)
    assert checks["authored_gross_m2"] == pytest.approx(100.00, abs=0.01)
    assert checks["authored_ratio"] == pytest.approx(0.80, abs=0.001)
    assert checks["plausible"] is False
    assert [c["key"] for c in checks["causes"]] == ["plaus.cause.authored_gross"]
    table = run("areas", str(model)).stdout
    assert "房间合计" in table and "×1.10" in table and "见警告" in table


def test_an_implausible_storey_is_a_warning_finding_and_a_plausible_one_is_not(tmp_path):
    bad = json.loads(run("check", str(_walled_room(tmp_path / "bad.ifc", 100.0)), "--json", "-",
                         "--site-area", "1000").stdout)
    good = json.loads(run("check", str(_walled_room(tmp_path / "good.ifc", 80.0)), "--json",
                          "-", "--site-area", "1000").stdout)
    area_rule = [f for f in bad["findings"] if f["rule_id"] == "GB-AREA-01"]
    assert len(area_rule) == 1 and area_rule[0]["status"] == "WARN"
    assert "1F" in area_rule[0]["message"]
    assert not [f for f in good["findings"] if f["rule_id"] == "GB-AREA-01"]


def test_every_finding_and_label_speaks_the_language_asked_for(residential):
    """``--lang`` reaches every word: findings, statuses, indicators, the verdict.

    The second run of the same model is answered from the result cache: the language is
    part of what is cached, so it must not come back in the first run's language.
    """
    import re

    cjk = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
    quoted = re.compile(r"'[^']*'|“[^”]*”|‘[^’]*’")  # the model's own names
    for lang in ("en", "zh", "en"):
        result = run("check", str(residential), "--lang", lang)
        assert result.returncode == 0, result.stderr
        lines = [quoted.sub("", line) for line in result.stdout.splitlines()]
        # The findings: "  [STATUS] RULE-ID sentence" lines.
        findings = [line for line in lines if re.match(r"\s+\[[^\]]+\] [A-Z]+-", line)]
        assert len(findings) >= 5
        if lang == "en":
            # The file, the pack title and the buildings' names are the model's own words.
            words = [line for line in lines if cjk.search(line) and not line.startswith(
                ("Model:", "Rule pack:", "  Height of each building"))]
            assert words == []
        else:
            assert all(cjk.search(line) for line in findings), findings
            assert "容积率" in result.stdout and "结论" in result.stdout


def test_a_plot_ratio_just_over_the_cap_fails_and_says_by_how_many_square_metres(residential):
    """Compare unrounded: 2.5016 is over a cap of 2.50, although both print as 2.50.

    Hand computation: the sample's 计容 area is 1524.00 m² (zj pack) and its model gives a
    cap of 2.5. With a site of 609.2 m² the plot ratio is 1524.00 / 609.2 = 2.50164 and
    the cap allows 2.5 × 609.2 = 1523.00 m²: 1.00 m² over.
    """
    result = run("check", str(residential), "--site-area", "609.2", "--json", "-",
                 "--lang", "en")
    doc = json.loads(result.stdout)
    far = next(f for f in doc["findings"] if f["indicator"] == "plot_ratio")
    assert far["status"] == "FAIL", far
    assert "1.00 m² over the limit" in far["message"] and "2.502 > 2.500" in far["message"]
    zh = run("check", str(residential), "--site-area", "609.2", "--lang", "zh")
    assert "超出 1.00 m²" in zh.stdout
    # And within: a site of 610 m² allows 1525.00 m², 1.00 m² to spare.
    doc = json.loads(run("check", str(residential), "--site-area", "610", "--json", "-",
                         "--lang", "en").stdout)
    far = next(f for f in doc["findings"] if f["indicator"] == "plot_ratio")
    assert far["status"] == "PASS" and "1.00 m² within the limit" in far["message"]


def _estate(path, buildings, rooms):
    """``buildings`` one-storey blocks of ``rooms`` rooms named 住宅 (dwellings decided by
    name alone: each one an item to confirm); block k is 3 + k/10 m tall."""
    from tests.builders import ModelBuilder

    b = ModelBuilder("IFC4", seed="estate")
    for k in range(buildings):
        if k:
            b.add_building(f"B{k + 1}")
        x0 = 20.0 * k
        storey = b.storey(f"B{k + 1}-1F", 0.0)
        height = 3.0 + k / 10
        b.slab(storey, [(x0, 0), (x0 + 10, 0), (x0 + 10, 8), (x0, 8)], 0.0)
        b.walls_around(storey, (x0, 0.0, x0 + 10.0, 8.0), 0.0, height)
        width = 9.6 / rooms
        for r in range(rooms):
            left = x0 + 0.2 + r * width
            b.space(storey, [(left, 0.2), (left + width, 0.2), (left + width, 7.8),
                             (left, 7.8)], 0.0, height, name="住宅", long_name="住宅")
    b.write(path)
    return path


def test_a_large_site_reports_in_a_readable_terminal(tmp_path):
    """Many buildings and many findings of one rule (a 100-tower community: 100 heights in
    one cell made every row of the indicators 1,400 characters wide, and 13,300 "please
    confirm" lines were printed one by one). The report shows the tallest buildings and
    ten findings of a rule with how many more there are; --json keeps every one."""
    model = _estate(tmp_path / "estate.ifc", buildings=6, rooms=5)    # 30 items to confirm
    result = run("check", str(model), "--json", str(tmp_path / "all.json"), "--lang", "en")
    assert result.returncode in (0, 1), result.stderr
    document = json.loads((tmp_path / "all.json").read_text("utf-8"))
    confirm = [f for f in document["findings"] if f["rule_id"] == "GB-CONF-01"]
    assert len(confirm) == 30 and len(document["indicators"]["building_heights_m"]) == 6
    lines = result.stdout.splitlines()
    printed = [line for line in lines if " GB-CONF-01 " in line]
    assert len(printed) == 11 and printed[-1].endswith(
        "GB-CONF-01 … and 20 more of this rule (all of them: --json or --xlsx)")
    assert f"Findings ({len(document['findings'])}):" in lines
    (heights,) = [line for line in lines if "Height of each building" in line]
    # Six entries of 7 columns ("B6 3.50") and ", " between: 52 > 48 (CELL_WIDTH). The
    # tallest first with ", … (6 in all)" (14): four fit (28 + 6 + 14 = 48), five do not.
    assert heights.split("(m)", 1)[1].strip() == (
        "B6 3.50, B5 3.40, B4 3.30, B3 3.20, … (6 in all)")
    # The widest row: the indicator's name, that cell, and the households' source.
    assert max(len(line) for line in lines[:lines.index(heights) + 1]) < 120
    # Where each input came from, in words (the codes "model (dwelling spaces)", "missing"
    # were printed as they are, in Chinese too).
    (households,) = [line for line in lines if line.lstrip().startswith("Households")]
    assert households.rstrip().endswith("model: dwelling spaces counted")
    # ``areas`` lists the items to confirm the same way.
    listed = run("areas", str(model), "--lang", "en").stdout.splitlines()
    start = listed.index("Please confirm (decided by name or geometry only) (30):")
    assert listed[start + 11] == "  … and 20 more (all of them: --json)"
    chinese = run("check", str(model), "--site-area", "2000").stdout.splitlines()
    (households,) = [line for line in chinese if line.lstrip().startswith("户数")]
    (site,) = [line for line in chinese if line.lstrip().startswith("用地面积")]
    assert households.rstrip().endswith("模型：住宅空间计数") and site.rstrip().endswith("命令行")


def test_households_counted_from_zones_say_so_in_words(tmp_path):
    """The renewal sample groups its dwellings in IfcZones: the source was printed as the
    code "model (IfcZone)", in the Chinese report too."""
    model = tmp_path / "renewal.ifc"
    shutil.copy(SAMPLES / "renewal_recessed_ifc2x3_mm.ifc", model)
    for lang, words in (("zh", "模型：住宅分区（IfcZone）"),
                        ("en", "model: dwelling zones (IfcZone)")):
        lines = run("check", str(model), "--lang", lang).stdout.splitlines()
        (households,) = [line for line in lines
                         if line.lstrip().startswith(("户数", "Households"))]
        assert households.rstrip().endswith(f"  {words}")
