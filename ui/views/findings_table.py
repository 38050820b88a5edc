"""The findings list: grouped by rule, sortable and filterable; a click selects elements.

``FindingsTableModel`` exposes a CheckRun's findings to Qt as a two-level tree (a row per
rule and status with its count, the findings under it); ``FindingsView`` puts it behind a
QSortFilterProxyModel (recursive: a group stays while one of its findings matches) with a
text filter and a status filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from cimcheck_ui.translations import current_lang, t
from PySide6 import QtCore, QtGui, QtWidgets

from cimcheck.present.palette import STATUS_FILL
from cimcheck.results.packed import Segments
from cimcheck.text import render
from cimcheck.vocab import severity_rank

__all__ = ["FindingsTableModel", "FindingsView"]


#: Findings of one rule and status are listed under one row with their count; a group of
#: one is shown as the finding itself. Groups are expanded when the run has at most this many
#: findings (a 22k-element model has ~10,000, a sample a dozen).
EXPAND_AT_MOST = 40
#: The findings of a group are handed to the view this many at a time, as it asks for
#: them (``canFetchMore``: expanding the group, scrolling to its end). Listing a group of
#: 10,000 at once made Qt call Python back for every one of them (the sort-filter proxy
#: maps every child of every group), 0.3 s of the UI thread when a run arrived and up to
#: a second when a click expanded the group.
PAGE = 200

#: Findings read (unpacked) per turn of the event loop when a run arrives.
READ_BATCH = 2500
_TOP = 0xFFFFFFFF  # internal id of a top-level row; a child's id is its group's row


class Arranged(NamedTuple):
    """Findings in the order a table shows them (``arrange``)."""

    findings: list
    reviews: dict[int, object]      # row → BCF topic
    groups: list[list[int]]         # rows of each top-level row: a rule and a status


def arrange(findings, reviews: dict | None = None) -> Arranged:
    """Put findings most serious first, grouped by rule and status; reviews by row.

    ``reviews``: BCF topics by index into ``findings``. No Qt here: a view arranges a run
    on one turn of the event loop and shows it on the next.
    """
    findings = list(findings)       # a run's findings are a lazy sequence: read once
    # A rank per status, not per finding (an Enum lookup each: 40 ms for 10,000).
    rank = {status: severity_rank(status) for status in {f.status for f in findings}}
    order = sorted(range(len(findings)),
                   key=lambda i: (rank[findings[i].status], findings[i].rule_id))
    ordered = [findings[i] for i in order]
    reviews = reviews or {}
    groups: dict[tuple[str, str], list[int]] = {}
    for row, finding in enumerate(ordered):
        groups.setdefault((finding.rule_id, str(finding.status)), []).append(row)
    return Arranged(ordered, {row: reviews[i] for row, i in enumerate(order) if i in reviews},
                    list(groups.values()))


class FindingsTableModel(QtCore.QAbstractItemModel):
    """Findings grouped by rule and status (most serious first), each group with its count.

    Columns: status, rule, message, measured, required, clause, review. A group row reads
    "rule title — N findings" and selects every element of its findings; its children are
    the findings. The review column shows what a returned BCF says about the finding's topic
    (its status and newest comment), once one is imported (文件 → 导入 BCF).

    Attributes
    ----------
    findings : list of Finding
        Every finding, most serious first (the order of the groups, then within a group).
    groups : list of list of int
        Per top-level row, the indexes into ``findings`` it stands for.
    shown : dict of int to int
        Per group (top-level row), how many of its findings the view has been given
        (``PAGE`` at a time; ``reveal`` and ``fetch_all`` give more).
    """

    HEADERS = ("Status", "Rule", "Message", "Measured", "Required", "Clause",
               "Review status / comment")

    def __init__(self) -> None:
        super().__init__()
        self.findings: list = []
        self.groups: list[list[int]] = []
        self.shown: dict[int, int] = {}
        self.reviews: dict[int, object] = {}

    def set_findings(self, findings, reviews: dict | None = None) -> None:
        """Show these findings (most serious first) with their BCF topics (by index)."""
        self.show_arranged(arrange(findings, reviews))

    def show_arranged(self, arranged: Arranged) -> None:
        """Show findings put in order beforehand (``arrange``)."""
        self.beginResetModel()
        self.findings, self.reviews, self.groups = arranged
        self.shown = {}
        self.endResetModel()

    # -- tree structure -------------------------------------------------------------------
    def index(self, row, column, parent=QtCore.QModelIndex()):  # noqa: B008
        # Bounds checked here, not by ``hasIndex``: that calls ``rowCount`` and
        # ``columnCount`` back through Python, and expanding a group of 10,000 findings
        # asks for every child's index (through the proxy, several times each). Each call
        # back into Python takes the interpreter lock again; while the area diagram is
        # drawn in its thread, every one of them waited for it (a click on the 22,000-element
        # block froze the window up to 2.9 s).
        if row < 0 or not 0 <= column < len(self.HEADERS):
            return QtCore.QModelIndex()
        if not parent.isValid():
            if row >= len(self.groups):
                return QtCore.QModelIndex()
            return self.createIndex(row, column, _TOP)
        top = parent.row()
        if parent.internalId() != _TOP or parent.column() != 0 or \
                not 1 < len(self.groups[top]) or row >= self.shown.get(top, 0):
            return QtCore.QModelIndex()
        return self.createIndex(row, column, top)

    def parent(self, index=QtCore.QModelIndex()):  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QtCore.QModelIndex()
        return self.createIndex(index.internalId(), 0, _TOP)

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        return self.shown.get(parent.row(), 0) if len(self.groups[parent.row()]) > 1 else 0

    def hasChildren(self, parent=QtCore.QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self.groups)
        return self._group(parent) is not None

    def canFetchMore(self, parent) -> bool:
        top = self._group(parent)
        return top is not None and self.shown.get(top, 0) < len(self.groups[top])

    def fetchMore(self, parent) -> None:
        """Give the view the next ``PAGE`` findings of a group."""
        top = self._group(parent)
        if top is None:
            return
        have = self.shown.get(top, 0)
        more = min(len(self.groups[top]), have + PAGE)
        if more > have:
            self.beginInsertRows(parent, have, more - 1)
            self.shown[top] = more
            self.endInsertRows()

    def reveal(self, top: int, child: int) -> None:
        """Give the view a group's findings up to its ``child``-th (a selection shows it)."""
        parent = self.index(top, 0)
        while self.shown.get(top, 0) <= child and self.canFetchMore(parent):
            self.fetchMore(parent)

    def fetch_all(self) -> None:
        """Give the view every finding (a text filter looks into every group)."""
        for top, members in enumerate(self.groups):
            if len(members) > 1:
                self.reveal(top, len(members) - 1)

    def _group(self, parent) -> int | None:
        """Return the top-level row of ``parent`` when it is a group of several findings."""
        if not parent.isValid() or parent.internalId() != _TOP or parent.column() != 0 \
                or len(self.groups[parent.row()]) < 2:
            return None
        return parent.row()

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def rows_of(self, index) -> list[int]:
        """Return the indexes into ``findings`` a (source) index stands for."""
        if not index.isValid():
            return []
        if index.internalId() == _TOP:
            return self.groups[index.row()]
        return [self.groups[index.internalId()][index.row()]]

    def finding_at(self, index):
        """Return the finding of a (source) row, or None for a group of several."""
        rows = self.rows_of(index)
        return self.findings[rows[0]] if len(rows) == 1 else None

    def index_of(self, row: int, within_page: bool = False) -> QtCore.QModelIndex:
        """Return the (source) index showing ``findings[row]``.

        ``within_page``: a finding the view has not been given, beyond the first ``PAGE``
        of its group, is shown by its group's row instead. Revealing finding 5,000 of a
        group hands the view 5,000 rows to lay out when it is expanded (0.2-0.4 s of the
        UI thread on the 22,000-element block, for a click in the 3D view).
        """
        for top, members in enumerate(self.groups):
            if row in members:
                if len(members) == 1:
                    return self.index(top, 0)
                child = members.index(row)
                if within_page and child >= max(self.shown.get(top, 0), PAGE):
                    return self.index(top, 0)
                self.reveal(top, child)
                return self.index(child, 0, self.index(top, 0))
        return QtCore.QModelIndex()

    # -- cells ----------------------------------------------------------------------------
    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if role == QtCore.Qt.ItemDataRole.DisplayRole and \
                orientation == QtCore.Qt.Orientation.Horizontal:
            return t(self.HEADERS[section])
        return None

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        rows = self.rows_of(index)
        if not rows:
            return None
        finding = self.findings[rows[0]]
        status = str(finding.status)
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            if len(rows) > 1:
                return self._group_cell(finding, status, len(rows), index.column())
            values = (t(status if status != "NOT_APPLICABLE" else "N/A"), finding.rule_id,
                      finding.message(current_lang()),
                      "" if finding.measured is None else f"{finding.measured:.3f}",
                      "" if finding.required is None else f"{finding.required:.3f}",
                      finding.clause, self._review(rows[0]))
            return values[index.column()]
        if role == QtCore.Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QtGui.QColor(STATUS_FILL.get(status, "#FFFFFF"))
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return status
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            if len(rows) > 1:
                return t("Click to select the elements of all {n} findings").format(n=len(rows))
            return ", ".join(finding.global_ids) or finding.message(current_lang())
        return None

    def _group_cell(self, finding, status: str, count: int, column: int) -> str:
        if column == 0:
            return t(status if status != "NOT_APPLICABLE" else "N/A")
        if column == 1:
            return finding.rule_id
        if column == 2:
            title = render(finding.text.param("title", finding.rule_id), current_lang())
            return f"{title} — " + t("{n} findings").format(n=count)
        if column == 5:
            return finding.clause
        if column == 6:
            reviewed = sum(1 for row in self.groups_of(finding) if row in self.reviews)
            return t("{n} reviewed").format(n=reviewed) if reviewed else ""
        return ""

    def groups_of(self, finding) -> list[int]:
        """Return the rows of the group a finding belongs to."""
        key = (finding.rule_id, str(finding.status))
        return next((g for g in self.groups
                     if (self.findings[g[0]].rule_id, str(self.findings[g[0]].status)) == key),
                    [])

    def _review(self, row: int) -> str:
        topic = self.reviews.get(row)
        if topic is None:
            return ""
        comment = getattr(topic, "last_comment", "")
        return f"{topic.status}: {comment}" if comment else str(topic.status)


class FindingsView(QtWidgets.QWidget):
    """The table with its filters.

    Attributes
    ----------
    model : FindingsTableModel
    proxy : QSortFilterProxyModel
    table : QTreeView
    filter_edit : QLineEdit
    status_box : QComboBox
    """

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.model = FindingsTableModel()
        self.proxy = QtCore.QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.filter_edit = QtWidgets.QLineEdit()
        self.status_box = QtWidgets.QComboBox()
        self.table = QtWidgets.QTreeView()
        # A header made here, as the selection model below: ``header()`` handed back the
        # stale wrapper of a deleted QSurface at the same address once in a tests/ui run
        # ("'QSurface' object has no attribute 'setSortIndicator'").
        self.header = QtWidgets.QHeaderView(QtCore.Qt.Orientation.Horizontal, self.table)
        self.header.setSectionsMovable(True)
        self.header.setDefaultAlignment(QtCore.Qt.AlignmentFlag.AlignLeft
                                        | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.header.setStretchLastSection(True)
        self.table.setHeader(self.header)
        self.table.setModel(self.proxy)
        self.table.setUniformRowHeights(True)   # 10,000 findings scroll without measuring
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        # Keep the model's order (most serious first) until the user sorts a column.
        self.header.setSortIndicator(-1, QtCore.Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_box)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.retranslate()
        self.filter_edit.textChanged.connect(self._on_filter_text)
        # Qt fetches more of a top level by itself when scrolled to its end, not of a group.
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        # A sorted group lists its largest first, not the largest of the page given.
        self.header.sortIndicatorChanged.connect(self._on_sorted)
        self.status_box.currentIndexChanged.connect(self._on_status_filter)
        # A selection model made here, not the wrapper selectionModel() returns: PySide can
        # hand back a stale wrapper of another deleted object at the same address (seen
        # once in 200 windows opened and closed: "QSurface has no attribute
        # selectionChanged").
        self.selection = QtCore.QItemSelectionModel(self.proxy, self.table)
        self.table.setSelectionModel(self.selection)
        self.selection.selectionChanged.connect(self._on_row)
        state.run_changed.connect(self._on_run_changed)
        state.selection_changed.connect(self._on_selection_changed)
        self._updating = False

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.filter_edit.setPlaceholderText(t("Filter findings…"))
        current = self.status_box.currentIndex()
        self.status_box.blockSignals(True)
        self.status_box.clear()
        for label, key in ((t("All"), ""), (t("FAIL"), "FAIL"), (t("WARN"), "WARN"),
                           (t("PASS"), "PASS")):
            self.status_box.addItem(label, key)
        self.status_box.setCurrentIndex(max(current, 0))
        self.status_box.blockSignals(False)
        self.model.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0,
                                          len(FindingsTableModel.HEADERS) - 1)

    def _on_scrolled(self, _value: int) -> None:
        """Give the view more of a group whose last finding given scrolled into sight."""
        height = self.table.viewport().height()
        index = self.table.indexAt(QtCore.QPoint(1, 1))
        for _ in range(200):                   # the rows in sight (a few dozen)
            if not index.isValid() or self.table.visualRect(index).top() > height:
                return
            parent = index.parent()
            if parent.isValid() and index.row() == self.proxy.rowCount(parent) - 1:
                group = self.proxy.mapToSource(parent)
                if self.model.canFetchMore(group):
                    self.model.fetchMore(group)
                return
            index = self.table.indexBelow(index)

    def _on_sorted(self, column: int, _order) -> None:
        if column >= 0:
            self.model.fetch_all()

    def _on_filter_text(self, text: str) -> None:
        if text:
            self.model.fetch_all()      # a group stays while a finding of it matches
        self.proxy.setFilterFixedString(text)

    def _on_status_filter(self) -> None:
        key = self.status_box.currentData()
        self.proxy.setFilterRole(QtCore.Qt.ItemDataRole.UserRole if key
                                 else QtCore.Qt.ItemDataRole.DisplayRole)
        self.proxy.setFilterKeyColumn(0 if key else -1)
        if not key and self.filter_edit.text():
            self.model.fetch_all()
        self.proxy.setFilterFixedString(key or self.filter_edit.text())

    def _on_run_changed(self) -> None:
        # Over turns of its own (``AppState.turns``): 10,000 findings take 0.1 s to list.
        self.state.turns.add(("findings", id(self)), self._follow_run)

    def _follow_run(self) -> Iterator[None]:
        run = self.state.run
        # A cached run's findings are pickled a rule at a time (``results.packed``), each
        # rule unpickled whole when it is first read: read over turns, a rule's on a turn
        # of its own and at most ``READ_BATCH`` findings a turn (the 10,000 of the
        # 22,000-element block in one turn took 40-60 ms).
        findings: list = []
        every = run.findings if run is not None else ()
        for _rule, part in every.segments if isinstance(every, Segments) else (("", every),):
            for finding in part:
                findings.append(finding)
                if len(findings) % READ_BATCH == 0:
                    yield
            yield
        arranged = arrange(findings, self.state.review_matches())
        yield
        self.model.show_arranged(arranged)
        if self.filter_edit.text() and not self.status_box.currentData():
            self.model.fetch_all()      # the text filter looks into every group
        if len(self.model.findings) <= EXPAND_AT_MOST:
            self.model.fetch_all()
            self.table.expandAll()
        # Sized to what is shown: the groups of a large run are collapsed, so this is cheap.
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)

    def finding_at(self, proxy_index):
        """Return the finding of a (proxy) row, or None for a group of several."""
        return self.model.finding_at(self.proxy.mapToSource(proxy_index))

    def select_row(self, row: int, child: int | None = None) -> None:
        """Select a top-level (proxy) row, or a finding under it, as a click would."""
        index = self.proxy.index(row, 0)
        if child is not None:
            self.table.expand(index)
            self.model.reveal(self.proxy.mapToSource(index).row(), child)
            index = self.proxy.index(child, 0, index)
        self._select_index(index)

    def _select_index(self, index) -> None:
        flags = (QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QtCore.QItemSelectionModel.SelectionFlag.Rows)
        self.selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_row(self) -> None:
        if self._updating:
            return
        rows = self.selection.selectedRows()
        if not rows:
            return
        members = self.model.rows_of(self.proxy.mapToSource(rows[0]))
        gids = tuple(dict.fromkeys(g for r in members for g in self.model.findings[r].global_ids))
        if gids:
            self.state.select(gids)

    def _on_selection_changed(self, selection: tuple) -> None:
        """Follow a selection made elsewhere: show the first finding about it.

        Or the row of its group, when that finding is beyond the part of a large group
        the view has been given (``FindingsTableModel.index_of``): the group covers it.
        """
        if not selection:
            return
        chosen = set(selection)
        current = self.selection.selectedRows()
        if current:   # a group or finding already covering the selection stays selected
            members = self.model.rows_of(self.proxy.mapToSource(current[0]))
            if chosen <= {g for r in members for g in self.model.findings[r].global_ids}:
                return
        for row, finding in enumerate(self.model.findings):
            if chosen & set(finding.global_ids):
                index = self.proxy.mapFromSource(self.model.index_of(row, within_page=True))
                if not index.isValid():
                    continue        # filtered out
                if index.parent().isValid():
                    self.table.expand(index.parent())
                self._updating = True
                try:
                    self._select_index(index)
                finally:
                    self._updating = False
                return
        self._updating = True
        try:
            self.table.clearSelection()
        finally:
            self._updating = False
