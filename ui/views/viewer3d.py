"""Viewer3D: the model in 3D, coloured by what the rules decided.

Colour by area category (counted / half / exempt by kind / not counted / green, with the
structure in grey) or by finding status (PASS / FAIL / WARN); show one storey or all; cut
with a horizontal section plane; standard views; click an element to select it. The view
knows nothing of rules: it reads the run through AppState and asks ``colour_of`` for a
colour per GlobalId. Only ``_to_pyvista`` touches pyvista and VTK.
"""

from __future__ import annotations

from collections.abc import Iterator

from cimcheck_ui.translations import t
from cimcheck_ui.views import _to_pyvista
from PySide6 import QtCore, QtGui, QtWidgets
from pyvistaqt import QtInteractor

from cimcheck.present.palette import AREA_CLASSES, area_classes, rgb
from cimcheck.present.palette import STATUS_COLOURS as STATUS_HEX
from cimcheck.vocab import severity_rank

__all__ = ["CATEGORY_COLOURS", "STATUS_COLOURS", "Viewer3D"]

#: Legend labels (English source strings, Qt translates them) by area class and by status.
_CATEGORY_LABELS = {
    "counted": "Counted in full", "half": "Counted at half",
    "exempt:balcony": "Exempt: balcony", "exempt:bay_window": "Exempt: bay window",
    "exempt:stilt": "Exempt: stilt space", "exempt:disaster_passage": "Exempt: disaster passage",
    "exempt:public_open": "Exempt: public open space", "exempt:sky_garden": "Exempt: sky garden",
    "exempt:other": "Exempt: other", "none": "Not building area", "green": "Greening",
    "structure": "Structure",
}
_STATUS_LABELS = {"FAIL": "FAIL", "ERROR": "ERROR", "WARN": "WARN", "PASS": "PASS",
                  "none": "No finding"}
#: Legend entries in category mode: key → (colour, English label); colours from the palette.
CATEGORY_COLOURS = {key: (rgb(AREA_CLASSES[key]), label) for key, label in _CATEGORY_LABELS.items()}
#: Legend entries in status mode.
STATUS_COLOURS = {key: (rgb(STATUS_HEX[key]), label) for key, label in _STATUS_LABELS.items()}
_SELECTED = (255, 0, 255)
#: Meshes merged into one actor: a step of drawing a new scene (``Turns``). 2,000 meshes
#: of the 22,000-element block merge in 15-35 ms; a dozen actors draw as fast as one.
#: (4,000 a step, with the window's repaint after it, held the UI thread 110-150 ms.)
MERGE_CHUNK = 2000
#: Merged chunks added per frame while a new scene is revealed (``_refresh_steps``): a
#: frame each was 11 frames and about a second more to show the 22,000-element block; the
#: buffers of a chunk add 3-5 ms to the frame that first draws it.
REVEAL_CHUNKS = 2
#: Opacity of everything else while something is selected (X-ray on).
XRAY_OPACITY = 0.12


def element_classes(run) -> dict[str, str]:
    """GlobalId → area class (``present.palette``), from the run's items and ledger."""
    if run is None or run.table is None:
        return {}
    by_item = area_classes(run)
    classes: dict[str, str] = {}
    for item in run.table.items:
        for gid in item.global_ids:
            classes.setdefault(gid, by_item[item.id])
    return classes


def element_status(run) -> dict[str, str]:
    """GlobalId → the most serious finding status that names it (N/A does not colour)."""
    status: dict[str, str] = {}
    if run is None:
        return status
    for finding in run.findings:
        new = str(finding.status)
        if new == "NOT_APPLICABLE":
            continue
        for gid in finding.global_ids:
            current = status.get(gid)
            if current is None or severity_rank(new) < severity_rank(current):
                status[gid] = new
    return status


#: Width of the legend beside the 3D view (pixels).
LEGEND_WIDTH = 200


class LegendView(QtWidgets.QWidget):
    """A Qt legend beside the 3D view (Qt renders Chinese; VTK's default font would not).

    Attributes
    ----------
    rows : QVBoxLayout
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows = QtWidgets.QVBoxLayout(self)
        self.rows.setContentsMargins(6, 6, 6, 6)
        # A fixed width: entries that change with the model or the colouring must not resize
        # the 3D view beside it (each resize draws the whole scene again).
        self.setFixedWidth(LEGEND_WIDTH)

    def show_entries(self, entries: dict[str, tuple[tuple[int, int, int], str]],
                     used: set[str], not_drawn: dict[str, int] | None = None) -> None:
        """Show the entries whose key is in ``used``, then what could not be drawn."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for key, (colour, label) in entries.items():
            if key not in used:
                continue
            swatch = QtGui.QPixmap(14, 14)
            swatch.fill(QtGui.QColor(*colour))
            icon = QtWidgets.QLabel()
            icon.setPixmap(swatch)
            line = QtWidgets.QHBoxLayout()
            line.addWidget(icon)
            text = QtWidgets.QLabel(t(label))
            text.setWordWrap(True)
            line.addWidget(text, 1)
            holder = QtWidgets.QWidget()
            holder.setLayout(line)
            self.rows.addWidget(holder)
        if not_drawn:
            # The view is incomplete: say so, never silently (elements whose geometry no
            # kernel could make, e.g. Renga's slabs and windows).
            total = sum(not_drawn.values())
            note = QtWidgets.QLabel(t("{n} products could not be drawn").format(n=total))
            note.setObjectName("not_drawn")
            note.setWordWrap(True)
            note.setStyleSheet("color: #A61B1B;")
            note.setToolTip(t("No geometry could be made for:") + "\n" + "\n".join(
                f"{ifc_class}: {count}" for ifc_class, count in sorted(
                    not_drawn.items(), key=lambda kv: (-kv[1], kv[0]))))
            self.rows.addWidget(note)
        self.rows.addStretch(1)


class Viewer3D(QtWidgets.QWidget):
    """The 3D view.

    Attributes
    ----------
    plotter : pyvistaqt.QtInteractor
    legend : LegendView
    colour_mode : str
        "category" or "status".
    storey_id : str or None
        Show only this storey (None: all).
    section_z : float or None
        Cut everything above this height (world z, m).
    """

    def __init__(self, state, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.colour_mode = "category"
        self.storey_id: str | None = None
        self.section_z: float | None = None
        self.isolated: set[str] | None = None
        self.hidden_classes: set[str] = set()
        self.xray = True
        self._gids: list[str] = []
        self._index: dict[str, int] = {}
        self._actors: dict = {}
        self._press: tuple[int, int] | None = None
        self._new_model = False
        self._tuned = False
        self._scene: tuple = ()
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # No auto-update timer: the view renders when something changes. A timer that keeps
        # rendering can touch a finalized OpenGL context after a window closes and corrupt
        # memory shared with other views (pyvistaqt issue #762; seen here between tests).
        self.plotter = QtInteractor(self, auto_update=False)
        self.plotter.set_background("white")
        layout.addWidget(self.plotter.interactor, 1)
        self.legend = LegendView()
        layout.addWidget(self.legend)
        self._picker = _to_pyvista.cell_picker()
        self._overlay = _to_pyvista.overlay_renderer(self.plotter)
        self._selection_actor = None
        self._dimmed = False        # the scene translucent around a selection (X-ray)
        self.plotter.iren.add_observer("LeftButtonPressEvent", self._on_press)
        self.plotter.iren.add_observer("LeftButtonReleaseEvent", self._on_release)
        state.analysis_changed.connect(self._on_analysis_changed)
        state.run_changed.connect(self._on_run_changed)
        state.selection_changed.connect(self._on_selection_changed)

    # -- drawing --------------------------------------------------------------------------------
    def _visible(self):
        analysis = self.state.analysis
        if analysis is None:
            return []
        storey_of = {e.global_id: e.storey_id for e in analysis.index.elements}
        out = []
        for gid, mesh in (*analysis.meshes.items(), *self.state.context_meshes.items()):
            if self.storey_id is not None and storey_of.get(gid) != self.storey_id:
                continue
            if self.isolated is not None and gid not in self.isolated:
                continue
            if mesh.ifc_class in self.hidden_classes:
                continue
            out.append((gid, mesh))
        return out

    def _colour(self, gid: str, classes, status) -> tuple[int, int, int]:
        if self.colour_mode == "status":
            return STATUS_COLOURS[status.get(gid, "none")][0]
        return CATEGORY_COLOURS[classes.get(gid, "structure")][0]

    def _show(self) -> None:
        """Draw a new frame: the widget is repainted on the event loop, drawing it once.

        ``plotter.render()`` drew the frame at once and the repaint that follows drew it
        again (0.14 s each on the 22,000-element block under software OpenGL).
        """
        self.plotter.update()

    def _hold_for_frame(self) -> None:
        """Let the views' next step wait until the frame asked for is drawn (``Turns.hold``).

        Only while the view is on screen: a hidden widget draws no frame.
        """
        drawn = getattr(self.plotter, "frameSwapped", None)    # QOpenGLWidget's signal
        if drawn is not None and self.plotter.isVisible():
            self.state.turns.hold(drawn)

    def refresh(self) -> None:
        """Redraw with the current colour mode, storey filter, hidden classes and section."""
        for _ in self._refresh_steps():
            pass

    def _refresh_steps(self, reveal: bool = False) -> Iterator[None]:
        """Redraw, yielding between steps (``Turns`` runs one per turn of the event loop).

        The groups (coloured items opaque, the structure translucent) do not depend on the
        selection: selecting draws only the selected elements again, on top (see
        ``_draw_selection``), so a click on a 20,000-element model does not rebuild it.
        Each group is merged ``MERGE_CHUNK`` meshes to an actor, a step each: merging the
        22,000-element block in one go held the UI thread 0.2–0.3 s.

        ``reveal``: a new scene is drawn chunk by chunk, a frame each (with a new model,
        from the camera that will show all of it). The first frame of a whole new scene
        builds the graphics buffers of every actor: 88–220 ms on the 22,000-element block
        under software OpenGL, a block of the UI thread no step can split; a frame per
        ``REVEAL_CHUNKS`` chunks builds theirs, and the model appears a part at a time.
        """
        visible = self._visible()
        yield
        classes = element_classes(self.state.run)
        yield
        status = element_status(self.state.run)
        yield
        # Area items opaque, the structure around them translucent, so that the coloured
        # spaces and slabs are seen through the walls.
        coloured = [(gid, m) for gid, m in visible if gid in classes or gid in status]
        structure = [(gid, m) for gid, m in visible if gid not in classes and gid not in status]
        gids = [gid for gid, _ in coloured] + [gid for gid, _ in structure]
        scene = (tuple(gids), len(coloured), self.section_z)
        if not self._tuned:         # a software GL renderer: no multisampling
            self._tuned = _to_pyvista.tune_renderer(self.plotter) is not None
        yield
        if self._actors and scene == self._scene:
            # Same elements in the same groups (a re-check, a colour mode): recolour in
            # place instead of merging the geometry again.
            import numpy as np

            table = np.array([self._colour(g, classes, status) for g in gids], dtype=np.uint8)
            for actor, _opacity in self._actors.values():
                _to_pyvista.recolour(actor, table)
            self._legend(classes, status)
            self._draw_selection(render=False)
        else:
            # Known once every group is shown: a newer run that replaces this job half way
            # must build the scene again, not recolour the part built so far.
            self._scene = ()
            merged = []
            for name, group, opacity, offset in (("items", coloured, 1.0, 0),
                                                 ("structure", structure, 0.25, len(coloured))):
                for first in range(0, len(group), MERGE_CHUNK):
                    yield
                    part = group[first:first + MERGE_CHUNK]
                    poly = self._merge(part, offset + first, classes, status)
                    if poly is not None:
                        merged.append((f"{name}-{first}", poly, opacity))
            # The old scene stays on screen (and picks its own elements) until now.
            self.plotter.clear()
            self._actors = {}
            self._gids = gids
            self._index = {gid: i for i, gid in enumerate(self._gids)}
            self._legend(classes, status)
            self._draw_selection(render=False)      # before the actors: they come dimmed
            if reveal and self._new_model and merged:
                self._camera_on([poly.bounds for _, poly, _ in merged])
                self._new_model = False
            for number, (name, poly, opacity) in enumerate(merged):
                if reveal and number % REVEAL_CHUNKS == 0:
                    yield
                self._add_actor(name, poly, opacity)
                if reveal and number % REVEAL_CHUNKS == REVEAL_CHUNKS - 1 \
                        and number < len(merged) - 1:
                    yield from self._frame_alone()
            self._scene = scene
        if reveal:
            yield from self._frame_alone()
        else:
            self._show()

    def _frame_alone(self) -> Iterator[None]:
        """Ask for a frame in a step of its own, the views' next step after it is drawn.

        The step that changed the scene runs on a turn before (its 8-20 ms do not add to
        the frame's 50-90 ms on the 22,000-element block), and the next one after the
        frame is on screen (``Turns.hold``).
        """
        yield
        self._show()
        self._hold_for_frame()

    def _merge(self, group, offset: int, classes, status):
        """Merge some elements into one PolyData, cut by the section; None if empty.

        ``offset``: the first one's index in the scene's element list.
        """
        poly = _to_pyvista.merge([m for _, m in group],
                                 [self._colour(gid, classes, status) for gid, _ in group],
                                 first_index=offset)
        if poly is not None and self.section_z is not None:
            poly = poly.clip(normal=(0, 0, 1), origin=(0, 0, self.section_z), invert=True)
        return poly if poly is not None and poly.n_cells else None

    def _add_actor(self, name: str, poly, opacity: float) -> None:
        """Show merged elements as one actor, drawn on the next frame (none asked here)."""
        actor = self.plotter.add_mesh(
            poly, scalars="rgb", rgb=True, show_edges=False, name=name,
            opacity=min(opacity, XRAY_OPACITY) if self._dimmed else opacity, pickable=True,
            render=False)
        # Back faces culled (``merge`` made open meshes two-sided), except in a section: a
        # cut solid is open, and its inside faces show the cut walls.
        actor.GetProperty().SetBackfaceCulling(self.section_z is None)
        self._actors[name] = (actor, opacity)

    def _legend(self, classes: dict[str, str], status: dict[str, str]) -> None:
        if self.colour_mode == "status":
            used = {status.get(g, "none") for g in self._gids}
            self.legend.show_entries(STATUS_COLOURS, used, self.state.not_drawn)
        else:
            used = {classes.get(g, "structure") for g in self._gids}
            self.legend.show_entries(CATEGORY_COLOURS, used, self.state.not_drawn)

    def _draw_selection(self, render: bool = True) -> None:
        """Draw the selected elements on the overlay layer; the rest translucent (X-ray).

        The overlay shares the camera and is drawn after the scene, so a selected element
        inside the building shows from any side; only the few selected meshes are merged.
        """
        if self._selection_actor is not None:
            self._overlay.RemoveActor(self._selection_actor)
            self._selection_actor = None
        analysis = self.state.analysis
        chosen = [g for g in self.state.selection if g in self._index and analysis is not None
                  and self.state.mesh(g) is not None]
        self._dimmed = bool(chosen) and self.xray
        for actor, opacity in self._actors.values():
            actor.GetProperty().SetOpacity(min(opacity, XRAY_OPACITY) if self._dimmed
                                           else opacity)
        if chosen:
            poly = None
            for gid in chosen:
                part = _to_pyvista.merge([self.state.mesh(gid)], [_SELECTED],
                                         first_index=self._index[gid])
                poly = part if poly is None else poly.merge(part)
            if poly is not None and self.section_z is not None:
                poly = poly.clip(normal=(0, 0, 1), origin=(0, 0, self.section_z), invert=True)
            if poly is not None and poly.n_cells:
                self._selection_actor = _to_pyvista.flat_actor(poly)
                self._overlay.AddActor(self._selection_actor)
        if render:
            self._show()

    def _on_analysis_changed(self) -> None:
        # A new model: filters reset; the scene is drawn once, on the run_changed that
        # always follows (AppState.set_result), and then the camera set (0.6 s saved on a
        # 22,000-element model).
        self.storey_id = None
        self.section_z = None
        self.isolated = None
        self.hidden_classes = set()
        self._new_model = True
        self._scene = ()        # never recolour another model's geometry

    def _on_run_changed(self) -> None:
        # Drawn over several turns of the event loop (``AppState.turns``).
        self.state.turns.add(("viewer", id(self)), self._follow_run)

    def _follow_run(self) -> Iterator[None]:
        yield from self._refresh_steps(reveal=True)
        if self._new_model:
            # Nothing was revealed chunk by chunk (the camera set on it): the isometric
            # view of what there is; repaints are merged, still one frame.
            self._new_model = False
            self.view_iso()
            self._hold_for_frame()

    def _camera_on(self, boxes) -> None:
        """Set the isometric camera on the union of ``boxes`` (x0, x1, y0, y1, z0, z1).

        A new scene drawn chunk by chunk is seen from where its last frame will see it.
        """
        import numpy as np

        box = np.array(boxes, dtype=float)
        self.plotter.view_isometric(render=False, bounds=(
            box[:, 0].min(), box[:, 1].max(), box[:, 2].min(), box[:, 3].max(),
            box[:, 4].min(), box[:, 5].max()))

    def _on_selection_changed(self, selection: tuple) -> None:
        # One frame drawn per selection (each costs ~0.1 s on a large model), none when
        # nothing was selected and nothing is (a new model clears the selection: its
        # frame comes when the scene is built).
        if not selection and self._selection_actor is None and not self._dimmed:
            return
        if self.isolated is not None and selection and not set(selection) <= self.isolated:
            self.isolated = None
            self.refresh()
        else:
            self._draw_selection(render=False)
        if selection:
            self.frame(selection, render=False)
        self._show()

    def set_xray(self, on: bool) -> None:
        """Make everything but the selection translucent while something is selected."""
        self.xray = on
        self._draw_selection()

    def isolate_selection(self) -> None:
        """Show only the selected elements (隔离所选)."""
        self.isolated = set(self.state.selection) or None
        self.refresh()
        if self.state.selection:
            self.frame(self.state.selection)

    def show_all(self) -> None:
        """Show every element again (显示全部): no isolation, no hidden class."""
        self.isolated = None
        self.hidden_classes = set()
        self.refresh()

    def set_class_hidden(self, ifc_class: str, hidden: bool) -> None:
        """Hide or show every element of an IFC class (IfcSlab, IfcBeam …)."""
        if hidden:
            self.hidden_classes.add(ifc_class)
        else:
            self.hidden_classes.discard(ifc_class)
        self.refresh()

    def classes_present(self) -> list[str]:
        """Return the IFC classes with geometry in the model, for the hide-by-class menu."""
        analysis = self.state.analysis
        if analysis is None:
            return []
        return sorted({m.ifc_class for m in (*analysis.meshes.values(),
                                               *self.state.context_meshes.values())})

    # -- view control ---------------------------------------------------------------------------
    def set_colour_mode(self, mode: str) -> None:
        """Colour by "category" or by finding "status"."""
        self.colour_mode = mode
        self.refresh()

    def isolate_storey(self, storey_id: str | None) -> None:
        """Show one storey (None: all)."""
        self.storey_id = storey_id
        self.refresh()
        self.fit()

    def set_section(self, z: float | None) -> None:
        """Cut away everything above ``z`` (None: no section)."""
        self.section_z = z
        self.refresh()

    def fit(self) -> None:
        """Fit the whole visible model in the view."""
        self.plotter.reset_camera(render=False)
        self._show()

    def view_top(self) -> None:
        """Look down (plan)."""
        self.plotter.view_xy(render=False)
        self._show()

    def view_front(self) -> None:
        """Look from the front (south)."""
        self.plotter.view_xz(render=False)
        self._show()

    def view_iso(self) -> None:
        """Isometric view."""
        self.plotter.view_isometric(render=False)
        self._show()

    def frame(self, global_ids, render: bool = True) -> None:
        """Zoom to the given elements."""
        meshes = [m for m in (self.state.mesh(g) for g in global_ids) if m is not None]
        if not meshes:
            return
        import numpy as np

        lo = np.min([m.bounds[0] for m in meshes], axis=0)
        hi = np.max([m.bounds[1] for m in meshes], axis=0)
        pad = max(float(np.max(hi - lo)), 1.0)
        self.plotter.renderer.reset_camera(render=False, bounds=(
            lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad, lo[2] - pad, hi[2] + pad))
        if render:
            self._show()

    # -- picking ----------------------------------------------------------------------------------
    def pick_global_id(self, global_id: str) -> None:
        """Select an element as a click on it would (programmatic pick)."""
        self.state.select([global_id])

    def pick_at(self, x: int, y: int) -> str | None:
        """Select the element under display position (x, y); return its GlobalId."""
        renderer = self.plotter.renderer
        if not self._picker.Pick(x, y, 0, renderer):
            self.state.select([])
            return None
        cell = self._picker.GetCellId()
        dataset = self._picker.GetDataSet()
        if dataset is None or cell < 0:
            return None
        elements = dataset.GetCellData().GetArray("element")
        if elements is None:
            return None
        gid = self._gids[int(elements.GetValue(cell))]
        self.state.select([gid])
        return gid

    def _event_position(self) -> tuple[int, int]:
        # pyvista attaches mouse observers to the interactor *style*; the event position
        # lives on the interactor itself (the style has no GetEventPosition).
        return tuple(self.plotter.iren.interactor.GetEventPosition())

    def _on_press(self, _obj, _event) -> None:
        self._press = self._event_position()

    def _on_release(self, _obj, _event) -> None:
        position = self._event_position()
        if self._press is not None and abs(position[0] - self._press[0]) + abs(
                position[1] - self._press[1]) < 4:
            self.pick_at(*position)
        self._press = None

    def closeEvent(self, event) -> None:
        self.close_plotter()
        super().closeEvent(event)

    def close_plotter(self) -> None:
        """Close the 3D view's plotter and let go of its GL context's Python wrappers.

        pyvistaqt keeps the context's surface as a ``QSurface`` wrapper until Qt says the
        context is being destroyed, which it does not always say. QSurface is no QObject:
        PySide cannot see its C++ object go, keeps the wrapper in its table by address,
        and hands it back for the next object Qt makes there (tests/ui: a scroll bar, a
        header, a menu bar seen as "'QSurface' object has no attribute ..."). Once the
        plotter is closed (render window finalised, observers removed) nothing draws with
        that context any more: the references go now, and the wrappers with them.
        """
        self.plotter.close()
        forget = getattr(self.plotter, "_forget_context", None)   # pyvistaqt's own reset
        if callable(forget):
            forget()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(900, 700)
