"""The patterns real exporters produce, each on a small model with its hand computation.

Every model is a 10 m x 8 m plan unless said otherwise; walls 0.2 m thick inside the plan's
edges (``walls_around``), so an enclosed storey measures exactly 10 x 8 = 80.00 m² at the
outer face of the walls (GB/T 50353-2013 3.0.1).
"""

from __future__ import annotations

import pytest

from cimcheck.facts.area import compute_areas
from cimcheck.pipeline import analyse
from tests.builders import ModelBuilder

ABS = 0.01
PLAN = (0.0, 0.0, 10.0, 8.0)
BOX = [(0.0, 0.0), (10.0, 0.0), (10.0, 8.0), (0.0, 8.0)]


def _areas(builder, tmp_path):
    path = tmp_path / "m.ifc"
    builder.write(path)
    return compute_areas(analyse(path, use_cache=False))


def _storey(table, name):
    return next(s for s in table.storeys if s.storey.name == name)


def _codes(table):
    return [d.code for d in table.diagnostics]


def _frame(rect, hole):
    """Four slabs around a rectangular opening: a floor with a stair opening."""
    x0, y0, x1, y1 = rect
    hx0, hy0, hx1, hy1 = hole
    return [
        [(x0, y0), (x1, y0), (x1, hy0), (x0, hy0)],
        [(x0, hy1), (x1, hy1), (x1, y1), (x0, y1)],
        [(x0, hy0), (hx0, hy0), (hx0, hy1), (x0, hy1)],
        [(hx1, hy0), (x1, hy0), (x1, hy1), (hx1, hy1)],
    ]


# --- 1. shafts and stairwells are floor area on every storey (3.0.19) ----------------------

def test_a_stairwell_under_the_roof_is_floor_area(tmp_path, schema):
    # 2F has a stair opening 2 x 3 m in its floor slab (x 2-4, y 2-5), walled in by a
    # 0.2 m stair enclosure, with no room modelled; the roof slab covers it. Hand
    # computation: the hole inside the enclosure (1.6 x 2.6 = 4.16 m²) is a shaft, so 2F is
    # the full 10 x 8 = 80.00 m² (it was 80 - 4.16 = 75.84 when the hole had to be floored).
    b = ModelBuilder(schema)
    f1, f2, roof = b.storey("1F", 0.0), b.storey("2F", 3.0), b.storey("Roof", 6.0)
    b.slab(f1, BOX, 0.0)
    for part in _frame(PLAN, (2.0, 2.0, 4.0, 5.0)):
        b.slab(f2, part, 3.0)
    b.slab(roof, BOX, 6.0, predefined_type="ROOF")
    for storey, z in ((f1, 0.0), (f2, 3.0)):
        b.walls_around(storey, PLAN, z, 2.8)
    b.walls_around(f2, (2.0, 2.0, 4.0, 5.0), 3.0, 2.8, name="楼梯间")
    table = _areas(b, tmp_path)
    assert _storey(table, "2F").building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert _storey(table, "1F").building_area_m2 == pytest.approx(80.00, abs=ABS)


def test_a_basement_without_a_slab_is_floor_area(tmp_path):
    # B1: a closed ring of walls and nothing else (the slab is in the structural model);
    # 1F's slab covers it. Hand computation: 10 x 8 = 80.00 m² (the walls alone were 6.88).
    b = ModelBuilder("IFC4")
    b1, f1 = b.storey("B1", -3.0), b.storey("1F", 0.0)
    b.walls_around(b1, PLAN, -3.0, 2.8)
    b.slab(f1, BOX, 0.0)
    b.walls_around(f1, PLAN, 0.0, 2.8)
    table = _areas(b, tmp_path)
    assert _storey(table, "B1").building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert _storey(table, "B1").kind == "basement"


def test_a_courtyard_open_to_the_sky_stays_open(tmp_path):
    # A ring building 10 x 8 around a courtyard x 3-7, y 3-5 (walled, 0.2 m): the floor
    # and the roof both have the courtyard cut out. Hand computation: 80 - 4 x 2 = 72.00 m².
    b = ModelBuilder("IFC4")
    f1, roof = b.storey("1F", 0.0), b.storey("Roof", 3.0)
    court = (3.0, 3.0, 7.0, 5.0)
    for part in _frame(PLAN, court):
        b.slab(f1, part, 0.0)
        b.slab(roof, part, 3.0, predefined_type="ROOF")
    b.walls_around(f1, PLAN, 0.0, 2.8)
    for wall in ((2.8, 2.8, 7.2, 3.0), (2.8, 5.0, 7.2, 5.2), (2.8, 3.0, 3.0, 5.0),
                 (7.0, 3.0, 7.2, 5.0)):
        b.wall_box(f1, wall, 0.0, 2.8)
    table = _areas(b, tmp_path)
    assert _storey(table, "1F").building_area_m2 == pytest.approx(72.00, abs=ABS)


def test_an_enclosed_hole_counts_when_nothing_above_is_modelled(tmp_path):
    # A walled 2 x 3 m stair hall (x 2-4, y 2-5, walls 0.2) with no slab, no room and no
    # roof anywhere in the model (Renga's slabs and roofs do not tessellate): nothing shows
    # it open to the sky, so it is floor area like any enclosed hole (3.0.19), with a note.
    # Hand computation: 80.00 m².
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.walls_around(f1, PLAN, 0.0, 2.8)
    b.walls_around(f1, (2.0, 2.0, 4.0, 5.0), 0.0, 2.8, name="楼梯间")
    b.space(f1, [(0.2, 0.2), (9.8, 0.2), (9.8, 1.8), (0.2, 1.8)], 0.0, 2.6, name="101")
    s = _storey(_areas(b, tmp_path), "1F")
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert "ev.holes_unknown" in {n.key for n in s.notes}


def test_an_atrium_void_through_the_storey_above_stays_open(tmp_path):
    # 2F has an opening 4 x 2 (x 3-7, y 3-5) in its floor and 3F has it too: a void through
    # the storey above, not a shaft. Hand computation: 2F = 80 - 4 x 2 = 72.00 m²; on 3F the
    # roof covers the void, which then counts (what is above decides): 80.00 m².
    b = ModelBuilder("IFC4")
    f1, f2, f3, roof = (b.storey("1F", 0.0), b.storey("2F", 3.0), b.storey("3F", 6.0),
                        b.storey("Roof", 9.0))
    void = (3.0, 3.0, 7.0, 5.0)
    b.slab(f1, BOX, 0.0)
    for storey, z in ((f2, 3.0), (f3, 6.0)):
        for part in _frame(PLAN, void):
            b.slab(storey, part, z)
    b.slab(roof, BOX, 9.0, predefined_type="ROOF")
    for storey, z in ((f1, 0.0), (f2, 3.0), (f3, 6.0)):
        b.walls_around(storey, PLAN, z, 2.8)
    for storey, z in ((f2, 3.0), (f3, 6.0)):
        b.walls_around(storey, (2.8, 2.8, 7.2, 5.2), z, 1.2, name="栏板")  # guard walls
    table = _areas(b, tmp_path)
    assert _storey(table, "1F").building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert _storey(table, "2F").building_area_m2 == pytest.approx(72.00, abs=ABS)


# --- 2. slabs beyond the walls are not floor area (3.0.1, 3.0.27) --------------------------

def test_a_slab_apron_under_a_pitched_roof_does_not_widen_the_storey(tmp_path):
    # One storey, walls 10 x 8 x 2.8 m; the ground slab reaches 1.5 m beyond the walls all
    # round (13 x 11 = 143 m²); a gable roof from eaves 2.8 m to ridge 5.0 m overhangs to the
    # slab edge. Clear height at the walls is 2.8 m >= 2.10 everywhere inside. Hand
    # computation: the storey is its walls, 10 x 8 = 80.00 m² (it was 143.00).
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.slab(f1, [(-1.5, -1.5), (11.5, -1.5), (11.5, 9.5), (-1.5, 9.5)], 0.0)
    b.walls_around(f1, PLAN, 0.0, 2.8)
    b.gable_roof(f1, (-1.5, 11.5), (-1.5, 9.5), 2.8, 5.0)
    s = _storey(_areas(b, tmp_path), "1F")
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)


# --- 3. eaves: the low edge of a roof counts at 0 or ½ (3.0.3) -----------------------------

def test_roof_faces_starting_at_the_attic_floor_split_it_into_bands(tmp_path):
    # Attic at +3.0 with a 10 x 8 floor slab and no walls of its own; a gable roof whose
    # underside starts at the attic floor (+3.0) at y = 0 and y = 8 and rises to +7.0 at
    # the ridge (y = 4): clear height h = y (slope 1). Hand computation (GB-03):
    # h < 1.20 on y < 1.2 and y > 6.8: 2 x 1.2 x 10 = 24 m² at 0;
    # 1.20 <= h < 2.10 on 0.9 m each side: 2 x 0.9 x 10 = 18 m² at ½ = 9.00;
    # h >= 2.10 on 8 - 2 x 2.1 = 3.8 m: 38 m² at 1. Building area 38 + 9 = 47.00 m²
    # (it was 80.00: the faces touching the floor were dropped).
    b = ModelBuilder("IFC4")
    f1, attic = b.storey("1F", 0.0), b.storey("Attic", 3.0)
    b.slab(f1, BOX, 0.0)
    b.walls_around(f1, PLAN, 0.0, 3.0)
    b.slab(attic, BOX, 3.0)
    b.gable_roof(attic, (0.0, 10.0), (0.0, 8.0), 3.0, 7.0)
    s = _storey(_areas(b, tmp_path), "Attic")
    assert s.building_area_m2 == pytest.approx(47.00, abs=ABS)
    by_coefficient = {c: sum(i.area_m2 for i in s.items if i.area_coefficient == c)
                      for c in (0.0, 0.5, 1.0)}
    assert by_coefficient == pytest.approx({0.0: 24.0, 0.5: 18.0, 1.0: 38.0}, abs=ABS)


# --- 4. no enclosure, no area; say so ------------------------------------------------------

def test_walls_that_do_not_close_give_no_area_and_say_why(tmp_path):
    # Three walls of a U (the east side open over its whole 8 m): nothing is enclosed.
    # The cross-sections of the walls (10 x 0.2 x 2 + 7.6 x 0.2 = 5.52 m²) are not floor.
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.slab(f1, BOX, 0.0)
    b.wall_box(f1, (0.0, 0.0, 10.0, 0.2), 0.0, 2.8)
    b.wall_box(f1, (0.0, 7.8, 10.0, 8.0), 0.0, 2.8)
    b.wall_box(f1, (0.0, 0.2, 0.2, 7.8), 0.0, 2.8)
    table = _areas(b, tmp_path)
    assert _storey(table, "1F").building_area_m2 == 0.0
    assert "areas.enclosure_open" in _codes(table)
    assert "areas.partial_model" in _codes(table)
    warning = next(d for d in table.diagnostics if d.code == "areas.enclosure_open")
    assert "GB/T 50353-2013" in warning.message("zh") and "1F" in warning.message("en")


def test_columns_alone_are_not_floor_area(tmp_path):
    # Four columns 0.4 x 0.4 and a roof slab over them, no floor slab: a canopy. The
    # columns' 4 x 0.16 = 0.64 m² of cross-section is not floor area.
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    for x, y in ((0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)):
        b.column(f1, (x, y), 0.0, 3.0)
    b.slab(f1, BOX, 3.2, predefined_type="ROOF")
    table = _areas(b, tmp_path)
    assert _storey(table, "1F").building_area_m2 == 0.0


def _columns_and_slabs() -> ModelBuilder:
    """Two storeys of four 2.8 m columns and a 10 x 8 floor slab each, no walls."""
    b = ModelBuilder("IFC4")
    for name, z in (("1F", 0.0), ("2F", 3.0)):
        storey = b.storey(name, z)
        b.slab(storey, BOX, z)
        for x, y in ((0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)):
            b.column(storey, (x, y), z, 2.8)
    return b


def test_a_structural_model_is_measured_at_slab_edges_and_marked_inferred(tmp_path):
    # Columns and a 10 x 8 floor slab per storey, no walls: a structural model. Hand
    # computation: each storey at its slab edge, 80.00 m², inferred, with a warning.
    b = _columns_and_slabs()
    table = _areas(b, tmp_path)
    for name in ("1F", "2F"):
        s = _storey(table, name)
        assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)
        assert s.items and all(i.inferred for i in s.items)
    assert _codes(table).count("areas.slab_edges") == 2
    assert "areas.partial_model" in _codes(table)


def test_a_partial_model_is_measured_again_only_where_a_storey_was_guessed_a_stilt_floor(
        tmp_path, monkeypatch):
    """Where nothing closes, the storeys are measured again without guessing stilt floors
    from columns under slabs: that guess is all the second pass changes, so without one it
    is not made (the Tekla car wash measured its 3,700 elements twice for nothing)."""
    import cimcheck.facts.area as area

    measured = []
    real = area._measure_storey
    monkeypatch.setattr(area, "_measure_storey",
                        lambda ctx: measured.append(ctx.storey.name) or real(ctx))
    u = ModelBuilder("IFC4")        # three walls of a U: nothing closes, no slab above
    f1 = u.storey("1F", 0.0)
    u.slab(f1, BOX, 0.0)
    u.wall_box(f1, (0.0, 0.0, 10.0, 0.2), 0.0, 2.8)
    u.wall_box(f1, (0.0, 7.8, 10.0, 8.0), 0.0, 2.8)
    u.wall_box(f1, (0.0, 0.2, 0.2, 7.8), 0.0, 2.8)
    assert "areas.partial_model" in _codes(_areas(u, tmp_path / "u"))
    assert measured == ["1F"]
    # Columns and slabs: 1F under the 2F slab looks open (a stilt floor) until the whole
    # model is seen to close nowhere; measured again, it is a storey at its slab edge.
    measured.clear()
    b = _columns_and_slabs()
    table = _areas(b, tmp_path / "b")
    assert sorted(measured) == ["1F", "1F", "2F", "2F"]
    assert _storey(table, "1F").kind == "storey"


# --- 5. every kind of enclosing element counts ---------------------------------------------

def _curtain_walled(schema, glass_y, glass_z0):
    """10 x 8 box whose south facade is a curtain wall: mullions 0.2 x 0.2 at x 0-0.2,
    4.9-5.1 and 9.8-10 from the floor up, glass between them at ``glass_y`` from
    ``glass_z0``; walls on the other three sides."""
    b = ModelBuilder(schema)
    f1 = b.storey("1F", 0.0)
    b.slab(f1, BOX, 0.0)
    for rect in ((0.0, 7.8, 10.0, 8.0), (0.0, 0.2, 0.2, 7.8), (9.8, 0.2, 10.0, 7.8)):
        b.wall_box(f1, rect, 0.0, 2.8)
    cw = b.bodiless("IfcCurtainWall", f1, name="幕墙")
    for x0, x1 in ((0.0, 0.2), (4.9, 5.1), (9.8, 10.0)):
        b.element("IfcMember", f1, (x0, 0.0, x1, 0.2), 0.0, 2.8, name="Mullion", part_of=cw)
    y0, y1 = glass_y
    for x0, x1 in ((0.2, 4.9), (5.1, 9.8)):
        b.element("IfcPlate", f1, (x0, y0, x1, y1), glass_z0, 2.8, name="Glass", part_of=cw)
    return b


def test_a_curtain_wall_of_plates_and_mullions_encloses(tmp_path, schema):
    # Glass 0.05 m on the outer line (y 0-0.05) from +0.9 m (a spandrel above the cut
    # height). Hand computation: the union of plates and mullions is one band along y = 0,
    # so the storey is 10 x 8 = 80.00 m².
    s = _storey(_areas(_curtain_walled(schema, (0.0, 0.05), 0.9), tmp_path), "1F")
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert {i.category for i in s.items} == {"storey"}  # no balcony behind the glass


def test_a_curtain_wall_is_measured_at_its_outer_line_when_the_glass_is_set_back(tmp_path):
    # The glass sits in the middle of the 0.2 m mullions (y 0.05-0.15): the union of the
    # parts has a 0.05 m notch between mullions. Hand computation: measured at the curtain
    # wall's outer line (the mullions' outer face, y = 0; 3.0.23): 80.00 m² (the notches
    # lost 2 x 4.7 x 0.05 = 0.47 m² before).
    s = _storey(_areas(_curtain_walled("IFC4", (0.05, 0.15), 0.0), tmp_path), "1F")
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)


def test_a_wall_whose_geometry_is_in_its_parts_encloses(tmp_path):
    # ArchiCAD: the west wall is an IfcWall with no body and two IfcBuildingElementPart
    # layers (0.1 m each). Hand computation: 80.00 m² (without the parts the ring is open).
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.slab(f1, BOX, 0.0)
    for rect in ((0.0, 0.0, 10.0, 0.2), (0.0, 7.8, 10.0, 8.0), (9.8, 0.2, 10.0, 7.8)):
        b.wall_box(f1, rect, 0.0, 2.8)
    west = b.bodiless("IfcWall", f1, name="Muro-001")
    for x0, x1 in ((0.0, 0.1), (0.1, 0.2)):
        b.element("IfcBuildingElementPart", f1, (x0, 0.2, x1, 7.8), 0.0, 2.8, name="Layer",
                  part_of=west)
    assert _storey(_areas(b, tmp_path), "1F").building_area_m2 == pytest.approx(80.00, abs=ABS)


def test_precast_wall_panels_exported_as_beams_enclose(tmp_path):
    # Tekla: four precast panels, each an IfcBeam named WAND in an IfcElementAssembly
    # named WAND. Hand computation: 80.00 m².
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.slab(f1, BOX, 0.0)
    for rect in ((0.0, 0.0, 10.0, 0.2), (0.0, 7.8, 10.0, 8.0), (0.0, 0.2, 0.2, 7.8),
                 (9.8, 0.2, 10.0, 7.8)):
        assembly = b.bodiless("IfcElementAssembly", f1, name="WAND")
        b.element("IfcBeam", f1, rect, 0.0, 2.8, name="WAND", part_of=assembly)
    assert _storey(_areas(b, tmp_path), "1F").building_area_m2 == pytest.approx(80.00, abs=ABS)


def test_a_precast_balcony_exported_as_a_beam_in_an_assembly_is_a_balcony(tmp_path):
    # Tekla: a 4 x 1.5 m precast balcony on 2F, outside the walls, exported as an IfcBeam
    # named PLAAT inside an IfcElementAssembly named "Prefab balkon". Hand computation
    # (GB-18, outside the main structure): ½ x 4 x 1.5 = 3.00 m²; 2F = 80 + 3 = 83.00 m².
    b = ModelBuilder("IFC4")
    f1, f2 = b.storey("1F", 0.0), b.storey("2F", 3.0)
    for storey, z in ((f1, 0.0), (f2, 3.0)):
        b.slab(storey, BOX, z)
        b.walls_around(storey, PLAN, z, 2.8)
    assembly = b.bodiless("IfcElementAssembly", f2, name="Prefab balkon")
    b.element("IfcBeam", f2, (3.0, -1.5, 7.0, 0.0), 2.8, 3.0, name="PLAAT", part_of=assembly)
    s = _storey(_areas(b, tmp_path), "2F")
    balconies = [i for i in s.items if i.category == "balcony"]
    assert [(round(i.area_m2, 2), i.area_coefficient) for i in balconies] == [(6.00, 0.5)]
    assert balconies[0].inferred
    assert s.building_area_m2 == pytest.approx(83.00, abs=ABS)


# --- 6. the cut height follows the real floor ------------------------------------------------

def test_the_walls_are_cut_above_the_real_floor_not_the_datum(tmp_path):
    # Renga: storey '1F' has its elevation at -0.6 but its floor slab top at 0.0 and its
    # walls standing on it (one pit wall founded at -0.6). Hand computation: 80.00 m² (cut
    # at -0.5 the walls were missed).
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", -0.6)
    b.slab(f1, BOX, 0.0)
    b.walls_around(f1, PLAN, 0.0, 2.8)
    b.wall_box(f1, (4.0, 3.0, 6.0, 3.2), -0.6, 0.8, name="Pit wall")
    s = _storey(_areas(b, tmp_path), "1F")
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)
    assert s.floor_z_m == pytest.approx(0.0, abs=1e-6)


def test_knee_walls_close_an_attic(tmp_path):
    # Attic at +3.0 with no slab and no rooms in the model (they failed to export): a ring
    # of 0.9 m knee walls carries a gable roof, underside from +3.9 at y = 0 and 8 to +6.9
    # at y = 4: h = 0.9 + 0.75 y. Hand computation (GB-03): h < 1.20 for y < 0.4:
    # 2 x 0.4 x 10 = 8 m² at 0; 1.20-2.10 for 0.4 <= y < 1.6: 2 x 1.2 x 10 = 24 m² at ½ = 12;
    # the middle 8 - 3.2 = 4.8 m: 48 m² at 1. Building area 48 + 12 = 60.00 m².
    b = ModelBuilder("IFC4")
    f1, attic = b.storey("1F", 0.0), b.storey("Attic", 3.0)
    b.slab(f1, BOX, 0.0)
    b.walls_around(f1, PLAN, 0.0, 3.0)
    b.walls_around(attic, PLAN, 3.0, 0.9, name="Knee wall")
    b.gable_roof(attic, (0.0, 10.0), (0.0, 8.0), 3.9, 6.9)
    s = _storey(_areas(b, tmp_path), "Attic")
    assert s.building_area_m2 == pytest.approx(60.00, abs=ABS)


# --- 7. openings baked into walls do not open the outline ----------------------------------

def test_a_door_notch_to_the_floor_does_not_open_the_outline(tmp_path):
    # The south wall's profile is cut to the floor for a 1.0 m door (x 4-5, 2.1 m high).
    # Hand computation: the lintel closes it in plan; 80.00 m² (the 1.0 m gap left only the
    # walls' 6.88 m² of cross-section before).
    b = ModelBuilder("IFC4")
    f1 = b.storey("1F", 0.0)
    b.slab(f1, BOX, 0.0)
    b.wall_with_door(f1, (0.0, 10.0), (0.0, 0.2), 0.0, 2.8, (4.0, 5.0, 2.1))
    for rect in ((0.0, 7.8, 10.0, 8.0), (0.0, 0.2, 0.2, 7.8), (9.8, 0.2, 10.0, 7.8)):
        b.wall_box(f1, rect, 0.0, 2.8)
    assert _storey(_areas(b, tmp_path), "1F").building_area_m2 == pytest.approx(80.00, abs=ABS)


# --- 8. stilt floors: the projection of the slab above, columns included (3.0.7) -----------

def test_columns_in_a_stilt_floor_belong_to_the_stilt_space(tmp_path):
    # 1F 架空层: a stair core 3 x 3 (walls 0.2, x 0-3, y 0-3) and four 0.4 columns under
    # 2F's 10 x 8 slab. Hand computation: projection 80.00; core 9.00 at ×1 (storey);
    # the stilt space 80 - 9 = 71.00, its four columns (0.64 m²) included.
    b = ModelBuilder("IFC4")
    f1, f2 = b.storey("1F 架空层", 0.0), b.storey("2F", 4.5)
    b.slab(f1, BOX, 0.0)
    b.walls_around(f1, (0.0, 0.0, 3.0, 3.0), 0.0, 4.3, name="核心筒")
    for x, y in ((9.8, 0.2), (9.8, 7.8), (0.2, 7.8), (5.0, 4.0)):
        b.column(f1, (x, y), 0.0, 4.3)
    b.slab(f2, BOX, 4.5)
    b.walls_around(f2, PLAN, 4.5, 2.8)
    s = _storey(_areas(b, tmp_path), "1F 架空层")
    assert s.kind == "stilt"
    assert s.building_area_m2 == pytest.approx(80.00, abs=ABS)
    by_category = {i.category: i.area_m2 for i in s.items}
    assert by_category == pytest.approx({"storey": 9.00, "stilt": 71.00}, abs=ABS)
