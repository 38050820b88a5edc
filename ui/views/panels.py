"""The panels around the 3D view; each listens to AppState and writes only to it.

- ``SpatialTreePanel``: site → building → storeys → spaces and elements;
- ``PropertiesPanel``: attributes, property sets, quantities and the area item of the
  selection (category, coefficient, clause, evidence, inferred or declared);
- ``IndicatorsPanel``: the indicator dashboard with limits and PASS/FAIL;
- ``StoreysPanel``: one row per storey; choosing one isolates it in 3D;
- ``DiagramPanel``: the selected storey's area diagram.

The findings table has its own module (``findings_table``), as it has a Qt model.
"""

from __future__ import annotations

from cimcheck_ui.translations import current_lang, t
from PySide6 import QtCore, QtGui, QtWidgets

from cimcheck.present.formats import format_indicator
from cimcheck.present.palette import STATUS_FILL
from cimcheck.text import Text, render, tr

__all__ = ["DiagramPanel", "IndicatorsPanel", "PropertiesPanel", "SpatialTreePanel",
           "StoreysPanel"]

GID_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
#: Status words (English source strings, Qt translates them).
_STATUS_WORD = {"PASS": "PASS", "FAIL": "FAIL", "WARN": "WARN", "NOT_APPLICABLE": "N/A",
                "ERROR": "ERROR"}


class SpatialTreePanel(QtWidgets.QTreeWidget):
    """The spatial tree; selecting a node selects its element (or storey) everywhere."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self._items: dict[str, QtWidgets.QTreeWidgetItem] = {}
        self._updating = False
        self.setColumnCount(2)
        self.retranslate()
        self.itemSelectionChanged.connect(self._on_item_selection_changed)
        state.analysis_changed.connect(self._on_analysis_changed)
        state.selection_changed.connect(self._on_selection_changed)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHeaderLabels([t("Name"), t("Class")])

    def _add(self, parent, name: str, ifc_class: str, gid: str | None):
        node = QtWidgets.QTreeWidgetItem(parent, [name or "—", ifc_class])
        if gid:
            node.setData(0, GID_ROLE, gid)
            node.setToolTip(0, gid)
            self._items[gid] = node
        return node

    def _on_analysis_changed(self) -> None:
        self.clear()
        self._items.clear()
        analysis = self.state.analysis
        if analysis is None:
            return
        index = analysis.index
        site = self._add(self, index.sites[0].name if index.sites else t("Site"), "IfcSite",
                         index.sites[0].global_id if index.sites else None)
        buildings = {b.global_id: self._add(site, b.name, "IfcBuilding", b.global_id)
                     for b in index.buildings}
        for storey in index.storeys:
            parent = buildings.get(storey.building_id, site)
            node = self._add(parent, storey.name, "IfcBuildingStorey", storey.global_id)
            for element in index.elements_by_storey.get(storey.global_id, ()):
                label = element.long_name or element.name
                self._add(node, label, element.ifc_class, element.global_id)
        orphans = index.elements_by_storey.get(None, ())
        if orphans:
            loose = self._add(site, t("In no storey"), "", None)
            for element in orphans:
                self._add(loose, element.long_name or element.name, element.ifc_class,
                          element.global_id)
        self.expandToDepth(2)
        self.resizeColumnToContents(0)

    def _on_item_selection_changed(self) -> None:
        if self._updating:
            return
        gids = [i.data(0, GID_ROLE) for i in self.selectedItems() if i.data(0, GID_ROLE)]
        self.state.select(gids)

    def _on_selection_changed(self, selection: tuple) -> None:
        self._updating = True
        try:
            self.clearSelection()
            for gid in selection:
                node = self._items.get(gid)
                if node is not None:
                    node.setSelected(True)
                    self.scrollToItem(node)
                    self.setCurrentItem(node)
        finally:
            self._updating = False


class PropertiesPanel(QtWidgets.QTreeWidget):
    """Everything known about the selected element, and why its area counts as it does."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.setColumnCount(2)
        self.retranslate()
        state.selection_changed.connect(self._on_selection_changed)
        state.run_changed.connect(lambda: self._on_selection_changed(self.state.selection))

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHeaderLabels([t("Property"), t("Value")])

    def _group(self, title: str, rows) -> None:
        group = QtWidgets.QTreeWidgetItem(self, [title, ""])
        for key, value in rows:
            QtWidgets.QTreeWidgetItem(group, [str(key), "" if value is None else str(value)])
        group.setExpanded(True)

    def _on_selection_changed(self, selection: tuple) -> None:
        self.clear()
        analysis = self.state.analysis
        if analysis is None or not selection:
            return
        gid = selection[0]
        record = analysis.index.by_id.get(gid)
        storey = next((s for s in analysis.index.storeys if s.global_id == gid), None)
        if record is not None:
            self._group(t("Attributes"), [
                ("GlobalId", record.global_id), ("IFC class", record.ifc_class),
                ("Name", record.name), ("LongName", record.long_name),
                ("ObjectType", record.object_type), ("PredefinedType", record.predefined_type),
                (t("Storey"), next((s.name for s in analysis.index.storeys
                                    if s.global_id == record.storey_id), ""))])
            for name, values in record.psets.items():
                self._group(name or "(pset)", sorted(values.items()))
            for name, values in record.quantities.items():
                self._group(name or "(quantities)", sorted(values.items()))
        elif storey is not None:
            self._group(t("Storey"), [("GlobalId", storey.global_id), ("Name", storey.name),
                                      (t("Elevation (m)"), f"{storey.elevation_m:.3f}"),
                                      (t("Height (m)"), storey.height_m),
                                      (t("Height from"),
                                       tr(f"height.{storey.height_source}", current_lang()))])
        run = self.state.run
        if run is None or run.table is None:
            return
        lang = current_lang()
        for item in run.table.items:
            if gid in item.global_ids:
                entry = next((e for e in run.ledger if e.item_id == item.id), None)
                rows = [(t("Item"), item.id),
                        (t("Category"), f"{tr(f'cat.{item.category}', lang)} ({item.category})"),
                        (t("Area (m²)"), f"{item.area_m2:.2f}"),
                        (t("Coefficient"), f"{item.area_coefficient:g}"),
                        (t("Building area (m²)"), f"{item.building_area_m2:.2f}"),
                        (t("Clause"), item.clause),
                        (t("Decided by"), item.source),
                        (t("Inferred, please confirm") if item.inferred else t("Declared"),
                         "✔")]
                if entry is not None:
                    rows += [(t("Plot-ratio area (m²)"), f"{entry.far_area_m2:.2f}"),
                             (t("Exempt (m²)"), f"{entry.exempt_m2:.2f}"),
                             (t("Exemption rule"), entry.rule_id if entry.exempt_m2 else "")]
                rows += [(t("Evidence"), e.text(lang)) for e in item.evidence]
                self._group(f"{t('Area item')} {item.id}", rows)
        self.resizeColumnToContents(0)


class IndicatorsPanel(QtWidgets.QTableWidget):
    """Plot ratio, 计容 area, exempt areas, green ratio, service space: value, limit, result."""

    #: (indicator, English label); "exempt_total" is the sum of the exempt areas. Numbers
    #: read as ``present.formats`` says; limits and results come from ``run.verdict``.
    ROWS = (("plot_ratio", "Plot ratio"),
            ("far_area_m2", "Plot-ratio area (m²)"),
            ("total_building_area_m2", "Total building area (m²)"),
            ("exempt_total", "Exempt area (m²)"),
            ("building_density", "Building density"),
            ("green_ratio", "Green ratio"),
            ("service_area_m2", "Community service space (m²)"),
            ("building_height_m", "Building height (m)"))

    def __init__(self, state) -> None:
        super().__init__(len(self.ROWS), 4)
        self.state = state
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.retranslate()
        state.run_changed.connect(self._on_run_changed)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHorizontalHeaderLabels([t("Indicator"), t("Value"), t("Limit"), t("Result")])
        for row, (_, label, *_rest) in enumerate(self.ROWS):
            self.setItem(row, 0, QtWidgets.QTableWidgetItem(t(label)))
        self._on_run_changed()

    def value_text(self, key: str) -> str:
        """Return the text shown for an indicator (tests read the dashboard here)."""
        row = next(i for i, r in enumerate(self.ROWS) if r[0] == key)
        item = self.item(row, 1)
        return item.text() if item else ""

    def _on_run_changed(self) -> None:
        run = self.state.run
        if run is None:
            return
        indicators = dict(run.indicators)
        indicators["exempt_total"] = sum(run.indicators["exempt_area_m2"].values())
        for row, (key, _) in enumerate(self.ROWS):
            self.setItem(row, 1, QtWidgets.QTableWidgetItem(
                format_indicator(key, indicators.get(key))))
            verdict = run.verdict(key)
            self.setItem(row, 2, QtWidgets.QTableWidgetItem(
                "" if verdict.limit is None else format_indicator(key, verdict.limit)))
            status = verdict.status
            cell = QtWidgets.QTableWidgetItem(t(_STATUS_WORD[status]) if status else "")
            if status:
                cell.setBackground(QtGui.QColor(STATUS_FILL[status]))
            self.setItem(row, 3, cell)
        self.resizeColumnsToContents()


def _check_cells(checks) -> list[str]:
    """Rooms, building area ÷ rooms, and the verdict of a storey's plausibility line."""
    if checks is None:
        return ["—", "—", "—"]
    return ["—" if checks.rooms_m2 is None else f"{checks.rooms_m2:.2f}",
            "—" if checks.rooms_ratio is None else f"×{checks.rooms_ratio:.2f}",
            t("ok") if checks.plausible else t("see warning")]


class StoreysPanel(QtWidgets.QTableWidget):
    """One row per storey; selecting a row asks the main window to isolate it.

    Signals
    -------
    storey_chosen(object)
        The storey's GlobalId, or None for "all storeys".
    """

    storey_chosen = QtCore.Signal(object)

    def __init__(self, state) -> None:
        super().__init__(0, 8)
        self.state = state
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.retranslate()
        state.run_changed.connect(self._on_run_changed)
        self.itemSelectionChanged.connect(self._on_row)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHorizontalHeaderLabels([t("Storey"), t("Elevation (m)"), t("Height (m)"),
                                        t("Kind"), t("Building area (m²)"), t("Rooms (m²)"),
                                        t("÷ rooms"), t("Check")])

    def _on_run_changed(self) -> None:
        run = self.state.run
        table = run.table if run is not None else None
        self.setRowCount(0 if table is None else len(table.storeys))
        if table is None:
            return
        lang = current_lang()
        for row, storey in enumerate(table.storeys):
            record, checks = storey.storey, storey.checks
            cells = [record.name, f"{record.elevation_m:.3f}",
                     "—" if record.height_m is None else f"{record.height_m:.2f}",
                     tr(f"cat.{storey.kind}", lang), f"{storey.building_area_m2:.2f}",
                     *_check_cells(checks)]
            causes = "\n".join(render(Text(c), lang) for c in checks.causes) \
                if checks is not None else ""
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(GID_ROLE, record.global_id)
                if col == len(cells) - 1 and causes:
                    # The plausibility verdict says why on hover (the causes, in full).
                    item.setToolTip(causes)
                    item.setForeground(QtGui.QColor("#b06000"))
                self.setItem(row, col, item)
        self.resizeColumnsToContents()

    def _on_row(self) -> None:
        items = self.selectedItems()
        self.storey_chosen.emit(items[0].data(GID_ROLE) if items else None)


class DiagramPanel(QtWidgets.QScrollArea):
    """The area diagram of the chosen storey (drawn by cimcheck.present.diagrams)."""

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.label = QtWidgets.QLabel()
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.storey_id: str | None = None
        state.run_changed.connect(lambda: self.show_storey(self.storey_id))

    def show_storey(self, storey_id: str | None) -> None:
        """Draw the diagram of ``storey_id`` (the first storey with area when None)."""
        import io

        from cimcheck.present.diagrams import draw_storey

        self.storey_id = storey_id
        run = self.state.run
        if run is None or run.table is None:
            self.label.clear()
            return
        storeys = [s for s in run.table.storeys if s.items]
        chosen = next((s for s in storeys if s.storey.global_id == storey_id),
                      storeys[0] if storeys else None)
        if chosen is None:
            self.label.clear()
            return
        lang = current_lang()
        figure, _ = draw_storey(chosen, run, lang)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=70)
        pixmap = QtGui.QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self.label.setPixmap(pixmap)
