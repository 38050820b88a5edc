"""ReclassifyDialog: a reviewer says what a selected element really is, and why."""

from __future__ import annotations

from cimcheck_ui.dialogs import add_ok_cancel
from cimcheck_ui.translations import t
from PySide6 import QtWidgets

from cimcheck.text import tr

__all__ = ["CHOICES", "ReclassifyDialog"]

#: Categories a reviewer can assign (AreaCategory values, lower case).
CHOICES = ("storey", "dwelling", "community_service", "lobby_atrium", "balcony", "bay_window",
           "sky_garden", "stilt", "disaster_passage", "public_open", "terrace", "green",
           "refuge", "equipment", "roof_structure", "other")


class ReclassifyDialog(QtWidgets.QDialog):
    """Choose a category and write a comment (both are saved in the project file)."""

    def __init__(self, parent, global_id: str, current: str | None, zh: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("Reclassify"))
        self.category = QtWidgets.QComboBox()
        for code in CHOICES:
            self.category.addItem(f"{tr(f'cat.{code}', 'zh' if zh else 'en')} ({code})", code)
        if current in CHOICES:
            self.category.setCurrentIndex(CHOICES.index(current))
        self.comment = QtWidgets.QLineEdit()
        form = QtWidgets.QFormLayout(self)
        form.addRow("GlobalId", QtWidgets.QLabel(global_id))
        form.addRow(t("Category"), self.category)
        form.addRow(t("Comment"), self.comment)
        add_ok_cancel(self, form)
