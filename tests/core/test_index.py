"""The model index: units, storeys and heights, containment, psets in SI, zones."""

from __future__ import annotations

import pytest

from cimcheck.model.index import build_index
from cimcheck.model.loader import open_model
from tests.builders import ModelBuilder, simple_house

SQUARE = [(0.0, 0.0), (6.0, 0.0), (6.0, 5.0), (0.0, 5.0)]


def _index(builder: ModelBuilder, tmp_path):
    path = tmp_path / "m.ifc"
    builder.write(path)
    return build_index(open_model(path))


@pytest.mark.parametrize("unit,length,area", [("m", 1.0, 1.0), ("mm", 0.001, 1.0),
                                              ("ft", 0.3048, 1.0)])
def test_units_and_elevations_are_si(tmp_path, schema, unit, length, area):
    index = _index(simple_house(schema, unit), tmp_path)
    model = open_model(tmp_path / "m.ifc")
    assert model.units.length_to_m == pytest.approx(length)
    assert model.units.area_to_m2 == pytest.approx(area)
    assert [s.name for s in index.storeys] == ["1F", "2F"]
    assert [s.elevation_m for s in index.storeys] == pytest.approx([0.0, 3.0])
    assert [s.base_z_m for s in index.storeys] == pytest.approx([0.0, 3.0])
    # Ground storey: next storey's elevation; top storey: unknown until geometry measures it.
    assert index.storeys[0].height_m == pytest.approx(3.0)
    assert index.storeys[0].height_source == "next storey elevation"
    assert index.storeys[1].height_m is None


def test_missing_area_unit_is_inferred_and_reported(tmp_path):
    b = ModelBuilder("IFC2X3", "mm", area_unit=False)
    storey = b.storey("1F", 0.0)
    space = b.space(storey, SQUARE, 0.0, 3.0, name="R1")
    b.quantities(space, "BaseQuantities", {"GrossFloorArea": ("area", 30.0)})
    index = _index(b, tmp_path)
    model = open_model(tmp_path / "m.ifc")
    assert model.units.area_inferred
    assert model.units.area_to_m2 == pytest.approx(1e-6)
    assert index.spaces[0].quantities["BaseQuantities"]["GrossFloorArea"] == pytest.approx(30.0)
    assert "index.area_unit_missing" in [d.code for d in index.diagnostics]


def test_authored_gross_height_wins(tmp_path, schema):
    b = ModelBuilder(schema, "mm")
    b.storey("1F", 0.0, gross_height=3.3)
    b.storey("2F", 3.0)
    index = _index(b, tmp_path)
    assert index.storeys[0].height_m == pytest.approx(3.3)
    assert index.storeys[0].height_source == "Qto_BuildingStoreyBaseQuantities.GrossHeight"


def test_space_records_and_project_psets_in_si(tmp_path, schema):
    b = ModelBuilder(schema, "mm")
    storey = b.storey("1F", 0.0)
    space = b.space(storey, SQUARE, 0.0, 3.0, name="101", long_name="阳台 Balcony",
                    predefined_type="EXTERNAL", object_type="BALCONY")
    b.pset(space, "CIMCheck_Area", {"AreaCategory": "BALCONY", "UnitId": "1-101",
                                    "Depth": ("length", 1.5), "InsideMainStructure": False})
    b.pset(space, "Pset_SpaceCommon", {"IsExternal": True, "PubliclyAccessible": False})
    index = _index(b, tmp_path)
    (record,) = index.spaces
    assert (record.name, record.long_name, record.object_type) == ("101", "阳台 Balcony",
                                                                   "BALCONY")
    assert record.predefined_type == "EXTERNAL"  # IFC2X3: from InteriorOrExteriorSpace
    assert record.storey_id == index.storeys[0].global_id
    area = record.psets["CIMCheck_Area"]
    assert area["AreaCategory"] == "BALCONY"
    assert area["UnitId"] == "1-101"
    assert area["Depth"] == pytest.approx(1.5)  # 1500 mm in the file
    assert area["InsideMainStructure"] is False
    assert record.psets["Pset_SpaceCommon"]["IsExternal"] is True
    assert index.spaces_by_storey[index.storeys[0].global_id] == (record,)


def test_zones_list_their_members(tmp_path, schema):
    b = ModelBuilder(schema)
    storey = b.storey("1F", 0.0)
    rooms = [b.space(storey, SQUARE, 0.0, 3.0, name=f"R{i}") for i in range(3)]
    b.zone("Unit 1-101", rooms[:2], object_type="DWELLING")
    index = _index(b, tmp_path)
    (zone,) = index.zones
    assert zone.name == "Unit 1-101"
    assert zone.object_type == "DWELLING"
    assert set(zone.member_ids) == {r.GlobalId for r in rooms[:2]}


def test_elements_outside_any_storey_are_reported(tmp_path, schema):
    b = ModelBuilder(schema)
    storey = b.storey("1F", 0.0)
    b.slab(storey, SQUARE, 0.0)
    stray = b.proxy(None, SQUARE, 0.0, 1.0, name="stray", contained=False)
    index = _index(b, tmp_path)
    assert index.by_id[stray.GlobalId].storey_id is None
    (diag,) = [d for d in index.diagnostics if d.code == "index.no_storey_elements"]
    assert diag.ifc_class == "IfcBuildingElementProxy"
    assert "1 IfcBuildingElementProxy" in diag.message()


def test_model_without_storeys_indexes_with_a_warning(tmp_path, schema):
    b = ModelBuilder(schema)
    b.proxy(None, SQUARE, 0.0, 1.0, contained=False)
    index = _index(b, tmp_path)
    assert index.storeys == ()
    assert [d.code for d in index.diagnostics] == ["index.no_storeys"]


def test_several_buildings_keep_their_storeys_apart(tmp_path, schema):
    b = ModelBuilder(schema)
    b.storey("A-1F", 0.0)
    b.storey("A-2F", 3.0)
    second = b._root("IfcBuilding", "B")
    import ifcopenshell.api.aggregate

    ifcopenshell.api.aggregate.assign_object(b.file, products=[second], relating_object=b.site)
    second.ObjectPlacement = b._placement(b._origin, 0.0)
    first = b.building
    b.building = second
    b.storey("B-1F", 0.0)
    b.storey("B-2F", 4.5)
    b.building = first
    index = _index(b, tmp_path)
    heights = {s.name: s.height_m for s in index.storeys}
    assert heights["A-1F"] == pytest.approx(3.0)
    assert heights["B-1F"] == pytest.approx(4.5)
    assert len(index.buildings) == 2
    assert len({s.building_id for s in index.storeys}) == 2


def test_implausible_height_from_a_reference_level_is_flagged(tmp_path):
    b = ModelBuilder("IFC4")
    b.storey("2F", 3.0)
    b.storey("Garage roof", 3.06)
    index = _index(b, tmp_path)
    assert index.storeys[0].height_m is None  # the 0.06 m level is skipped
    assert "index.storey_height_implausible" in [d.code for d in index.diagnostics]


def test_each_elements_first_faulty_profile_names_its_problem():
    """The profiles of every element are judged in one vectorised call; each element still
    gets the problem of its own first faulty profile, in representation order.

    By hand: the 6 × 5 square is simple with area 30 (no problem); the bow-tie (two corners
    swapped) crosses itself, and so does a ring of three points on a line (it runs back
    over its own edge); a sliver triangle 1 m × 1e-10 m encloses 5e-11 m² (empty, under
    1e-9); two points, or a ring closed on its third point, are no ring; unreadable points
    are None."""
    from cimcheck.model.index import _profile_problems

    bow_tie = [(0.0, 0.0), (6.0, 5.0), (6.0, 0.0), (0.0, 5.0)]
    line = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]
    sliver = [(0.0, 0.0), (1.0, 0.0), (0.0, 1e-10)]
    closed_short = [(0.0, 0.0), (1.0, 0.0), (0.0, 0.0)]
    assert _profile_problems([
        [SQUARE], [], [SQUARE, bow_tie], [line], [sliver], [SQUARE[:2]], [None, bow_tie],
        [bow_tie, None], [closed_short], [SQUARE, sliver, bow_tie], [[*SQUARE, SQUARE[0]]],
    ]) == [None, None, "problem.profile_crossing", "problem.profile_crossing",
           "problem.profile_empty", "problem.profile_points", "problem.profile_points",
           "problem.profile_crossing", "problem.profile_points", "problem.profile_empty", None]
    assert _profile_problems([]) == []
    assert _profile_problems([[None]]) == ["problem.profile_points"]


def test_the_walks_shared_with_a_second_process_give_the_same_index(tmp_path, monkeypatch):
    # A large file's placement cycles and class counts are read by a forked process while
    # this one reads the relations (index.MIN_BYTES_TO_SHARE_THE_WALKS; lowered to 0 here).
    # The residential sample with one 2F wall placed relative to itself.
    from pathlib import Path

    import ifcopenshell

    from cimcheck.forkmap import usable_processes
    from cimcheck.model import index as index_module

    sample = Path(__file__).resolve().parents[2] / "sample_models" / "fc_residential_ifc4.ifc"
    model = ifcopenshell.open(str(sample))
    wall = next(w for w in model.by_type("IfcWall")
                if w.ContainedInStructure[0].RelatingStructure.Name == "2F")
    wall.ObjectPlacement.PlacementRelTo = wall.ObjectPlacement
    path = tmp_path / "loop.ifc"
    model.write(str(path))
    alone = build_index(open_model(path), processes=1)
    monkeypatch.setattr(index_module, "MIN_BYTES_TO_SHARE_THE_WALKS", 0)
    forks = []
    real_fork = index_module.fork_map
    monkeypatch.setattr(index_module, "fork_map", lambda f, jobs, n, **kw: forks.append(n)
                        or real_fork(f, jobs, n, **kw))
    shared = build_index(open_model(path), processes=2)
    assert forks[0] == 2 or usable_processes() == 1
    assert shared.unplaceable == alone.unplaceable == {wall.id()}
    assert shared.counts == alone.counts and shared.counts["IfcWall"] > 0
    assert [d.code for d in shared.diagnostics] == [d.code for d in alone.diagnostics]


def test_a_pset_related_by_ifc2x3_overriding_properties_is_read():
    # IfcRelOverridesProperties is a subtype of IfcRelDefinesByProperties in IFC2X3: its
    # property set is the object's as much as any (it was dropped when the relation's
    # class was compared by name).
    import ifcopenshell
    import ifcopenshell.guid

    from cimcheck.model.psets import read_property_sets
    from cimcheck.units import UnitScale

    f = ifcopenshell.file(schema="IFC2X3")
    wall = f.createIfcWall(ifcopenshell.guid.new())
    value = f.createIfcPropertySingleValue("FireRating", None, f.createIfcLabel("REI60"), None)
    pset = f.createIfcPropertySet(ifcopenshell.guid.new(), None, "Pset_WallCommon", None,
                                  [value])
    f.createIfcRelOverridesProperties(ifcopenshell.guid.new(), None, None, None, [wall], pset,
                                      [value])
    psets, _ = read_property_sets(wall, UnitScale(1.0, 1.0, 1.0), None)
    assert psets == {"Pset_WallCommon": {"FireRating": "REI60"}}


@pytest.mark.parametrize("schema_name", ["IFC2X3", "IFC4", "IFC4X3_ADD2"])
def test_the_classes_psets_compares_by_name_have_no_subtypes(schema_name):
    # model/psets.py tells these apart by their exact class name (is_a() ==): a subtype
    # would be skipped. IfcPhysicalSimpleQuantity and IfcRelDefinesByProperties are
    # tested with their subtypes.
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    schema = wrapper.schema_by_name(schema_name)
    for name in ("IfcPropertySet", "IfcElementQuantity", "IfcPropertySingleValue",
                 "IfcPropertyEnumeratedValue", "IfcPropertyListValue", "IfcQuantityLength",
                 "IfcQuantityArea", "IfcQuantityVolume"):
        assert not schema.declaration_by_name(name).subtypes(), name
