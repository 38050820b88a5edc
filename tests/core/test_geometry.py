"""Footprints and sections of named shapes, and tessellation of built models."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Polygon

from cimcheck.geometry.footprint import footprint, section, union
from cimcheck.geometry.mesh import box_mesh, make_mesh, volume
from cimcheck.geometry.tessellate import tessellate
from cimcheck.model.index import build_index
from cimcheck.model.loader import open_model
from cimcheck.pipeline import analyse
from tests.builders import ModelBuilder


def _prism(polygon, z0, z1, name="p"):
    """A closed prism over a polygon that is star-shaped from its first vertex (fan caps)."""
    n = len(polygon)
    verts = [(x, y, z0) for x, y in polygon] + [(x, y, z1) for x, y in polygon]
    faces = []
    for i in range(n):
        j = (i + 1) % n
        faces += [[i, j, n + j], [i, n + j, n + i]]
    for i in range(1, n - 1):
        faces += [[0, i + 1, i], [n, n + i, n + i + 1]]
    return make_mesh(name, "IfcWall", verts, faces, "test")


# Named shapes with their hand-computed plan areas.
L_SHAPE = [(0, 0), (6, 0), (6, 2), (2, 2), (2, 5), (0, 5)]  # 6*2 + 2*3 = 18 m²


def test_box_section_and_footprint():
    box = box_mesh("b", (1, 2, 0), (5, 5, 3))
    assert section(box, 1.5).area == pytest.approx(12.0)
    assert footprint(box).area == pytest.approx(12.0)
    assert volume(box) == pytest.approx(36.0)


def test_section_outside_the_body_is_empty():
    box = box_mesh("b", (0, 0, 0), (1, 1, 1))
    assert section(box, -0.5).is_empty
    assert section(box, 1.5).is_empty


def test_l_shape():
    prism = _prism([(2, 2)] + L_SHAPE[3:] + L_SHAPE[:3], 0, 3)  # fan from the inner corner
    assert footprint(prism).area == pytest.approx(18.0)
    assert section(prism, 1.0).area == pytest.approx(18.0)


def test_ring_of_walls_keeps_its_courtyard():
    # Four boxes around a 4 x 4 courtyard: outer 6 x 6 = 36, inner 16, walls 20 m².
    walls = [box_mesh("s", (0, 0, 0), (6, 1, 3)), box_mesh("n", (0, 5, 0), (6, 6, 3)),
             box_mesh("w", (0, 1, 0), (1, 5, 3)), box_mesh("e", (5, 1, 0), (6, 5, 3))]
    ring = union(section(w, 0.1) for w in walls)
    assert ring.area == pytest.approx(20.0)
    assert isinstance(ring, Polygon) and len(ring.interiors) == 1
    assert Polygon(ring.exterior).area == pytest.approx(36.0)


def test_single_mesh_ring_section_uses_even_odd():
    # One closed mesh shaped like a square ring (outer 6 x 6, hole 4 x 4): the cut gives
    # two loops and only the band between them is material.
    outer = box_mesh("o", (0, 0, 0), (6, 6, 3))
    inner = box_mesh("i", (1, 1, 0), (5, 5, 3))
    faces_inner = inner.faces[:, ::-1] + len(outer.vertices)  # inward-facing hole walls
    ring = make_mesh("r", "IfcWall", np.vstack([outer.vertices, inner.vertices]),
                     np.vstack([outer.faces, faces_inner]), "test")
    assert section(ring, 1.0).area == pytest.approx(20.0)


def test_empty_and_degenerate_meshes():
    empty = make_mesh("e", "IfcSlab", [], [], "test")
    assert footprint(empty).is_empty and section(empty, 0).is_empty
    flat = make_mesh("f", "IfcSlab", [[0, 0, 0], [1, 0, 0], [2, 0, 0]], [[0, 1, 2]], "test")
    assert footprint(flat).is_empty
    assert union([]).is_empty


def test_house_walls_give_the_outline(house_path):
    # Walls 0.2 m thick on axes 0.1 m inside a 10 x 8 outline; corners not overlapped:
    # 2*(9.8*0.2) + 2*(7.8*0.2) - 4*(0.1*0.1) = 7.00 m²; outer outline (convex hull of the
    # ring minus the four 0.1 x 0.1 notches) 80 - 4*0.005 = 79.98 m².
    analysis = analyse(house_path, use_cache=False)
    walls = [m for m in analysis.meshes.values() if "Wall" in m.ifc_class]
    ground = union(section(w, 0.1) for w in walls)
    assert ground.area == pytest.approx(7.0, abs=1e-6)
    assert ground.convex_hull.area == pytest.approx(79.98, abs=1e-6)
    slabs = [footprint(m) for m in analysis.meshes.values() if m.ifc_class == "IfcSlab"]
    assert [s.area for s in slabs] == pytest.approx([80.0, 80.0])


def test_top_storey_height_is_measured_from_its_elements(house_path):
    analysis = analyse(house_path, use_cache=False)
    top = analysis.index.storeys[-1]
    assert top.height_source == "geometry"
    assert top.height_m == pytest.approx(2.8)  # walls 3.0 .. 5.8


def test_units_do_not_change_geometry(tmp_path):
    from tests.builders import simple_house

    areas = {}
    for unit in ("m", "mm", "ft"):
        path = tmp_path / f"h_{unit}.ifc"
        simple_house("IFC4", unit).write(path)
        meshes = analyse(path, use_cache=False).meshes
        areas[unit] = sorted(round(footprint(m).area, 6) for m in meshes.values())
    assert areas["m"] == areas["mm"] == areas["ft"]


def test_an_element_that_fails_becomes_a_diagnostic(tmp_path):
    b = ModelBuilder("IFC4")
    storey = b.storey("1F", 0.0)
    b.slab(storey, [(0, 0), (4, 0), (4, 4), (0, 4)], 0.0)
    broken = b.slab(storey, [(0, 0), (4, 0), (4, 4), (0, 4)], 0.0, name="broken")
    # A profile of one repeated point cannot be extruded into a solid by any kernel.
    solid = broken.Representation.Representations[0].Items[0]
    curve = solid.SweptArea.OuterCurve
    curve.Points = [curve.Points[0], curve.Points[0]]
    path = tmp_path / "broken.ifc"
    b.write(path)
    model = open_model(path)
    result = tessellate(model, build_index(model))
    assert broken.GlobalId not in result.meshes
    failed = [d for d in result.diagnostics if d.code == "geometry.failed"]
    assert [d.global_id for d in failed] == [broken.GlobalId]
    assert len(result.meshes) == 1


def _edge_meshes() -> list:
    """Meshes each of ``footprints``' ways out takes: empty, open, closed and overlapping in
    plan, closed with more faces turned up than a row holds, and plain boxes."""
    two_boxes = box_mesh("g", (0, 0, 0), (4, 3, 1))
    upper = box_mesh("g", (2, 1, 2), (6, 5, 3))
    stacked = make_mesh("stacked", "IfcSlab",       # one closed mesh, its tops overlapping
                        np.vstack([two_boxes.vertices, upper.vertices]),
                        np.vstack([two_boxes.faces, upper.faces + 8]), "x")
    sheet = make_mesh("sheet", "IfcPlate", [[0, 0, 0], [4, 0, 0], [0, 3, 0]], [[0, 1, 2]], "x")
    n = 600                     # a fan: 600 faces turned up (a row holds 512), 600 down
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.c_[np.cos(angles), np.sin(angles)] * 5
    vertices = np.vstack([np.c_[ring, np.zeros(n)], np.c_[ring, np.ones(n)], [[0, 0, 0],
                                                                             [0, 0, 1]]])
    faces = [[2 * n, (i + 1) % n, i] for i in range(n)] + \
        [[2 * n + 1, n + i, n + (i + 1) % n] for i in range(n)] + \
        [f for i in range(n) for f in ([i, (i + 1) % n, n + (i + 1) % n],
                                        [i, n + (i + 1) % n, n + i])]
    fan = make_mesh("fan", "IfcColumn", vertices, faces, "x")
    empty = make_mesh("empty", "IfcWall", [], [], "x")
    boxes = [box_mesh(f"b{i}", (i, 0, 0), (i + 0.5 + i / 10, 2, 3)) for i in range(12)]
    return [stacked, sheet, fan, empty, *boxes]


@pytest.mark.parametrize("source", ["edges", "sample:fc_residential_ifc4.ifc",
                                    "corpus:archicad22_es_prototipo2016.ifc",
                                    "corpus:renga_house_ifc2x3.ifc",
                                    "corpus:lake_kegonsa_revit2014_feet.ifc"])
def test_footprints_at_once_are_the_footprints_one_by_one(source):
    """Issue 10: the area engine draws a run of storeys' footprints in one call
    (``footprints``), half the time of one by one. Each must be exactly ``footprint``'s
    (the same coordinates, in the same order), whichever way the call settles it."""
    import shapely

    from cimcheck.geometry.footprint import footprints
    from tests.cli.test_cli import SAMPLES
    from tests.conftest import corpus_file

    if source == "edges":
        meshes = _edge_meshes()
    else:
        kind, name = source.split(":")
        meshes = list(analyse(SAMPLES / name if kind == "sample" else corpus_file(name),
                              use_cache=False).meshes.values())
    together = footprints(meshes)
    assert len(together) == len(meshes) > 8
    for mesh, shape in zip(meshes, together, strict=True):
        alone = footprint(mesh)
        assert shape.is_empty == alone.is_empty, mesh.global_id
        if not alone.is_empty:
            assert shapely.to_wkb(shape) == shapely.to_wkb(alone), mesh.global_id
    if source == "edges":
        # 4 × 3 and 4 × 4 overlapping on 2 × 2 (x 2–4, y 1–3): the overlap counted once.
        assert together[0].area == pytest.approx(12 + 16 - 2 * 2)
        assert together[1].area == pytest.approx(6.0) and together[3].is_empty
