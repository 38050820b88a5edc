"""The compliance workbook: read back with openpyxl, recalculated by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from cimcheck.errors import ExportError
from cimcheck.pipeline import analyse, check
from cimcheck.present.diagrams import write_diagrams
from cimcheck.present.excel import SHEETS, write_workbook
from cimcheck.present.excel.names import NAMES
from tests.builders import ModelBuilder
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"


@pytest.fixture(scope="module")
def residential_run():
    analysis = analyse(SAMPLES / "fc_residential_ifc4.ifc")
    run = check(analysis, "hz-future-community-2019")
    return run.table, run


@pytest.fixture(scope="module")
def workbook(residential_run, tmp_path_factory):
    table, run = residential_run
    folder = tmp_path_factory.mktemp("wb")
    diagrams = write_diagrams(table.storeys, folder / "diagrams", run=run, formats=("png",))
    return write_workbook(run, folder / "check.xlsx", diagrams=diagrams), run


def _recalculate(path, out_dir):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is needed to recalculate the workbook: ./dev test installs "
                    "libreoffice-calc-nogui")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{out_dir}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir),
                    str(path)], check=True, capture_output=True, timeout=180)
    return openpyxl.load_workbook(out_dir / path.name, data_only=True)


def _with_preflight(names, lang):
    """The sheet names with the IDS pre-flight's two sheets before the diagrams (the pack
    runs the pre-flight)."""
    extra = {"zh": ["数据预检", "预检不符合项"], "en": ["Data pre-flight", "Pre-flight failures"]}
    return names[:-1] + extra[lang] + names[-1:]


def test_sheets_in_chinese_by_default(workbook):
    path, _ = workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == _with_preflight([zh for _, zh in SHEETS.values()], "zh")


def test_english_sheet_names(residential_run, tmp_path):
    _, run = residential_run
    book = openpyxl.load_workbook(write_workbook(run, tmp_path / "en.xlsx", lang="en"))
    assert book.sheetnames == _with_preflight([en for en, _ in SHEETS.values()], "en")


def _cell(book, names, name):
    """The cell a defined name points at (in ``book``, a workbook loaded from the file)."""
    sheet, ref = names[name].attr_text.split("!")
    return book[sheet.strip("'").replace("''", "'")][ref.replace("$", "")]


def test_derived_figures_are_live_formulas(workbook):
    path, _ = workbook
    book = openpyxl.load_workbook(path)
    names = book.defined_names
    assert set(NAMES) == set(names)                      # the documented table, complete
    plot_ratio = _cell(book, names, "PlotRatio")
    assert plot_ratio.data_type == "f" and "FarArea/SiteArea" in plot_ratio.value
    site = _cell(book, names, "SiteArea")
    assert site.data_type == "n" and site.value == 1200  # an input stays a value
    assert _cell(book, names, "FarArea").value == "=SUM(ItemFarArea)"
    storeys = book["分层面积"]
    assert storeys["F3"].value == "=SUMIF(ItemStorey,$A3,ItemBuildingArea)"
    assert storeys["H2"].value == "=SUMIF(ItemStorey,$A2,ItemExempt)"
    items = book["面积计算书"]
    row = next(r for r in range(2, items.max_row + 1) if items[f"B{r}"].value == "S02-01")
    # A height-rule coefficient follows the storey's height and the FullHeight parameter.
    assert "StoreyHeights" in items[f"H{row}"].value and "FullHeight" in items[f"H{row}"].value
    assert items[f"I{row}"].value == f"=G{row}*H{row}"
    assert items[f"F{row}"].value == "11.60×14.70"        # 14.7 × 11.6 m (sample README)
    assert book["不计容明细"]["E2"].value.startswith("='面积计算书'!I")
    assert book["经济技术指标"].freeze_panes == "A2"
    for ws in book.worksheets:
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title   # never shrunk
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert "面积计算书" in ws.oddHeader.center.text or ws.title in ws.oddHeader.center.text
        for row_cells in ws.iter_rows():
            for cell in row_cells:
                if cell.value is not None:
                    assert cell.font.sz >= 9, (ws.title, cell.coordinate)
    assert len(book["面积简图"]._images) == 6      # one diagram per storey
    assert len(book["面积简图"].row_breaks.brk) == 5   # ... one per page


def test_libreoffice_recalculation_equals_the_checkrun(workbook, tmp_path):
    """Every defined name that is an engine indicator equals it after recalculation."""
    path, run = workbook
    book = _recalculate(path, tmp_path)
    names = openpyxl.load_workbook(path).defined_names
    ind = run.indicators
    compared = 0
    for name, spec in NAMES.items():
        if spec.indicator is None:
            continue
        expected = ind[spec.indicator]
        if spec.key is not None:
            expected = expected[spec.key]
        assert _cell(book, names, name).value == pytest.approx(expected, abs=0.005), name
        compared += 1
    assert compared >= 15
    assert _cell(book, names, "Reconciliation").value == 0
    results = [row[5] for row in book["经济技术指标"].iter_rows(min_row=2, values_only=True)
               if row[5]]
    assert "通过" in results and "一致" in results
    assert _cell(book, names, "Result").value == "提示"   # run.worst: WARN (please confirm)
    # The storey plausibility line (分层面积 K-O), 2F: gross 30 x 12 = 360.00 m², rooms two
    # dwellings 2 x 14.7 x 11.6 = 341.04 m², ratio 360 / 341.04 = 1.0556 (sample_models/README).
    storeys = book["分层面积"]
    assert storeys["B3"].value == "2F"
    assert storeys["F3"].value == pytest.approx(366.72, abs=0.01)   # README: 2F 366.72
    assert storeys["K3"].value == pytest.approx(360.00, abs=0.01)
    assert storeys["L3"].value == pytest.approx(341.04, abs=0.01)
    assert storeys["M3"].value == pytest.approx(1.0556, abs=0.0001)
    assert storeys["O3"].value == "正常"
    # 坐标表: the shoelace areas of an item's rings add up to its measured area (2F's rest
    # of the floor, 18.96 m², is a ring with two holes, the dwellings).
    rings: dict[str, float] = {}
    for row in book["坐标表"].iter_rows(min_row=2, values_only=True):
        if row[6] is not None:
            rings[row[0]] = rings.get(row[0], 0.0) + row[6]
    items = {i.id: i.area_m2 for i in run.table.items}
    assert "S02-03" in rings and rings["S02-03"] == pytest.approx(18.96, abs=0.01)
    for item_id, area in rings.items():
        assert area == pytest.approx(items[item_id], abs=0.01), item_id


def _edit_and_recalculate(path, tmp_path, edits):
    """Change cells as an officer would (sheet, cell, value), save, recalculate."""
    book = openpyxl.load_workbook(path)
    for sheet, ref, value in edits:
        book[sheet][ref] = value
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    out = tmp_path / "recalculated"
    out.mkdir()
    return _recalculate(edited, out), book.defined_names


def test_an_edited_site_area_reaches_every_verdict(workbook, tmp_path):
    """Site area 1200 → 600 m²: 1526.00 / 600 = 2.5433 > 2.5, over by 1526 − 1500 = 26.00."""
    path, _ = workbook
    names = openpyxl.load_workbook(path).defined_names
    sheet, ref = names["SiteArea"].attr_text.split("!")
    book, names = _edit_and_recalculate(path, tmp_path, [(sheet.strip("'"), ref.replace("$", ""),
                                                          600)])
    assert _cell(book, names, "PlotRatio").value == pytest.approx(2.54333, abs=1e-5)
    assert _cell(book, names, "PlotRatioResult").value == "不通过"
    far_row = _cell(book, names, "PlotRatio").row
    assert book["经济技术指标"][f"G{far_row}"].value == "超出 26.00 m²"
    findings = {row[0]: row[1] for row in book["检查结果"].iter_rows(min_row=2, values_only=True)}
    assert findings["PLAN-FAR-01"] == "不通过"
    assert _cell(book, names, "Result").value == "不通过"
    cover = [row for row in book["封面"].iter_rows(values_only=True)
             if str(row[0]).startswith("用地面积")]
    assert cover and cover[0][1] == 600


def test_an_edited_storey_height_and_item_area_reach_the_plot_ratio(workbook, tmp_path):
    """Hand computation from sample_models/README.md (hz pack, 计容 1526.00 m²).

    2F (row 3 of 分层面积) set to 2.10 m, under the 2.20 m of GB/T 50353-2013 3.0.1: its two
    dwellings (170.52 each) and the rest of the floor (18.96), 360.00 m² counted in full,
    count at half: −180.00 m², so 总建筑面积 1842.88 → 1662.88 and 计容 1526.00 → 1346.00.
    Then 3F's first dwelling measured 10 m² larger (170.52 → 180.52): +10.00 on both.
    """
    path, _ = workbook
    items = openpyxl.load_workbook(path)["面积计算书"]
    row = next(r for r in range(2, items.max_row + 1) if items[f"B{r}"].value == "S03-01")
    book, names = _edit_and_recalculate(path, tmp_path, [("分层面积", "D3", 2.1),
                                                         ("面积计算书", f"G{row}", 180.52)])
    assert book["分层面积"]["F3"].value == pytest.approx(186.72, abs=0.01)   # 366.72 − 180
    assert _cell(book, names, "TotalBuildingArea").value == pytest.approx(1672.88, abs=0.01)
    assert _cell(book, names, "FarArea").value == pytest.approx(1356.00, abs=0.01)
    assert _cell(book, names, "PlotRatio").value == pytest.approx(1356.00 / 1200, abs=1e-6)
    assert _cell(book, names, "Reconciliation").value == 0


@pytest.mark.parametrize("pack", ["cn-gbt50353-2013", "zj-future-community-2019",
                                  "hz-future-community-2019"])
def test_every_sample_under_every_pack_recalculates_without_an_error(pack, tmp_path):
    """No Err:5xx, #REF!, #NAME?, #VALUE! anywhere; the 计容 chain reconciles."""
    paths = []
    for sample in sorted(SAMPLES.glob("*.ifc")):
        run = check(analyse(sample), pack)
        paths.append((write_workbook(run, tmp_path / f"{sample.stem}.xlsx"), run))
    out = tmp_path / "recalculated"
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    *(str(p) for p, _ in paths)], check=True, capture_output=True, timeout=300)
    for path, run in paths:
        book = openpyxl.load_workbook(out / path.name, data_only=True)
        names = openpyxl.load_workbook(path).defined_names
        errors = [(ws.title, c.coordinate, c.value) for ws in book.worksheets
                  for r in ws.iter_rows() for c in r
                  if isinstance(c.value, str) and c.value.startswith(("#", "Err:"))]
        assert errors == [], path.name
        assert _cell(book, names, "Reconciliation").value == 0, path.name
        words = {"PASS": "通过", "FAIL": "不通过", "WARN": "提示", "ERROR": "错误"}
        assert _cell(book, names, "Result").value == words[str(run.worst)], path.name


def test_model_text_never_becomes_a_formula(tmp_path):
    dangerous = ['=HYPERLINK("http://evil.example","click")', "=1+1", "+1+1", "-2", "@SUM(A1)",
                 "\t=1", "\r=2"]
    b = ModelBuilder("IFC4", seed="inject")
    b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", 500.0)})
    for n, name in enumerate(dangerous):
        storey = b.storey(name, 3.0 * n)
        b.slab(storey, [(0, 0), (10, 0), (10, 8), (0, 8)], 3.0 * n)
        b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 3.0 * n, 3.0)
        room = b.space(storey, [(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)], 3.0 * n, 3.0,
                       name=name, long_name=name)
        b.pset(room, "CIMCheck_Area", {"AreaCategory": "COMMUNITY_SERVICE"})
    model = tmp_path / "inject.ifc"
    b.write(model)
    run = check(analyse(model), "zj-future-community-2019")
    path = write_workbook(run, tmp_path / "inject.xlsx")
    # The index trims names, so a leading tab or CR is gone; what is left must stay text.
    stripped = [d.strip() for d in dangerous]
    book = openpyxl.load_workbook(path)
    found = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in stripped:
                    found += 1
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.hyperlink is None
    assert found >= len(dangerous)
    recalculated = _recalculate(path, tmp_path)
    names = [row[1] for row in recalculated["分层面积"].iter_rows(min_row=2, values_only=True)]
    assert names[: len(dangerous)] == stripped  # LibreOffice shows text, computes nothing
    rooms = [row[3] for row in recalculated["面积计算书"].iter_rows(min_row=2, values_only=True)]
    assert set(stripped) <= set(rooms)


def test_read_only_target_gives_a_clear_error_and_keeps_the_old_file(residential_run,
                                                                       tmp_path):
    _, run = residential_run
    target = tmp_path / "locked.xlsx"
    target.write_bytes(b"an earlier workbook")
    target.chmod(0o444)
    with pytest.raises(ExportError) as info:
        write_workbook(run, target)
    assert "read-only" in str(info.value) and "Close the file" in str(info.value)
    assert target.read_bytes() == b"an earlier workbook"
    assert not list(tmp_path.glob(".locked.xlsx.*"))


def test_missing_folder_is_a_clear_error(residential_run, tmp_path):
    _, run = residential_run
    with pytest.raises(ExportError, match="Could not write"):
        write_workbook(run, tmp_path / "no" / "such" / "folder" / "x.xlsx")
