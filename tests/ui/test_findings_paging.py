"""A run of 10,000 findings in the findings list: listed without Qt asking for each one."""

from __future__ import annotations

from PySide6 import QtCore


def _findings(n=10_000, rules=3):
    from cimcheck.results.finding import Finding, Status
    from cimcheck.text import Text

    return [Finding(rule_id=f"XX-0{i % rules}", status=Status.WARN, measured=float(i),
                    required=None, unit="", clause="",
                    text=Text.of("finding.ids_pass", count=1, title="x"),
                    global_ids=(f"g{i}",)) for i in range(n)]


class _State(QtCore.QObject):
    run_changed = QtCore.Signal()
    selection_changed = QtCore.Signal(tuple)

    def __init__(self, findings):
        super().__init__()
        from cimcheck_ui.turns import Turns

        self.turns = Turns()
        self.run = type("Run", (), {"findings": findings})()
        self.selected = []

    def review_matches(self):
        return {}

    def select(self, gids):
        self.selected.append(tuple(gids))


def _view(qtbot, state, monkeypatch):
    from cimcheck_ui.views import findings_table

    calls = {"index": 0}
    real = findings_table.FindingsTableModel.index

    def counted(self, *args):
        calls["index"] += 1
        return real(self, *args)

    monkeypatch.setattr(findings_table.FindingsTableModel, "index", counted)
    view = findings_table.FindingsView(state)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return view, calls


def test_expanding_a_group_of_thousands_asks_for_a_page_not_for_each_finding(
        qtbot, monkeypatch):
    # Expanding a group (a click on its arrow, or a selection made in the 3D view that
    # shows its finding) laid out all of its findings: Qt called the model back for each
    # (0.7 s of a click on the 22,000-element block). Now it is given a page at a time.
    state = _State(_findings(rules=1))            # one group of 10,000
    view, calls = _view(qtbot, state, monkeypatch)
    state.run_changed.emit()
    state.turns.finish()
    qtbot.wait(20)
    assert view.proxy.rowCount() == 1
    calls["index"] = 0
    view.table.expand(view.proxy.index(0, 0))
    qtbot.wait(20)
    assert 0 < view.proxy.rowCount(view.proxy.index(0, 0)) < 10_000
    # Fewer calls than findings in the group (all of them at once: 48,000 calls).
    assert calls["index"] < 10_000, calls


def test_scrolling_an_expanded_group_reaches_its_last_finding(qtbot, monkeypatch):
    state = _State(_findings())
    view, calls = _view(qtbot, state, monkeypatch)
    state.run_changed.emit()
    state.turns.finish()
    group = view.proxy.index(0, 0)
    view.table.expand(group)                      # as a click on its arrow does
    qtbot.wait(20)
    first = view.proxy.rowCount(group)
    assert 0 < first < 3334
    calls["index"] = 0
    bar = view.table.verticalScrollBar()
    for _ in range(400):                          # the user drags the scroll bar down
        if view.proxy.rowCount(group) == 3334:
            break
        bar.setValue(bar.value() + 40)
        qtbot.wait(1)
    assert view.proxy.rowCount(group) == 3334     # 10,000 findings in 3 rules
    last = view.proxy.index(3333, 0, group)
    assert view.finding_at(last).global_ids == ("g9999",)


def test_a_text_filter_finds_a_finding_in_a_group_never_expanded(qtbot, monkeypatch):
    state = _State(_findings())
    view, _calls = _view(qtbot, state, monkeypatch)
    state.run_changed.emit()
    state.turns.finish()
    qtbot.keyClicks(view.filter_edit, "9998.0")      # its measured value, as listed
    assert view.proxy.rowCount() == 1
    group = view.proxy.index(0, 0)
    assert view.proxy.rowCount(group) == 1
    assert view.finding_at(view.proxy.index(0, 0, group)).global_ids == ("g9998",)


def test_a_selection_made_elsewhere_shows_its_finding_or_beyond_the_first_page_its_group(
        qtbot, monkeypatch):
    # Revealing finding 3,333 of a group handed the view 3,400 rows to lay out: a click in
    # the 3D view of the 22,000-element block took up to 0.45 s (bench/ui_latency.py).
    from cimcheck_ui.views.findings_table import PAGE

    state = _State(_findings())
    view, calls = _view(qtbot, state, monkeypatch)
    state.run_changed.emit()
    state.turns.finish()
    state.selection_changed.emit(("g6",))         # a click in the 3D view: first page
    rows = view.selection.selectedRows()
    assert len(rows) == 1 and view.finding_at(rows[0]).global_ids == ("g6",)
    calls["index"] = 0
    given = dict(view.model.shown)                # the view fetched a few pages to fill
    state.selection_changed.emit(("g9999",))      # the last finding of its group
    rows = view.selection.selectedRows()
    assert len(rows) == 1 and not rows[0].parent().isValid()       # its group's row
    group = view.model.rows_of(view.proxy.mapToSource(rows[0]))
    assert "g9999" in {g for r in group for g in view.model.findings[r].global_ids}
    assert view.model.shown == given and max(given.values()) < 3333   # nothing more given
    assert calls["index"] < 2 * PAGE, calls
    # Scrolled to the finding, a selection shows it itself.
    view.model.reveal(view.proxy.mapToSource(rows[0]).row(), 3333)
    view.table.clearSelection()
    state.selection_changed.emit(("g9999",))
    rows = view.selection.selectedRows()
    assert view.finding_at(rows[0]).global_ids == ("g9999",)


def test_a_group_sorted_by_a_column_lists_the_largest_of_all_its_findings_first(
        qtbot, monkeypatch):
    # Sorting only the page given would list the largest of its first 200 findings.
    state = _State(_findings(rules=1))
    view, _calls = _view(qtbot, state, monkeypatch)
    state.run_changed.emit()
    state.turns.finish()
    group = view.proxy.index(0, 0)
    view.table.expand(group)
    qtbot.wait(20)
    header = view.header
    x = header.sectionViewportPosition(3) + header.sectionSize(3) // 2   # 实测值 (measured)
    qtbot.mouseClick(header.viewport(), QtCore.Qt.MouseButton.LeftButton,
                     pos=QtCore.QPoint(x, header.height() // 2))
    if view.proxy.sortOrder() != QtCore.Qt.SortOrder.DescendingOrder:
        qtbot.mouseClick(header.viewport(), QtCore.Qt.MouseButton.LeftButton,
                         pos=QtCore.QPoint(x, header.height() // 2))
    assert view.proxy.sortColumn() == 3
    first = view.proxy.index(0, 0, view.proxy.index(0, 0))
    assert view.finding_at(first).global_ids == ("g9999",)     # measured 9999.000
