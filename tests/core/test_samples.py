"""The bundled sample models are reproducible and open as documented."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cimcheck.pipeline import analyse
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"
NAMES = {"fc_residential_ifc4.ifc": "build_residential",
         "renewal_recessed_ifc2x3_mm.ifc": "build_renewal",
         "tower_mixed_ifc4.ifc": "build_tower"}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_sample_script_reproduces_the_committed_files(tmp_path, name):
    target = str(tmp_path / name)
    code = (
        f"import sys; sys.path.insert(0, {str(SAMPLES)!r});"
        f"import make_samples; make_samples.{NAMES[name]}().write({target!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()


def test_residential_model_contents():
    analysis = analyse(SAMPLES / "fc_residential_ifc4.ifc")
    index = analysis.index
    assert [(s.name, s.elevation_m) for s in index.storeys] == [
        ("1F 架空层", 0.0), ("2F", 4.5), ("3F", 7.5), ("4F", 10.5), ("5F", 13.5), ("屋面", 16.5)]
    assert [s.height_m for s in index.storeys[:5]] == pytest.approx([4.5, 3.0, 3.0, 3.0, 3.0])
    site = index.sites[0].psets["Pset_SiteCommon"]
    assert site["TotalArea"] == 1200.0
    assert site["BuildingHeightLimit"] == 24.0
    assert not [d for d in analysis.diagnostics if d.code == "geometry.failed"]


def test_renewal_model_is_ifc2x3_in_millimetres():
    analysis = analyse(SAMPLES / "renewal_recessed_ifc2x3_mm.ifc")
    assert analysis.model.schema == "IFC2X3"
    assert analysis.model.units.length_to_m == 0.001
    assert len(analysis.index.zones) == 6
