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
    # Three triangles, then the same three turned round: these are open surfaces, drawn
    # two-sided (the scene culls back faces).
    assert poly.n_points == 7 and poly.n_cells == 6
    assert poly.faces.tolist() == [3, 0, 1, 2, 3, 3, 4, 5, 3, 4, 6, 5,
                                   3, 2, 1, 0, 3, 5, 4, 3, 3, 5, 6, 4]
    assert poly.cell_data["element"].tolist() == [10, 12, 12, 10, 12, 12]
    assert poly.cell_data["rgb"].tolist() == [[1, 2, 3], [4, 5, 6], [4, 5, 6]] * 2
    assert np.allclose(poly.points[6], [1, 1, 1])
    assert merge([empty], [(0, 0, 0)]) is None


def _tetrahedron(gid: str, flip_one: bool = False, drop_one: bool = False):
    """A closed tetrahedron, faces outward (each face's normal points away from the 4th
    corner), optionally with one face turned inward or missing."""
    faces = [[0, 2, 1], [0, 1, 3], [1, 2, 3], [0, 3, 2]]
    if flip_one:
        faces[2] = faces[2][::-1]
    if drop_one:
        faces = faces[:3]
    return make_mesh(gid, "IfcWall", [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], faces, "x")


def test_only_closed_outward_solids_are_drawn_one_sided():
    """A closed tetrahedron keeps its 4 faces; one with a face turned inward or a face
    missing is doubled (4 → 8, 3 → 6): with back faces culled it still shows from every
    side. The outward tetrahedron's faces point away from its inside (positive volume)."""
    from cimcheck_ui.views._to_pyvista import merge

    from cimcheck.geometry.mesh import volume

    closed = _tetrahedron("a")
    assert volume(closed) > 0                   # outward, so culling hides only its inside
    flipped, holed = _tetrahedron("b", flip_one=True), _tetrahedron("c", drop_one=True)
    poly = merge([closed, flipped, holed], [(1, 1, 1)] * 3)
    per_element = np.bincount(np.asarray(poly.cell_data["element"]))
    assert per_element.tolist() == [4, 8, 6]


def test_the_drawn_scene_culls_back_faces_and_a_surface_shows_from_both_sides(qtbot):
    """A single-sided surface (one square, seen from above and from below) and a closed
    box: both show in the rendered image from either side with back faces culled."""
    from cimcheck_ui.views._to_pyvista import merge
    from pyvistaqt import QtInteractor

    from cimcheck.geometry.mesh import box_mesh

    square = make_mesh("s", "IfcPlate", [[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]],
                       [[0, 1, 2], [0, 2, 3]], "x")
    box = box_mesh("b", (2, 0, 0), (3, 1, 1))
    plotter = QtInteractor(auto_update=False)
    try:
        plotter.set_background("white")
        actor = plotter.add_mesh(merge([square, box], [(255, 0, 0), (0, 0, 255)]),
                                 scalars="rgb", rgb=True, render=False)
        actor.GetProperty().BackfaceCullingOn()
        for up in (1, -1):
            plotter.camera_position = [(1.5, 0.5, 6 * up), (1.5, 0.5, 0), (0, 1, 0)]
            plotter.reset_camera()
            image = plotter.screenshot(return_img=True).astype(int)
            # Lit colours: 200 of red, 189 of blue face on.
            red = (image[..., 0] > 150) & (image[..., 1] < 60) & (image[..., 2] < 60)
            blue = (image[..., 2] > 150) & (image[..., 0] < 60) & (image[..., 1] < 60)
            assert red.sum() > 100 and blue.sum() > 100, up
    finally:
        plotter.close()
