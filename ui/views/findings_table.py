"""The findings table: sortable and filterable; selecting a finding selects its elements.

``FindingsTableModel`` exposes a CheckRun's findings to Qt; ``FindingsView`` puts it
behind a QSortFilterProxyModel with a text filter and a status filter.
"""

from __future__ import annotations

from cimcheck_ui.translations import current_lang, t
from PySide6 import QtCore, QtGui, QtWidgets

from cimcheck.present.palette import STATUS_FILL
from cimcheck.vocab import severity_rank

__all__ = ["FindingsTableModel", "FindingsView"]


class FindingsTableModel(QtCore.QAbstractTableModel):
    """Rows: findings; columns: status, rule, message, measured, required, clause, review.

    The review column shows what a returned BCF says about the finding's topic (its status
    and newest comment), once one is imported (文件 → 导入 BCF).
    """

    HEADERS = ("Status", "Rule", "Message", "Measured", "Required", "Clause",
               "Review status / comment")

    def __init__(self) -> None:
        super().__init__()
        self.findings: list = []
        self.reviews: dict[int, object] = {}

    def set_findings(self, findings, reviews: dict | None = None) -> None:
        """Show these findings (most serious first) with their BCF topics (by index)."""
        self.beginResetModel()
        order = sorted(range(len(findings)), key=lambda i: severity_rank(findings[i].status))
        self.findings = [findings[i] for i in order]
        reviews = reviews or {}
        self.reviews = {row: reviews[i] for row, i in enumerate(order) if i in reviews}
        self.endResetModel()

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if role == QtCore.Qt.ItemDataRole.DisplayRole and \
                orientation == QtCore.Qt.Orientation.Horizontal:
            return t(self.HEADERS[section])
        return None

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        finding = self.findings[index.row()]
        status = str(finding.status)
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            values = (t(status if status != "NOT_APPLICABLE" else "N/A"), finding.rule_id,
                      finding.message(current_lang()),
                      "" if finding.measured is None else f"{finding.measured:.3f}",
                      "" if finding.required is None else f"{finding.required:.3f}",
                      finding.clause, self._review(index.row()))
            return values[index.column()]
        if role == QtCore.Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QtGui.QColor(STATUS_FILL.get(status, "#FFFFFF"))
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return status
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            return ", ".join(finding.global_ids) or finding.message(current_lang())
        return None


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
    table : QTableView
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
        self.filter_edit = QtWidgets.QLineEdit()
        self.status_box = QtWidgets.QComboBox()
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # Keep the model's order (most serious first) until the user sorts a column.
        self.table.horizontalHeader().setSortIndicator(-1, QtCore.Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_box)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.retranslate()
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.status_box.currentIndexChanged.connect(self._on_status_filter)
        self.table.selectionModel().selectionChanged.connect(self._on_row)
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

    def _on_status_filter(self) -> None:
        key = self.status_box.currentData()
        self.proxy.setFilterRole(QtCore.Qt.ItemDataRole.UserRole if key
                                 else QtCore.Qt.ItemDataRole.DisplayRole)
        self.proxy.setFilterKeyColumn(0 if key else -1)
        self.proxy.setFilterFixedString(key or self.filter_edit.text())

    def _on_run_changed(self) -> None:
        run = self.state.run
        self.model.set_findings(run.findings if run is not None else [],
                                self.state.review_matches())
        self.table.resizeColumnsToContents()

    def select_row(self, row: int) -> None:
        """Select a (proxy) row, as a click would."""
        self.table.selectRow(row)

    def _on_row(self) -> None:
        if self._updating:
            return
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        finding = self.model.findings[self.proxy.mapToSource(rows[0]).row()]
        if finding.global_ids:
            self.state.select(finding.global_ids)

    def _on_selection_changed(self, selection: tuple) -> None:
        """Follow a selection made elsewhere: show the first finding about it."""
        if not selection:
            return
        for row in range(self.proxy.rowCount()):
            finding = self.model.findings[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            if set(finding.global_ids) & set(selection):
                self._updating = True
                try:
                    self.table.selectRow(row)
                finally:
                    self._updating = False
                return
        self._updating = True
        try:
            self.table.clearSelection()
        finally:
            self._updating = False
