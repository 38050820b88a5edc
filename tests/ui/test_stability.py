"""Many windows in a row: open, switch language, re-check, select, close — no crash.

Two crashes were seen in ``tests/ui``: one in the indicator dock during a language switch,
one when Python's garbage collection ran in a worker thread and finalised Qt and VTK
objects of a closed window (fixed: ``workers.hold_collection``). A crash kills the test
process, so this loop fails the run if either comes back. ``CIMCHECK_UI_CYCLES`` sets
the number of cycles (20 by default; 50 or more for a soak run).
"""

from __future__ import annotations

import gc
import os

import pytest
from PySide6 import QtCore, QtWidgets

from tests.ui.conftest import open_and_wait

pytestmark = pytest.mark.needs_rendering

CYCLES = int(os.environ.get("CIMCHECK_UI_CYCLES", "20"))


def test_windows_open_switch_recheck_and_close_many_times(qtbot, tmp_path, residential):
    from cimcheck_ui.main_window import MainWindow
    from cimcheck_ui.translations import install_language

    QtCore.QSettings.setPath(QtCore.QSettings.Format.NativeFormat,
                             QtCore.QSettings.Scope.UserScope, str(tmp_path / "settings"))
    app = QtWidgets.QApplication.instance()
    for cycle in range(CYCLES):
        install_language(app, "zh")
        window = MainWindow("zh")
        window.show()
        qtbot.waitExposed(window)
        open_and_wait(qtbot, window, residential)
        window.set_language("en" if cycle % 2 else "zh")
        lobby = next(i for i in window.state.table.items if i.category == "lobby_atrium")
        window.state.select(lobby.global_ids)
        window.state.reclassify(lobby.global_ids[0], "disaster_passage", f"cycle {cycle}")
        if cycle % 3 == 0:
            window.undo()            # a re-check queued behind the running one
        qtbot.waitUntil(lambda w=window: not w.state.rechecking, timeout=30000)
        window.set_language("zh")
        # The next cycle starts from the model as it is (no review left over).
        project = residential.with_name(residential.stem + ".cimcheck.yaml")
        project.unlink(missing_ok=True)
        window.close()
        window.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()
    assert cycle == CYCLES - 1


def test_qt_calls_that_return_none_keep_nones_reference_count(qtbot):
    """PySide6 6.12.0 took one reference from None per call returning None (a void method,
    an empty item role). On Python 3.11 None is not immortal: filtering the model tree of a
    22,000-element model ran None's count to zero ("Fatal Python error: none_dealloc").
    pyproject.toml excludes that release; this catches another release doing the same."""
    import sys

    tree = QtWidgets.QTreeWidget()
    qtbot.addWidget(tree)
    item = QtWidgets.QTreeWidgetItem(tree, ["a", "b"])
    role = QtCore.Qt.ItemDataRole.UserRole + 1
    calls = (lambda: item.data(0, role), lambda: item.setHidden(False),
             lambda: item.setExpanded(False), lambda: tree.setUpdatesEnabled(True))
    before = sys.getrefcount(None)
    for _ in range(2000):
        for call in calls:
            call()
    assert sys.getrefcount(None) - before > -100, "Qt calls are consuming None's references"


def test_a_closed_window_leaves_no_wrapper_of_its_gl_surface(qtbot, window, residential):
    # pyvistaqt held the GL context's surface as a QSurface wrapper after the window
    # closed. QSurface is no QObject: PySide kept the wrapper in its table by address and
    # handed it back for the next object made there ("'QSurface' object has no attribute
    # 'valueChanged'" for a findings view's scroll bar, once in ten tests/ui runs).
    open_and_wait(qtbot, window, residential)
    assert any(type(o).__name__ == "QSurface" for o in gc.get_objects())   # while open
    window.close()
    gc.collect()
    assert not [o for o in gc.get_objects() if type(o).__name__ == "QSurface"]
