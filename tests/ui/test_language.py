"""Words follow the language the window speaks, also after a re-check.

The bug this pins: after a reclassification in the English UI, the re-check showed its
findings in Chinese, because a finding carried a sentence rendered once, in the language
``check`` happened to be called with. Findings now carry a catalogue key and parameters and
every view renders them when it shows them.
"""

from __future__ import annotations

import re

import pytest
from PySide6 import QtCore, QtWidgets

from tests.ui.conftest import open_and_wait, views_follow

pytestmark = pytest.mark.needs_rendering

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
#: A model's own names, quoted in evidence ("name '架空空间' reads as stilt space").
QUOTED = re.compile(r"'[^']*'|“[^”]*”|‘[^’]*’")


def _reclassify_through_the_menu(qtbot, window, gid, category):
    """Select an element and reclassify it with 审查 → 改判 as a reviewer does."""
    window.state.select([gid])
    chosen = {}

    def fill_and_accept():
        dialog = QtWidgets.QApplication.activeModalWidget()
        try:
            combo = dialog.category
            combo.setCurrentIndex(combo.findData(category))
            chosen["label"] = combo.currentText()
            dialog.comment.setText("review")
        finally:
            dialog.accept()  # never leave a modal dialog open: the test would hang

    QtCore.QTimer.singleShot(300, fill_and_accept)
    window.actions_by_key["reclassify"].trigger()
    qtbot.waitUntil(lambda: gid in window.state.project.overrides, timeout=10000)
    return chosen["label"]


def _findings_column(window, column):
    """Every cell of a column: the group rows and the findings under them."""
    model = window.findings.model
    cells = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        cells.append(model.data(model.index(row, column)))
        cells += [model.data(model.index(c, column, parent)) for c in range(model.rowCount(parent))]
    return cells


def _dashboard_labels(window):
    return [row.text(0) for row in window.indicators.rows.values()]


def _headers(window):
    model = window.findings.model
    return [model.headerData(c, QtCore.Qt.Orientation.Horizontal) for c in range(6)]


@pytest.mark.parametrize(("first", "second"), [("en", "zh"), ("zh", "en")])
def test_a_recheck_speaks_the_language_of_the_window(qtbot, window, residential, first,
                                                       second):
    open_and_wait(qtbot, window, residential)
    window.set_language(first)
    lobby = next(i for i in window.state.table.items if i.category == "lobby_atrium")
    label = _reclassify_through_the_menu(qtbot, window, lobby.global_ids[0],
                                         "disaster_passage")
    # The lobby now counts as a disaster-safety passage: (1524.00 − 31.36) ÷ 1200 = 1.24.
    qtbot.waitUntil(lambda: window.indicators.value_text("plot_ratio") == "1.24", timeout=10000)
    views_follow(qtbot, window)

    def speaks(lang, texts):
        texts = [QUOTED.sub("", t) for t in texts if t]
        assert texts
        if lang == "en":
            assert [t for t in texts if CJK.search(t)] == []
        else:
            assert all(CJK.search(t) for t in texts), texts

    # Leaving out the model's own names (quoted), any CJK character in English (or its
    # absence in Chinese) is a word the view did not render in its language.
    speaks(first, _findings_column(window, 2))          # messages
    speaks(first, _findings_column(window, 0))          # statuses
    speaks(first, _headers(window))
    speaks(first, _dashboard_labels(window))
    speaks(first, [label.split(" (")[0]])               # the dialog's category names
    window.set_language(second)
    speaks(second, _findings_column(window, 2))
    speaks(second, _findings_column(window, 0))
    speaks(second, _headers(window))
    speaks(second, _dashboard_labels(window))
    window.undo()
    qtbot.waitUntil(lambda: window.indicators.value_text("plot_ratio") == "1.27", timeout=10000)
    views_follow(qtbot, window)
    speaks(second, _findings_column(window, 2))


def test_qt_own_words_and_the_properties_speak_the_window_language(qtbot, window, residential):
    open_and_wait(qtbot, window, residential)
    window.set_language("zh")
    # Qt's own dialogs (message boxes, the file dialog) use Qt's translations.
    assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    lobby = next(i for i in window.state.table.items if i.category == "lobby_atrium")
    window.state.select(lobby.global_ids)
    rows = {}
    for i in range(window.properties.topLevelItemCount()):
        group = window.properties.topLevelItem(i)
        for j in range(group.childCount()):
            rows[group.child(j).text(0)] = group.child(j).text(1)
    # No raw codes: the category and the deciding step read as words.
    assert rows["类别"].startswith("门厅、大厅") and rows["判定依据"] == "名称（请确认）"
    assert "IFC 类型" in rows
    window.set_language("en")
    assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
