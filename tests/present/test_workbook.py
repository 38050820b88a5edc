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


def test_sheets_in_chinese_by_default(workbook):
    path, _ = workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [zh for _, zh in SHEETS.values()]


def test_english_sheet_names(residential_run, tmp_path):
    _, run = residential_run
    book = openpyxl.load_workbook(write_workbook(run, tmp_path / "en.xlsx", lang="en"))
    assert book.sheetnames == [en for en, _ in SHEETS.values()]


def test_derived_figures_are_live_formulas(workbook):
    path, _ = workbook
    book = openpyxl.load_workbook(path)
    names = book.defined_names
    for name in ("SiteArea", "FarArea", "PlotRatio", "GreenRatio", "ServiceRequired"):
        assert name in names
    sheet, cell = names["PlotRatio"].attr_text.split("!")
    plot_ratio = book[sheet.strip("'")][cell.replace("$", "")]
    assert plot_ratio.data_type == "f" and "FarArea/SiteArea" in plot_ratio.value
    site = book[sheet.strip("'")][names["SiteArea"].attr_text.split("!")[1].replace("$", "")]
    assert site.data_type == "n" and site.value == 1200  # an input stays a value
    storeys = book["分层面积"]
    assert storeys["N2"].data_type == "f"          # 计容 per storey
    assert storeys["H2"].value.startswith("=SUMIFS(")
    ledger = book["不计容明细"]
    assert ledger["L2"].value == "=I2*J2*K2"
    assert book["经济技术指标"].freeze_panes == "A2"
    assert book["经济技术指标"].page_setup.orientation == "landscape"
    assert len(book["面积简图"]._images) == 6      # one diagram per storey


def test_libreoffice_recalculation_equals_the_checkrun(workbook, tmp_path):
    path, run = workbook
    book = _recalculate(path, tmp_path)
    names = openpyxl.load_workbook(path).defined_names
    ind = run.indicators

    def value(name):
        sheet, cell = names[name].attr_text.split("!")
        return book[sheet.strip("'")][cell.replace("$", "")].value

    assert value("PlotRatio") == pytest.approx(ind["plot_ratio"], abs=0.001)
    for name, key in (("FarArea", "far_area_m2"), ("TotalBuildingArea", "total_building_area_m2"),
                      ("Footprint", "footprint_m2"), ("GreenArea", "green_area_m2"),
                      ("GreenCredit", "green_credit_m2"), ("ServiceProvided", "service_area_m2"),
                      ("ServiceRequired", "service_required_m2")):
        assert value(name) == pytest.approx(ind[key], abs=0.01), name
    assert value("GreenRatio") == pytest.approx(ind["green_ratio"], abs=0.001)
    assert value("BuildingDensity") == pytest.approx(ind["building_density"], abs=0.001)
    for code, amount in ind["exempt_area_m2"].items():
        assert value(f"Exempt_{code}") == pytest.approx(amount, abs=0.01), code
    results = [row[4] for row in book["经济技术指标"].iter_rows(min_row=2, values_only=True)
               if row[4]]
    assert "通过" in results and "不适用" in results
    # The storey plausibility line (分层面积 P-T), 2F: gross 30 x 12 = 360.00 m², rooms two
    # dwellings 2 x 14.7 x 11.6 = 341.04 m², ratio 360 / 341.04 = 1.0556 (sample_models/README).
    storeys = book["分层面积"]
    assert storeys["B3"].value == "2F"
    assert storeys["P3"].value == pytest.approx(360.00, abs=0.01)
    assert storeys["Q3"].value == pytest.approx(341.04, abs=0.01)
    assert storeys["R3"].value == pytest.approx(1.0556, abs=0.0001)
    assert storeys["T3"].value == "正常"


def test_model_text_never_becomes_a_formula(tmp_path):
    dangerous = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2", "@SUM(A1)",
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
