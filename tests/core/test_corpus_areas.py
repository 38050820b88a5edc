"""Storey areas of real models against what their authoring tools wrote
(../shared/corpus/reference_areas.json)."""

from __future__ import annotations

import json

import pytest

from cimcheck.facts.area import compute_areas
from cimcheck.geometry.footprint import footprint
from cimcheck.pipeline import analyse
from tests.conftest import CORPUS, corpus_file

pytestmark = pytest.mark.corpus


def _reference(name):
    data = json.loads((CORPUS / "reference_areas.json").read_text())
    return next(m for m in data["models"] if m["file"] == name)


def test_fzk_ground_storey_within_1_percent_of_archicad():
    ref = _reference("fzk_haus_ac20_ifc4.ifc")
    authored = ref["storeys"][0]["storey_BaseQuantities_GrossFloorArea"]  # 119.824 m²
    table = compute_areas(analyse(corpus_file("fzk_haus_ac20_ifc4.ifc")))
    ground = table.storeys[0]
    assert ground.storey.name == "Erdgeschoss"
    assert ground.building_area_m2 == pytest.approx(authored, rel=0.01)


def test_fzk_room_footprints_match_authored_gross_floor_areas():
    ref = _reference("fzk_haus_ac20_ifc4.ifc")
    analysis = analyse(corpus_file("fzk_haus_ac20_ifc4.ifc"))
    for space in ref["spaces"]:
        mesh = analysis.meshes[space["guid"]]
        assert footprint(mesh).area == pytest.approx(space["GrossFloorArea"], rel=0.005), \
            space["long_name"]


def test_fzk_attic_is_split_by_clear_height():
    table = compute_areas(analyse(corpus_file("fzk_haus_ac20_ifc4.ifc")))
    attic = table.storeys[1]
    assert attic.kind == "sloped_roof"
    coefficients = {i.area_coefficient for i in attic.items}
    assert coefficients == {0.0, 0.5, 1.0}
    assert attic.building_area_m2 < attic.outline.area


def test_duplex_roof_zone_is_not_floor_area():
    table = compute_areas(analyse(corpus_file("duplex_a_revit2011_ifc2x3.ifc")))
    roof = next(s for s in table.storeys if s.storey.name == "Roof")
    assert roof.building_area_m2 == 0
    assert [i.category for i in roof.items] == ["roof"]
    foundation = next(s for s in table.storeys if s.storey.name == "T/FDN")
    assert foundation.kind == "none"


def test_tekla_beams_named_balk_are_not_balconies():
    table = compute_areas(analyse(corpus_file("tekla2019_mini_project_carwash.ifc")))
    assert not [i for i in table.items if i.category == "balcony"]


def test_schependomlaan_prefab_balconies_are_found_by_name():
    table = compute_areas(analyse(corpus_file("schep_root_prefab_balkons_ac18.ifc")))
    balconies = [i for i in table.items if i.category == "balcony"]
    assert len(balconies) == 3
    assert all(i.inferred for i in balconies)
    # ArchiCAD's own slab areas: 5.96 / 3.29 / 3.29 m² (MANIFEST.md).
    assert sorted(round(i.area_m2, 1) for i in balconies) == pytest.approx([3.3, 3.3, 6.0],
                                                                           abs=0.1)
