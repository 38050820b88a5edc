"""The desktop shell starts, shows its Chinese title and menu, and closes."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")


def test_main_window_shows_chinese_ui(qtbot):
    from cimcheck_ui.app import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "未来社区" in window.windowTitle()
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert window.open_action.text().startswith("打开")
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
