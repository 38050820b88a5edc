"""Storey outlines, stilt projections and sloped-roof height bands (GB/T 50353-2013).

- **Outline (GB-01, 3.0.1):** building area is measured at the outer face of the
  enclosing structure. We cut the storey's walls, curtain walls and columns with a
  horizontal plane just above the floor (``TOL.section_offset_m``), add the plan
  footprints of its enclosed spaces, and union. Holes in the union are filled when they
  are inside the building, which we recognise by a floor: a hole at least half covered by
  the storey's floor slabs or spaces is a gap between rooms (filled); a hole without floor
  is an open courtyard or an atrium void (kept open).
- **Stilt storey (GB-07, 3.0.7):** measured by the horizontal projection of the slab above
  (顶板水平投影面积), not by its few walls.
- **Sloped roof (GB-03, 3.0.3):** the plan is split by the clear height under the roof:
  ≥ 2.10 m counts in full, 1.20–2.10 m at half, < 1.20 m not at all. For each
  downward-facing roof triangle (a plane), the part lower than a threshold is a half-plane
  clip of the triangle, so the bands are exact for planar roofs; where roofs overlap in plan
  the lowest one decides.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from cimcheck.geometry.footprint import EMPTY, clean, union
from cimcheck.geometry.mesh import Mesh
from cimcheck.geometry.tolerance import TOL

__all__ = ["close_gaps", "fill_inner_holes", "slope_bands", "underside_below"]


def close_gaps(geometry: Polygon | MultiPolygon, gap_m: float) -> Polygon | MultiPolygon:
    """Close gaps narrower than ``gap_m`` (a morphological closing with mitred corners).

    Buffering out by half the gap and back in joins walls that stop short of each other,
    and restores straight edges and right-angled corners exactly.

    Examples
    --------
    >>> a = Polygon([(0, 0), (4, 0), (4, 1), (0, 1)])
    >>> b = Polygon([(4.2, 0), (8, 0), (8, 1), (4.2, 1)])      # 0.2 m gap between them
    >>> round(close_gaps(union([a, b]), 0.3).area, 6)
    8.0
    >>> round(close_gaps(union([a, b]), 0.1).area, 6)           # gap wider than allowed
    7.8
    """
    if geometry.is_empty or gap_m <= 0:
        return geometry
    half = gap_m / 2
    closed = geometry.buffer(half, join_style="mitre", mitre_limit=10.0).buffer(
        -half, join_style="mitre", mitre_limit=10.0)
    return clean(shapely.union_all([closed, geometry]))


def fill_inner_holes(
    geometry: Polygon | MultiPolygon, floor: Polygon | MultiPolygon, min_cover: float = 0.5
) -> tuple[Polygon | MultiPolygon, int, int]:
    """Fill the holes of ``geometry`` that have a floor; keep the others open.

    Returns
    -------
    (outline, filled, kept) : (Polygon | MultiPolygon, int, int)

    Examples
    --------
    >>> ring = Polygon([(0, 0), (6, 0), (6, 6), (0, 6)], [[(1, 1), (5, 1), (5, 5), (1, 5)]])
    >>> fill_inner_holes(ring, Polygon([(0, 0), (6, 0), (6, 6), (0, 6)]))[0].area
    36.0
    >>> fill_inner_holes(ring, Polygon())[0].area     # a courtyard with no floor stays open
    20.0
    """
    if geometry.is_empty:
        return EMPTY, 0, 0
    parts = []
    filled = kept = 0
    for polygon in shapely.get_parts(geometry):
        keep_holes = []
        for ring in polygon.interiors:
            hole = Polygon(ring)
            covered = hole.intersection(floor).area if not floor.is_empty else 0.0
            if hole.area > 0 and covered / hole.area >= min_cover:
                filled += 1
            else:
                keep_holes.append(ring)
                kept += 1
        parts.append(Polygon(polygon.exterior, keep_holes))
    return clean(shapely.union_all(parts)), filled, kept


def _clip_below(triangle: np.ndarray, z: float) -> list[tuple[float, float]]:
    """Plan polygon of the part of a planar triangle lying at or below height ``z``."""
    out: list[tuple[float, float]] = []
    for i in range(3):
        p, q = triangle[i], triangle[(i + 1) % 3]
        p_in, q_in = p[2] <= z, q[2] <= z
        if p_in:
            out.append((float(p[0]), float(p[1])))
        if p_in != q_in:
            t = (z - p[2]) / (q[2] - p[2])
            out.append((float(p[0] + (q[0] - p[0]) * t), float(p[1] + (q[1] - p[1]) * t)))
    return out


def _undersides(meshes: Iterable[Mesh], floor_z: float) -> np.ndarray:
    """Downward-facing, non-vertical triangles reaching above the floor, as (k, 3, 3).

    A roof face that starts below the floor (the eaves of a roof resting on knee walls, or
    running down past the attic floor) is kept whole: the part of it lower than a height
    threshold is clipped later, so the low band near the eaves counts at 0 or ½ (3.0.3).
    """
    chunks = []
    for mesh in meshes:
        if mesh.is_empty:
            continue
        tris = mesh.triangles
        normals = np.cross(tris[:, 1] - tris[:, 0], tris[:, 2] - tris[:, 0])
        lengths = np.linalg.norm(normals, axis=1)
        ok = lengths > 0
        nz = np.zeros(len(tris))
        nz[ok] = normals[ok, 2] / lengths[ok]
        keep = (nz < -0.05) & (tris[:, :, 2].max(axis=1) > floor_z + TOL.length_m)
        chunks.append(tris[keep])
    return np.concatenate(chunks) if chunks else np.zeros((0, 3, 3))


def underside_below(triangles: np.ndarray, z: float) -> Polygon | MultiPolygon:
    """Plan region where the roof underside (the given triangles) is at or below ``z``."""
    polygons = []
    for triangle in triangles:
        points = _clip_below(triangle, z)
        if len(points) >= 3:
            polygons.append(Polygon(points))
    return union(polygons)


def slope_bands(
    roof_meshes: Iterable[Mesh], floor_z: float, region: Polygon | MultiPolygon,
    full_m: float, half_m: float,
) -> dict[str, Polygon | MultiPolygon] | None:
    """Split ``region`` by the clear height under sloped roofs above ``floor_z``.

    Returns
    -------
    dict or None
        ``{"full": ..., "half": ..., "zero": ...}`` covering ``region``; None when no
        sloped underside lowers the clear height anywhere in the region below ``full_m``.
    """
    triangles = _undersides(roof_meshes, floor_z)
    if len(triangles) == 0:
        return None
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    nz = np.abs(normals[:, 2]) / np.maximum(np.linalg.norm(normals, axis=1), 1e-30)
    if not (nz < 0.999).any():
        return None  # flat ceilings only: the storey-height rule applies, not GB-03
    low_full = clean(underside_below(triangles, floor_z + full_m).intersection(region))
    if low_full.area <= TOL.area_m2:
        return None
    low_half = clean(underside_below(triangles, floor_z + half_m).intersection(region))
    return {
        "full": clean(region.difference(low_full)),
        "half": clean(low_full.difference(low_half)),
        "zero": low_half,
    }
