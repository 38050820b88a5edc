"""The dashboard adds up, says where its numbers come from, and shows every cell whole."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from tests.cli.test_cli import SAMPLES
from tests.ui.conftest import open_and_wait

pytestmark = pytest.mark.needs_rendering


def _number(text):
    return float(text.replace(",", ""))


@pytest.fixture
def tower(tmp_path):
    import shutil

    path = tmp_path / "tower_mixed_ifc4.ifc"
    shutil.copy(SAMPLES / "tower_mixed_ifc4.ifc", path)
    return path


def test_total_is_above_plus_below_and_counted_plus_not_counted(qtbot, window, tower):
    """Tower sample (sample_models/README.md): 1574.40 m² = 1318.40 above + 256.00 below;
    计容 1318.40 + 不计容 256.00 (the basement, multiplier 0 under the zj pack)."""
    open_and_wait(qtbot, window, tower)
    panel = window.indicators
    assert _number(panel.value_text("total_building_area_m2")) == pytest.approx(1574.40)
    assert _number(panel.value_text("above")) == pytest.approx(1318.40)
    assert _number(panel.value_text("below_ground")) == pytest.approx(256.00)
    assert _number(panel.value_text("far_area_m2")) == pytest.approx(1318.40)
    assert _number(panel.value_text("non_far")) == pytest.approx(256.00)
    assert _number(panel.value_text("non_far_below")) == pytest.approx(256.00)
    assert "zj-future-community-2019" in panel.pack_label.text()
    assert "不通过" in panel.verdict_label.text()       # no site area: PLAN-SITE-01 fails


def test_an_exemption_row_selects_its_elements_and_numbers_explain_themselves(
        qtbot, window, residential):
    open_and_wait(qtbot, window, residential)
    panel = window.indicators
    row = panel.rows["exempt:stilt"]
    assert _number(row.text(1)) == pytest.approx(192.00)           # 16 × 12 stilt space
    assert "计容建筑面积 ÷ 总用地面积" in panel.rows["plot_ratio"].toolTip(1)
    panel.tree.scrollToItem(row)     # as the user would, where the dock is short
    rect = panel.tree.visualItemRect(row)
    assert panel.tree.viewport().rect().contains(rect.center())
    from PySide6.QtTest import QTest

    QTest.mouseClick(panel.tree.viewport(), QtCore.Qt.MouseButton.LeftButton,
                     QtCore.Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.waitUntil(lambda: bool(window.state.selection), timeout=3000)
    stilt = next(i for i in window.state.table.items if i.category == "stilt")
    assert set(window.state.selection) == set(stilt.global_ids)
    # Limit, margin and verdict of the plot ratio: 1524.00 ÷ 1200 = 1.27 ≤ 2.5, so
    # 2.5 × 1200 − 1524.00 = 1476.00 m² to spare (zj pack).
    far = panel.rows["plot_ratio"]
    assert far.text(2) == "2.50" and far.text(3) == "余 1476.00 m²" and far.text(4) == "通过"
    assert "余量 1476.00 m²" in far.toolTip(3)


def _wait_for_settled_layout(qtbot, widget, samples=4, interval_ms=100):
    """Wait until ``widget``'s geometry has stayed the same for ``samples`` looks in a row.

    After opening, the dashboard widens to fit its numbers (260 -> 406 px here) and the main
    window moves the dock on a later, posted layout pass; in between the dock is briefly
    wide and not yet moved. A judgement made in that moment failed 1 run in 3.
    """
    seen = []

    def settled():
        seen.append(widget.geometry())
        return len(seen) >= samples and len(set(map(str, seen[-samples:]))) == 1

    qtbot.waitUntil(lambda: qtbot.wait(interval_ms) or settled(), timeout=10000)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_nothing_in_the_dashboard_is_cut_off(qtbot, window, residential, lang, size):
    window.resize(*size)
    window.set_language(lang)
    open_and_wait(qtbot, window, residential)
    _wait_for_settled_layout(qtbot, window.docks["indicators"])
    tree = window.indicators.tree
    metrics = tree.fontMetrics()
    header = window.indicators.header      # the panel keeps its own (see _own_header)
    viewport = tree.viewport().rect()
    clipped = []
    iterator = QtWidgets.QTreeWidgetItemIterator(tree)
    while iterator.value():
        row = iterator.value()
        for column in range(tree.columnCount()):
            text = row.text(column)
            if not text:
                continue
            rect = tree.visualRect(tree.indexFromItem(row, column))
            needed = metrics.horizontalAdvance(text)
            if rect.right() > viewport.right() + 1 or needed > header.sectionSize(column):
                clipped.append((text, column, needed, header.sectionSize(column)))
        iterator += 1
    assert clipped == []
    assert window.indicators.width() <= size[0] // 2
    dock = window.docks["indicators"].geometry()
    assert dock.right() <= window.width(), (dock, window.width())   # the dock is whole


def test_the_panels_keep_the_headers_they_made(window):
    """The dashboard, the storey table and the review record make their own headers (a
    view's ``header()`` once came back as the stale wrapper of a deleted QSurface), with
    what the views' own headers did: columns sized to their contents in the dashboard, the
    last column stretched in the review record, no row numbers, sortable by a click."""
    resize = QtWidgets.QHeaderView.ResizeMode
    indicators = window.indicators
    assert indicators.tree.header() is indicators.header
    assert indicators.header.sectionResizeMode(0) == resize.ResizeToContents
    assert not indicators.header.stretchLastSection()
    assert window.storeys.verticalHeader() is window.storeys.row_header
    assert window.storeys.row_header.isHidden()
    review = window.review
    assert review.table.horizontalHeader() is review.header
    assert review.table.verticalHeader() is review.row_header
    assert review.header.stretchLastSection() and review.row_header.isHidden()
    assert review.header.sectionsClickable() and review.header.highlightSections()
