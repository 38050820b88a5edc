"""AppState: the one object the views listen to.

It owns the current model's Analysis, the area table and CheckRun, the project file and
the selection, and says when any of them changes. Views never call each other: the
findings table and the 3D view stay in step only through ``selection_changed``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from cimcheck_ui.turns import Turns
from PySide6 import QtCore

from cimcheck.engine.project import ProjectFile, default_project_path, save_project

__all__ = ["AppState"]


class AppState(QtCore.QObject):
    """Current model, check run, project file and selection.

    Signals
    -------
    analysis_changed()
        A new model was opened (meshes and index changed).
    run_changed()
        The check was (re-)evaluated: areas, indicators, findings changed.
    selection_changed(tuple)
        The GlobalIds now selected (empty: nothing selected).
    busy_changed(bool)
    """

    analysis_changed = QtCore.Signal()
    run_changed = QtCore.Signal()
    selection_changed = QtCore.Signal(tuple)
    busy_changed = QtCore.Signal(bool)
    rechecking_changed = QtCore.Signal(bool)
    recheck_failed = QtCore.Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.analysis = None
        self.table = None
        self.run = None
        self.project = ProjectFile()
        self.project_path: Path | None = None
        self.pack_id: str | None = None
        self.selection: tuple[str, ...] = ()
        self._undo: list[ProjectFile] = []
        self._redo: list[ProjectFile] = []
        #: The newest re-check asked for; an older one that finishes later is dropped.
        self._generation = 0
        self._job: tuple[QtCore.QThread, object] | None = None
        self._pending = False
        self.lang = "zh"
        #: Topics of a BCF returned by a reviewer (by GUID), once imported.
        self.bcf_topics: dict = {}
        #: Meshes of the products the area engine leaves out (beams, doors…), for the view.
        self.context_meshes: dict = {}
        #: Products with a representation that could not be drawn, counted by IFC class.
        self.not_drawn: dict[str, int] = {}
        #: The views' long work after a change, a step per turn of the event loop.
        self.turns = Turns(self)

    # -- model and run ------------------------------------------------------------------------
    def mesh(self, global_id: str):
        """Return the mesh of an element: the engine's, else the view-only context mesh."""
        if self.analysis is not None and global_id in self.analysis.meshes:
            return self.analysis.meshes[global_id]
        return self.context_meshes.get(global_id)

    def set_result(self, analysis, table, run, project: ProjectFile, project_path: Path,
                   context_meshes: dict | None = None,
                   not_drawn: dict[str, int] | None = None) -> None:
        """Take a finished open-and-check from the worker."""
        # The replaced model is let go after the views have followed the new one, over
        # turns of the event loop (``_release``).
        replaced = [self.analysis, self.table, self.run, self.context_meshes]
        self.analysis, self.table, self.run = analysis, table, run
        self.context_meshes = context_meshes or {}
        self.not_drawn = not_drawn or {}
        self.project, self.project_path = project, project_path
        self._undo.clear()
        self._redo.clear()
        self._generation += 1  # a re-check of the previous model, still running, is dropped
        self.selection = ()
        self.analysis_changed.emit()
        self.run_changed.emit()
        self.selection_changed.emit(())
        # A key of its own per hand-over: a newer one must not drop a release half done
        # (what it still held would all go at once, the IFC file's destructor included).
        self.turns.add(("release", id(self), self._generation), lambda: _release(replaced))

    def recheck(self) -> None:
        """Evaluate the current Analysis again (pack or project changed), off the UI thread.

        No tessellation: the meshes stay. On a large model the check takes seconds; the
        window stays live meanwhile, and ``run_changed`` comes when it is done. A request
        made while one runs is queued: only the newest state is checked after it.
        """
        if self.analysis is None:
            return
        self._generation += 1
        if self._job is not None:
            self._pending = True
            return
        self._start()

    @property
    def rechecking(self) -> bool:
        """Tell whether a re-check is running or queued."""
        return self._job is not None or self._pending

    def _start(self) -> None:
        from cimcheck_ui.workers import RecheckWorker, hold_collection, start_open

        hold_collection()
        worker = RecheckWorker(self.analysis, self.pack_id, self.project, self._generation,
                               self.lang)
        worker.finished.connect(self._on_rechecked)
        worker.failed.connect(self._on_recheck_failed)
        thread = start_open(self, worker)
        thread.finished.connect(self._on_thread_done)
        self._job = (thread, worker)
        self.rechecking_changed.emit(True)

    def _on_rechecked(self, run, generation: int) -> None:
        if generation == self._generation and not self._pending:
            self.run, self.table = run, run.table
            self.run_changed.emit()

    def _on_recheck_failed(self, message: str, details: str) -> None:
        self.recheck_failed.emit(message, details)

    def _on_thread_done(self) -> None:
        from cimcheck_ui.workers import release_collection

        if self._job is not None:
            self._job[0].deleteLater()
        self._job = None
        release_collection()
        if self._pending:
            self._pending = False
            self._start()
        else:
            self.rechecking_changed.emit(False)

    def wait_for_recheck(self, timeout_ms: int = 60000) -> None:
        """Block until no re-check runs (for closing the window, and scripts)."""
        deadline = QtCore.QDeadlineTimer(timeout_ms)
        while self.rechecking and not deadline.hasExpired():
            QtCore.QCoreApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents,
                                                  50)
            if self._job is not None:
                self._job[0].wait(50)

    def set_pack(self, pack_id: str) -> None:
        """Switch the rule pack and re-check."""
        self.pack_id = pack_id
        self.recheck()

    # -- review ---------------------------------------------------------------------------------
    def update_project(self, project: ProjectFile) -> None:
        """Replace the project values, save the project file beside the model, re-check."""
        self._undo.append(self.project)
        self._redo.clear()
        self._apply(project)

    def reclassify(self, global_id: str, category: str, comment: str) -> None:
        """Record a reviewer's classification of one element and re-check."""
        overrides = {**self.project.overrides, global_id: (category, comment)}
        self.update_project(replace(self.project, overrides=overrides))

    def can_undo(self) -> bool:
        """Tell whether there is a project change to undo."""
        return bool(self._undo)

    def undo(self) -> None:
        """Undo the last project change (also in the saved file)."""
        if self._undo:
            self._redo.append(self.project)
            self._apply(self._undo.pop())

    def can_redo(self) -> bool:
        """Tell whether there is an undone change to do again."""
        return bool(self._redo)

    def redo(self) -> None:
        """Do the last undone project change again."""
        if self._redo:
            self._undo.append(self.project)
            self._apply(self._redo.pop())

    def _apply(self, project: ProjectFile) -> None:
        path = self.project_path or (default_project_path(self.analysis.model.path)
                                     if self.analysis is not None else None)
        if path is not None:
            save_project(project, path)
            project = replace(project, path=path)
        self.project, self.project_path = project, path
        self.recheck()

    # -- BCF returned by a reviewer -------------------------------------------------------------
    def import_bcf(self, path: str | Path) -> None:
        """Read a returned BCF; the findings show its topics' status and comments."""
        from cimcheck.present.bcf import read_bcf

        self.bcf_topics = read_bcf(path)
        self.run_changed.emit()

    def review_matches(self) -> dict:
        """Return the imported topic of each current finding (by index).

        Matched again after every re-check: by GUID, else by rule and elements.
        """
        if not self.bcf_topics or self.run is None:
            return {}
        from cimcheck.present.bcf import match_topics

        return match_topics(self.run, self.bcf_topics)

    # -- selection ------------------------------------------------------------------------------
    def select(self, global_ids) -> None:
        """Select elements by GlobalId (any view may call this)."""
        selection = tuple(dict.fromkeys(g for g in global_ids if g))
        if selection != self.selection:
            self.selection = selection
            self.selection_changed.emit(selection)


def _release(replaced: list) -> Iterator[None]:
    """Free a replaced model: its core objects over turns of the UI thread, its file later.

    On the 25-tower community the core objects take 20-30 ms; the IFC file's destructor
    (ifcopenshell's C++, 50-120 ms, holding the interpreter: a thread would not spare the
    UI thread that wait, only move it to an unknown moment) waits until the user is idle
    (``workers.when_user_idle``).
    """
    from cimcheck_ui.workers import when_user_idle

    analysis = replaced[0]
    files = [analysis.model.file] if analysis is not None else []
    # Its element records and meshes are let go a batch a turn: all at once, the
    # 22,000-element block's took 60-120 ms of one turn.
    parts = [list(analysis.index.elements), list(analysis.meshes.values())] \
        if analysis is not None else []
    del analysis
    while replaced:     # the view-only meshes, the run, the table, then the analysis
        replaced.pop()
        yield
    for part in parts:
        while part:
            del part[-RELEASE_BATCH:]
            yield
    if files:
        when_user_idle(files.clear)


#: Element records or meshes of a replaced model let go per turn (``_release``): 5,000
#: took 49-63 ms of one turn on the 22,000-element block.
RELEASE_BATCH = 2000
