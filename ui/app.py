"""Entry point of the desktop application (``cimcheck-gui``).

For now a shell: a main window with the menu and status bar that later issues fill with
the 3D view, the panels and the worker that runs the core off the UI thread.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6 import QtCore, QtWidgets

from cimcheck import __version__

__all__ = ["MainWindow", "main"]

TITLE = "cimcheck — 未来社区模型审查"


class MainWindow(QtWidgets.QMainWindow):
    """The main window.

    Attributes
    ----------
    placeholder : QLabel
        Central text until the 3D view arrives.
    open_action, quit_action : QAction
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.resize(1280, 800)
        self.placeholder = QtWidgets.QLabel("打开 IFC 模型以开始审查（文件 → 打开…）")
        self.placeholder.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.placeholder)
        menu = self.menuBar().addMenu("文件(&F)")
        self.open_action = menu.addAction("打开(&O)…")
        self.open_action.setShortcut("Ctrl+O")
        menu.addSeparator()
        self.quit_action = menu.addAction("退出(&X)")
        self.quit_action.triggered.connect(self.close)
        self.statusBar().showMessage(f"就绪 · cimcheck {__version__}")


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application; return its exit code."""
    argv = list(sys.argv if argv is None else argv)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(argv)
    window = MainWindow()
    window.show()
    return app.exec()
