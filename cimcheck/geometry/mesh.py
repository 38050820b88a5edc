"""Mesh: one element's triangulated body in world coordinates (metres), frozen.

Functions here work on plain arrays (trimesh style); ``Mesh`` only bundles them with the
element they belong to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["EXTRUSION", "Mesh", "box_mesh", "make_mesh", "plan_areas", "vertical_prism_ring",
           "volume"]

#: The "kernel" of a mesh read as a plain extrusion (``geometry.prism``), not made by a
#: geometry library: its vertices are the profile's corners at the bottom, then the same
#: corners at the top, in order.
EXTRUSION = "extrusion"


@dataclass(frozen=True, slots=True, eq=False)
class Mesh:
    """A triangulated element body.

    Attributes
    ----------
    global_id : str
    ifc_class : str
    vertices : (n, 3) float64
        World coordinates in metres (read-only array).
    faces : (m, 3) int32
        Vertex indices, counter-clockwise seen from outside (read-only array).
    kernel : str
        The geometry library that produced it ("manifold", "opencascade", ...).
    """

    global_id: str
    ifc_class: str
    vertices: np.ndarray
    faces: np.ndarray
    kernel: str

    @property
    def bounds(self) -> np.ndarray:
        """(2, 3) float: min and max corner; zeros for an empty mesh."""
        if len(self.vertices) == 0:
            return np.zeros((2, 3))
        return np.array([self.vertices.min(axis=0), self.vertices.max(axis=0)])

    @property
    def triangles(self) -> np.ndarray:
        """(m, 3, 3) float: the triangles' corner coordinates."""
        return self.vertices[self.faces]

    @property
    def is_empty(self) -> bool:
        """True if the mesh has no faces."""
        return len(self.faces) == 0


def make_mesh(global_id: str, ifc_class: str, vertices: ArrayLike, faces: ArrayLike,
              kernel: str) -> Mesh:
    """Build a Mesh with read-only float64 / int32 arrays of the right shapes.

    Examples
    --------
    >>> m = make_mesh("g", "IfcSlab", [[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]], "x")
    >>> m.vertices.shape, m.faces.dtype.name, m.vertices.flags.writeable
    ((3, 3), 'int32', False)
    >>> make_mesh("g", "IfcSlab", [], [], "x").is_empty
    True
    """
    v = np.ascontiguousarray(np.asarray(vertices, dtype=np.float64).reshape(-1, 3))
    f = np.ascontiguousarray(np.asarray(faces, dtype=np.int32).reshape(-1, 3))
    v.flags.writeable = False
    f.flags.writeable = False
    return Mesh(global_id, ifc_class, v, f, kernel)


def plan_areas(triangles: np.ndarray) -> np.ndarray:
    """Signed plan (XY) areas of triangles.

    Parameters
    ----------
    triangles : (m, 3, 3) float

    Returns
    -------
    (m,) float
        Positive for triangles facing up (+z), negative facing down, ~0 for vertical ones.

    Examples
    --------
    >>> plan_areas(np.array([[[0, 0, 0], [2, 0, 0], [0, 2, 5]]], dtype=float))
    array([2.])
    >>> plan_areas(np.zeros((0, 3, 3)))
    array([], dtype=float64)
    """
    a = triangles[:, 1, :2] - triangles[:, 0, :2]
    b = triangles[:, 2, :2] - triangles[:, 0, :2]
    return 0.5 * (a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0])


def volume(mesh: Mesh) -> float:
    """Enclosed volume (m³) of a closed, outward-oriented mesh; 0.0 for an empty mesh.

    Examples
    --------
    >>> volume(make_mesh("g", "IfcSlab", [], [], "x"))
    0.0
    """
    if mesh.is_empty:
        return 0.0
    t = mesh.triangles
    return float(np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6.0)


_BOX_FACES = [
    [0, 2, 1], [0, 3, 2],  # bottom (facing -z)
    [4, 5, 6], [4, 6, 7],  # top
    [0, 1, 5], [0, 5, 4],  # y = min
    [1, 2, 6], [1, 6, 5],  # x = max
    [2, 3, 7], [2, 7, 6],  # y = max
    [3, 0, 4], [3, 4, 7],  # x = min
]


def box_mesh(global_id: str, lo: Sequence[float], hi: Sequence[float],
             ifc_class: str = "IfcBuildingElementProxy") -> Mesh:
    """Build an axis-aligned box from corner ``lo`` to ``hi`` (for examples and tests).

    Examples
    --------
    >>> round(volume(box_mesh("g", (0, 0, 0), (2, 3, 4))), 9)
    24.0
    """
    (x0, y0, z0), (x1, y1, z1) = lo, hi
    vertices = [
        [x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0],
        [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1],
    ]
    return make_mesh(global_id, ifc_class, vertices, _BOX_FACES, "box")


def vertical_prism_ring(mesh: Mesh) -> np.ndarray | None:
    """Return the plan corners (n, 2) of a mesh read as a vertical extrusion, else None.

    A prism from ``geometry.prism`` holds its bottom corners, then its top corners in the
    same order, and 4n − 4 triangles (a tube from there, 4k vertices and 8k faces for rings
    of k corners, is not one: its plan has a hole). Swept straight up, its plan projection (its
    footprint, and its section at any height within it) is the polygon of those corners:
    no triangle to project or unite.

    Examples
    --------
    >>> m = make_mesh("g", "IfcWall", [[0, 0, 0], [2, 0, 0], [2, 1, 0], [0, 1, 0],
    ...                                [0, 0, 3], [2, 0, 3], [2, 1, 3], [0, 1, 3]],
    ...               [[0, 2, 1], [0, 3, 2]] + [[0, 0, 0]] * 10, EXTRUSION)
    >>> vertical_prism_ring(m).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 1.0], [0.0, 1.0]]
    >>> vertical_prism_ring(box_mesh("g", (0, 0, 0), (1, 1, 1))) is None   # not read so
    True
    """
    if mesh.kernel != EXTRUSION:
        return None
    n = len(mesh.vertices) // 2
    if n < 3 or len(mesh.vertices) != 2 * n or len(mesh.faces) != 4 * n - 4:
        return None
    bottom = mesh.vertices[:n, :2]
    if float(np.abs(mesh.vertices[n:, :2] - bottom).max()) > _VERTICAL_M:
        return None
    return bottom


#: Largest plan offset between a prism's bottom and top corners for it to be vertical.
_VERTICAL_M = 1e-9
