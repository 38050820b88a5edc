"""ProjectDialog: site area, planning limits, households and the rule pack."""

from __future__ import annotations

from dataclasses import replace

from cimcheck_ui.dialogs import add_ok_cancel
from cimcheck_ui.translations import t
from PySide6 import QtWidgets

from cimcheck.engine.pack import discover_packs
from cimcheck.engine.project import ProjectFile

__all__ = ["ProjectDialog"]


def _spin(maximum: float, decimals: int, value: float | None):
    box = QtWidgets.QDoubleSpinBox()
    box.setRange(0.0, maximum)
    box.setDecimals(decimals)
    box.setSpecialValueText("—")  # 0 means "not set"
    box.setValue(value or 0.0)
    return box


class ProjectDialog(QtWidgets.QDialog):
    """Edit the project file's values (0 / empty means "not set: use the model's")."""

    def __init__(self, parent, project: ProjectFile, pack_id: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("Project settings"))
        self.project = project
        limits = project.limits
        self.site_area = _spin(1e8, 2, project.site_area_m2)
        self.max_plot_ratio = _spin(100.0, 2, limits.get("max_plot_ratio"))
        self.max_density = _spin(1.0, 3, limits.get("max_building_density"))
        self.min_green = _spin(1.0, 3, limits.get("min_green_ratio"))
        self.max_height = _spin(1000.0, 2, limits.get("max_height_m"))
        self.households = QtWidgets.QSpinBox()
        self.households.setRange(0, 1_000_000)
        self.households.setSpecialValueText("—")
        self.households.setValue(project.households or 0)
        self.pack = QtWidgets.QComboBox()
        for info in discover_packs().values():
            self.pack.addItem(f"{info.id}  {info.title.get('zh', '')}", info.id)
        chosen = project.pack or pack_id
        if chosen:
            self.pack.setCurrentIndex(max(self.pack.findData(chosen), 0))
        form = QtWidgets.QFormLayout(self)
        form.addRow(t("Rule pack"), self.pack)
        form.addRow(t("Site area (m²)"), self.site_area)
        form.addRow(t("Maximum plot ratio"), self.max_plot_ratio)
        form.addRow(t("Maximum building density"), self.max_density)
        form.addRow(t("Minimum green ratio"), self.min_green)
        form.addRow(t("Height limit (m)"), self.max_height)
        form.addRow(t("Households"), self.households)
        add_ok_cancel(self, form)

    def result_project(self) -> ProjectFile:
        """Return the project with the dialog's values."""
        limits = {key: box.value() for key, box in (
            ("max_plot_ratio", self.max_plot_ratio), ("max_building_density", self.max_density),
            ("min_green_ratio", self.min_green), ("max_height_m", self.max_height))
            if box.value() > 0}
        return replace(self.project, pack=self.pack.currentData(),
                       site_area_m2=self.site_area.value() or None, limits=limits,
                       households=self.households.value() or None)
