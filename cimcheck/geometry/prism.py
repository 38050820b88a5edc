"""Extrusions of straight-edged profiles, meshed from the IFC data without a kernel.

Most of what a storey is made of (walls, slabs, spaces, columns, window and railing
bodies as Revit, ArchiCAD and most generators write them) is one ``IfcExtrudedAreaSolid``:
a 2D profile, placed, swept along a direction for a depth. Its body is a prism: the
profile's polygon at the bottom, the same moved by ``depth × direction`` at the top, a
quadrilateral per edge between them. Reading the profile and the placements and writing
that prism takes about half of what the geometry kernel spends on the same solid (0.09
against 0.17 ms with ``manifold``, which builds a general solid first; most of the 0.09
is ifcopenshell's attribute reads), so the tessellation meshes these here and hands the
kernel only the rest.

Only the cases below are meshed here; anything else returns None and goes to the kernel
(which is also the reference the tests compare these meshes with):

- the product's one ``Body`` representation holds exactly one ``IfcExtrudedAreaSolid``;
- its profile is an ``IfcRectangleProfileDef`` or an ``IfcArbitraryClosedProfileDef``
  (AREA) whose outer curve is an ``IfcPolyline`` (straight edges, no voids), a simple
  polygon of at least three distinct corners; or a circle, solid (``IfcCircleProfileDef``:
  round columns, bars, handrails) or hollow (``IfcCircleHollowProfileDef``: steel tubes,
  the connectors of precast walls), as the regular polygon inscribed in it (below);
- the product and every placement it is relative to are ``IfcLocalPlacement`` with
  ``IfcAxis2Placement3D`` (a grid placement or a 2D one goes to the kernel).

A circle is meshed as the kernels mesh it, a regular polygon inscribed in it (each kernel
with its own corner count), here with ``circle_segments(radius)`` corners: a multiple of
four, the first on the profile's x axis (so the polygon reaches the circle at its
extremes along both axes of the profile), as many as keep each chord within
``CHORD_DEVIATION_M`` of the arc (at least 16). The polygon's area is then short of the
circle's by less than 4/3 of that deviation over the radius (0.17 % for a column of
0.4 m radius). A tube of rings of n corners has 4n vertices and 8n faces, never the
8n − 4 faces of a prism of 2n corners: ``mesh.vertical_prism_ring`` does not take it for
one, and its footprint is the ring its faces turned up make. ``manifold``, the bulk
kernel, meshes no circle profile at all (ifcopenshell 0.9): without this, each went to
``opencascade`` one by one, 6 ms a tube (the Tekla car wash's 94 connectors and bars: a
tenth of its check).

Openings are not subtracted (``tessellate.SETTINGS``), so a wall with openings is still
its extrusion. The caps are triangulated as a fan when the polygon is convex, else by
shapely's constrained Delaunay triangulation (its corners only, no new points); the
faces are oriented outwards (right-handed placements never mirror a prism).
"""

from __future__ import annotations

import math
from typing import Any

import ifcopenshell
import numpy as np
import shapely

__all__ = ["CHORD_DEVIATION_M", "VERSION", "PrismReader", "circle_segments"]

#: Part of the geometry cache's key: raise it when the meshes written here change.
VERSION = 3

#: Largest distance between a circle and the chords of the polygon meshing it (m): half a
#: millimetre, below what a drawing states; a column of 0.4 m radius gets 64 corners, a
#: round slab of 10 m radius 316.
CHORD_DEVIATION_M = 5e-4

#: Fewest corners of a circle's polygon (a bar of 15 mm radius; opencascade gives it 26).
_MIN_SEGMENTS = 16

#: Corners closer than this (in the file's length unit times the scale: metres) are one.
_MERGE_M = 1e-9

#: Positions of the attributes read here: the same in IFC2X3, IFC4 and IFC4X3 (a test
#: compares them with each schema). Read by position, the 30 reads of a prism cost half
#: what ``attribute``'s lookup by name does, and a prism is mostly reads.
FIXED_POSITIONS: dict[tuple[str, str], int] = {
    ("IfcProduct", "ObjectPlacement"): 5,
    ("IfcProduct", "Representation"): 6,
    ("IfcProductDefinitionShape", "Representations"): 2,
    ("IfcShapeRepresentation", "RepresentationIdentifier"): 1,
    ("IfcShapeRepresentation", "Items"): 3,
    ("IfcExtrudedAreaSolid", "SweptArea"): 0,
    ("IfcExtrudedAreaSolid", "Position"): 1,
    ("IfcExtrudedAreaSolid", "ExtrudedDirection"): 2,
    ("IfcExtrudedAreaSolid", "Depth"): 3,
    ("IfcArbitraryClosedProfileDef", "ProfileType"): 0,
    ("IfcArbitraryClosedProfileDef", "OuterCurve"): 2,
    ("IfcRectangleProfileDef", "ProfileType"): 0,
    ("IfcRectangleProfileDef", "Position"): 2,
    ("IfcRectangleProfileDef", "XDim"): 3,
    ("IfcRectangleProfileDef", "YDim"): 4,
    ("IfcCircleProfileDef", "ProfileType"): 0,
    ("IfcCircleProfileDef", "Position"): 2,
    ("IfcCircleProfileDef", "Radius"): 3,
    ("IfcCircleHollowProfileDef", "WallThickness"): 4,
    ("IfcPolyline", "Points"): 0,
    ("IfcCartesianPoint", "Coordinates"): 0,
    ("IfcDirection", "DirectionRatios"): 0,
    ("IfcAxis2Placement3D", "Location"): 0,
    ("IfcAxis2Placement3D", "Axis"): 1,
    ("IfcAxis2Placement3D", "RefDirection"): 2,
    ("IfcAxis2Placement2D", "Location"): 0,
    ("IfcAxis2Placement2D", "RefDirection"): 1,
    ("IfcLocalPlacement", "PlacementRelTo"): 0,
    ("IfcLocalPlacement", "RelativePlacement"): 1,
}

#: Directions closer than this (1 − |cos|) to parallel are taken as parallel.
_PARALLEL = 1e-9

#: Longest chain of placements followed (a longer one is a loop: the kernel reports it).
_MAX_CHAIN = 64


def circle_segments(radius_m: float) -> int:
    """Return how many corners mesh a circle of ``radius_m`` (see the module's docstring).

    Examples
    --------
    >>> circle_segments(0.015), circle_segments(0.4), circle_segments(10.0)
    (16, 64, 316)
    """
    ratio = 1.0 - CHORD_DEVIATION_M / radius_m
    needed = math.pi / math.acos(ratio) if ratio > 0 else 0.0
    return max(_MIN_SEGMENTS, 4 * math.ceil(needed / 4))


def _unit(x: float, y: float, z: float) -> tuple[float, float, float] | None:
    norm = math.sqrt(x * x + y * y + z * z)
    return (x / norm, y / norm, z / norm) if norm > 1e-12 else None


def _triple(direction: Any,
            default: tuple[float, float, float]) -> tuple[float, float, float] | None:
    if direction is None:
        return default
    ratios = direction.get_argument(0)
    if ratios is None or len(ratios) != 3:
        return None
    return float(ratios[0]), float(ratios[1]), float(ratios[2])


def _axis_matrix(placement: Any, scale: float) -> np.ndarray | None:
    """4×4 matrix of an IfcAxis2Placement3D (location scaled to metres); None: not one.

    Plain floats, not numpy, for the axes: numpy's call overhead on 3-vectors was most
    of the cost of a prism.
    """
    if placement is None:
        return np.eye(4)
    if placement.is_a() != "IfcAxis2Placement3D":
        return None
    location = placement.get_argument(0)
    coords = location.get_argument(0) if location is not None else None
    axis = _triple(placement.get_argument(1), (0.0, 0.0, 1.0))
    given_ref = placement.get_argument(2)
    ref = _triple(given_ref, (1.0, 0.0, 0.0))
    if coords is None or len(coords) != 3 or axis is None or ref is None:
        return None
    z = _unit(*axis)
    if z is None:
        return None
    if given_ref is None and abs(z[2]) < 1.0 - _PARALLEL:
        # IFC's default reference direction for a tilted axis is not the one ifcopenshell
        # takes (it rotates the body about its axis): the kernel places such a solid.
        return None
    # x: the reference direction made perpendicular to z (IFC's IfcBuildAxes). One
    # parallel to the axis defines no frame: the kernel reports such a solid.
    along = ref[0] * z[0] + ref[1] * z[1] + ref[2] * z[2]
    x = _unit(ref[0] - along * z[0], ref[1] - along * z[1], ref[2] - along * z[2])
    if x is None or abs(along) > 1.0 - _PARALLEL:
        return None
    y = (z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0])
    return np.array([[x[0], y[0], z[0], coords[0] * scale],
                     [x[1], y[1], z[1], coords[1] * scale],
                     [x[2], y[2], z[2], coords[2] * scale],
                     [0.0, 0.0, 0.0, 1.0]])


class PrismReader:
    """Meshes the plain extrusions of one file; keeps the placements it has composed.

    Parameters
    ----------
    length_to_m : float
        The file's length unit in metres (``LoadedModel.units.length_to_m``).
    """

    def __init__(self, length_to_m: float) -> None:
        self.scale = float(length_to_m)
        self._placements: dict[int, np.ndarray | None] = {}

    def placement(self, local: Any) -> np.ndarray | None:
        """Return the world matrix (metres) of an object placement.

        Composed up its chain of ``IfcLocalPlacement``; None where the chain holds anything
        else (a grid placement, a 2D placement, a loop): the kernel places such a product.
        """
        chain: list[Any] = []
        node = local
        matrix: np.ndarray | None = np.eye(4)      # the chain's root: world coordinates
        while node is not None:
            if node.id() in self._placements:
                matrix = self._placements[node.id()]
                break
            if node.is_a() != "IfcLocalPlacement" or len(chain) > _MAX_CHAIN:
                matrix = None
                break
            chain.append(node)
            node = node.get_argument(0)
        for link in reversed(chain):
            if matrix is not None:
                relative = _axis_matrix(link.get_argument(1), self.scale)
                matrix = None if relative is None else matrix @ relative
            self._placements[link.id()] = matrix
        return matrix

    def _profile(self, profile: Any) -> tuple[list[tuple[float, float]],
                                              list[tuple[float, float]] | None] | None:
        """Return the profile's corners in its own coordinates (metres), counter-clockwise.

        As ``(outer, hole)``: ``hole`` is None, or a hollow circle's inner ring, as many
        corners as the outer one, each on the outer corner's radius. None when the profile
        is not one read here.
        """
        kind = profile.is_a()
        if kind == "IfcRectangleProfileDef":
            rectangle = self._rectangle(profile)
            return None if rectangle is None else (rectangle, None)
        if kind in ("IfcCircleProfileDef", "IfcCircleHollowProfileDef"):
            return self._circle(profile, hollow=kind == "IfcCircleHollowProfileDef")
        if kind != "IfcArbitraryClosedProfileDef" \
                or profile.get_argument(0) != "AREA":
            return None
        curve = profile.get_argument(2)
        if curve is None or curve.is_a() != "IfcPolyline":
            return None
        corners: list[tuple[float, float]] = []
        scale = self.scale
        for point in curve.get_argument(0) or ():
            coords = point.get_argument(0)
            if coords is None or len(coords) != 2:
                return None
            corner = (coords[0] * scale, coords[1] * scale)
            # Drop repeated corners (a doubled point; the closing one below).
            if not corners or abs(corner[0] - corners[-1][0]) + abs(
                    corner[1] - corners[-1][1]) > _MERGE_M:
                corners.append(corner)
        while len(corners) > 1 and abs(corners[0][0] - corners[-1][0]) + abs(
                corners[0][1] - corners[-1][1]) <= _MERGE_M:
            corners.pop()
        if len(corners) < 3:
            return None
        doubled = sum(a[0] * b[1] - b[0] * a[1]
                      for a, b in zip(corners, corners[1:] + corners[:1], strict=True))
        if abs(doubled) < 1e-12:
            return None
        return (corners if doubled > 0 else corners[::-1]), None

    def _rectangle(self, profile: Any) -> list[tuple[float, float]] | None:
        if profile.get_argument(0) != "AREA":           # a CURVE profile is a hollow outline
            return None
        x_dim = profile.get_argument(3)
        y_dim = profile.get_argument(4)
        if not x_dim or not y_dim or x_dim <= 0 or y_dim <= 0:
            return None
        hx, hy = 0.5 * x_dim, 0.5 * y_dim
        return self._placed(profile.get_argument(2),
                            [(-hx, -hy), (hx, -hy), (hx, hy), (-hx, hy)])

    def _circle(self, profile: Any, *, hollow: bool
                ) -> tuple[list[tuple[float, float]], list[tuple[float, float]] | None] | None:
        if profile.get_argument(0) != "AREA":
            return None
        radius = profile.get_argument(3)
        if not radius or radius <= 0:
            return None
        inner = 0.0
        if hollow:
            thickness = profile.get_argument(4)
            if not thickness or thickness <= 0 or thickness >= radius:
                return None         # no wall, or no hole: the kernel decides what it is
            inner = radius - thickness
        n = circle_segments(radius * self.scale)
        angles = [2.0 * math.pi * k / n for k in range(n)]
        position = profile.get_argument(2)
        outer = self._placed(position, [(radius * math.cos(a), radius * math.sin(a))
                                        for a in angles])
        hole = self._placed(position, [(inner * math.cos(a), inner * math.sin(a))
                                       for a in angles]) if hollow else None
        if outer is None or (hollow and hole is None):
            return None
        return outer, hole

    def _placed(self, position: Any,
                corners: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
        """Return a profile's corners (file units) placed by its Position, in metres.

        ``position`` is the profile's IfcAxis2Placement2D (optional in IFC4: None keeps
        the corners where they are); None when it is anything else.
        """
        if position is not None:
            if position.is_a() != "IfcAxis2Placement2D":
                return None
            location = position.get_argument(0).get_argument(0)
            ref = position.get_argument(1)
            direction = ref.get_argument(0) if ref is not None else (1.0, 0.0)
            if location is None or len(location) != 2 or direction is None \
                    or len(direction) != 2:
                return None
            norm = math.hypot(direction[0], direction[1])
            if norm <= 1e-12:
                return None
            c, s = direction[0] / norm, direction[1] / norm
            corners = [(location[0] + c * u - s * v, location[1] + s * u + c * v)
                       for u, v in corners]
        return [(u * self.scale, v * self.scale) for u, v in corners]

    def mesh(self, product: ifcopenshell.entity_instance) -> tuple[np.ndarray, np.ndarray] | None:
        """Return the product's body as ``(vertices (n, 3) float64, faces (m, 3) int32)``.

        In world metres; None when it is not a plain extrusion read here, or its data is
        damaged (a missing mandatory attribute): the kernel meshes or reports it.
        """
        try:
            return self._mesh(product)
        except (AttributeError, TypeError, ValueError, IndexError, RuntimeError):
            return None

    def _mesh(self, product: ifcopenshell.entity_instance) -> tuple[np.ndarray, np.ndarray] | None:
        shape = product.get_argument(6)
        if shape is None:
            return None
        bodies = [rep for rep in shape.get_argument(2) or ()
                  if rep.get_argument(1) == "Body"]
        if len(bodies) != 1:
            return None
        items: tuple[Any, ...] = bodies[0].get_argument(3) or ()
        if len(items) != 1 or items[0].is_a() != "IfcExtrudedAreaSolid":
            return None
        solid = items[0]
        profile = self._profile(solid.get_argument(0))
        depth = solid.get_argument(3)
        direction = _triple(solid.get_argument(2), (0.0, 0.0, 1.0))
        if profile is None or not depth or depth <= 0 or direction is None:
            return None
        corners, hole = profile
        sweep = _unit(*direction)
        if sweep is None or sweep[2] <= 1e-9:       # a sweep within or below the profile plane
            return None
        position = solid.get_argument(1)       # optional in IFC4: the profile's own frame
        local = None if position is None else _axis_matrix(position, self.scale)
        world = self.placement(product.get_argument(5))
        if world is None or (local is None and position is not None):
            return None
        triangles = _cap(corners) if hole is None else _FAN
        if triangles is None:
            return None
        n = len(corners)
        matrix = world if local is None else world @ local
        rotation = matrix[:3, :3]
        bottom = np.array(corners if hole is None else corners + hole) \
            @ rotation[:, :2].T + matrix[:3, 3]
        top = bottom + rotation @ (np.array(sweep) * (depth * self.scale))
        # A counter-clockwise profile swept upwards gives outward faces in the profile's own
        # frame, and placements (IfcAxis2Placement3D: y = z × x) never mirror it.
        faces = _prism_faces(n, triangles) if hole is None else _tube_faces(n)
        return np.concatenate([bottom, top]), faces


#: Faces of a convex prism by corner count (a fan cap): the same for every such prism.
_CONVEX_FACES: dict[int, np.ndarray] = {}

#: The fan of a convex polygon's cap, as ``_cap`` returns it.
_FAN = "fan"


def _prism_faces(n: int, cap: np.ndarray | str) -> np.ndarray:
    """Return the (m, 3) int32 faces of a prism of ``n`` corners: caps, then sides.

    Read-only: a convex prism's are shared by every one of its corner count.
    """
    fan = isinstance(cap, str)
    if fan:
        known = _CONVEX_FACES.get(n)
        if known is not None:
            return known
        k = np.arange(1, n - 1, dtype=np.int32)
        cap = np.column_stack([np.zeros(n - 2, dtype=np.int32), k, k + 1])
    assert isinstance(cap, np.ndarray)
    i = np.arange(n, dtype=np.int32)
    j = (i + 1) % n
    faces = np.concatenate([cap[:, ::-1], cap + n, np.column_stack([i, j, j + n]),
                            np.column_stack([i, j + n, i + n])]).astype(np.int32)
    faces.flags.writeable = False
    if fan:
        _CONVEX_FACES[n] = faces
    return faces


#: Faces of a tube (a hollow circle's prism) by corner count.
_TUBE_FACES: dict[int, np.ndarray] = {}


def _tube_faces(n: int) -> np.ndarray:
    """Return the (8n, 3) int32 faces of a tube: caps, outer side, inner side.

    Its vertices: the outer ring's ``n`` corners, then the inner ring's (corner ``k`` of
    each on one radius), at the bottom; then the same at the top. A cap is a quadrilateral
    per corner between the rings; the inner side faces the axis (outwards of the solid).
    Read-only, shared by every tube of ``n`` corners.
    """
    known = _TUBE_FACES.get(n)
    if known is not None:
        return known
    o = np.arange(n, dtype=np.int32)           # outer ring, bottom
    o1 = (o + 1) % n
    i, i1 = o + n, o1 + n                       # inner ring, bottom
    top = 2 * n
    cap = np.concatenate([np.column_stack([o, o1, i1]), np.column_stack([o, i1, i])])
    faces = np.concatenate([
        cap[:, ::-1], cap + top,                                        # bottom, top
        np.column_stack([o, o1, o1 + top]), np.column_stack([o, o1 + top, o + top]),
        np.column_stack([i, i1 + top, i1]), np.column_stack([i, i + top, i1 + top]),
    ]).astype(np.int32)
    faces.flags.writeable = False
    _TUBE_FACES[n] = faces
    return faces


def _cap(corners: list[tuple[float, float]]) -> np.ndarray | str | None:
    """Return the triangles of a counter-clockwise polygon's cap.

    ``_FAN`` when it is convex, else (k, 3) counter-clockwise corner indices; None when it
    is not simple (the kernel decides what it is).
    """
    n = len(corners)
    turning = 0.0
    convex = True
    for k in range(n):
        (x0, y0), (x1, y1), (x2, y2) = corners[k - 1], corners[k], corners[(k + 1) % n]
        ax, ay, bx, by = x1 - x0, y1 - y0, x2 - x1, y2 - y1
        cross = ax * by - ay * bx
        if cross < -1e-12:
            convex = False
            break
        turning += math.atan2(cross, ax * bx + ay * by)
    if convex and abs(turning - 2 * math.pi) < 1e-6:
        return _FAN       # every turn left or straight, one full turn: a fan from corner 0
    polygon = shapely.Polygon(corners)
    if not polygon.is_valid:
        return None
    lookup = {corner: k for k, corner in enumerate(corners)}
    out = []
    for piece in shapely.get_parts(shapely.constrained_delaunay_triangles(polygon)):
        ring = shapely.get_coordinates(piece)[:3]
        try:
            tri = [lookup[(float(x), float(y))] for x, y in ring]
        except KeyError:
            return None             # a corner made by the triangulation: not ours to mesh
        a, b, c = (corners[t] for t in tri)
        if (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) < 0:
            tri = [tri[0], tri[2], tri[1]]
        out.append(tri)
    if len(out) != n - 2:
        return None
    return np.array(out, dtype=np.int32)
