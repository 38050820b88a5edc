"""Storey areas of real exports (../shared/corpus) against what their authoring tools wrote
(reference_areas.json) and against outlines computed independently.

Each independent outline comes from the model's wall coordinates by another method than the
engine's (no horizontal section, no gap closing, no hole rules): a convex hull where the
plan is a rectangle, or rectangles read off the walls' bounding boxes.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
import shapely
from shapely.geometry import box

from cimcheck.facts.area import compute_areas
from cimcheck.geometry.footprint import footprint, union
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


@cache
def _run(name):
    analysis = analyse(corpus_file(name))
    return analysis, compute_areas(analysis)


def _storey(name, storey):
    return next(s for s in _run(name)[1].storeys if s.storey.name == storey)


def _wall_hull(name, storey) -> float:
    """Convex hull of the walls standing on a storey's floor (a rectangular plan)."""
    analysis, _ = _run(name)
    s = _storey(name, storey)
    walls = [footprint(analysis.meshes[e.global_id]) for e in analysis.index.elements
             if e.group == "walls" and e.global_id in analysis.meshes
             and analysis.meshes[e.global_id].bounds[0, 2] < s.floor_z_m + 0.1
             < analysis.meshes[e.global_id].bounds[1, 2]]
    return union(walls).convex_hull.area


def test_duplex_level_2_keeps_its_stairwells():
    # Duplex (Revit 2011): the plan is a rectangle, so the convex hull of the walls
    # standing on Level 2 is its outline (156.64 m²). The two stairwells (about 6.7 m²,
    # shafts under the roof, GB/T 50353-2013 3.0.19) were lost before: 149.59 m².
    s = _storey("duplex_a_revit2011_ifc2x3.ifc", "Level 2")
    hull = _wall_hull("duplex_a_revit2011_ifc2x3.ifc", "Level 2")
    assert s.building_area_m2 == pytest.approx(hull, rel=0.03)
    assert s.checks.plausible


def test_lake_kegonsa_basement_is_a_floor_without_its_slab():
    # Basement: a closed rectangular ring of walls, no slab in this model, the 1st floor's
    # slab over it: floor area (3.0.19), not the 12.50 m² of wall. Independent: the convex
    # hull of its walls, 74.76 m².
    s = _storey("lake_kegonsa_revit2014_feet.ifc", "Basement")
    hull = _wall_hull("lake_kegonsa_revit2014_feet.ifc", "Basement")
    assert s.building_area_m2 == pytest.approx(hull, rel=0.03)


def test_lake_kegonsa_garage_and_link_are_part_of_the_first_floor():
    # The garage and the link to the house have no slab in this model; the garage roof and
    # the main roof cover them (82.34 m² before: both dropped). Independent outline: the
    # plan is three convex blocks and a bay, each the convex hull of its own exterior walls
    # (chosen by their bounding boxes, in metres after the feet conversion): the garage
    # (walls wholly south of y = 0), the link (its two short side walls between y -0.5 and
    # 1.5), the house (walls north of y = 1.0 between x 4.0 and 11.5), and the west bay
    # x 3.59-4.43, y 4.42-8.74: 126.88 m².
    analysis, _ = _run("lake_kegonsa_revit2014_feet.ifc")
    s = _storey("lake_kegonsa_revit2014_feet.ifc", "1st Floor")
    walls = [analysis.meshes[e.global_id] for e in analysis.index.elements
             if e.group == "walls" and e.name.startswith("Basic Wall:Exterior")
             and e.global_id in analysis.meshes
             and analysis.meshes[e.global_id].bounds[0, 2] < 0.1
             < analysis.meshes[e.global_id].bounds[1, 2]]

    def hull(chosen):
        return union(footprint(m) for m in walls if chosen(m.bounds)).convex_hull

    garage = hull(lambda b: b[1, 1] <= 0.0)
    link = hull(lambda b: b[0, 1] >= -0.5 and b[1, 1] <= 1.5 and b[1, 0] - b[0, 0] < 0.5)
    house = hull(lambda b: b[0, 1] >= 1.0 and b[0, 0] >= 4.0 and b[1, 0] < 11.5)
    expected = shapely.union_all([garage, link, house, box(3.59, 4.42, 4.43, 8.74)]).area
    assert expected == pytest.approx(126.88, abs=0.05)
    assert s.building_area_m2 == pytest.approx(expected, rel=0.03)


def test_lake_kegonsa_roof_storey_counts_its_eaves_at_zero_or_half():
    # Under the roof the clear height stays below 2.10 m over most of the plan (3.0.3):
    # the low band near the eaves is no longer counted in full (69.40 m² before).
    s = _storey("lake_kegonsa_revit2014_feet.ifc", "Roof")
    assert s.kind == "sloped_roof"
    assert {i.area_coefficient for i in s.items} == {0.0, 0.5, 1.0}
    assert s.building_area_m2 < 0.5 * s.outline.area


def test_archicad_ground_floor_walls_in_parts_and_on_a_raised_floor():
    # Planta Baja (ArchiCAD 22): the west wall's geometry is in IfcBuildingElementPart
    # layers; the floor slab's top is +0.40 m. Independent outline from the walls'
    # bounding boxes: west block x 4.29-7.70, y 7.18-14.38 (24.55 m²) and east block
    # x 7.50-11.52, y 3.91-12.73 (35.46 m²), overlapping 0.20 x 5.55 (1.11 m²): 58.90 m².
    s = _storey("archicad22_es_prototipo2016.ifc", "Planta Baja")
    expected = shapely.union(box(4.29, 7.18, 7.70, 14.38), box(7.50, 3.91, 11.52, 12.73)).area
    assert expected == pytest.approx(58.90, abs=0.01)
    assert s.building_area_m2 == pytest.approx(expected, rel=0.03)
    assert s.floor_z_m == pytest.approx(0.40, abs=0.01)


def test_renga_ground_floor_is_cut_above_its_real_floor_and_says_what_is_missing():
    # 'Уровень 1' has its elevation 0.6 m below the floor its walls stand on (115.06 m² when
    # cut at -0.5 m). Independent outline from the walls' bounding boxes (outer faces):
    # west block x -4.8 to 1.1, y -7.0 to 1.9 (52.51 m²) with a bay x -6.0 to -4.8,
    # y -4.15 to -0.95 (3.84); middle x 1.0-5.2, y -5.8 to 1.9 (32.34) and its north part
    # x 0.6-5.6, y 1.9-3.4 (7.50); east block x 5.2-11.0, y -7.0 to 1.9 (51.62); west and
    # middle overlap 0.1 x 7.7 (0.77): 147.04 m². Its slabs do not tessellate: a warning.
    s = _storey("renga_house_ifc2x3.ifc", "Уровень 1")
    expected = shapely.union_all([box(-4.8, -7.0, 1.1, 1.9), box(-6.0, -4.15, -4.8, -0.95),
                                  box(1.0, -5.8, 5.2, 1.9), box(0.6, 1.9, 5.6, 3.4),
                                  box(5.2, -7.0, 11.0, 1.9)]).area
    assert expected == pytest.approx(147.04, abs=0.01)
    assert s.floor_z_m == pytest.approx(0.0, abs=0.01)
    assert s.building_area_m2 == pytest.approx(expected, rel=0.03)
    assert "areas.geometry_missing" in {d.code for d in s.diagnostics}
    assert not s.checks.plausible


def test_tekla_car_wash_reports_no_area_from_columns_and_says_why():
    _, table = _run("tekla2019_mini_project_carwash.ifc")
    assert table.storeys[0].building_area_m2 == 0.0     # 2.62 m² of columns before
    codes = {d.code for d in table.diagnostics}
    assert {"areas.partial_model", "areas.enclosure_open"} <= codes


@pytest.mark.parametrize("name", [
    "fzk_haus_ac20_ifc4.ifc", "duplex_a_revit2011_ifc2x3.ifc", "renga_house_ifc2x3.ifc",
    "schep_root_prefab_balkons_ac18.ifc", "lake_kegonsa_revit2014_feet.ifc",
    "tekla2019_mini_project_carwash.ifc", "archicad22_es_prototipo2016.ifc",
])
def test_no_storey_area_is_made_only_of_wall_or_column_sections(name):
    analysis, table = _run(name)
    for s in table.storeys:
        inside = [i for i in s.items if i.category not in ("balcony", "bay_window", "green",
                                                           "terrace", "roof")]
        area = sum(i.building_area_m2 for i in inside)
        if area == 0:
            continue
        material = union(footprint(analysis.meshes[e.global_id])
                         for e in analysis.index.elements
                         if e.group in ("walls", "columns", "curtain_walls", "parts")
                         and e.global_id in analysis.meshes)
        floor = union(i.polygon for i in inside).difference(material)
        assert floor.area > 0.5 * area, f"{s.storey.name}: {area:.2f} m² mostly wall"
