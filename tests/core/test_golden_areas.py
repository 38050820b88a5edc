"""Golden storey areas and items of the sample models, against the hand computations in
sample_models/README.md (to 0.01 m²). Every number here was computed by hand from the
dimensions in make_samples.py, not taken from the code under test."""

from __future__ import annotations

from collections import Counter

import pytest

from cimcheck.facts.area import compute_areas
from cimcheck.facts.totals import totals
from cimcheck.pipeline import analyse
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"
ABS = 0.01


def _table(name):
    return compute_areas(analyse(SAMPLES / name))


def _items(storey):
    return sorted((i.category, round(i.area_m2, 2), i.area_coefficient) for i in storey.items)


@pytest.fixture(scope="module")
def residential():
    return _table("fc_residential_ifc4.ifc")


@pytest.fixture(scope="module")
def renewal():
    return _table("renewal_recessed_ifc2x3_mm.ifc")


@pytest.fixture(scope="module")
def tower():
    return _table("tower_mixed_ifc4.ifc")


# --- A: future-community residential block -------------------------------------------------

def test_a_stilt_floor(residential):
    s = residential.storeys[0]
    assert s.kind == "stilt"
    # Slab above: 30 x 12 = 360.00 m² (GB-07), all at x1 (structural height 4.50 m).
    assert s.building_area_m2 == pytest.approx(360.00, abs=ABS)
    assert _items(s) == sorted([
        ("lobby_atrium", 31.36, 1.0),       # 5.6 x 5.6
        ("community_service", 31.36, 1.0),  # 5.6 x 5.6
        ("disaster_passage", 48.00, 1.0),   # 4 x 12
        ("public_open", 48.00, 1.0),        # 4 x 12
        ("storey", 9.28, 1.0),              # two wall rings 2 x (36 - 31.36)
        # 360 - 31.36*2 - 48*2 - 9.28; the two 0.4 x 0.4 columns standing in it are part
        # of the stilt space (GB/T 50353-2013 3.0.7: the projection of the slab above)
        ("stilt", 192.00, 1.0),
    ])


def test_a_residential_floors(residential):
    areas = [round(s.building_area_m2, 2) for s in residential.storeys[1:5]]
    # 360.00 outline + 2 balconies 1/2 x 6.00 + bay window 1/2 x 1.44 (+ 4F sky garden 1/2 x 8)
    assert areas == pytest.approx([366.72, 366.72, 370.72, 366.72], abs=ABS)
    second = residential.storeys[1]
    assert _items(second) == sorted([
        ("dwelling", 170.52, 1.0), ("dwelling", 170.52, 1.0),  # 14.7 x 11.6 each
        ("storey", 18.96, 1.0),          # outer ring 360 - 29.6 x 11.6 = 16.64, party wall 2.32
        ("balcony", 6.00, 0.5), ("balcony", 6.00, 0.5),        # 4.0 x 1.5, cantilevered
        ("bay_window", 1.44, 0.5),       # 2.4 x 0.6, sill 0.30 < 0.45, clear 2.20 >= 2.10
        ("bay_window", 1.44, 0.0),       # sill 0.60 >= 0.45
    ])
    fourth = residential.storeys[3]
    garden = [i for i in fourth.items if i.category == "sky_garden"]
    assert [(round(i.area_m2, 2), i.area_coefficient) for i in garden] == [(8.00, 0.5)]
    planted = [i for i in fourth.items if i.category == "green"]
    assert [round(i.area_m2, 2) for i in planted] == [4.00]
    assert planted[0].attributes["GreeningKind"] == "SKY_GARDEN"


def test_a_rooftop_stair_house_under_2_20(residential):
    roof = residential.storeys[5]
    assert roof.kind == "roof_structure"
    assert roof.storey.height_m == pytest.approx(2.10)
    # 6 x 4 = 24.00 m² at 1/2 (2.10 m < 2.20 m): 12.00 m²; roof garden 8 x 8 = 64 m² at 0.
    assert roof.building_area_m2 == pytest.approx(12.00, abs=ABS)
    assert _items(roof) == sorted([("roof_structure", 20.16, 0.5), ("roof_structure", 3.84, 0.5),
                                   ("green", 64.0, 0.0)])


def test_a_totals(residential):
    t = totals(residential)
    # 360 + 3 x 366.72 + 370.72 + 12.00
    assert t["building_area_m2"] == pytest.approx(1842.88, abs=ABS)
    assert t["below_ground_m2"] == 0
    assert t["footprint_m2"] == pytest.approx(360.00, abs=ABS)
    assert t["households"] == 8 and t["household_source"] == "CIMCheck_Area.UnitId"
    assert t["service_area_m2"] == pytest.approx(31.36, abs=ABS)
    assert t["green_ground_m2"] == pytest.approx(320.00, abs=ABS)  # two 8 x 20 lawns
    assert t["green_roof_m2"] == pytest.approx(64.00, abs=ABS)
    assert t["green_sky_garden_m2"] == pytest.approx(4.00, abs=ABS)


def test_a_inferred_items_are_marked(residential):
    inferred = Counter(i.category for i in residential.items if i.inferred)
    # By name only: lobby, stilt space, the bay windows, the rooftop stair house and walls.
    assert inferred == {"lobby_atrium": 1, "stilt": 1, "bay_window": 8, "roof_structure": 2}
    declared = [i for i in residential.items if i.category in ("balcony", "dwelling")]
    assert not any(i.inferred for i in declared)


# --- B: renewal block with recessed balconies ---------------------------------------------

def test_b_recessed_balconies_count_in_full(renewal):
    for storey in renewal.storeys[:3]:
        assert storey.building_area_m2 == pytest.approx(200.00, abs=ABS)  # 20 x 10
        assert _items(storey) == sorted([
            ("dwelling", 89.22, 1.0), ("dwelling", 89.22, 1.0),  # 9.7 x 9.6 - 3.0 x 1.3
            ("balcony", 3.38, 1.0), ("balcony", 3.38, 1.0),      # 2.6 x 1.3, inside structure
            ("storey", 14.80, 1.0),                              # 13 wall rectangles
        ])
        balconies = [i for i in storey.items if i.category == "balcony"]
        assert sorted(i.inferred for i in balconies) == [False, True]  # declared / geometry


def test_b_households_from_zones_and_declared_differences(renewal):
    assert (renewal.households, renewal.household_source) == (6, "IfcZone")
    flagged = {(c.quantity, c.declared) for c in renewal.comparisons if not c.within_tolerance}
    assert flagged == {("space_gross_floor_area_m2", 95.0)}  # derived 89.22
    ok = [c for c in renewal.comparisons if c.quantity == "storey_gross_floor_area_m2"]
    assert [(c.declared, round(c.derived, 2), c.within_tolerance) for c in ok] == [
        (200.0, 200.0, True)]
    assert [d.code for d in renewal.diagnostics] == ["areas.declared_mismatch"]


def test_b_roof_level_has_no_area(renewal):
    assert renewal.storeys[3].kind == "none"
    assert renewal.storeys[3].building_area_m2 == 0


# --- C: tower -------------------------------------------------------------------------------

def test_c_tower_storeys(tower):
    got = [(s.storey.name, s.kind, round(s.building_area_m2, 2)) for s in tower.storeys]
    assert got == [
        ("B1 地下室", "basement", 256.00),     # 16 x 16, below grade, 4.0 m
        ("1F", "storey", 256.00),
        ("2F", "storey", 256.00),
        ("3F 设备层", "equipment", 128.00),    # 2.10 m < 2.20 m → 1/2
        ("4F 避难层", "refuge", 256.00),
        ("5F", "storey", 256.00),
        ("6F 阁楼", "sloped_roof", 166.40),    # 128 + 76.8/2 + 0
    ]


def test_c_attic_clear_height_bands(tower):
    attic = tower.storeys[-1]
    # Underside h(y) = 0.6 + 0.375 y up to the ridge at y = 8 (both halves symmetric):
    # h >= 2.10 for y >= 4.0, h >= 1.20 for y >= 1.6.
    bands = sorted((i.area_coefficient, round(i.area_m2, 2)) for i in attic.items)
    assert bands == [(0.0, 51.20), (0.5, 76.80), (1.0, 128.00)]  # 2x1.6x16, 2x2.4x16, 8x16


def test_c_totals(tower):
    t = totals(tower)
    assert t["building_area_m2"] == pytest.approx(1574.40, abs=ABS)
    assert t["above_ground_m2"] == pytest.approx(1318.40, abs=ABS)
    assert t["below_ground_m2"] == pytest.approx(256.00, abs=ABS)
    assert t["households"] is None and t["household_source"] == "none"


@pytest.mark.parametrize("name", ["fc_residential_ifc4.ifc", "renewal_recessed_ifc2x3_mm.ifc",
                                  "tower_mixed_ifc4.ifc"])
def test_storey_area_is_the_sum_of_its_items(name):
    table = _table(name)
    for storey in table.storeys:
        assert storey.building_area_m2 == pytest.approx(
            sum(i.area_m2 * i.area_coefficient for i in storey.items))
        inside = [i for i in storey.items if i.polygon.within(storey.outline.buffer(1e-6))]
        # Items inside the outline never overlap: their areas add up to at most the outline.
        assert sum(i.area_m2 for i in inside if i.category != "green") <= \
            storey.outline.area + 1e-6
