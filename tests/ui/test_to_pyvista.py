"""Meshes merged into one PolyData for drawing: each cell knows its element and colour."""

from __future__ import annotations

import numpy as np

from cimcheck.geometry.mesh import make_mesh


def test_merged_cells_keep_their_element_colour_and_vertices():
    """Two triangles' worth of meshes around an empty one (an element with no geometry):
    the second mesh's faces point at its own vertices (offset by the first's three), and
    every cell carries the index of its element in the caller's list and its colour."""
    from cimcheck_ui.views._to_pyvista import merge

    first = make_mesh("a", "IfcSlab", [[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]], "x")
    empty = make_mesh("b", "IfcWall", [], [], "x")
    second = make_mesh("c", "IfcSlab", [[0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]],
                       [[0, 1, 2], [1, 3, 2]], "x")
    poly = merge([first, empty, second], [(1, 2, 3), (9, 9, 9), (4, 5, 6)], first_index=10)
    assert poly.n_points == 7 and poly.n_cells == 3
    assert poly.faces.tolist() == [3, 0, 1, 2, 3, 3, 4, 5, 3, 4, 6, 5]
    assert poly.cell_data["element"].tolist() == [10, 12, 12]
    assert poly.cell_data["rgb"].tolist() == [[1, 2, 3], [4, 5, 6], [4, 5, 6]]
    assert np.allclose(poly.points[6], [1, 1, 1])
    assert merge([empty], [(0, 0, 0)]) is None
