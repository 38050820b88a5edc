"""An error nobody caught in the desktop app: logged, shown once, never again on every run."""

from __future__ import annotations

import logging
import sys
import threading

from tests.ui.conftest import open_and_wait, views_follow
from tests.ui.test_main_window import _lobby


def test_a_fault_in_a_view_is_logged_and_shown_once_not_on_every_recheck(
        qtbot, window, residential, tmp_path, monkeypatch):
    # A fault in a view that draws every run (here: the storey table's check column) went
    # to a console the user never sees, again on every re-check, and the table stayed half
    # filled without a word. The app's hook (installed by its entry point, as here) logs
    # each one and shows a dialog the first time only.
    from cimcheck_ui import slot_errors
    from cimcheck_ui.views import panels

    open_and_wait(qtbot, window, residential)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)          # restored afterwards
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    log = tmp_path / "logs" / "cimcheck-gui.log"
    hook = slot_errors.install(window, log)
    try:
        def broken(checks):
            raise ZeroDivisionError("a bug in a view")

        monkeypatch.setattr(panels, "_check_cells", broken)
        window.state.reclassify(_lobby(window).global_ids[0], "disaster_passage", "")
        qtbot.waitUntil(lambda: window.error_dialog is not None
                        and window.error_dialog.isVisible(), timeout=10000)
        first = window.error_dialog
        assert first.windowTitle() == "内部错误"
        assert "ZeroDivisionError" in first.text() and str(log) in first.text()
        assert "panels.py" in first.detailedText()                 # the traceback, folded
        first.accept()

        window.undo()                                              # the same fault again
        qtbot.waitUntil(lambda: "共 2 次" in window.statusBar().currentMessage(),
                        timeout=10000)
        views_follow(qtbot, window)
        assert window.error_dialog is first and not first.isVisible()
        assert window.indicators.value_text("plot_ratio") == "1.27"  # the app lives on
        hook.handler.flush()
        text = log.read_text(encoding="utf-8")
        assert text.count("uncaught exception in the UI thread") == 2
        assert text.count("ZeroDivisionError: a bug in a view") == 2
    finally:
        logging.getLogger().removeHandler(hook.handler)
        hook.handler.close()

