"""ProjectDialog: site area, planning limits, households and the rule pack."""

from __future__ import annotations

from dataclasses import replace

from cimcheck_ui.dialogs import add_ok_cancel
from cimcheck_ui.translations import current_lang, t
from PySide6 import QtWidgets

from cimcheck.engine.pack import discover_packs
from cimcheck.engine.project import ProjectFile
from cimcheck.present.formats import describe_source

__all__ = ["ProjectDialog"]


def _spin(maximum: float, decimals: int, value: float | None):
    box = QtWidgets.QDoubleSpinBox()
    box.setRange(0.0, maximum)
    box.setDecimals(decimals)
    box.setSpecialValueText("—")  # 0 means "not set"
    box.setValue(value or 0.0)
    return box


def _in_effect(run, key: str, digits: int) -> str:
    """Describe the value a check used for ``key`` and its source, when not this file."""
    if run is None:
        return ""
    value = run.project.get(key)
    source = run.indicator_sources.get(key, "missing")
    if value is None or source in ("missing", "project file"):
        return ""
    where = describe_source(source, current_lang())     # the command line, the model's Pset
    number = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    return f"{t('In effect')}: {number} ({where})"


class ProjectDialog(QtWidgets.QDialog):
    """Edit the project file's values (0 / empty means "not set: use the model's").

    Beside each field the value in effect and its source are shown (the model's
    Pset_SiteCommon, the command line), so an empty field never reads as "no value". The
    rule pack in effect is preselected, and the pack is written to the file only when the
    user chooses another one.
    """

    def __init__(self, parent, project: ProjectFile, pack_id: str | None, run=None) -> None:
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
        self._pack_in_effect = project.pack or pack_id or (
            run.pack.get("id") if run is not None else None)
        if self._pack_in_effect:
            self.pack.setCurrentIndex(max(self.pack.findData(self._pack_in_effect), 0))
        self.hints: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout(self)
        form.addRow(t("Rule pack"), self.pack)
        for label, key, box, digits in (
                ("Site area (m²)", "site_area_m2", self.site_area, 2),
                ("Maximum plot ratio", "max_plot_ratio", self.max_plot_ratio, 2),
                ("Maximum building density", "max_building_density", self.max_density, 3),
                ("Minimum green ratio", "min_green_ratio", self.min_green, 3),
                ("Height limit (m)", "max_height_m", self.max_height, 2),
                ("Households", "households", self.households, 0)):
            hint = QtWidgets.QLabel(_in_effect(run, key, digits))
            hint.setStyleSheet("color: #666666")
            self.hints[key] = hint
            row = QtWidgets.QHBoxLayout()
            row.addWidget(box)
            row.addWidget(hint, 1)
            form.addRow(t(label), row)
        add_ok_cancel(self, form)

    def result_project(self) -> ProjectFile:
        """Return the project with the dialog's values (the pack only if another was chosen)."""
        limits = {key: box.value() for key, box in (
            ("max_plot_ratio", self.max_plot_ratio), ("max_building_density", self.max_density),
            ("min_green_ratio", self.min_green), ("max_height_m", self.max_height))
            if box.value() > 0}
        chosen = self.pack.currentData()
        pack = self.project.pack if chosen == self._pack_in_effect else chosen
        return replace(self.project, pack=pack,
                       site_area_m2=self.site_area.value() or None, limits=limits,
                       households=self.households.value() or None)
