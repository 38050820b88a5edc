"""Plan polygons from meshes: footprints (projection) and horizontal sections (cuts).

Two views of a body in plan, and when each is right:

- the **footprint** is the union of its triangles projected onto XY: everything the body
  covers from above (a slab's projection, GB/T 50353 "水平投影面积");
- the **section** at height z is where a horizontal plane cuts the body: the outline of
  walls "at the outer face of the structure" just above the floor (GB-01), which leaves
  out eaves, canopies and anything that does not reach down to that height.

Both return shapely (Multi)Polygons in world XY metres, cleaned of slivers smaller than
``TOL.area_m2``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from cimcheck.geometry.mesh import Mesh, plan_areas, vertical_prism_ring
from cimcheck.geometry.tolerance import TOL

__all__ = ["clean", "footprint", "footprints", "section", "section_segments", "union"]

EMPTY = Polygon()


def clean(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep only the polygonal parts of ``geometry`` larger than ``TOL.area_m2``, made valid.

    Examples
    --------
    >>> clean(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])).area
    1.0
    >>> clean(Polygon()).is_empty
    True
    """
    if geometry is None or geometry.is_empty:
        return EMPTY
    if isinstance(geometry, Polygon) and geometry.is_valid and geometry.area > TOL.area_m2:
        return geometry  # the common case: nothing to clean
    geometry = shapely.make_valid(geometry)
    parts = [
        g
        for g in shapely.get_parts(geometry)
        if isinstance(g, Polygon) and g.area > TOL.area_m2
    ]
    if not parts:
        # make_valid may return a GeometryCollection holding the polygons.
        parts = [
            p
            for g in shapely.get_parts(geometry)
            for p in shapely.get_parts(g)
            if isinstance(p, Polygon) and p.area > TOL.area_m2
        ]
    if not parts:
        return EMPTY
    merged = shapely.union_all(parts)
    return merged if isinstance(merged, (Polygon, MultiPolygon)) else EMPTY


def union(geometries: Iterable[BaseGeometry]) -> Polygon | MultiPolygon:
    """Union of plan polygons, cleaned; empty for no input."""
    items = [g for g in geometries if g is not None and not g.is_empty]
    if not items:
        return EMPTY
    return clean(shapely.union_all(items))


#: Relative difference allowed between the plan areas a closed mesh shows from above and
#: from below (equal but for rounding), and between a coverage union's area and its parts'.
_CLOSED_REL = 1e-9


def footprint(mesh: Mesh) -> Polygon | MultiPolygon:
    """Plan projection of a mesh: the union of its non-vertical triangles in XY.

    Vertical faces project to zero-area slivers and are skipped; each remaining triangle
    becomes a polygon and the union merges them, so holes (a courtyard in a slab) stay.

    A closed body shows the same plan area from above as from below, over the same extent,
    and every point of its projection lies under a face turned up (where a vertical line
    leaves the body for the last time): the faces turned up alone give the footprint, half
    the triangles. When they
    do not overlap in plan (the top of a slab, a wall, a column: a prism's top face, the
    common case) they form a coverage, whose union only drops the shared edges, several
    times cheaper than a general union; the union's area equal to the triangles' sum shows
    that they did not overlap. An open mesh (a single surface) keeps the general union of
    all its triangles.

    Examples
    --------
    >>> from cimcheck.geometry.mesh import box_mesh, make_mesh
    >>> tri = make_mesh("g", "IfcSlab", [[0, 0, 0], [4, 0, 0], [0, 3, 0]], [[0, 1, 2]], "x")
    >>> footprint(tri).area
    6.0
    >>> footprint(box_mesh("g", (0, 0, 0), (4, 3, 2))).area
    12.0
    >>> footprint(make_mesh("g", "IfcSlab", [], [], "x")).is_empty
    True

    Two sheets, one turned up and one turned down, of equal area side by side: not a closed
    body, both count.

    >>> sheets = make_mesh("g", "IfcPlate", [[0, 0, 0], [4, 0, 0], [0, 3, 0],
    ...                                      [10, 0, 0], [14, 0, 0], [10, 3, 0]],
    ...                    [[0, 1, 2], [3, 5, 4]], "x")
    >>> footprint(sheets).area
    12.0
    """
    if mesh.is_empty:
        return EMPTY
    prism = _prism_footprint(mesh)
    if prism is not None:
        return prism
    tris = mesh.triangles
    areas = plan_areas(tris)
    up = areas > TOL.triangle_area_m2
    down = areas < -TOL.triangle_area_m2
    if not up.any() and not down.any():
        return EMPTY
    seen_up, seen_down = float(areas[up].sum()), float(-areas[down].sum())
    if up.any() and down.any() and abs(seen_up - seen_down) <= \
            _CLOSED_REL * max(seen_up, seen_down) and _same_extent(tris[up], tris[down]):
        tops = shapely.polygons(tris[up][:, :, :2])
        try:
            merged = shapely.coverage_union_all(tops)
        except shapely.errors.GEOSException:
            merged = None
        if (merged is None or not merged.is_valid
                or abs(merged.area - seen_up) > _CLOSED_REL * seen_up):
            merged = shapely.union_all(tops)   # the faces turned up overlap in plan
        return clean(merged)
    polygons = shapely.polygons(tris[up | down][:, :, :2])
    return clean(shapely.union_all(polygons))


def _prism_footprint(mesh: Mesh) -> Polygon | MultiPolygon | None:
    """Return a vertical extrusion's footprint, its profile placed; None for other meshes."""
    ring = vertical_prism_ring(mesh)
    return clean(Polygon(ring)) if ring is not None else None


#: Fewer meshes than this are drawn one by one: the calls on all of them at once cost
#: about as much as a few footprints.
_FEW_MESHES = 8


def footprints(meshes: Sequence[Mesh]) -> list[Polygon | MultiPolygon]:
    """Return ``[footprint(mesh) for mesh in meshes]``, the common case for all at once.

    A storey's walls, slabs and rooms are mostly closed prisms whose faces turned up form a
    coverage (see ``footprint``): the tests of ``footprint`` run on the triangles of all
    the meshes at once, their faces turned up are made polygons in one call and united
    mesh by mesh in one more (``coverage_union_all`` along the rows of an array), instead
    of a dozen calls per mesh. A mesh this path does not settle (open, overlapping in plan,
    not valid, very large) is given to ``footprint``. The results are ``footprint``'s (the
    plan areas are summed in another order: equal to about 1e-15, against a tolerance of
    1e-9 in the tests that use them).
    """
    if len(meshes) < _FEW_MESHES:
        return [footprint(mesh) for mesh in meshes]
    out: list[Polygon | MultiPolygon | None] = [
        EMPTY if mesh.is_empty else None for mesh in meshes]
    for i, mesh in enumerate(meshes):
        if out[i] is None:
            out[i] = _prism_footprint(mesh)
    parts = [(i, mesh.triangles) for i, mesh in enumerate(meshes) if out[i] is None]
    if parts:
        counts = np.array([len(t) for _, t in parts])
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        tris = np.concatenate([t for _, t in parts])
        up, seen_up, chosen = _closed_prisms(tris, starts)
        if len(chosen):
            owner = np.repeat(np.arange(len(parts)), counts)
            polygons = shapely.polygons(tris[up & np.isin(owner, chosen)][:, :, :2])
            up_counts = np.add.reduceat(up.astype(np.int64), starts)[chosen]
            for k, shape in _coverage_unions(polygons, up_counts, seen_up[chosen]):
                out[parts[chosen[k]][0]] = shape
    return [footprint(mesh) if done is None else done
            for mesh, done in zip(meshes, out, strict=True)]


def _closed_prisms(tris: np.ndarray, starts: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run ``footprint``'s test of a closed body on the meshes' triangles, run after run.

    Returns the faces turned up (mask over the triangles), each mesh's plan area seen from
    above, and the meshes that pass (at most 512 faces turned up: larger ones alone).
    """
    areas = plan_areas(tris)
    up = areas > TOL.triangle_area_m2
    down = areas < -TOL.triangle_area_m2
    seen_up = np.add.reduceat(np.where(up, areas, 0.0), starts)
    seen_down = -np.add.reduceat(np.where(down, areas, 0.0), starts)
    ups = np.add.reduceat(up.astype(np.int64), starts)
    downs = np.add.reduceat(down.astype(np.int64), starts)
    same = (ups > 0) & (downs > 0) & (ups <= 512) & (
        np.abs(seen_up - seen_down) <= _CLOSED_REL * np.maximum(seen_up, seen_down))
    # The plan rectangle of the faces turned up against that of the faces turned down.
    xy = tris[:, :, :2]
    for corner, pick, fill in ((xy.min(axis=1), np.minimum, np.inf),
                               (xy.max(axis=1), np.maximum, -np.inf)):
        for axis in (0, 1):
            value = corner[:, axis]
            seen_a = pick.reduceat(np.where(up, value, fill), starts)
            seen_b = pick.reduceat(np.where(down, value, fill), starts)
            same &= np.abs(seen_a - seen_b) <= TOL.length_m
    return up, seen_up, np.flatnonzero(same)


def _coverage_unions(polygons: np.ndarray, counts: np.ndarray, seen: np.ndarray
                     ) -> Iterator[tuple[int, Polygon | MultiPolygon]]:
    """Unite consecutive runs of ``counts`` polygons each as coverages; yield the good ones.

    A run's union is kept when it is valid and its area is the run's (``seen``): the
    polygons did not overlap. Runs of similar length share an array, padded with None.
    """
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for low, high in ((1, 8), (9, 64), (65, 512)):
        rows = np.flatnonzero((counts >= low) & (counts <= high))
        if not len(rows):
            continue
        grid = np.full((len(rows), int(counts[rows].max())), None, dtype=object)
        for r, k in enumerate(rows):
            grid[r, :counts[k]] = polygons[first[k]:first[k] + counts[k]]
        try:
            merged = shapely.coverage_union_all(grid, axis=1)
        except shapely.errors.GEOSException:
            continue                              # one bad row: each on its own
        valid = shapely.is_valid(merged)
        area = shapely.area(merged)
        for r, k in enumerate(rows):
            if valid[r] and abs(area[r] - seen[k]) <= _CLOSED_REL * seen[k]:
                yield int(k), clean(merged[r])


def _same_extent(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two sets of triangles span the same plan rectangle (to ``TOL.length_m``)."""
    tol = TOL.length_m
    lo_a, hi_a = a[:, :, :2].min(axis=(0, 1)), a[:, :, :2].max(axis=(0, 1))
    lo_b, hi_b = b[:, :, :2].min(axis=(0, 1)), b[:, :, :2].max(axis=(0, 1))
    return bool(np.all(np.abs(lo_a - lo_b) <= tol) and np.all(np.abs(hi_a - hi_b) <= tol))


def section_segments(mesh: Mesh, z: float) -> np.ndarray:
    """Segments where the plane at height ``z`` cuts the mesh's triangles.

    A vertex exactly on the plane counts as above it, so a horizontal face lying in the
    plane contributes nothing and an edge through a vertex is cut once.

    Returns
    -------
    (k, 2, 2) float
        Segment end points in XY.
    """
    if mesh.is_empty:
        return np.zeros((0, 2, 2))
    tris = mesh.triangles
    d = tris[:, :, 2] - z
    above = d >= 0.0
    n_above = above.sum(axis=1)
    cut = (n_above == 1) | (n_above == 2)
    if not cut.any():
        return np.zeros((0, 2, 2))
    tris, d, above = tris[cut], d[cut], above[cut]
    # The lone vertex is the one on the minority side; the segment joins the two crossing
    # points on the edges from it to the other two vertices.
    lone_is_above = above.sum(axis=1) == 1
    lone = np.where(lone_is_above, np.argmax(above, axis=1), np.argmin(above, axis=1))
    idx = np.arange(len(tris))
    others = np.stack([(lone + 1) % 3, (lone + 2) % 3], axis=1)
    points = []
    for k in range(2):
        pa, pb = tris[idx, lone], tris[idx, others[:, k]]
        da, db = d[idx, lone], d[idx, others[:, k]]
        # Interpolate every edge from its lexicographically smaller end, so the two
        # triangles sharing an edge compute bit-identical points and the loops close.
        swap = _lex_greater(pa, pb)
        pa, pb = np.where(swap[:, None], pb, pa), np.where(swap[:, None], pa, pb)
        da, db = np.where(swap, db, da), np.where(swap, da, db)
        t = da / (da - db)
        points.append(pa[:, :2] + (pb[:, :2] - pa[:, :2]) * t[:, None])
    return np.stack(points, axis=1)


def _lex_greater(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise ``a > b`` in lexicographic (x, y, z) order, for (n, 3) arrays."""
    greater = np.zeros(len(a), dtype=bool)
    decided = np.zeros(len(a), dtype=bool)
    for axis in range(3):
        gt = (a[:, axis] > b[:, axis]) & ~decided
        lt = (a[:, axis] < b[:, axis]) & ~decided
        greater |= gt
        decided |= gt | lt
    return greater


def _inside(points: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """Even-odd test of points against a closed set of segments (ray towards +x)."""
    x1, y1 = segments[:, 0, 0], segments[:, 0, 1]
    x2, y2 = segments[:, 1, 0], segments[:, 1, 1]
    inside = np.zeros(len(points), dtype=bool)
    for i, (px, py) in enumerate(points):
        crosses = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            xs = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        inside[i] = np.count_nonzero(crosses & (px < xs)) % 2 == 1
    return inside


def section(mesh: Mesh, z: float) -> Polygon | MultiPolygon:
    """Cut a closed mesh with the horizontal plane at ``z``: the material's plan area there.

    The cut segments are noded and polygonized into faces; a face is material if a point
    inside it lies inside an odd number of cut loops (even-odd rule), so a wall ring around
    a courtyard gives a ring, not a filled square.

    Examples
    --------
    >>> from cimcheck.geometry.mesh import box_mesh
    >>> section(box_mesh("g", (0, 0, 0), (4, 3, 2)), 1.0).area
    12.0
    >>> section(box_mesh("g", (0, 0, 0), (4, 3, 2)), 5.0).is_empty
    True
    """
    segments = section_segments(mesh, z)
    if len(segments) < 3:
        return EMPTY
    lines = shapely.linestrings(segments)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines))))
    faces = [f for f in faces if f.area > TOL.area_m2]
    if not faces:
        return EMPTY
    reps = np.array([f.representative_point().coords[0] for f in faces])
    keep = _inside(reps, segments)
    return clean(shapely.union_all([f for f, k in zip(faces, keep, strict=True) if k]))
