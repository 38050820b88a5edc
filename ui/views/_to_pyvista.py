"""The only module that imports pyvista or VTK: the rest of the UI stays free of them.

It turns cimcheck meshes into one merged ``pyvista.PolyData`` per draw (an actor per
element is slow for thousands of elements), with per-cell ``rgb`` colours and an
``element`` index so that a picked cell maps back to its element's GlobalId.

The scene is drawn with back faces culled (``merge`` makes every mesh two-sided that is
not a closed, outward-oriented solid, so nothing disappears): a translucent wall then
tints what is behind it once, not twice, and a frame of the 25-tower community under
software OpenGL costs 83 ms instead of 111 ms. On a software renderer (a virtual machine
or a remote desktop without a GPU: ``tune_renderer``) multisampling and order-independent
translucency are off as well (177 ms a frame with both, 72 ms without and culled).
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
from pyvista import _vtk

__all__ = ["SOFTWARE_RENDERERS", "cell_picker", "flat_actor", "merge", "open_meshes",
           "overlay_renderer", "pv", "recolour", "tune_renderer"]

#: Words in ``GL_RENDERER`` that name an OpenGL implementation drawing on the CPU (Mesa's
#: llvmpipe and softpipe, Google's SwiftShader, Windows' fallback drivers).
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swiftshader", "gdi generic",
                      "microsoft basic render")


def merge(meshes, colours: list[tuple[int, int, int]], first_index: int = 0):
    """Merge meshes into one PolyData with cell arrays ``rgb`` (uint8) and ``element``.

    Parameters
    ----------
    meshes : sequence of Mesh
    colours : sequence of (r, g, b)
        One colour per mesh.
    first_index : int
        Index of the first mesh in the caller's element list (for several merged groups).

    Returns
    -------
    pyvista.PolyData or None
        None when there is nothing to draw.
    """
    kept = [(first_index + i, mesh, colour) for i, (mesh, colour)
            in enumerate(zip(meshes, colours, strict=True)) if not mesh.is_empty]
    if not kept:
        return None
    # Whole arrays at once: a numpy call per mesh cost 0.45 s on 21,600 meshes.
    n_points = np.array([len(m.vertices) for _, m, _ in kept])
    n_cells = np.array([len(m.faces) for _, m, _ in kept])
    offsets = np.repeat(np.cumsum(n_points) - n_points, n_cells)
    triangles = np.concatenate([m.faces for _, m, _ in kept]).astype(np.int64)
    triangles += offsets[:, None]
    cell_mesh = np.repeat(np.arange(len(kept)), n_cells)
    # A surface, an open or inconsistently wound mesh would vanish from one side with its
    # back faces culled: its triangles are drawn both ways round.
    two_sided = open_meshes(triangles, cell_mesh, len(kept))[cell_mesh]
    triangles = np.concatenate([triangles, triangles[two_sided][:, ::-1]])
    cell_mesh = np.concatenate([cell_mesh, cell_mesh[two_sided]])
    cells = np.empty((len(triangles), 4), dtype=np.int64)
    cells[:, 0] = 3
    cells[:, 1:] = triangles
    poly = pv.PolyData(np.concatenate([m.vertices for _, m, _ in kept]), cells.ravel())
    poly.cell_data["rgb"] = np.array([c for _, _, c in kept], dtype=np.uint8)[cell_mesh]
    poly.cell_data["element"] = np.array([i for i, _, _ in kept], dtype=np.int64)[cell_mesh]
    return poly


def open_meshes(triangles: np.ndarray, cell_mesh: np.ndarray, n_meshes: int) -> np.ndarray:
    """Return, per mesh, whether it is not a closed, consistently wound surface.

    ``triangles`` index one vertex array (welded vertices, as the core's meshes have);
    ``cell_mesh`` gives each triangle's mesh. A mesh is closed and consistently wound when
    each of its edges is used by exactly two triangles, once in each direction: then,
    oriented outward as the geometry kernels leave solids, only its front faces can be
    seen from outside. A boundary edge, a flipped triangle, an edge of three triangles or
    a degenerate triangle marks its mesh open.
    """
    edges = triangles[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2)
    low, high = edges.min(axis=1), edges.max(axis=1)
    forward = (edges[:, 0] < edges[:, 1]).astype(np.int64)
    key = low * (int(triangles.max(initial=0)) + 1) + high
    order = np.argsort(key, kind="stable")
    _, start, count = np.unique(key[order], return_index=True, return_counts=True)
    good = (count == 2) & (np.add.reduceat(forward[order], start) == 1)
    bad = np.empty(len(key), dtype=bool)
    bad[order] = np.repeat(~good, count)
    is_open = np.zeros(n_meshes, dtype=bool)
    is_open[cell_mesh[bad.reshape(-1, 3).any(axis=1)]] = True
    return is_open


def recolour(actor, colours: np.ndarray) -> None:
    """Give an actor's cells new colours in place: ``colours[element]`` per cell.

    ``colours`` is an (n, 3) uint8 table indexed by the ``element`` cell array that
    ``merge`` wrote; no geometry is rebuilt (a re-check recolours 22,000 elements fast).
    """
    data = actor.GetMapper().GetInput()
    cells = data.GetCellData()
    rgb = cells.GetArray("rgb")
    # Write into the drawn array itself (pv.wrap would make a shallow copy whose new
    # arrays the mapper never sees).
    _vtk.vtk_to_numpy(rgb)[:] = colours[_vtk.vtk_to_numpy(cells.GetArray("element"))]
    rgb.Modified()
    data.Modified()


def tune_renderer(plotter) -> bool | None:
    """Draw without multisampling or OIT on a software renderer; return whether it is one.

    None (and nothing changed) while the window has no GL context to ask. Multisampling
    on the CPU costs more than a third of each frame of a large model; on a GPU it is
    nearly free and is kept.
    """
    window = plotter.ren_win
    report = window.ReportCapabilities() or ""
    line = next((x for x in report.splitlines() if "renderer string" in x.lower()), None)
    if line is None:
        return None
    software = any(word in line.lower() for word in SOFTWARE_RENDERERS)
    if software:
        window.SetMultiSamples(0)
        # Translucent layers blended as they come instead of VTK's order-independent
        # pass (floating-point buffers, two passes: 83 -> 72 ms a frame). The structure
        # is one colour at one opacity, for which the order does not matter.
        plotter.renderer.SetUseOIT(False)
    return software


def overlay_renderer(plotter):
    """Add a renderer drawn over the scene with the same camera (the selection's layer).

    What it shows is never hidden by the model in front of it: a selected element inside
    a building stays visible from any side.
    """
    renderer = _vtk.vtkRenderer()
    renderer.SetLayer(1)
    renderer.InteractiveOff()
    renderer.SetActiveCamera(plotter.renderer.GetActiveCamera())
    plotter.ren_win.SetNumberOfLayers(2)
    plotter.ren_win.AddRenderer(renderer)
    return renderer


def flat_actor(poly):
    """Return an unlit actor coloured by the cell array ``rgb`` of ``poly``."""
    mapper = _vtk.vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.SetScalarModeToUseCellFieldData()
    mapper.SelectColorArray("rgb")
    mapper.SetColorModeToDirectScalars()
    mapper.ScalarVisibilityOn()
    actor = _vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.GetProperty().LightingOff()
    return actor


def cell_picker():
    """Return a VTK cell picker (kept here so no other module touches VTK)."""
    picker = _vtk.vtkCellPicker()
    picker.SetTolerance(0.0005)
    return picker
