"""Area diagrams: files exist with the expected size; drawn areas add up to the storey."""

from __future__ import annotations

import pytest
from PIL import Image

from cimcheck.pipeline import analyse, check
from cimcheck.present.diagrams import DPI, SIZE_IN, draw_storey, frame_for, write_diagrams
from cimcheck.text import tr
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"


@pytest.fixture(scope="module")
def residential():
    run = check(analyse(SAMPLES / "fc_residential_ifc4.ifc"), "hz-future-community-2019")
    return run.table, run


def test_one_diagram_per_storey_in_three_formats(residential, tmp_path):
    table, run = residential
    written = write_diagrams(table.storeys, tmp_path, run=run)
    # Keyed "NN name" (storey number first): storeys with one name stay apart.
    assert list(written) == [f"{i:02d} {s.storey.name}"
                             for i, s in enumerate(table.storeys, start=1)]
    for files in written.values():
        assert sorted(f.suffix for f in files) == [".pdf", ".png", ".svg"]
        assert all(f.stat().st_size > 1000 for f in files)
        png = next(f for f in files if f.suffix == ".png")
        assert Image.open(png).size == (round(SIZE_IN[0] * DPI), round(SIZE_IN[1] * DPI))
        assert next(f for f in files if f.suffix == ".pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("index", range(6))
def test_drawn_item_areas_add_up_to_the_storey_total(residential, index):
    table, run = residential
    storey = table.storeys[index]
    _, drawn = draw_storey(storey, run)
    assert sum(d.building_area_m2 for d in drawn) == pytest.approx(storey.building_area_m2,
                                                                   abs=0.005)
    assert {d.item_id for d in drawn} == {i.id for i in storey.items}


def test_colours_follow_the_pack(residential):
    table, run = residential
    _, drawn = draw_storey(table.storeys[0], run)     # stilt floor under the pilot pack
    classes = {d.item_id: d.klass for d in drawn}
    stilt = next(i for i in table.storeys[0].items if i.category == "stilt")
    lobby = next(i for i in table.storeys[0].items if i.category == "lobby_atrium")
    assert classes[stilt.id] == "exempt" and classes[lobby.id] == "counted"
    _, plain = draw_storey(table.storeys[5], None)     # rooftop stair house at 1/2
    assert {d.klass for d in plain} == {"half", "green"}


def test_chinese_labels_have_a_cjk_font():
    from cimcheck.present.fonts import matplotlib_family

    assert matplotlib_family() == "Noto Sans SC"


@pytest.mark.parametrize("index", range(6))
def test_every_item_is_labelled_with_its_name_and_area_and_no_labels_overlap(residential,
                                                                             index):
    table, run = residential
    storey = table.storeys[index]
    _, drawn = draw_storey(storey, run, frame=frame_for(table.storeys))
    items = {i.id: i for i in storey.items}
    for d in drawn:
        item = items[d.item_id]
        # Unnamed, the rest of a storey (walls, shafts) says so; other items say their kind.
        rest = item.category in ("storey", "basement", "semi_basement")
        name = item.name or tr("diagram.rest" if rest else f"cat.{item.category}", "zh")
        assert name[:13] in d.label and f"{item.area_m2:.2f}" in d.label, d
        if item.area_coefficient != 1 and item.category != "green":
            assert f"={item.building_area_m2:.2f}" in d.label, d
    boxes = [d.box for d in drawn]
    for i, a in enumerate(boxes):
        assert a[2] > a[0] and a[3] > a[1]
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_a_rectangle_is_labelled_with_its_sides():
    # 2F, dwelling x-01: 14.7 × 11.6 = 170.52 m² (sample_models/README.md).
    run = check(analyse(SAMPLES / "fc_residential_ifc4.ifc"), "hz-future-community-2019")
    storey = run.table.storeys[1]
    _, drawn = draw_storey(storey, run)
    dwelling = next(d for d in drawn if d.item_id == "S02-01")
    assert "11.60×14.70=170.52" in dwelling.label
    balcony = next(d for d in drawn if d.item_id == "S02-04")     # 1.5 × 4 = 6.00 at ½
    assert "1.50×4.00=6.00" in balcony.label and "×0.5=3.00" in balcony.label


def test_storeys_share_one_standard_scale(residential):
    """The residential block is 30 × 12 m plus 1.5 m balconies: 30 m on a plan 155 mm wide
    (A4 landscape, 67 % of the sheet, 22 mm margins each side) needs 1:200 (1:150 gives
    23 m)."""
    table, _ = residential
    frame = frame_for(table.storeys)
    assert frame.scale == 200
    assert frame_for(table.storeys[:1]).scale == 200


def test_the_north_arrow_follows_the_model_true_north(residential):
    from dataclasses import replace

    from matplotlib.text import Annotation

    table, run = residential

    def arrow(figure):
        return next(a.xy for ax in figure.axes for a in ax.texts
                    if isinstance(a, Annotation) and ax.get_xlim() == (-1.2, 1.2))

    figure, _ = draw_storey(table.storeys[1], run)
    assert arrow(figure) == pytest.approx((0.0, 1.0))      # not given: +Y, and said so
    assert any("模型未提供真北" in t.get_text() for t in figure.texts)
    rotated = replace(run, model={**run.model, "true_north": [0.766, 0.643]})  # FZK-Haus
    figure, _ = draw_storey(table.storeys[1], rotated)
    assert arrow(figure) == pytest.approx((0.766, 0.643))
    assert not any("模型未提供真北" in t.get_text() for t in figure.texts)


def test_chinese_renders_with_the_shipped_font_when_the_system_has_none(tmp_path):
    """A fresh machine has no CJK font: the diagram still shows Chinese, in Noto Sans SC.

    A subprocess hides every system font from matplotlib (its font list rebuilt from
    nothing but matplotlib's own DejaVu), draws a storey with Chinese labels and reports
    the glyph warnings matplotlib gives for characters no font has.
    """
    import json
    import subprocess
    import sys

    script = f"""
import json, warnings
import matplotlib.font_manager as fm
system = fm.findSystemFonts
# matplotlib's own fonts (it passes their folder) stay; the system's (no folder) are gone.
fm.findSystemFonts = lambda fontpaths=None, fontext="ttf": (
    system(fontpaths, fontext) if fontpaths else [])
fm.fontManager = fm.FontManager()
assert not any("CJK" in f.name or "SC" in f.name for f in fm.fontManager.ttflist)
from cimcheck.pipeline import analyse, check
from cimcheck.present.diagrams import write_diagrams
from cimcheck.present.fonts import matplotlib_family
run = check(analyse(r"{SAMPLES / 'fc_residential_ifc4.ifc'}"), "hz-future-community-2019")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    write_diagrams(run.table.storeys[:2], r"{tmp_path}", run=run, formats=("png", "pdf"))
print(json.dumps({{"family": matplotlib_family(),
                  "missing": [str(w.message) for w in caught if "missing" in str(w.message)]}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300, env={**__import__("os").environ,
                                              "MPLCONFIGDIR": str(tmp_path / "mpl")})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["family"] == "Noto Sans SC"
    assert report["missing"] == []
    fonts = subprocess.run(["pdffonts", str(next(tmp_path.glob("*.pdf")))],
                           capture_output=True, text=True).stdout
    assert "NotoSansSC" in fonts and "CJK" not in fonts


@pytest.mark.parametrize("model", ["tower_mixed_ifc4.ifc", "renewal_recessed_ifc2x3_mm.ifc"])
def test_no_labels_overlap_on_the_other_samples(model):
    run = check(analyse(SAMPLES / model), "hz-future-community-2019")
    frame = frame_for(run.table.storeys)
    for storey in run.table.storeys:
        if not storey.items:
            continue
        _, drawn = draw_storey(storey, run, frame=frame)
        boxes = [d.box for d in drawn]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], \
                    (storey.storey.name, a, b)
