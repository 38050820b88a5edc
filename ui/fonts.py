"""The application's Chinese font: the Noto Sans SC cimcheck ships, not the system's.

Qt falls back to whatever CJK font the system has, which on Linux is often the Japanese
face of Noto Sans CJK (some characters take Japanese forms) and on a bare machine none at
all. Registering the shipped font and making it the application's font keeps the menus,
tables and the 3D legend in Simplified Chinese forms everywhere.
"""

from __future__ import annotations

import logging

from PySide6 import QtGui, QtWidgets

from cimcheck.present.fonts import cjk_font_path

log = logging.getLogger(__name__)

__all__ = ["install_app_font"]

_installed: str | None = None


def install_app_font(app: QtWidgets.QApplication) -> str | None:
    """Register the shipped font once and make it the application font; return its family."""
    global _installed
    if _installed is not None:
        return _installed
    path = cjk_font_path()
    if path is None:
        log.warning("the shipped Chinese font is missing: Qt uses the system's")
        return None
    font_id = QtGui.QFontDatabase.addApplicationFont(str(path))
    families = QtGui.QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("Qt could not load %s", path)
        return None
    font = QtGui.QFont(app.font())
    font.setFamilies([families[0], *font.families()])
    app.setFont(font)
    _installed = families[0]
    return _installed
