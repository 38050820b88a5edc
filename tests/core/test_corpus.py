"""Real models from other tools (../shared/corpus): each opens with the right storeys and
units, or fails with a clear CimcheckError. Expected values are from corpus/MANIFEST.md."""

from __future__ import annotations

import pytest

from cimcheck.pipeline import analyse
from tests.conftest import corpus_file

pytestmark = pytest.mark.corpus

# file: (schema, storeys, length_to_m, area_to_m2, area_inferred)   (MANIFEST.md table)
EXPECTED = {
    "fzk_haus_ac20_ifc4.ifc": ("IFC4", 2, 1.0, 1.0, False),
    "duplex_a_revit2011_ifc2x3.ifc": ("IFC2X3", 4, 1.0, 1.0, False),
    "renga_house_ifc2x3.ifc": ("IFC2X3", 3, 0.001, 1e-6, True),
    "schep_root_prefab_balkons_ac18.ifc": ("IFC2X3", 3, 0.001, 1.0, False),
    "lake_kegonsa_revit2014_feet.ifc": ("IFC2X3", 5, 0.3048, 0.09290304, False),
    "tekla2019_mini_project_carwash.ifc": ("IFC2X3", 1, 0.001, 1.0, False),
    "revit2021_structural_basic_nostoreys.ifc": ("IFC2X3", 0, 0.001, 1.0, False),
    "archicad22_es_prototipo2016.ifc": ("IFC2X3", 2, 0.001, 1.0, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_model_loads_with_storeys_and_units(name):
    schema, n_storeys, length, area, inferred = EXPECTED[name]
    analysis = analyse(corpus_file(name))
    assert analysis.model.schema == schema
    assert len(analysis.index.storeys) == n_storeys
    assert analysis.model.units.length_to_m == pytest.approx(length)
    assert analysis.model.units.area_to_m2 == pytest.approx(area)
    assert analysis.model.units.area_inferred is inferred
    assert analysis.meshes, "some geometry must come out"


def test_fzk_haus_storeys_match_the_manifest():
    index = analyse(corpus_file("fzk_haus_ac20_ifc4.ifc")).index
    assert [(s.name, s.elevation_m) for s in index.storeys] == [("Erdgeschoss", 0.0),
                                                                 ("Dachgeschoss", 2.7)]
    assert len(index.spaces) == 7
    assert index.storeys[0].height_source == "BaseQuantities.GrossHeight"


def test_lake_kegonsa_feet_elevations_in_metres():
    index = analyse(corpus_file("lake_kegonsa_revit2014_feet.ifc")).index
    elevations = [round(s.elevation_m, 4) for s in index.storeys]
    assert elevations == [-2.4384, 0.0, 2.4511, 2.5146, 5.1943]  # MANIFEST, in metres
    # 'Garage Roof' sits 0.0635 m above '2nd Floor': reported as implausible.
    assert "index.storey_height_implausible" in [d.code for d in analyse(
        corpus_file("lake_kegonsa_revit2014_feet.ifc")).diagnostics]


def test_renga_loads_with_diagnostics_for_slabs_that_do_not_tessellate():
    analysis = analyse(corpus_file("renga_house_ifc2x3.ifc"))
    codes = [d.code for d in analysis.diagnostics]
    assert "index.area_unit_missing" in codes
    failed = [d for d in analysis.diagnostics if d.code == "geometry.failed"]
    failed_slabs = {d.global_id for d in failed if d.ifc_class == "IfcSlab"}
    assert len(failed_slabs) == 13  # MANIFEST: 13/13 IfcSlab shapes fail in ifcopenshell.geom
    assert len(analysis.index.spaces) == 13
    # Spaces are skipped by the fast kernel but recovered by the fallback.
    spaces = [s.global_id for s in analysis.index.spaces]
    assert all(gid in analysis.meshes for gid in spaces)
    # Renga writes quantities in mm² with no AREAUNIT: read as m² after inference.
    studio = next(s for s in analysis.index.spaces if s.long_name == "Студия-гостиная")
    gfa = next(v["GrossFloorArea"] for v in studio.quantities.values() if "GrossFloorArea" in v)
    assert gfa == pytest.approx(44.19, abs=0.01)  # reference_areas.json


def test_model_without_storeys_loads_with_a_diagnostic():
    analysis = analyse(corpus_file("revit2021_structural_basic_nostoreys.ifc"))
    assert analysis.index.storeys == ()
    assert "index.no_storeys" in [d.code for d in analysis.diagnostics]
    assert len(analysis.meshes) > 50


def test_duplex_spaces_per_storey():
    index = analyse(corpus_file("duplex_a_revit2011_ifc2x3.ifc")).index
    per_storey = {s.name: len(index.spaces_by_storey.get(s.global_id, ())) for s in index.storeys}
    assert per_storey == {"T/FDN": 0, "Level 1": 10, "Level 2": 10, "Roof": 1}
