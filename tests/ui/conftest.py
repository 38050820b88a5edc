"""Qt fixtures: a main window with isolated settings, Chinese by default, under Xvfb."""

from __future__ import annotations

import gc
import shutil

import pytest

pytest.importorskip("PySide6")

from PySide6 import QtCore, QtWidgets

from tests.conftest import REPO

SAMPLES = REPO / "sample_models"


@pytest.fixture
def window(qtbot, tmp_path):
    from cimcheck_ui.main_window import MainWindow
    from cimcheck_ui.translations import install_language

    QtCore.QSettings.setPath(QtCore.QSettings.Format.NativeFormat,
                             QtCore.QSettings.Scope.UserScope, str(tmp_path / "settings"))
    gc.collect()  # earlier tests' models are freed now, not while a worker parses
    app = QtWidgets.QApplication.instance()
    if app.platformName() == "offscreen":
        pytest.fail("the UI tests need Xvfb (xcb): run them through ./dev test")
    install_language(app, "zh")
    win = MainWindow("zh")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.state.analysis = win.state.table = win.state.run = None
    win.deleteLater()
    # Delete the window now, not during the next test's event loop: processEvents() leaves
    # deferred deletes alone, and a window destroyed while the next test's worker is inside
    # ifcopenshell.open freed its model (an ifcopenshell file) concurrently and corrupted
    # the heap (malloc aborts and segfaults in about a third of the runs).
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    QtWidgets.QApplication.processEvents()
    gc.collect()


@pytest.fixture
def residential(tmp_path):
    """A private copy of the residential sample (the UI writes project files beside it)."""
    path = tmp_path / "fc_residential_ifc4.ifc"
    shutil.copy(SAMPLES / "fc_residential_ifc4.ifc", path)
    return path


def open_and_wait(qtbot, window, path, timeout=60000):
    with qtbot.waitSignal(window.opened, timeout=timeout):
        window.open_model(path)


def settle(qtbot, quiet=0.05, turns=3, timeout=20.0):
    """Let the window finish drawing what it was handed: return once the event loop has
    turned ``turns`` times in a row, each within ``quiet`` seconds.

    ``opened`` is sent when the views have their data; the 3D view's frame is painted on a
    later turn of the event loop (0.1–0.3 s under software OpenGL for the first frame). A
    test that times the event loop from then on must not count that frame.
    """
    import time

    deadline = time.perf_counter() + timeout
    calm = 0
    while calm < turns:
        start = time.perf_counter()
        assert start < deadline, "the event loop never became idle"
        qtbot.wait(10)
        calm = calm + 1 if time.perf_counter() - start < quiet else 0


def views_follow(qtbot, window, timeout=10000):
    """Wait until the views have drawn the last change (they draw a large run over several
    turns of the event loop: ``AppState.turns``)."""
    qtbot.waitUntil(lambda: not window.state.turns.busy, timeout=timeout)
