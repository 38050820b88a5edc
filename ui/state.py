"""AppState: the one object the views listen to (style.md convention 12).

It owns the current model's Analysis, the area table and CheckRun, the project file and
the selection, and says when any of them changes. Views never call each other: the
findings table and the 3D view stay in step only through ``selection_changed``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

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

    # -- model and run ------------------------------------------------------------------------
    def set_result(self, analysis, table, run, project: ProjectFile, project_path: Path) -> None:
        """Take a finished open-and-check from the worker."""
        self.analysis, self.table, self.run = analysis, table, run
        self.project, self.project_path = project, project_path
        self._undo.clear()
        self.selection = ()
        self.analysis_changed.emit()
        self.run_changed.emit()
        self.selection_changed.emit(())

    def recheck(self) -> None:
        """Evaluate the current Analysis again (pack or project changed); no tessellation."""
        from cimcheck.pipeline import check

        if self.analysis is None:
            return
        self.run = check(self.analysis, self.pack_id, self.project)
        self.table = self.run.table
        self.run_changed.emit()

    def set_pack(self, pack_id: str) -> None:
        """Switch the rule pack and re-check."""
        self.pack_id = pack_id
        self.recheck()

    # -- review ---------------------------------------------------------------------------------
    def update_project(self, project: ProjectFile) -> None:
        """Replace the project values, save the project file beside the model, re-check."""
        self._undo.append(self.project)
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
            self._apply(self._undo.pop())

    def _apply(self, project: ProjectFile) -> None:
        path = self.project_path or (default_project_path(self.analysis.model.path)
                                     if self.analysis is not None else None)
        if path is not None:
            save_project(project, path)
            project = replace(project, path=path)
        self.project, self.project_path = project, path
        self.recheck()

    # -- selection ------------------------------------------------------------------------------
    def select(self, global_ids) -> None:
        """Select elements by GlobalId (any view may call this)."""
        selection = tuple(dict.fromkeys(g for g in global_ids if g))
        if selection != self.selection:
            self.selection = selection
            self.selection_changed.emit(selection)
