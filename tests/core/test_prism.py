"""Plain extrusions read from their profile (geometry/prism.py) are the kernel's solids.

The reference is the geometry kernel itself (``manifold``, the bulk kernel): for every
element of the samples and of the corpus that the reader meshes, its volume, its bounds
and its upward and downward plan areas are the kernel's, to 1e-6. Those four are what
the area engine reads of a mesh (sections, slab projections, heights). The corpus holds
Revit, ArchiCAD, Tekla and Renga exports, in metres, millimetres and feet.

Circles are the exception: every kernel meshes one as a polygon of its own choosing
(``opencascade``, the kernel that meshes them, gives a bar of 15 mm radius 26 corners;
the reader 16), so there the reference is the hand-computed polygon, and the kernel's
solid agrees within what two inscribed polygons can differ by.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.guid
import ifcopenshell.ifcopenshell_wrapper as wrapper
import numpy as np
import pytest
import shapely

from cimcheck.geometry import prism
from cimcheck.geometry.mesh import make_mesh, plan_areas, volume
from cimcheck.geometry.tessellate import EXTRUSION, geometry_settings, tessellate
from cimcheck.model.index import build_index
from cimcheck.model.loader import open_model
from tests.conftest import corpus_file

SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"

#: file: fewest elements the reader must mesh (counted when the test was written:
#: residential 76 of 76, duplex 91 of 142, Lake Kegonsa 52 of 108, Tekla 154 of 528 and
#: 94 circle tubes more (``CIRCLES``), Renga none: its walls are IfcMappedItem / B-reps).
MODELS = {
    SAMPLES / "fc_residential_ifc4.ifc": 76,
    SAMPLES / "renewal_recessed_ifc2x3_mm.ifc": 55,
    corpus_file("duplex_a_revit2011_ifc2x3.ifc"): 91,
    corpus_file("lake_kegonsa_revit2014_feet.ifc"): 52,
    corpus_file("tekla2019_mini_project_carwash.ifc"): 154 + 94,
    corpus_file("fzk_haus_ac20_ifc4.ifc"): 13,
    corpus_file("archicad22_es_prototipo2016.ifc"): 25,
}


def _measures(vertices: np.ndarray, faces: np.ndarray) -> tuple[float, ...]:
    mesh = make_mesh("g", "IfcWall", vertices, faces, "x")
    areas = plan_areas(mesh.triangles)
    return (volume(mesh), float(areas[areas > 0].sum()), float(areas[areas < 0].sum()),
            *mesh.bounds.ravel().tolist())


#: Circle profiles: the reader's polygon and the kernel's, both inscribed in the circle
#: with at least 16 corners, differ in area by at most the 16-gon's shortfall, 1 − 16 ·
#: sin(2π/16) / (2π) = 2.55 %, and in extent by at most its sagitta, 1 − cos(π/16) =
#: 1.93 % of the radius.
CIRCLES = ("IfcCircleProfileDef", "IfcCircleHollowProfileDef")
CIRCLE_AREA_REL = 1 - 16 * math.sin(2 * math.pi / 16) / (2 * math.pi)
CIRCLE_EXTENT_REL = 1 - math.cos(math.pi / 16)


@pytest.mark.parametrize("path", sorted(MODELS), ids=lambda p: p.name)
def test_extrusions_read_from_the_profile_are_the_kernels_solids(path):
    model = open_model(path)
    index = build_index(model)
    kernel = tessellate(model, index, extrusions=False).meshes
    reader = prism.PrismReader(model.units.length_to_m)
    read = 0
    for element in index.elements:
        if not element.has_body or element.global_id not in kernel:
            continue
        entity = model.file.by_id(element.step_id)
        got = reader.mesh(entity)
        if got is None:
            continue
        read += 1
        reference = kernel[element.global_id]
        want = _measures(reference.vertices, reference.faces)
        have = _measures(*got)
        body = next(r for r in entity.Representation.Representations
                    if r.RepresentationIdentifier == "Body")
        profile = body.Items[0].SweptArea
        if profile.is_a() in CIRCLES:
            radius = profile.Radius * model.units.length_to_m
            assert have[:3] == pytest.approx(want[:3], rel=CIRCLE_AREA_REL), element.global_id
            assert have[3:] == pytest.approx(want[3:], abs=CIRCLE_EXTENT_REL * radius)
            continue
        # Volumes of a few Tekla beams are 2e-9 m³ (bolts' washers): compare absolutely.
        assert have == pytest.approx(want, rel=1e-6, abs=1e-6), (
            element.global_id, element.ifc_class)
    assert read >= MODELS[path]


def test_the_tessellation_uses_the_reader_and_says_so():
    model = open_model(SAMPLES / "fc_residential_ifc4.ifc")
    index = build_index(model)
    result = tessellate(model, index)
    assert result.kernels.get(EXTRUSION) == len(result.meshes) == 76
    assert {m.kernel for m in result.meshes.values()} == {EXTRUSION}


@pytest.mark.parametrize("schema", ["IFC2X3", "IFC4", "IFC4X3_ADD2"])
def test_the_fixed_attribute_positions_are_each_schemas(schema):
    declarations = wrapper.schema_by_name(schema)
    for (ifc_class, name), position in prism.FIXED_POSITIONS.items():
        assert declarations.declaration_by_name(ifc_class).attribute_index(name) == position


def test_a_non_convex_profile_is_triangulated_within_its_outline():
    # An L of 3 × 3 m less a 2 × 2 m corner: 9 − 4 = 5 m², six corners, four triangles.
    corners = [(0.0, 0.0), (3.0, 0.0), (3.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0)]
    triangles = prism._cap(corners)
    assert isinstance(triangles, np.ndarray) and triangles.shape == (4, 3)
    pieces = [shapely.Polygon([corners[k] for k in t]) for t in triangles]
    assert all(shapely.Polygon(p.exterior.coords).exterior.is_ccw for p in pieces)
    assert sum(p.area for p in pieces) == pytest.approx(5.0)
    assert shapely.union_all(pieces).equals(shapely.Polygon(corners))


def test_a_self_crossing_profile_goes_to_the_kernel():
    bow_tie = [(0.0, 0.0), (2.0, 2.0), (2.0, 0.0), (0.0, 2.0)]
    assert prism._cap(bow_tie) is None


def test_a_convex_profile_is_a_fan_and_its_prism_is_closed_and_outward():
    corners = [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0), (1.0, 2.0), (-1.0, 1.0)]
    assert prism._cap(corners) == prism._FAN
    faces = prism._prism_faces(5, prism._cap(corners))
    # 2 caps of 3 triangles and 5 quadrilateral sides: 16 triangles; closed: each of the
    # 24 edges is shared by two of them.
    assert faces.shape == (16, 3)
    edges = {tuple(sorted(e)) for f in faces.tolist()
             for e in ((f[0], f[1]), (f[1], f[2]), (f[2], f[0]))}
    assert len(edges) == 24
    # Outward: a 1 m high prism encloses + the profile's area (shoelace: 5.0 m²).
    vertices = np.array([(x, y, z) for z in (0.0, 1.0) for x, y in corners])
    assert volume(make_mesh("g", "IfcSlab", vertices, faces, "x")) == pytest.approx(5.0)


def _one_wall(profile_kind: str, sweep: tuple[float, float, float],
              axis: tuple[float, float, float] | None = (0.0, 0.0, 1.0),
              ref: tuple[float, float, float] | None = (0.0, 1.0, 0.0)):
    """An IFC4 file holding one wall: a profile (a rectangle placed at 30°, or a clockwise
    L-shaped polyline) swept 3 m, the solid raised 0.2 m, the wall placed at (5, 2) with
    the given axis and reference direction (by default turned 90°)."""
    f = ifcopenshell.file(schema="IFC4")
    origin = f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, 0.0)))
    context = f.createIfcGeometricRepresentationContext(None, "Model", 3, 1e-5, origin, None)
    if profile_kind == "rectangle":
        c, s = math.cos(math.radians(30)), math.sin(math.radians(30))
        profile = f.createIfcRectangleProfileDef("AREA", None, f.createIfcAxis2Placement2D(
            f.createIfcCartesianPoint((1.0, 0.5)), f.createIfcDirection((c, s))), 2.0, 1.0)
    else:
        ring = [(0.0, 0.0), (0.0, 3.0), (1.0, 3.0), (1.0, 1.0), (3.0, 1.0), (3.0, 0.0),
                (0.0, 0.0)]                                  # clockwise, closed
        profile = f.createIfcArbitraryClosedProfileDef("AREA", None, f.createIfcPolyline(
            [f.createIfcCartesianPoint(p) for p in ring]))
    solid = f.createIfcExtrudedAreaSolid(profile, f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint((0.0, 0.0, 0.2)), None, None), f.createIfcDirection(sweep),
        3.0)
    shape = f.createIfcProductDefinitionShape(None, None, [
        f.createIfcShapeRepresentation(context, "Body", "SweptSolid", [solid])])
    placement = f.createIfcLocalPlacement(None, f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint((5.0, 2.0, 0.0)),
        f.createIfcDirection(axis) if axis is not None else None,
        f.createIfcDirection(ref) if ref is not None else None))
    # The file is returned too: an instance outlives its file only as a dangling pointer.
    return f, f.createIfcWall(ifcopenshell.guid.new(), None, "w", None, None, placement,
                              shape, None, None)


@pytest.mark.parametrize("profile_kind", ["rectangle", "clockwise L"])
@pytest.mark.parametrize("sweep", [(0.0, 0.0, 1.0), (0.3, 0.0, 1.0)], ids=["up", "oblique"])
def test_placed_profiles_and_sweeps_give_the_kernels_corners(profile_kind, sweep):
    _file, wall = _one_wall(profile_kind, sweep)
    shape = ifcopenshell.geom.create_shape(geometry_settings(), wall,
                                           geometry_library="manifold")
    want_vertices = np.array(shape.geometry.verts).reshape(-1, 3)
    want_faces = np.array(shape.geometry.faces).reshape(-1, 3)
    got = prism.PrismReader(1.0).mesh(wall)
    assert got is not None
    corners = np.unique(np.round(got[0], 9), axis=0)
    assert corners == pytest.approx(np.unique(np.round(want_vertices, 9), axis=0), abs=1e-9)
    assert _measures(*got) == pytest.approx(_measures(want_vertices, want_faces), abs=1e-9)


def test_the_footprint_of_a_vertical_prism_is_its_ring_and_the_triangles_agree():
    # footprint() takes a vertical extrusion's plan from its corners; the general path
    # (the faces turned up, united) is the reference, on every mesh of the sample.
    from dataclasses import replace

    from cimcheck.geometry.footprint import footprint, footprints
    from cimcheck.geometry.mesh import vertical_prism_ring

    model = open_model(SAMPLES / "fc_residential_ifc4.ifc")
    meshes = list(tessellate(model, build_index(model)).meshes.values())
    rings = [m for m in meshes if vertical_prism_ring(m) is not None]
    assert len(rings) == len(meshes) == 76      # every body of the sample is one
    general = [replace(m, kernel="manifold") for m in meshes]
    for fast, slow, batch in zip((footprint(m) for m in meshes),
                                 (footprint(m) for m in general), footprints(meshes),
                                 strict=True):
        assert fast.area == pytest.approx(slow.area, abs=1e-9)
        assert fast.symmetric_difference(slow).area < 1e-9
        assert batch.equals(fast)


@pytest.mark.parametrize(("axis", "ref", "read"), [
    ((0.0, 0.0, -1.0), None, True),            # upside down, IFC's default x: read
    ((0.3, 0.1, 1.0), (1.0, 0.0, 0.0), True),  # tilted, x given: read
    (None, None, True),                        # both defaults: read
    ((1.0, 0.0, 1.0), None, False),            # tilted without x: ifcopenshell's own x
    ((0.0, 0.0, 1.0), (0.0, 0.0, 1.0), False),  # x along the axis: no frame
], ids=["down", "tilted-with-x", "defaults", "tilted-no-x", "x-along-axis"])
def test_a_placement_the_reader_cannot_be_sure_of_goes_to_the_kernel(axis, ref, read):
    # Where IFC leaves the frame undefined, or ifcopenshell builds it its own way, the
    # reader gives the element to the kernel; where it reads, it gives the kernel's corners.
    _file, wall = _one_wall("rectangle", (0.0, 0.0, 1.0), axis, ref)
    got = prism.PrismReader(1.0).mesh(wall)
    assert (got is not None) is read
    if read:
        shape = ifcopenshell.geom.create_shape(geometry_settings(), wall,
                                               geometry_library="manifold")
        want = np.array(shape.geometry.verts).reshape(-1, 3)
        assert np.unique(np.round(got[0], 9), axis=0) == pytest.approx(
            np.unique(np.round(want, 9), axis=0), abs=1e-9)


def _one_round(hollow: bool):
    """An IFC4 file holding one column: a circle of radius 0.4 m centred at (1, 0.5) in its
    profile (hollow: a 0.1 m wall), swept 3 m up, the column placed at (5, 2)."""
    f = ifcopenshell.file(schema="IFC4")
    origin = f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, 0.0)))
    context = f.createIfcGeometricRepresentationContext(None, "Model", 3, 1e-5, origin, None)
    centre = f.createIfcAxis2Placement2D(f.createIfcCartesianPoint((1.0, 0.5)), None)
    profile = f.createIfcCircleHollowProfileDef("AREA", None, centre, 0.4, 0.1) if hollow \
        else f.createIfcCircleProfileDef("AREA", None, centre, 0.4)
    solid = f.createIfcExtrudedAreaSolid(profile, None, f.createIfcDirection((0.0, 0.0, 1.0)),
                                         3.0)
    shape = f.createIfcProductDefinitionShape(None, None, [
        f.createIfcShapeRepresentation(context, "Body", "SweptSolid", [solid])])
    placement = f.createIfcLocalPlacement(None, f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint((5.0, 2.0, 0.0)), None, None))
    return f, f.createIfcColumn(ifcopenshell.guid.new(), None, "c", None, None, placement,
                                shape, None, None)


@pytest.mark.parametrize("hollow", [False, True], ids=["solid", "hollow"])
def test_a_round_column_is_the_polygon_inscribed_in_its_circle(hollow):
    from cimcheck.geometry.footprint import footprint

    _file, column = _one_round(hollow)
    vertices, faces = prism.PrismReader(1.0).mesh(column)
    # A 0.4 m radius within a chord deviation of 0.5 mm: π / acos(1 − 0.0005 / 0.4) = 62.8
    # corners, rounded up to a multiple of four: 64 (the inner 0.3 m ring shares them).
    n = 64
    assert prism.circle_segments(0.4) == n
    assert len(vertices) == (4 if hollow else 2) * n
    # Closed: every edge of the faces is shared by exactly two of them.
    edges = Counter(tuple(sorted(e)) for f in faces.tolist()
                    for e in ((f[0], f[1]), (f[1], f[2]), (f[2], f[0])))
    assert set(edges.values()) == {2}
    # The regular n-gon inscribed in a circle of radius r has area n/2 · r² · sin(2π/n);
    # swept 3 m, outward faces enclose + that volume (a tube: less the 0.3 m ring's).
    def ngon(r):
        return n / 2 * r * r * math.sin(2 * math.pi / n)
    plan = ngon(0.4) - (ngon(0.3) if hollow else 0.0)
    mesh = make_mesh("g", "IfcColumn", vertices, faces, EXTRUSION)
    assert volume(mesh) == pytest.approx(3.0 * plan, abs=1e-9)
    # Short of the circle by less than 4/3 of 0.5 mm over 0.4 m: 0.17 %.
    assert plan == pytest.approx(math.pi * (0.4**2 - (0.3**2 if hollow else 0.0)),
                                 rel=4 / 3 * 0.0005 / 0.4)
    # A corner on each axis of the profile: the bounds are the circle's, centre (6, 2.5).
    assert mesh.bounds.ravel().tolist() == pytest.approx([5.6, 2.1, 0.0, 6.4, 2.9, 3.0],
                                                         abs=1e-12)
    assert footprint(mesh).area == pytest.approx(plan, abs=1e-9)
    # The kernel that meshes circles today agrees to within what two inscribed polygons
    # of at least 16 corners can differ by (see CIRCLE_AREA_REL).
    shape = ifcopenshell.geom.create_shape(geometry_settings(), column,
                                           geometry_library="opencascade")
    want = _measures(np.array(shape.geometry.verts).reshape(-1, 3),
                     np.array(shape.geometry.faces).reshape(-1, 3))
    assert _measures(vertices, faces)[:3] == pytest.approx(want[:3], rel=CIRCLE_AREA_REL)


def test_a_circle_the_reader_cannot_read_goes_to_the_kernel():
    file, column = _one_round(hollow=True)
    profile = column.Representation.Representations[0].Items[0].SweptArea
    profile.WallThickness = 0.4          # no hole left: not a tube
    assert prism.PrismReader(1.0).mesh(column) is None
    profile.WallThickness = 0.1
    profile.ProfileType = "CURVE"        # an outline, not an area
    assert prism.PrismReader(1.0).mesh(column) is None
