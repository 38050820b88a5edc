"""The project-settings and reclassify dialogs turn their fields into project values."""

from __future__ import annotations

import pytest

from cimcheck.engine.project import ProjectFile

pytestmark = pytest.mark.needs_rendering


def test_project_dialog_reads_and_writes_values(window):
    from cimcheck_ui.dialogs.project_dialog import ProjectDialog

    project = ProjectFile(site_area_m2=1200.0, limits={"max_plot_ratio": 2.5}, households=8)
    dialog = ProjectDialog(window, project, "zj-future-community-2019")
    assert dialog.site_area.value() == 1200.0 and dialog.households.value() == 8
    assert dialog.pack.currentData() == "zj-future-community-2019"
    dialog.site_area.setValue(600.0)
    dialog.min_green.setValue(0.3)
    dialog.max_density.setValue(0.0)  # 0 = not set
    dialog.pack.setCurrentIndex(dialog.pack.findData("hz-future-community-2019"))
    result = dialog.result_project()
    assert result.site_area_m2 == 600.0
    assert result.limits == {"max_plot_ratio": 2.5, "min_green_ratio": 0.3}
    assert result.pack == "hz-future-community-2019"
    assert result.households == 8


def test_reclassify_dialog_offers_the_current_category(window):
    from cimcheck_ui.dialogs.reclassify_dialog import ReclassifyDialog

    dialog = ReclassifyDialog(window, "0abc", "lobby_atrium", zh=True)
    assert dialog.category.currentData() == "lobby_atrium"
    assert "门厅" in dialog.category.currentText()
