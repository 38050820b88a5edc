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

import itertools
from collections.abc import Iterator

from cimcheck_ui.translations import current_lang, t
from cimcheck_ui.workers import run_in_thread
from PySide6 import QtCore, QtGui, QtWidgets

from cimcheck.present.formats import format_indicator
from cimcheck.present.palette import STATUS_FILL
from cimcheck.text import MESSAGES, Text, Words, render, tr

__all__ = ["DiagramPanel", "IndicatorsPanel", "ModelTreeView", "PropertiesPanel",
           "ReviewPanel", "SpatialTreePanel", "StoreysPanel"]

GID_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
#: Status words (English source strings, Qt translates them).
_STATUS_WORD = {"PASS": "PASS", "FAIL": "FAIL", "WARN": "WARN", "NOT_APPLICABLE": "N/A",
                "ERROR": "ERROR"}


#: Element rows the model tree adds per event-loop turn (see SpatialTreePanel._fill).
#: With the window's repaint after it, a turn of 3,000 rows held the UI thread 100-125 ms
#: on the 22,000-element block.
FILL_BATCH = 1500
#: Rows of a replaced model's tree deleted per turn (``_delete_rows``): 1,500 took
#: 61-79 ms of one turn on the 22,000-element block.
DELETE_BATCH = 500
#: A model with at most this many element rows has them made at once, and opens with
#: them listed; a larger one opens with its storeys (see _on_analysis_changed).
LISTED_AT_ONCE = 3000


def _own_header(orientation: QtCore.Qt.Orientation,
                view: QtWidgets.QAbstractItemView) -> QtWidgets.QHeaderView:
    """Make a header for ``view``, to be set on it and kept by the caller.

    Asking a view for its own header (``header()``, ``verticalHeader()``) goes through
    PySide's table of wrappers by address, which twice in tests/ui runs handed back the
    stale wrapper of a deleted ``QSurface`` at the same address. A header made here is
    wrapped when it is made. Clickable and highlighting, as the views' own headers.
    """
    header = QtWidgets.QHeaderView(orientation, view)
    header.setSectionsClickable(True)
    header.setHighlightSections(True)
    return header


def _delete_rows(rows: list, wrappers: dict) -> Iterator[None]:
    """Delete detached tree rows and their descendants, ``DELETE_BATCH`` rows a turn or so.

    A storey's row goes with its element rows in one call (a turn may end one storey past
    the batch); a row of rows (the site, a building) lets its children go first. Deleted
    outright (``shiboken6.delete``), not when the last Python reference goes: a row still
    referenced somewhere is not kept.
    """
    import shiboken6

    wrappers.clear()
    yield
    deleted = 0
    while rows:
        row = rows.pop()
        size = row.childCount()
        # Any child with rows of its own (a building's first storey may be empty).
        if any(row.child(i).childCount() for i in range(size)):
            rows.extend(row.takeChildren())
            size = 0
        shiboken6.delete(row)
        deleted += 1 + size
        if deleted >= DELETE_BATCH:
            deleted = 0
            yield


class SpatialTreePanel(QtWidgets.QTreeWidget):
    """The spatial tree; selecting nodes selects their elements (or storeys) everywhere.

    Several nodes can be selected (Ctrl/Shift-click). ``search`` hides what does not match
    a text (name, class or GlobalId) and keeps the path to what does; ``select_matches``
    selects every element found (the search box's Enter).
    """

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self._items: dict[str, QtWidgets.QTreeWidgetItem] = {}
        self._updating = False
        self._matches: list[str] = []
        #: Storey nodes whose element rows are still to be added, with those elements.
        self._pending: list[tuple[QtWidgets.QTreeWidgetItem, tuple]] = []
        self._depth = 2      # how deep the tree opens (see _on_analysis_changed)
        self._fill_timer = QtCore.QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_turn)
        self.setColumnCount(2)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformRowHeights(True)
        self.retranslate()
        self.itemSelectionChanged.connect(self._on_item_selection_changed)
        state.analysis_changed.connect(self._on_analysis_changed)
        state.selection_changed.connect(self._on_selection_changed)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHeaderLabels([t("Name"), t("Class")])

    def _add(self, parent, name: str, ifc_class: str, gid: str | None):
        node = self._item(name, ifc_class, gid)
        if parent is not None:
            parent.addChild(node)
        return node

    def _item(self, name: str, ifc_class: str, gid: str | None):
        node = QtWidgets.QTreeWidgetItem([name or "—", ifc_class])
        if gid:
            node.setData(0, GID_ROLE, gid)
            node.setToolTip(0, gid)
            self._items[gid] = node
        return node

    def _on_analysis_changed(self) -> None:
        # The old rows are taken out now and deleted on later turns: deleting the 22,000
        # rows of a large model took 50 ms of the hand-over, and 70-120 ms in one turn.
        old = [self.takeTopLevelItem(0) for _ in range(self.topLevelItemCount())]
        wrappers, self._items = self._items, {}
        self.state.turns.add(("old tree rows", id(self)), lambda: _delete_rows(old, wrappers))
        self._matches = []
        self._pending = []
        analysis = self.state.analysis
        if analysis is None:
            return
        index = analysis.index
        # Built detached and added once: an item added to the shown tree signals the view
        # each time (22,000 of them on a large model).
        site = self._add(None, index.sites[0].name if index.sites else t("Site"), "IfcSite",
                         index.sites[0].global_id if index.sites else None)
        buildings = {b.global_id: self._add(site, b.name, "IfcBuilding", b.global_id)
                     for b in index.buildings}
        for storey in index.storeys:
            parent = buildings.get(storey.building_id, site)
            node = self._add(parent, storey.name, "IfcBuildingStorey", storey.global_id)
            self._pending.append((node, index.elements_by_storey.get(storey.global_id, ())))
        orphans = index.elements_by_storey.get(None, ())
        if orphans:
            self._pending.append((self._add(site, t("In no storey"), "", None), orphans))
        # A small model's rows are made at once, still detached (no signals); a large
        # model's on later turns (``_fill_later``): its first 3,000 rows were 35-70 ms of
        # the hand-over on the 22,000-element block.
        if sum(len(elements) for _node, elements in self._pending) <= LISTED_AT_ONCE:
            self._fill(LISTED_AT_ONCE)
        self.addTopLevelItem(site)
        # A small model opens with its elements listed; a large one with its storeys
        # (thousands of rows are a list to search, not to scroll).
        self._depth = 1 if self._pending else 2
        self.expandToDepth(self._depth)
        self._fill_later()

    def _fill(self, budget: int) -> None:
        """Add the element rows of waiting storeys, ``budget`` rows or a little more.

        A large model's 22,000 element rows took 0.2 s to make in one go on the UI thread:
        they are added a few thousand at a time (``_fill_later``), one event-loop turn
        each, after the storeys. A small model is filled at once.
        """
        added = 0
        while self._pending and added < budget:
            node, elements = self._pending.pop(0)
            items = [self._item(element.long_name or element.name, element.ifc_class,
                                element.global_id) for element in elements]
            node.addChildren(items)
            added += len(items)

    def _fill_later(self) -> None:
        """Fill one batch now and the rest on later turns; size the names when done."""
        if self._pending:
            self._fill_timer.start()
        else:
            self.resizeColumnToContents(0)

    def _fill_turn(self) -> None:
        if self._pending:
            self._fill(FILL_BATCH)
            self._fill_later()

    def _fill_all(self) -> None:
        """Add every element still waiting (a search or a selection needs them all)."""
        if self._pending:
            self._fill(1 << 62)
            self.resizeColumnToContents(0)

    def search(self, text: str) -> int:
        """Show only the nodes matching ``text`` and their ancestors; return the match count.

        An empty text shows everything again. Matching is case-insensitive on the name, the
        IFC class and the GlobalId.
        """
        needle = text.strip().casefold()
        self._matches = []
        self._fill_all()
        self.setUpdatesEnabled(False)
        try:
            for i in range(self.topLevelItemCount()):
                self._filter(self.topLevelItem(i), needle)
            if not needle:
                self.collapseAll()
                self.expandToDepth(self._depth)
        finally:
            self.setUpdatesEnabled(True)
        return len(self._matches)

    def _filter(self, node: QtWidgets.QTreeWidgetItem, needle: str) -> bool:
        """Hide ``node`` unless it or a descendant matches; return whether it is shown."""
        gid = node.data(0, GID_ROLE) or ""
        hit = bool(needle) and any(needle in value.casefold()
                                   for value in (node.text(0), node.text(1), gid))
        if hit and gid:
            self._matches.append(gid)
        shown_child = False
        for i in range(node.childCount()):
            shown_child = self._filter(node.child(i), needle) or shown_child
        shown = not needle or hit or shown_child
        node.setHidden(not shown)
        if needle and shown_child:
            node.setExpanded(True)
        return shown

    def select_matches(self) -> None:
        """Select every element the search found (in the tree, the 3D view and the tables)."""
        if self._matches:
            self.state.select(tuple(self._matches))

    def _on_item_selection_changed(self) -> None:
        if self._updating:
            return
        gids = [i.data(0, GID_ROLE) for i in self.selectedItems() if i.data(0, GID_ROLE)]
        self.state.select(gids)

    def _on_selection_changed(self, selection: tuple) -> None:
        if any(gid not in self._items for gid in selection):
            self._fill_all()
        self._updating = True
        try:
            self.clearSelection()
            first = None
            for gid in selection:
                node = self._items.get(gid)
                if node is not None:
                    node.setSelected(True)
                    first = first or node
            if first is not None:
                self.setCurrentItem(first, 0,
                                    QtCore.QItemSelectionModel.SelectionFlag.NoUpdate)
                self.scrollToItem(first)
        finally:
            self._updating = False


class ModelTreeView(QtWidgets.QWidget):
    """The model tree with its search box (type to filter; Enter selects what is found)."""

    def __init__(self, tree: SpatialTreePanel) -> None:
        super().__init__()
        self.tree = tree
        self.search_edit = QtWidgets.QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QtWidgets.QLabel()
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)   # filter once typing pauses (22,000 nodes: 50-75 ms)
        self._timer.timeout.connect(self._apply)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._select)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(tree)
        tree.state.analysis_changed.connect(lambda: self.search_edit.clear())
        self.retranslate()

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.search_edit.setPlaceholderText(t("Search name, class or GlobalId…"))
        self.search_edit.setToolTip(t("Enter selects every element found"))

    def _apply(self) -> None:
        text = self.search_edit.text()
        count = self.tree.search(text)
        self.count_label.setText(t("{n} found").format(n=count) if text.strip() else "")

    def _select(self) -> None:
        self._timer.stop()
        self._apply()
        self.tree.select_matches()


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
                ("GlobalId", record.global_id), (t("IFC class"), record.ifc_class),
                (t("Name"), record.name), (t("Long name"), record.long_name),
                (t("Object type"), record.object_type),
                (t("Predefined type"), record.predefined_type),
                (t("Storey"), next((s.name for s in analysis.index.storeys
                                    if s.global_id == record.storey_id), ""))])
            for name, values in record.psets.items():
                self._group(name or "(pset)", sorted(values.items()))
            for name, values in record.quantities.items():
                self._group(name or "(quantities)", sorted(values.items()))
        elif gid in self.state.context_meshes:
            self._group(t("Attributes"), [
                ("GlobalId", gid), (t("IFC class"), self.state.context_meshes[gid].ifc_class),
                (t("Comment"), t("Shown for context: not used by the area rules"))])
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
                        (t("Decided by"), tr(f"source.{item.source}", lang)
                                             if f"source.{item.source}" in MESSAGES
                                             else item.source),
                        (t("Inferred, please confirm") if item.inferred else t("Declared"),
                         "✔")]
                if entry is not None:
                    rows += [(t("Plot-ratio area (m²)"), f"{entry.far_area_m2:.2f}"),
                             (t("Exempt (m²)"), f"{entry.exempt_m2:.2f}"),
                             (t("Exemption rule"), entry.rule_id if entry.exempt_m2 else "")]
                rows += [(t("Evidence"), e.text(lang)) for e in item.evidence]
                self._group(f"{t('Area item')} {item.id}", rows)
        self.resizeColumnToContents(0)


#: The indicators the dashboard shows a rule's verdict for (limit, margin, status).
VERDICT_KEYS = ("site_area_m2", "plot_ratio", "footprint_m2", "building_density",
                "green_ratio", "building_height_m", "households", "service_area_m2")


class IndicatorsPanel(QtWidgets.QWidget):
    """The dashboard: the pack, the overall verdict and every indicator, adding up.

    用地面积; 总建筑面积 = 地上 + 地下 = 计容 + 不计容 (basements, storey-height
    adjustment, each exemption); every limited indicator with its limit, margin and verdict.
    A row that stands for elements (an exemption, the service rooms, greening) selects them
    when clicked; every number says how it is computed on hover.
    """

    HEADERS = ("Indicator", "Value", "Limit", "Margin", "Result")
    #: Row labels (English source strings, Qt translates them), for the translation test.
    ROWS = (("site_area_m2", "Site area (m²)"),
            ("total_building_area_m2", "Total building area (m²)"),
            ("above", "of which above ground"), ("below_ground", "of which below ground"),
            ("far_area_m2", "Plot-ratio area (m²)"), ("non_far", "Not counted (m²)"),
            ("non_far_below", "basements and storeys not counted"),
            ("non_far_height", "storey-height adjustment"),
            ("plot_ratio", "Plot ratio"), ("footprint_m2", "Footprint (m²)"),
            ("building_density", "Building density"), ("green_area_m2", "Green area (m²)"),
            ("green_ratio", "Green ratio"), ("building_height_m", "Building height (m)"),
            ("households", "Households"),
            ("service_area_m2", "Community service space (m²)"))
    _PARENT = {"above": "total_building_area_m2", "below_ground": "total_building_area_m2",
               "non_far_below": "non_far", "non_far_height": "non_far"}
    _FORMULA = {"total_building_area_m2": "formula.total", "far_area_m2": "formula.far",
                "non_far": "formula.non_far", "plot_ratio": "formula.plot_ratio",
                "building_density": "formula.density", "green_ratio": "formula.green_ratio",
                "service_area_m2": "formula.service", "building_height_m": "formula.height"}

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self._verdicts: dict = {}
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.pack_label = QtWidgets.QLabel()
        self.pack_label.setWordWrap(True)
        self.verdict_label = QtWidgets.QLabel()
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setColumnCount(len(self.HEADERS))
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        # A header made and kept here: ``header()`` handed back the stale wrapper of a
        # deleted QSurface at the same address once in a tests/ui run ("'QSurface' object
        # has no attribute 'setSectionResizeMode'"), as in the findings view.
        self.header = _own_header(QtCore.Qt.Orientation.Horizontal, self.tree)
        self.header.setDefaultAlignment(QtCore.Qt.AlignmentFlag.AlignLeft
                                        | QtCore.Qt.AlignmentFlag.AlignVCenter)
        self.header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.header.setStretchLastSection(False)
        self.tree.setHeader(self.header)
        self.tree.itemClicked.connect(self._on_clicked)
        for widget in (self.pack_label, self.verdict_label, self.tree):
            layout.addWidget(widget)
        self.rows: dict[str, QtWidgets.QTreeWidgetItem] = {}
        self._widest = 0
        self.retranslate()
        state.run_changed.connect(self._on_run_changed)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.tree.setHeaderLabels([t(h) for h in self.HEADERS])
        self._fill()

    def _on_run_changed(self) -> None:
        # On a turn of its own (``AppState.turns``): the 不计容 breakdown and the verdicts
        # read every ledger row and finding (30 ms of the hand-over on the 22,000-element
        # block).
        self.state.turns.add(("dashboard", id(self)), self._fill)

    def value_text(self, key: str) -> str:
        """Return the text shown for an indicator (tests read the dashboard here)."""
        row = self.rows.get(key)
        return row.text(1) if row is not None else ""

    def _row(self, key: str, label: str, value: str, parent: str | None = None,
             gids: tuple[str, ...] = ()) -> QtWidgets.QTreeWidgetItem:
        holder = self.rows.get(parent) if parent else None
        row = QtWidgets.QTreeWidgetItem(holder if holder is not None else self.tree)
        row.setText(0, label)
        row.setText(1, value)
        row.setTextAlignment(1, QtCore.Qt.AlignmentFlag.AlignRight
                             | QtCore.Qt.AlignmentFlag.AlignVCenter)
        row.setData(0, GID_ROLE, gids)
        formula = self._FORMULA.get(key)
        if formula is not None:
            row.setToolTip(1, tr(formula, current_lang()))
        if gids:
            row.setToolTip(0, t("Click to select these elements"))
            font = row.font(0)
            font.setUnderline(True)
            row.setFont(0, font)
        self.rows[key] = row
        return row

    def _verdict(self, row: QtWidgets.QTreeWidgetItem, key: str) -> None:
        verdict = self._verdicts[key]
        if verdict.limit is not None:
            row.setText(2, format_indicator(key, verdict.limit))
        margin = next((f.text.param("margin") for f in verdict.findings
                       if f.text.param("margin") is not None), None)
        if margin is not None:
            # Short in the cell (+1476.00 m², 超 26.00 m²), the sentence on hover.
            lang = current_lang()
            short = Text(margin.key.replace("finding.margin_", "dash.margin_"), margin.params)
            row.setText(3, render(short, lang))
            row.setToolTip(3, render(margin, lang))
        if verdict.status is not None:
            row.setText(4, t(_STATUS_WORD[verdict.status]))
            row.setBackground(4, QtGui.QColor(STATUS_FILL[verdict.status]))

    def _fill(self) -> None:
        self.tree.clear()
        self.rows = {}
        run = self.state.run
        if run is None:
            self.pack_label.setText("")
            self.verdict_label.setText("")
            return
        lang = current_lang()
        title = Words.of(run.pack.get("title", "")).pick(lang) \
            if isinstance(run.pack.get("title"), dict) else ""
        self.pack_label.setText(f"{t('Rule pack')}: {run.pack['id']} {run.pack['version']}"
                                f"{' — ' + title if title else ''}")
        worst = str(run.worst)
        self.verdict_label.setText(f"{t('Overall result')}: {t(_STATUS_WORD[worst])}")
        self.verdict_label.setStyleSheet(f"background: {STATUS_FILL[worst]}; padding: 3px;")
        ind = run.indicators
        parts = run.breakdown()
        self._verdicts = run.verdicts(VERDICT_KEYS)
        labels = dict(self.ROWS)
        items = {i.id: i for i in (run.table.items if run.table is not None else ())}

        def gids_where(test) -> tuple[str, ...]:
            return tuple(g for e in run.ledger if test(e) and e.item_id in items
                         for g in items[e.item_id].global_ids)

        def area(value) -> str:
            return format_indicator("area", value)

        self._verdict(self._row("site_area_m2", t(labels["site_area_m2"]),
                                format_indicator("site_area_m2", ind.get("site_area_m2"))),
                      "site_area_m2")
        self._row("total_building_area_m2", t(labels["total_building_area_m2"]),
                  area(parts.total))
        self._row("above", t(labels["above"]), area(parts.above), "total_building_area_m2")
        self._row("below_ground", t(labels["below_ground"]), area(parts.below_ground),
                  "total_building_area_m2")
        self._row("far_area_m2", t(labels["far_area_m2"]), area(parts.far))
        self._row("non_far", t(labels["non_far"]), area(parts.non_far))
        if parts.below:
            self._row("non_far_below", t(labels["non_far_below"]), area(parts.below),
                      "non_far", gids_where(lambda e: e.far_multiplier == 0))
        if parts.height:
            self._row("non_far_height", t(labels["non_far_height"]), area(parts.height),
                      "non_far")
        for code, amount in sorted(parts.exempt.items()):
            self._row(f"exempt:{code}",
                      tr("diagram.exempt", lang, category=Text(f"cat.{code}")), area(amount),
                      "non_far", gids_where(lambda e, c=code: e.category == c
                                            and e.exempt_m2 > 0))
        for key in ("plot_ratio", "footprint_m2", "building_density"):
            self._verdict(self._row(key, t(labels[key]), format_indicator(key, ind.get(key))),
                          key)
        self._row("green_area_m2", t(labels["green_area_m2"]),
                  area(ind.get("green_area_m2")),
                  gids=tuple(g for i in items.values() if i.category == "green"
                             for g in i.global_ids))
        for key in ("green_ratio", "building_height_m", "households"):
            self._verdict(self._row(key, t(labels[key]), format_indicator(key, ind.get(key))),
                          key)
        self._verdict(self._row("service_area_m2", t(labels["service_area_m2"]),
                                area(ind.get("service_area_m2")),
                                gids=tuple(g for i in items.values()
                                           if i.category == "community_service"
                                           for g in i.global_ids)), "service_area_m2")
        self.tree.expandAll()
        for column in range(len(self.HEADERS)):
            self.tree.resizeColumnToContents(column)
        width = sum(self.header.sectionSize(c) for c in range(len(self.HEADERS)))
        # Room for every column whole, and for the vertical scroll bar when it shows. The
        # style says how wide a scroll bar is: asking the tree's own bar went through a
        # Python wrapper that PySide had kept for another object at the same address, once
        # in a stability run ("'QSurface' object has no attribute 'sizeHint'").
        scroll = self.tree.style().pixelMetric(
            QtWidgets.QStyle.PixelMetric.PM_ScrollBarExtent, None, self.tree)
        # Never narrower than it has been: a dashboard that changes width with each model
        # resizes the 3D view beside it, and each resize draws the whole scene again.
        self._widest = max(self._widest, width + scroll + self.tree.frameWidth() * 2 + 4)
        self.tree.setMinimumWidth(self._widest)

    def _on_clicked(self, row: QtWidgets.QTreeWidgetItem, _column: int) -> None:
        gids = row.data(0, GID_ROLE)
        if gids:
            self.state.select(gids)


def _check_cells(checks) -> list[str]:
    """Rooms, building area ÷ rooms, and the verdict of a storey's plausibility line."""
    if checks is None:
        return ["—", "—", "—"]
    return ["—" if checks.rooms_m2 is None else f"{checks.rooms_m2:.2f}",
            "—" if checks.rooms_ratio is None else f"×{checks.rooms_ratio:.2f}",
            t("ok") if checks.plausible else t("see warning")]


#: Storey rows filled per turn of the event loop (100 rows, 1,000 cells: turns of
#: 0.1–0.18 s on the 22k block's re-check while other work shared the interpreter).
ROWS_PER_TURN = 25
#: Rows measured for the storey table's column widths (storeys look alike).
RESIZE_PRECISION_ROWS = 50


class StoreysPanel(QtWidgets.QTableWidget):
    """One row per storey; selecting a row asks the main window to isolate it.

    Signals
    -------
    storey_chosen(object)
        The storey's GlobalId, or None for "all storeys".
    """

    storey_chosen = QtCore.Signal(object)

    def __init__(self, state) -> None:
        super().__init__(0, 10)
        self.state = state
        self.row_header = _own_header(QtCore.Qt.Orientation.Vertical, self)
        self.setVerticalHeader(self.row_header)
        self.row_header.setVisible(False)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        # Column widths from the first rows only: measuring all 600 storeys' 6,000 cells
        # took 50-60 ms of the UI thread on the 25-tower community.
        self.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.retranslate()
        state.run_changed.connect(self._on_run_changed)
        self.itemSelectionChanged.connect(self._on_row)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.setHorizontalHeaderLabels([t("Storey"), t("Elevation (m)"), t("Height (m)"),
                                        t("Kind"), t("Building area (m²)"),
                                        t("Plot-ratio area (m²)"), t("Not counted (m²)"),
                                        t("Rooms (m²)"), t("÷ rooms"), t("Check")])

    def _on_run_changed(self) -> None:
        self.state.turns.add(("storeys", id(self)), self._fill_rows)

    def _fill_rows(self) -> Iterator[None]:
        """Fill the table, ``ROWS_PER_TURN`` storeys a turn of the event loop.

        400 storeys' cells took 0.14 s of the UI thread in one go.
        """
        run = self.state.run
        table = run.table if run is not None else None
        self.setRowCount(0 if table is None else len(table.storeys))
        if table is None:
            return
        lang = current_lang()
        far: dict[str, float] = {}
        for entry in run.ledger:            # 10,400 entries on the 22k block: a turn
            storey_key = entry.item_id.partition("-")[0]
            far[storey_key] = far.get(storey_key, 0.0) + entry.far_area_m2
        yield
        for row, storey in enumerate(table.storeys):
            if row and not row % ROWS_PER_TURN:
                yield
            record, checks = storey.storey, storey.checks
            counted = far.get(f"S{row + 1:02d}", 0.0)
            cells = [record.name, f"{record.elevation_m:.3f}",
                     "—" if record.height_m is None else f"{record.height_m:.2f}",
                     tr(f"cat.{storey.kind}", lang), f"{storey.building_area_m2:.2f}",
                     f"{counted:.2f}", f"{storey.building_area_m2 - counted:.2f}",
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


#: How long after a change the area diagram starts drawing (the views paint first).
DIAGRAM_DELAY_MS = 250


class _DrawnRelay(QtCore.QObject):
    """Carries a finished drawing from its thread to the UI thread; lives as long as the app.

    A drawing thread emitting the panel's own signal raced with the panel's deletion (a
    window closed meanwhile): PySide checks the sender is alive, then emits, and a deletion
    in between is a use after free. This object is never deleted; a panel deleted
    meanwhile is disconnected from it by Qt.
    """

    drawn = QtCore.Signal(int, int, bytes)      # panel key, request, PNG


_drawn_relay: _DrawnRelay | None = None
_panel_keys = itertools.count(1)     # never reused, unlike id()


def _relay() -> _DrawnRelay:
    global _drawn_relay
    if _drawn_relay is None:
        _drawn_relay = _DrawnRelay()
    return _drawn_relay


class DiagramPanel(QtWidgets.QScrollArea):
    """The area diagram of the chosen storey (drawn by cimcheck.present.diagrams).

    Drawing a storey of a large model (thousands of labels placed without collisions)
    takes seconds: it runs in a thread, and the picture replaces the last one when it
    arrives, unless another storey was asked for meanwhile.

    Signals
    -------
    drawn(int, bytes)
        A drawing finished: its request number and the PNG (empty if it failed).
    """

    drawn = QtCore.Signal(int, bytes)

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        self.label = QtWidgets.QLabel()
        self.label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.storey_id: str | None = None
        self._dirty = False
        self.requested = 0          # the drawing asked for last
        self.shown = 0              # the drawing on screen
        self._waiting = None        # the drawing asked for, not started yet
        self._start_timer = QtCore.QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(DIAGRAM_DELAY_MS)
        self._start_timer.timeout.connect(self._start)
        self.drawn.connect(self._on_drawn)
        self._key = next(_panel_keys)
        _relay().drawn.connect(self._on_relayed)
        state.analysis_changed.connect(self._on_analysis_changed)
        state.run_changed.connect(lambda: self.show_storey(self.storey_id))

    def _on_analysis_changed(self) -> None:
        """Forget the storey shown: a new model draws its first storey with area."""
        self.storey_id = None

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        """Draw a diagram that changed while the tab was hidden."""
        super().showEvent(event)
        if self._dirty:
            self.show_storey(self.storey_id)

    @property
    def pending(self) -> bool:
        """True while the diagram asked for last is being drawn."""
        return self.shown != self.requested

    def show_storey(self, storey_id: str | None) -> None:
        """Draw the diagram of ``storey_id`` (the first storey with area when None).

        A hidden tab only notes that it must draw when it is shown.
        """
        self.storey_id = storey_id
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        run = self.state.run
        storeys = [s for s in run.table.storeys if s.items] \
            if run is not None and run.table is not None else []
        chosen = next((s for s in storeys if s.storey.global_id == storey_id),
                      storeys[0] if storeys else None)
        self.requested += 1
        if chosen is None:
            self.shown = self.requested
            self._waiting = None
            self.label.clear()
            return
        request, lang, key, emit = self.requested, current_lang(), self._key, _relay().drawn.emit

        def draw() -> None:
            import io

            from cimcheck.present.diagrams import draw_storey

            png = b""
            try:
                figure, _ = draw_storey(chosen, run, lang)
                buffer = io.BytesIO()
                figure.savefig(buffer, format="png", dpi=70)
                png = buffer.getvalue()
            finally:
                emit(key, request, png)

        # Started once the views have painted what changed: a thread computing in Python
        # makes every paint wait for the GIL (a new model's first frame took 2 s longer).
        # A newer request replaces this one before it starts.
        self._waiting = draw
        self._start_timer.start()

    def _on_relayed(self, key: int, request: int, png: bytes) -> None:
        if key == self._key:
            self.drawn.emit(request, png)

    def _start(self) -> None:
        if self.state.turns.busy:
            # The views still follow a new run over turns of the event loop: a thread
            # drawing beside them (matplotlib holds the interpreter inside its C++) made
            # every call of theirs back into Python wait (the findings list's 0.4 s).
            self._start_timer.start()
            return
        draw, self._waiting = self._waiting, None
        if draw is not None:
            run_in_thread(draw, "area diagram")

    def _on_drawn(self, request: int, png: bytes) -> None:
        if request != self.requested:
            return                        # another storey was asked for meanwhile
        self.shown = request
        pixmap = QtGui.QPixmap()
        if png:
            pixmap.loadFromData(png, "PNG")
        self.label.setPixmap(pixmap)


class ReviewPanel(QtWidgets.QWidget):
    """审查记录: the reviewer's classifications (project-file overrides), to see and undo.

    One row per override: the element, the category it was given, the comment. Clicking a
    row selects the element; "Remove" takes the override out of the project file (and can
    be undone like any change).
    """

    HEADERS = ("Element", "Class", "Category", "Comment")

    def __init__(self, state) -> None:
        super().__init__()
        self.state = state
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.table = QtWidgets.QTableWidget(0, len(self.HEADERS))
        self.row_header = _own_header(QtCore.Qt.Orientation.Vertical, self.table)
        self.table.setVerticalHeader(self.row_header)
        self.row_header.setVisible(False)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.header = _own_header(QtCore.Qt.Orientation.Horizontal, self.table)
        self.table.setHorizontalHeader(self.header)
        self.header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_row)
        self.remove_button = QtWidgets.QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addWidget(self.table)
        layout.addWidget(self.remove_button)
        self.retranslate()
        state.run_changed.connect(self._fill)

    def retranslate(self) -> None:
        """Set the texts of the current language."""
        self.table.setHorizontalHeaderLabels([t(h) for h in self.HEADERS])
        self.remove_button.setText(t("Remove the selected classification"))
        self._fill()

    def _fill(self) -> None:
        overrides = self.state.project.overrides
        index = self.state.analysis.index if self.state.analysis is not None else None
        lang = current_lang()
        self.table.setRowCount(len(overrides))
        for row, (gid, (category, comment)) in enumerate(sorted(overrides.items())):
            record = index.by_id.get(gid) if index is not None else None
            name = (record.long_name or record.name) if record is not None else gid
            cells = [name or gid, record.ifc_class if record is not None else "",
                     tr(f"cat.{category}", lang) if f"cat.{category}" in MESSAGES
                     else category, comment]
            for col, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(GID_ROLE, gid)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.remove_button.setEnabled(bool(overrides))

    def _on_row(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.state.select([items[0].data(GID_ROLE)])

    def remove_selected(self) -> None:
        """Take the selected row's override out of the project file, and re-check."""
        from dataclasses import replace

        items = self.table.selectedItems()
        if not items:
            return
        gid = items[0].data(GID_ROLE)
        overrides = {k: v for k, v in self.state.project.overrides.items() if k != gid}
        self.state.update_project(replace(self.state.project, overrides=overrides))
