"""ErrorDialog: the core's clear message, with the technical details folded away."""

from __future__ import annotations

from cimcheck_ui.translations import t
from PySide6 import QtWidgets

__all__ = ["ErrorDialog"]


class ErrorDialog(QtWidgets.QMessageBox):
    """A warning box: the message says what is wrong and what to do; details hold the trace."""

    def __init__(self, parent, message: str, details: str = "", title: str | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        self.setWindowTitle(title or t("Cannot open the model"))
        self.setText(message)
        if details:
            self.setDetailedText(details)
        self.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
