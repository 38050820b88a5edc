"""MainWindow: menus, toolbar, the 3D view in the centre and the panels docked around it.

The window wires views to AppState and runs long work through ``workers``; it holds no
model data itself. Layout and recent files persist in QSettings.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from cimcheck_ui.dialogs.error_dialog import ErrorDialog
from cimcheck_ui.fonts import install_app_font
from cimcheck_ui.state import AppState
from cimcheck_ui.translations import install_language, t
from cimcheck_ui.views.findings_table import FindingsView
from cimcheck_ui.views.panels import (
    DiagramPanel,
    IndicatorsPanel,
    ModelTreeView,
    PropertiesPanel,
    ReviewPanel,
    SpatialTreePanel,
    StoreysPanel,
)
from cimcheck_ui.views.viewer3d import Viewer3D
from cimcheck_ui.workers import OpenWorker, hold_collection, release_collection, start_open
from PySide6 import QtCore, QtGui, QtWidgets

from cimcheck import forkmap
from cimcheck.version import __version__

__all__ = ["MainWindow"]

ORGANISATION, APPLICATION = "cimcheck", "cimcheck"
MAX_RECENT = 8


def default_size(screen) -> tuple[int, int]:
    """Return the first-run window size: 1500 × 950, or less to fit the screen.

    In logical pixels: at 125 % scaling a 1920 × 1080 screen offers 1536 × 864 (less the
    task bar), so a fixed 950 would make the window taller than the screen.
    """
    if screen is None:
        return 1500, 950
    available = screen.availableGeometry()
    return (min(1500, int(available.width() * 0.95)),
            min(950, int(available.height() * 0.92)))


#: How long a worker may hold the interpreter lock while the UI thread waits for it.
UI_SWITCH_INTERVAL_S = 0.0001


class MainWindow(QtWidgets.QMainWindow):
    """The main window.

    Attributes
    ----------
    state : AppState
    viewer : Viewer3D
    tree, properties, indicators, findings, storeys, diagram : panels
    progress : QProgressBar
    cancel_button : QPushButton
    last_error : str or None
        The last error message shown (tests read it).
    """

    #: Emitted in the UI thread when an open-and-check finished.
    opened = QtCore.Signal()
    #: Emitted in the UI thread with the user message when opening failed.
    open_failed = QtCore.Signal(str)
    #: Emitted in the UI thread when an open was cancelled.
    open_cancelled = QtCore.Signal()

    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        # Qt's threads are invisible to Python's threading: the core must not fork here
        # (its IDS worker is then a new interpreter, its storeys measured in one process).
        forkmap.refuse("the desktop app runs Qt threads")
        # The UI thread runs Python for each of Qt's calls back into a model (tens of
        # thousands when a group of 10,000 findings is expanded), and takes the interpreter
        # lock for each. While a worker computed in Python (a re-check, the area diagram),
        # each waited up to the switch interval (5 ms by default): a click that takes 30 ms
        # took 6 s; at 0.5 ms, 0.35–0.5 s; at 0.1 ms, 0.11–0.15 s (the findings view beside
        # a thread computing in Python). A worker gives up the lock that often only while
        # the UI thread asks for it.
        sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
        install_app_font(QtWidgets.QApplication.instance())
        self.lang = lang
        self.state = AppState()
        self.worker: OpenWorker | None = None
        self.thread: QtCore.QThread | None = None
        self.last_error: str | None = None
        self._busy = False
        self._closed = False
        self._announce = False      # send ``opened`` when the views have drawn the model
        self._jobs: list[tuple[QtCore.QThread, OpenWorker]] = []
        self.error_dialog: ErrorDialog | None = None
        self.settings = QtCore.QSettings(ORGANISATION, APPLICATION)
        self.setAcceptDrops(True)
        self.resize(*default_size(QtGui.QGuiApplication.primaryScreen()))

        self.viewer = Viewer3D(self.state)
        self.setCentralWidget(self.viewer)
        self.tree = SpatialTreePanel(self.state)
        self.tree_view = ModelTreeView(self.tree)
        self.properties = PropertiesPanel(self.state)
        self.indicators = IndicatorsPanel(self.state)
        self.findings = FindingsView(self.state)
        self.storeys = StoreysPanel(self.state)
        self.diagram = DiagramPanel(self.state)
        self.review = ReviewPanel(self.state)
        self.docks = {}
        for key, widget, area in (
                ("tree", self.tree_view, QtCore.Qt.DockWidgetArea.LeftDockWidgetArea),
                ("indicators", self.indicators, QtCore.Qt.DockWidgetArea.RightDockWidgetArea),
                ("properties", self.properties, QtCore.Qt.DockWidgetArea.RightDockWidgetArea),
                ("findings", self.findings, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea),
                ("storeys", self.storeys, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea),
                ("diagram", self.diagram, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea),
                ("review", self.review, QtCore.Qt.DockWidgetArea.BottomDockWidgetArea)):
            dock = QtWidgets.QDockWidget(self)
            dock.setObjectName(f"dock_{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["findings"], self.docks["storeys"])
        self.tabifyDockWidget(self.docks["storeys"], self.docks["diagram"])
        self.tabifyDockWidget(self.docks["diagram"], self.docks["review"])
        self.docks["findings"].raise_()
        self.storeys.storey_chosen.connect(self._on_storey_chosen)

        self.progress = QtWidgets.QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button = QtWidgets.QPushButton()
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.stage_label = QtWidgets.QLabel()
        self._progress_stage, self._progress_at = "", 0.0
        # The bar and the button keep their room while hidden: showing them must not change
        # the status bar's height, which would resize the 3D view and draw it again (a
        # frame of a large model is 0.2 s under software OpenGL).
        for widget in (self.progress, self.cancel_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.statusBar().addPermanentWidget(self.stage_label)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._build_actions()
        self.state.lang = lang
        self.state.run_changed.connect(self._update_actions)
        self.state.turns.done.connect(self._on_views_done)
        self.state.rechecking_changed.connect(self._on_rechecking)
        self.state.recheck_failed.connect(self._on_recheck_failed)
        self.state.selection_changed.connect(lambda _s: self._update_actions())
        self.retranslate()
        self._restore()

    # -- actions and menus --------------------------------------------------------
    def _action(self, slot, shortcut: str | None = None, checkable=False) -> QtGui.QAction:
        action = QtGui.QAction(self)
        if shortcut:
            action.setShortcut(shortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        a = self.actions_by_key = {}
        a["open"] = self._action(self.open_dialog, "Ctrl+O")
        a["export_xlsx"] = self._action(self.export_workbook)
        a["export_json"] = self._action(self.export_json)
        a["export_diagrams"] = self._action(self.export_diagrams)
        a["export_bcf"] = self._action(self.export_bcf)
        a["import_bcf"] = self._action(self.import_bcf)
        a["quit"] = self._action(self.close, "Ctrl+Q")
        a["colour_category"] = self._action(lambda: self.viewer.set_colour_mode("category"),
                                            checkable=True)
        a["colour_status"] = self._action(lambda: self.viewer.set_colour_mode("status"),
                                          checkable=True)
        group = QtGui.QActionGroup(self)
        for key in ("colour_category", "colour_status"):
            group.addAction(a[key])
        a["colour_category"].setChecked(True)
        a["fit"] = self._action(self.viewer.fit, "F")
        a["top"] = self._action(self.viewer.view_top)
        a["front"] = self._action(self.viewer.view_front)
        a["iso"] = self._action(self.viewer.view_iso)
        a["xray"] = self._action(lambda: self.viewer.set_xray(a["xray"].isChecked()),
                                 checkable=True)
        a["xray"].setChecked(True)
        a["isolate"] = self._action(self.viewer.isolate_selection, "I")
        a["show_all"] = self._action(self.viewer.show_all, "Shift+H")
        a["project"] = self._action(self.edit_project)
        a["reclassify"] = self._action(self.reclassify_selection)
        a["undo"] = self._action(self.undo, "Ctrl+Z")
        a["redo"] = self._action(self.redo, "Ctrl+Shift+Z")
        a["sample"] = self._action(self.open_sample)
        a["about"] = self._action(self.about)
        a["lang_zh"] = self._action(lambda: self.set_language("zh"), checkable=True)
        a["lang_en"] = self._action(lambda: self.set_language("en"), checkable=True)
        languages = QtGui.QActionGroup(self)
        for key in ("lang_zh", "lang_en"):
            languages.addAction(a[key])
        a[f"lang_{self.lang}"].setChecked(True)
        self.file_menu = self.menuBar().addMenu("")
        self.recent_menu = QtWidgets.QMenu(self)
        self.view_menu = self.menuBar().addMenu("")
        self.review_menu = self.menuBar().addMenu("")
        self.language_menu = self.menuBar().addMenu("")
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a["sample"])
        self.help_menu.addSeparator()
        self.help_menu.addAction(a["about"])
        self.file_menu.addAction(a["open"])
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        for key in ("export_xlsx", "export_json", "export_diagrams", "export_bcf", "import_bcf"):
            self.file_menu.addAction(a[key])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])
        for key in ("colour_category", "colour_status", "fit", "top", "front", "iso"):
            self.view_menu.addAction(a[key])
        self.view_menu.addSeparator()
        for key in ("xray", "isolate", "show_all"):
            self.view_menu.addAction(a[key])
        self.hide_menu = self.view_menu.addMenu("")
        self.hide_menu.aboutToShow.connect(self._fill_hide_menu)
        for key in ("project", "reclassify", "undo", "redo"):
            self.review_menu.addAction(a[key])
        self.language_menu.addAction(a["lang_zh"])
        self.language_menu.addAction(a["lang_en"])
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("toolbar_main")
        for key in ("open", "colour_category", "colour_status", "fit", "top", "iso",
                    "project", "reclassify", "undo", "export_xlsx"):
            self.toolbar.addAction(a[key])
        self.storey_box = QtWidgets.QComboBox()
        self.storey_box.currentIndexChanged.connect(
            lambda _i: self._on_storey_chosen(self.storey_box.currentData()))
        self.section_box = QtWidgets.QDoubleSpinBox()
        self.section_box.setSuffix(" m")
        self.section_box.setKeyboardTracking(False)  # cut once the value is typed, no flicker
        self.section_box.setRange(-1.0, 1000.0)
        self.section_box.setSingleStep(0.5)
        self.section_box.setSpecialValueText("—")
        self.section_box.setValue(-1.0)
        self.section_box.valueChanged.connect(
            lambda z: self.viewer.set_section(None if z < 0 else z))
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.storey_box)
        self.toolbar.addWidget(self.section_box)
        self.state.analysis_changed.connect(self._fill_storeys)
        self._update_actions()

    def retranslate(self) -> None:
        """Set every visible string in the current language."""
        a = self.actions_by_key
        texts = {"open": "Open…", "export_xlsx": "Export workbook…", "export_json": "Export JSON…",
                 "export_diagrams": "Export area diagrams…", "export_bcf": "Export BCF…",
                 "import_bcf": "Import BCF…",
                 "quit": "Quit", "colour_category": "Colour by area category",
                 "colour_status": "Colour by finding status", "fit": "Fit view",
                 "top": "Top view", "front": "Front view", "iso": "Isometric view",
                 "project": "Project settings…", "reclassify": "Reclassify selection…",
                 "undo": "Undo last change", "redo": "Redo last change",
                 "xray": "See the selection through the model", "isolate": "Isolate selection",
                 "show_all": "Show all", "sample": "Open the sample model",
                 "about": "About cimcheck",
                 "lang_zh": "中文", "lang_en": "English"}
        for key, text in texts.items():
            a[key].setText(t(text) if not key.startswith("lang_") else text)
        self.hide_menu.setTitle(t("Hide by class"))
        self.file_menu.setTitle(t("&File"))
        self.recent_menu.setTitle(t("Recent files"))
        self.view_menu.setTitle(t("&View"))
        self.review_menu.setTitle(t("&Review"))
        self.language_menu.setTitle(t("&Language"))
        self.help_menu.setTitle(t("&Help"))
        titles = {"tree": "Model tree", "indicators": "Indicators", "properties": "Properties",
                  "findings": "Findings", "storeys": "Storeys", "diagram": "Area diagram",
                  "review": "Review record"}
        for key, title in titles.items():
            self.docks[key].setWindowTitle(t(title))
        self.cancel_button.setText(t("Cancel"))
        self.section_box.setPrefix(t("Section at ") if self.section_box.value() >= 0 else "")
        self.section_box.setToolTip(t("Horizontal section height (m)"))
        for panel in (self.tree, self.tree_view, self.properties, self.indicators,
                      self.findings, self.storeys, self.review):
            panel.retranslate()
        self._fill_storeys()
        self._fill_recent()
        self._update_title()
        self.statusBar().showMessage(t("Ready") + f" · cimcheck {__version__}")

    def changeEvent(self, event) -> None:
        # A window being closed must not rebuild its panels (their C++ side may be gone).
        if event.type() == QtCore.QEvent.Type.LanguageChange and not self._closed:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        """Switch the UI language ("zh" or "en") at once."""
        self.lang = lang
        self.state.lang = lang
        install_language(QtWidgets.QApplication.instance(), lang)
        self.settings.setValue("language", lang)
        self.retranslate()
        self.actions_by_key[f"lang_{lang}"].setChecked(True)

    def _update_title(self) -> None:
        name = self.state.analysis.model.path.name if self.state.analysis else ""
        base = t("cimcheck — future-community model checker")
        self.setWindowTitle(f"{name} — {base}" if name else base)

    def _update_actions(self) -> None:
        a = self.actions_by_key
        has_run = self.state.run is not None
        for key in ("export_xlsx", "export_json", "export_diagrams", "export_bcf", "import_bcf",
                    "project"):
            a[key].setEnabled(has_run)
        a["reclassify"].setEnabled(has_run and bool(self.state.selection))
        a["undo"].setEnabled(self.state.can_undo())
        a["redo"].setEnabled(self.state.can_redo())

    def _fill_hide_menu(self) -> None:
        """List the model's IFC classes, checked where hidden (视图 → 按类型隐藏)."""
        self.hide_menu.clear()
        for ifc_class in self.viewer.classes_present():
            action = self.hide_menu.addAction(ifc_class)
            action.setCheckable(True)
            action.setChecked(ifc_class in self.viewer.hidden_classes)
            action.toggled.connect(
                lambda on, c=ifc_class: self.viewer.set_class_hidden(c, on))

    def _fill_storeys(self) -> None:
        self.storey_box.blockSignals(True)
        current = self.storey_box.currentData()
        self.storey_box.clear()
        self.storey_box.addItem(t("All storeys"), None)
        if self.state.analysis is not None:
            for storey in self.state.analysis.index.storeys:
                self.storey_box.addItem(storey.name, storey.global_id)
        self.storey_box.setCurrentIndex(max(self.storey_box.findData(current), 0))
        self.storey_box.blockSignals(False)

    def _on_storey_chosen(self, storey_id) -> None:
        self.viewer.isolate_storey(storey_id)
        self.diagram.show_storey(storey_id)
        index = self.storey_box.findData(storey_id)
        if index >= 0 and index != self.storey_box.currentIndex():
            self.storey_box.blockSignals(True)
            self.storey_box.setCurrentIndex(index)
            self.storey_box.blockSignals(False)

    # -- opening --------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a model file and open it."""
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, t("Open IFC model"), self.settings.value("last_dir", ""),
            t("IFC models (*.ifc *.ifczip);;All files (*)"))
        if path:
            self.open_model(path)

    def open_sample(self) -> None:
        """Open the shipped sample model (帮助 → 打开示例模型).

        A copy in the user's data folder is opened: the installed file may be read-only, and
        a review writes its project file beside the model.
        """
        import shutil

        from cimcheck_samples import DEFAULT
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("cimcheck", appauthor=False)) / "samples"
        target = folder / DEFAULT.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != DEFAULT.read_bytes():
                shutil.copyfile(DEFAULT, target)
        except OSError:          # no writable data folder: open the shipped file itself
            target = DEFAULT
        self.open_model(target)

    def about(self) -> None:
        """Show the version of cimcheck and of what it is built on (帮助 → 关于)."""
        import platform

        import ifcopenshell
        from PySide6 import __version__ as pyside_version

        lines = [f"<h3>cimcheck {__version__}</h3>",
                 t("Future-community model checker: building area (GB/T 50353-2013), "
                   "plot-ratio area and the Zhejiang pilot rules."),
                 "<br><br>" + t("Built on") + f": IfcOpenShell {ifcopenshell.version}, "
                 f"Qt {QtCore.qVersion()} (PySide6 {pyside_version}), "
                 f"Python {platform.python_version()}",
                 "<br>" + t("Font") + ": Noto Sans SC (SIL Open Font License 1.1)"]
        QtWidgets.QMessageBox.about(self, t("About cimcheck"), "".join(lines))

    def open_model(self, path, project_path=None, pack_id=None) -> None:
        """Open and check a model in the background (progress bar and Cancel)."""
        if self._busy:
            return
        path = Path(path)
        self.settings.setValue("last_dir", str(path.parent))
        self._prune_jobs()
        # No collection while the worker parses (see workers.hold_collection); the
        # replaced model is freed after the new one arrives.
        hold_collection()
        self.worker = OpenWorker(path, Path(project_path) if project_path else None,
                                 pack_id, self.lang)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_opened)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.state.pack_id = pack_id
        self._set_busy(True)
        self.thread = start_open(self, self.worker)
        self.thread.finished.connect(lambda: release_collection(model=True))
        # Keep the worker alive until its thread has ended (see workers.start_open).
        self._jobs.append((self.thread, self.worker))

    def _prune_jobs(self) -> None:
        """Let go of finished jobs (their threads have ended, so deleting is safe)."""
        done = [(thread, worker) for thread, worker in self._jobs if thread.isFinished()]
        for thread, _worker in done:
            thread.deleteLater()
        self._jobs = [job for job in self._jobs if job not in done]

    def cancel(self) -> None:
        """Cancel the running open/check."""
        if self.worker is not None:
            self.worker.cancel()

    def is_busy(self) -> bool:
        """Tell whether an open-and-check is under way."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setValue(0)
        self.actions_by_key["open"].setEnabled(not busy)
        self.stage_label.setText(t("Working…") if busy else "")
        self.state.busy_changed.emit(busy)

    def _on_progress(self, fraction: float, stage: str) -> None:
        # At most 5 updates a second: each one repaints the bar (up to 13 ms here), and the
        # core reports every few dozen elements.
        now = time.monotonic()
        if stage == self._progress_stage and now - self._progress_at < 0.2:
            return
        self._progress_stage, self._progress_at = stage, now
        self.progress.setValue(int(fraction * 1000))
        self.stage_label.setText(t(stage))

    def _on_opened(self, result) -> None:
        analysis, table, run, project, project_path, context, not_drawn = result
        self._set_busy(False)
        self.state.set_result(analysis, table, run, project, project_path, context, not_drawn)
        self._remember(analysis.model.path)
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(t("Checked with") + f" {run.pack['id']}", 8000)
        # ``opened`` once the views have drawn it: they follow a new run over several
        # turns of the event loop (``AppState.turns``).
        self._announce = True
        if not self.state.turns.busy:
            self._on_views_done()

    def _on_views_done(self) -> None:
        if self._announce:
            self._announce = False
            self.opened.emit()

    def _on_failed(self, message: str, details: str) -> None:
        self._set_busy(False)
        self.last_error = message
        self.error_dialog = ErrorDialog(self, message, details)
        self.error_dialog.open()
        self.open_failed.emit(message)

    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.statusBar().showMessage(t("Cancelled"), 5000)
        self.open_cancelled.emit()

    # -- recent files, persistence, drag and drop ----------------------------------------------
    def _remember(self, path: Path) -> None:
        # Absolute: a file opened as "model.ifc" from one folder opens from any other.
        path = Path(path).resolve()
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._fill_recent()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            self.recent_menu.addAction(path, lambda p=path: self.open_model(p))
        self.recent_menu.setEnabled(bool(self._recent()))

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        self._closed = True
        self.state.turns.close()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.cancel()
        for thread, _worker in self._jobs:
            thread.quit()
            thread.wait(5000)
        self.state.wait_for_recheck(10000)
        self.viewer.close_plotter()
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls:
            self.open_model(urls[0].toLocalFile())

    # -- review --------------------------------------------------------
    def edit_project(self) -> None:
        """Edit site area, limits, households and pack; save and re-check."""
        from cimcheck_ui.dialogs.project_dialog import ProjectDialog

        dialog = ProjectDialog(self, self.state.project, self.state.pack_id, self.state.run)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            project = dialog.result_project()
            self.state.pack_id = project.pack or self.state.pack_id
            self.state.update_project(project)
            self._update_actions()

    def reclassify_selection(self) -> None:
        """Reclassify the selected element (saved to the project file, then re-checked)."""
        from cimcheck_ui.dialogs.reclassify_dialog import ReclassifyDialog

        if not self.state.selection:
            return
        gid = self.state.selection[0]
        current = next((i.category for i in self.state.table.items if gid in i.global_ids), None)
        dialog = ReclassifyDialog(self, gid, current, self.lang == "zh")
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.state.reclassify(gid, dialog.category.currentData(), dialog.comment.text())
            self._update_actions()

    def undo(self) -> None:
        """Undo the last project change."""
        self.state.undo()
        self._update_actions()

    def redo(self) -> None:
        """Do the last undone project change again."""
        self.state.redo()
        self._update_actions()

    def _on_rechecking(self, running: bool) -> None:
        """Say in the status bar that a re-check runs (the window stays usable)."""
        if running:
            self.statusBar().showMessage(t("Checking again…"))
        else:
            self.statusBar().clearMessage()

    def _on_recheck_failed(self, message: str, details: str) -> None:
        """Show a failed re-check once (the previous result stays on screen)."""
        self.last_error = message
        self.error_dialog = ErrorDialog(self, message, details,
                                        title=t("Cannot check the model again"))
        self.error_dialog.open()

    # -- export --------------------------------------------------------
    def _ask_save(self, title: str, suffix: str, filters: str) -> str | None:
        model = self.state.analysis.model.path
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, title, str(model.with_suffix(suffix)), filters)
        return path or None

    def export_workbook(self, path: str | None = None) -> None:
        """Write the compliance workbook (with the area diagrams)."""
        from cimcheck.present.diagrams import write_diagrams
        from cimcheck.present.excel import write_workbook

        path = path or self._ask_save(t("Export workbook"), ".xlsx", "Excel (*.xlsx)")
        if not path:
            return
        self._guard(lambda: self._write_workbook(path, write_diagrams, write_workbook))

    def _write_workbook(self, path, write_diagrams, write_workbook) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            diagrams = write_diagrams(self.state.table.storeys, scratch, run=self.state.run,
                                      lang=self.lang, formats=("png",))
            write_workbook(self.state.run, path, self.lang, diagrams=diagrams)

    def export_bcf(self, path: str | None = None) -> None:
        """Write the FAIL and WARN findings as BCF 2.1 (one topic each, with a snapshot)."""
        from cimcheck.present.bcf import write_bcf

        path = path or self._ask_save(t("Export BCF"), ".bcf", "BCF (*.bcf)")
        if not path:
            return
        self._guard(lambda: write_bcf(self.state.run, path, analysis=self.state.analysis,
                                      lang=self.lang))

    def import_bcf(self, path: str | None = None) -> None:
        """Read a BCF the reviewer returned: status and comments beside each finding."""
        if path is None:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(
                self, t("Import BCF"), self.settings.value("last_dir", ""), "BCF (*.bcf *.bcfzip)")
        if not path:
            return
        self._guard(lambda: self.state.import_bcf(path))
        self.docks["findings"].raise_()

    def export_json(self, path: str | None = None) -> None:
        """Write the CheckRun as JSON."""
        from cimcheck.atomic import write_atomic
        from cimcheck.present.check import check_dict

        path = path or self._ask_save(t("Export JSON"), ".json", "JSON (*.json)")
        if not path:
            return
        document = check_dict(self.state.analysis, self.state.table, self.state.run, self.lang)
        self._guard(lambda: write_atomic(path, json.dumps(document, ensure_ascii=False,
                                                          indent=2).encode("utf-8")))

    def export_diagrams(self, folder: str | None = None) -> None:
        """Write the per-storey area diagrams (PNG, SVG, PDF)."""
        from cimcheck.present.diagrams import write_diagrams

        folder = folder or QtWidgets.QFileDialog.getExistingDirectory(self, t("Export diagrams"))
        if folder:
            self._guard(lambda: write_diagrams(self.state.table.storeys, folder,
                                               run=self.state.run, lang=self.lang))

    def _guard(self, action) -> None:
        from cimcheck.errors import CimcheckError

        try:
            action()
            self.statusBar().showMessage(t("Written"), 5000)
        except CimcheckError as err:
            self.last_error = err.localized(self.lang)
            self.error_dialog = ErrorDialog(self, self.last_error, title=t("Cannot write the file"))
            self.error_dialog.open()
