"""Dialogs of the desktop application."""

from __future__ import annotations

from PySide6 import QtWidgets


def add_ok_cancel(dialog: QtWidgets.QDialog, form: QtWidgets.QFormLayout) -> None:
    """Append OK / Cancel buttons wired to accept / reject."""
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                         | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
