"""The bundled sample models are reproducible and open as documented."""

from __future__ import annotations

import subprocess
import sys

from cimcheck.pipeline import analyse
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"


def test_sample_script_reproduces_the_committed_files(tmp_path):
    committed = (SAMPLES / "fc_block_demo_ifc4.ifc").read_bytes()
    target = str(tmp_path / "fc_block_demo_ifc4.ifc")
    code = (
        f"import sys; sys.path.insert(0, {str(SAMPLES)!r});"
        f"import make_samples; make_samples.build_demo().write({target!r})"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    assert (tmp_path / "fc_block_demo_ifc4.ifc").read_bytes() == committed


def test_demo_model_storeys_and_contents():
    analysis = analyse(SAMPLES / "fc_block_demo_ifc4.ifc")
    index = analysis.index
    assert [(s.name, s.elevation_m, s.height_m) for s in index.storeys[:3]] == [
        ("1F 架空层", 0.0, 4.5), ("2F", 4.5, 3.0), ("3F", 7.5, 3.0)]
    assert len(index.spaces) == 7
    assert len(index.zones) == 4
    assert analysis.model.units.length_to_m == 0.001
    site = index.sites[0].psets["Pset_SiteCommon"]
    assert site["TotalArea"] == 2400.0
    assert site["BuildingHeightLimit"] == 24.0  # 24000 mm in the file
    assert not [d for d in analysis.diagnostics if d.code == "geometry.failed"]
