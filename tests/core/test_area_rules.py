"""Area engine behaviours on small models built for one rule each."""

from __future__ import annotations

import pytest

from cimcheck.facts.area import compute_areas
from cimcheck.pipeline import analyse
from tests.builders import ModelBuilder, simple_house

BOX = [(0.0, 0.0), (10.0, 0.0), (10.0, 8.0), (0.0, 8.0)]


def _areas(builder, tmp_path):
    path = tmp_path / "m.ifc"
    builder.write(path)
    return compute_areas(analyse(path))


def test_map_coordinates_do_not_change_areas(tmp_path, schema):
    # A project placed at (500 km, 3 400 km) as in a Gauss-Krüger grid.
    near = _areas(simple_house(schema), tmp_path)
    far_builder = ModelBuilder(schema, seed="far", origin=(500_000.0, 3_400_000.0))
    storey = far_builder.storey("1F", 0.0)
    far_builder.slab(storey, BOX, 0.0)
    far_builder.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 0.0, 2.8)
    far = _areas(far_builder, tmp_path)
    assert far.storeys[0].building_area_m2 == pytest.approx(80.0, abs=0.01)
    # simple_house walls stop at their axes: four 0.1 x 0.1 corner notches stay open.
    assert near.storeys[0].building_area_m2 == pytest.approx(80.0 - 4 * 0.01, abs=0.01)


def test_small_gaps_between_walls_are_closed(tmp_path):
    # The east wall stops 0.2 m short of the north wall: still one enclosure, 10 x 8.
    b = ModelBuilder("IFC4")
    storey = b.storey("1F", 0.0)
    b.slab(storey, BOX, 0.0)
    b.wall_box(storey, (0.0, 0.0, 10.0, 0.2), 0.0, 2.8)
    b.wall_box(storey, (0.0, 7.8, 10.0, 8.0), 0.0, 2.8)
    b.wall_box(storey, (0.0, 0.2, 0.2, 7.8), 0.0, 2.8)
    b.wall_box(storey, (9.8, 0.2, 10.0, 7.6), 0.0, 2.8)
    table = _areas(b, tmp_path)
    assert table.storeys[0].building_area_m2 == pytest.approx(80.0, abs=0.01)


def test_a_wall_through_two_storeys_encloses_both(tmp_path):
    b = ModelBuilder("IFC4")
    ground = b.storey("1F", 0.0)
    upper = b.storey("2F", 3.0)
    b.slab(ground, BOX, 0.0)
    b.slab(upper, BOX, 3.0)
    b.walls_around(ground, (0.0, 0.0, 10.0, 8.0), 0.0, 6.0)  # contained in 1F only
    table = _areas(b, tmp_path)
    assert [round(s.building_area_m2, 2) for s in table.storeys] == [80.0, 80.0]


def test_reference_level_just_above_a_floor_has_no_area(tmp_path):
    b = ModelBuilder("IFC4")
    ground = b.storey("1F", 0.0)
    b.storey("1F roof datum", 0.06)
    b.slab(ground, BOX, 0.0)
    b.walls_around(ground, (0.0, 0.0, 10.0, 8.0), 0.0, 2.8)
    table = _areas(b, tmp_path)
    assert [s.kind for s in table.storeys] == ["storey", "none"]
    assert table.storeys[1].building_area_m2 == 0


def test_storey_with_columns_only_is_taken_as_stilt_by_geometry(tmp_path):
    b = ModelBuilder("IFC4")
    ground = b.storey("1F", 0.0)
    upper = b.storey("2F", 3.6)
    for x, y in ((0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)):
        b.column(ground, (x, y), 0.0, 3.6, 0.4)
    b.slab(upper, BOX, 3.6)
    b.walls_around(upper, (0.0, 0.0, 10.0, 8.0), 3.6, 3.0)
    table = _areas(b, tmp_path)
    ground_areas = table.storeys[0]
    assert ground_areas.kind == "stilt"
    assert ground_areas.building_area_m2 == pytest.approx(80.0, abs=0.01)  # slab above
    stilt = [i for i in ground_areas.items if i.category == "stilt"]
    assert stilt and all(i.inferred and i.source == "geometry" for i in stilt)


def test_storey_height_at_the_threshold(tmp_path):
    # 2.20 m counts in full ("2.20及以上"), 2.19 m at half.
    for height, coefficient in ((2.20, 1.0), (2.19, 0.5)):
        b = ModelBuilder("IFC4", seed=f"h{height}")
        low = b.storey("1F", 0.0, gross_height=height)
        b.slab(low, BOX, 0.0)
        b.walls_around(low, (0.0, 0.0, 10.0, 8.0), 0.0, 2.0)
        table = _areas(b, tmp_path)
        assert {i.area_coefficient for i in table.storeys[0].items} == {coefficient}


@pytest.mark.parametrize("sill,clear,coefficient", [(0.44, 2.10, 0.5), (0.45, 2.10, 0.0),
                                                    (0.30, 2.09, 0.0)])
def test_bay_window_thresholds(tmp_path, sill, clear, coefficient):
    b = ModelBuilder("IFC4", seed=f"bay{sill}{clear}")
    storey = b.storey("2F", 3.0)
    b.slab(storey, BOX, 3.0)
    b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 3.0, 3.0)
    b.window(storey, (2.0, 8.0, 4.0, 8.5), 3.0 + sill, 3.0 + sill + clear, name="飘窗")
    table = _areas(b, tmp_path)
    (bay,) = [i for i in table.items if i.category == "bay_window"]
    assert bay.area_m2 == pytest.approx(1.0)
    assert bay.area_coefficient == coefficient


def test_override_wins_over_everything(tmp_path):
    b = ModelBuilder("IFC4")
    storey = b.storey("1F", 0.0)
    b.slab(storey, BOX, 0.0)
    b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 0.0, 2.8)
    room = b.space(storey, [(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)], 0.0, 2.8,
                   long_name="门厅")
    path = tmp_path / "m.ifc"
    b.write(path)
    table = compute_areas(analyse(path),
                          overrides={room.GlobalId: ("DISASTER_PASSAGE", "审查确认为防灾通道")})
    (item,) = [i for i in table.items if room.GlobalId in i.global_ids]
    assert item.category == "disaster_passage"
    assert item.source == "override" and not item.inferred
    assert "审查确认为防灾通道" in item.evidence[0].text("zh")
