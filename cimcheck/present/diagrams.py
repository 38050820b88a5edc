"""Area diagrams (面积计算简图): one plan per storey, worth signing.

Each sheet (A4 landscape) shows the storey at a standard scale (1:100, 1:200, 1:500 …)
shared by every storey of the model, so storeys compare, centred on the same point:

- the walls, curtain walls (thin grey) and rooms (dashed) the outline was measured from,
  under the area items, coloured by how they count (计全面积, 计 1/2 面积, 不计面积, 绿化),
  each exempt category in its own colour and hatch;
- every item labelled with its name and its calculation (``11.60×14.70=170.52``,
  ``×0.5=3.00`` where it counts at half), inside the item when it fits, else outside on a
  leader line, no two labels overlapping;
- dimension lines on the outline's edges, a north arrow from the model's true north, a
  scale bar; the legend with the area of each class; a title strip with the project,
  storey, scale, date, model file and hash, and rule pack.

Names from the model are drawn as text (``parse_math=False``): "2F $x^2$" stays itself.
Chinese is drawn in the Noto Sans SC cimcheck ships (``present.fonts``). matplotlib is
imported inside the functions and only its object API is used (no pyplot), so diagrams
can be drawn from worker threads.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from cimcheck.atomic import write_atomic
from cimcheck.errors import ExportError
from cimcheck.facts.items import AreaItem, StoreyAreas
from cimcheck.present.fonts import matplotlib_family
from cimcheck.present.formats import rectangle_sides
from cimcheck.present.labels import Box, Placer
from cimcheck.present.palette import (
    AREA_CLASSES,
    DIAGRAM_CLASSES,
    HATCHES,
    area_class,
    area_classes,
    coarse_class,
)
from cimcheck.results.finding import CheckRun
from cimcheck.text import MESSAGES, Text, tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath

log = logging.getLogger(__name__)

__all__ = ["DPI", "SIZE_IN", "DrawnItem", "Frame", "classify_item", "draw_storey", "frame_for",
           "write_diagrams"]

#: A4 landscape, inches; drawn at DPI for the PNG.
SIZE_IN = (11.69, 8.27)
DPI = 100
#: Where the plan goes on the sheet (figure fractions: left, bottom, width, height).
PLAN_BOX = (0.03, 0.14, 0.67, 0.78)
#: Standard drawing scales (1:n), the largest drawing that fits is chosen.
SCALES = (50, 100, 150, 200, 250, 300, 500, 1000, 2000, 5000)
#: Room kept around the plan for dimensions and leaders (paper millimetres each side).
MARGIN_MM = 22.0
_MM_PER_IN = 25.4


@dataclass(frozen=True, slots=True)
class DrawnItem:
    """What a diagram shows for one item (returned so tests and reports can audit it).

    ``klass`` is the diagram class (counted, half, exempt, none, green); ``area_class``
    the finer one (``exempt:balcony`` …); ``label`` the text drawn and ``box`` its extent
    in display pixels.
    """

    item_id: str
    klass: str
    area_m2: float
    building_area_m2: float
    label: str = ""
    box: Box = (0.0, 0.0, 0.0, 0.0)
    area_class: str = ""
    exempt_m2: float = 0.0


@dataclass(frozen=True, slots=True)
class Frame:
    """The view every storey of a set is drawn in: one scale, one centre (metres)."""

    scale: int
    centre: tuple[float, float]

    @property
    def mm(self) -> float:
        """Metres per paper millimetre."""
        return self.scale / 1000.0


def _plan_mm() -> tuple[float, float]:
    return (SIZE_IN[0] * PLAN_BOX[2] * _MM_PER_IN, SIZE_IN[1] * PLAN_BOX[3] * _MM_PER_IN)


def frame_for(storeys: Iterable[StoreyAreas]) -> Frame:
    """Choose the largest standard scale at which every storey's plan fits the sheet."""
    shapes = [g for s in storeys for g in (s.outline, *(i.polygon for i in s.items))
              if not g.is_empty]
    if not shapes:
        return Frame(100, (0.0, 0.0))
    x0, y0, x1, y1 = shapely.union_all(shapes).bounds
    width_mm, height_mm = _plan_mm()
    usable = (width_mm - 2 * MARGIN_MM, height_mm - 2 * MARGIN_MM)
    scale = next((s for s in SCALES if (x1 - x0) * 1000 / s <= usable[0]
                  and (y1 - y0) * 1000 / s <= usable[1]), SCALES[-1])
    return Frame(scale, ((x0 + x1) / 2, (y0 + y1) / 2))


def classify_item(item: AreaItem, run: CheckRun | None = None) -> str:
    """Return an item's diagram class (``palette.DIAGRAM_CLASSES``): exempt, else by coefficient."""
    exempt = next((e.exempt_m2 for e in run.ledger if e.item_id == item.id), 0.0) \
        if run is not None else 0.0
    return coarse_class(area_class(item, exempt))


def _patches(geometry: BaseGeometry) -> Iterator[MplPath]:
    """Yield a matplotlib path (rings with holes) per polygon of ``geometry``."""
    from matplotlib.path import Path as MplPath

    for polygon in shapely.get_parts(geometry):
        if polygon.is_empty or not isinstance(polygon, Polygon):
            continue  # a storey with items but no outline (a balcony-only partial model)
        vertices: list[tuple[float, ...]] = []
        codes: list[Any] = []  # MplPath codes are numpy uint8
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2)
                         + [MplPath.CLOSEPOLY])
        yield MplPath(vertices, codes)


#: Evidence that an item is a clear-height band under a sloped roof → its label's suffix.
_BANDS = {"ev.band_full": "diagram.band_full", "ev.band_half": "diagram.band_half",
          "ev.band_zero": "diagram.band_zero"}


def _label_text(item: AreaItem, lang: str) -> str:
    """Name, then the calculation: ``11.60×14.70=170.52`` and ``×0.5=3.00`` at half.

    The rest of a storey (walls, shafts, corridors: no room of its own) is named as such;
    a band under a sloped roof says its clear height; greening shows its area only (its
    credit is on the green sheet).
    """
    key = f"cat.{item.category}"
    name = item.name or (tr("diagram.rest", lang) if item.category in ("storey", "basement",
                                                                      "semi_basement")
                         else tr(key, lang) if key in MESSAGES else item.category)
    if len(name) > 14:
        name = name[:13] + "…"
    band = next((_BANDS[e.key] for e in item.evidence if e.key in _BANDS), None)
    if band is not None:
        name += tr(band, lang)
    sides = rectangle_sides(item.polygon)
    line = (f"{sides[0]:.2f}×{sides[1]:.2f}={item.area_m2:.2f}" if sides is not None
            else f"{item.area_m2:.2f} m²")
    if item.area_coefficient != 1 and item.category != "green":
        line += f"\n×{item.area_coefficient:g}={item.building_area_m2:.2f}"
    return f"{name}\n{line}"


def _dimensions(placer: Placer, outline: BaseGeometry, plan: BaseGeometry, mm: float) -> None:
    """Dimension the outline: a chain of its edges, and its overall size outside the chain.

    Collinear vertices are merged first (walls that meet along a facade), so a chain adds up
    to the overall size; the lines run outside everything that projects (balconies, bay
    windows), so no dimension crosses an item.
    """
    for part in shapely.get_parts(shapely.normalize(outline.simplify(0.01))):
        if part.is_empty or not isinstance(part, Polygon):
            continue
        ring = orient(part, sign=1.0).exterior
        coords = list(ring.coords)
        edges = [(a, b) for a, b in zip(coords, coords[1:], strict=False)
                 if math.dist(a, b) >= 0.3]
        if len(edges) > 24:  # a curved or jagged outline: its overall size only
            edges = []
        for a, b in edges:
            _dimension(placer, a, b, plan, mm, band=0)
        if len(edges) != 4:  # not a rectangle: the overall size outside the chain
            x0, y0, x1, y1 = part.bounds
            _dimension(placer, (x0, y0), (x1, y0), plan, mm, band=1)     # below
            _dimension(placer, (x1, y0), (x1, y1), plan, mm, band=1)     # right


def _dimension(placer: Placer, a: tuple[float, ...], b: tuple[float, ...], plan: BaseGeometry,
               mm: float, band: int) -> None:
    """Draw one dimension line for the edge a→b, outside the plan, in band 0 or 1."""
    length = math.dist(a, b)
    if length < 1e-6:
        return
    nx, ny = (b[1] - a[1]) / length, -(b[0] - a[0]) / length  # outward for a CCW ring
    # Beyond whatever of the plan lies outside this edge, then 5 mm (band 1: 11 mm more).
    reach = max((nx * (x - a[0]) + ny * (y - a[1]) for x, y in
                 (c for g in shapely.get_parts(plan) if isinstance(g, Polygon)
                  for c in g.exterior.coords)), default=0.0)
    offset = max(reach, 0.0) + (5.0 + 11.0 * band) * mm
    p = (a[0] + nx * offset, a[1] + ny * offset)
    q = (b[0] + nx * offset, b[1] + ny * offset)
    ax = placer.ax
    ax.plot([p[0], q[0]], [p[1], q[1]], color="#404040", lw=0.5, zorder=4)
    for (ex, ey), (fx, fy) in ((a, p), (b, q)):
        ax.plot([ex + nx * mm, fx + nx * mm], [ey + ny * mm, fy + ny * mm],
                color="#808080", lw=0.4, zorder=4)
        ax.plot([fx - (nx + ny) * 0.8 * mm, fx + (nx + ny) * 0.8 * mm],
                [fy - (ny - nx) * 0.8 * mm, fy + (ny - nx) * 0.8 * mm],
                color="#404040", lw=0.8, zorder=4)  # the 45° tick of Chinese practice
    placer.block(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
    angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    if angle <= -90 or angle > 90:  # read from below or from the right
        angle += 180 if angle <= -90 else -180
    mid = ((p[0] + q[0]) / 2 + nx * 2.2 * mm, (p[1] + q[1]) / 2 + ny * 2.2 * mm)
    placer.fixed(mid[0], mid[1], f"{length:.2f}", fontsize=9, rotation=angle, ha="center",
                 va="center", rotation_mode="anchor", zorder=4)


def _north_arrow(figure: Figure, run: CheckRun | None, lang: str, font: str | None) -> None:
    """Draw the north arrow (true north from the model, else +Y, said so)."""
    north = (run.model.get("true_north") if run is not None else None) or None
    x, y = (north[0], north[1]) if north else (0.0, 1.0)
    ax = figure.add_axes((0.635, 0.80, 0.06, 0.085))
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.annotate("", xy=(x, y), xytext=(-x * 0.8, -y * 0.8),
                arrowprops={"arrowstyle": "-|>", "lw": 1.2, "color": "black"})
    ax.text(x * 1.15, y * 1.15, tr("diagram.north", lang), ha="center", va="center",
            fontsize=10, fontfamily=font)
    if not north:
        figure.text(0.72, 0.125, tr("diagram.north_unknown", lang), fontsize=8,
                    fontfamily=font, ha="left", wrap=True)


def _scale_bar(ax: Axes, frame: Frame, y_mm: float) -> None:
    """Draw a scale bar of a round length under the plan."""
    length = next((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500) if n >= 25 * frame.mm),
                  1000)
    x0 = ax.get_xlim()[0] + 6 * frame.mm
    y = ax.get_ylim()[0] + y_mm * frame.mm
    for i in range(4):
        ax.add_patch(_rect(x0 + i * length / 4, y, length / 4, 1.2 * frame.mm,
                           "black" if i % 2 == 0 else "white"))
    ax.text(x0, y - 1.0 * frame.mm, "0", ha="center", va="top", fontsize=9)
    ax.text(x0 + length, y - 1.0 * frame.mm, f"{length} m", ha="center", va="top", fontsize=9)


def _rect(x: float, y: float, w: float, h: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="black", linewidth=0.6,
                     zorder=4)


def _title_strip(figure: Figure, storey: StoreyAreas, run: CheckRun | None, frame: Frame,
                 lang: str, font: str | None) -> None:
    """Draw the title strip: project, storey, scale, date, model and hash, pack."""
    project = model = pack = ""
    if run is not None:
        project = str(run.project.get("name") or run.model.get("project") or "")
        model = f"{run.model.get('file', '')} · SHA-256 {str(run.model.get('sha256', ''))[:12]}"
        pack = f"{run.pack['id']} {run.pack['version']}"
    cells = [("diagram.project", project or "—"), ("diagram.storey", storey.storey.name),
             ("diagram.scale", tr("diagram.scale_value", lang, scale=frame.scale)),
             ("diagram.date", dt.date.today().isoformat()), ("diagram.model", model or "—"),
             ("diagram.pack", pack or "—")]
    widths = (0.18, 0.10, 0.09, 0.09, 0.30, 0.24)
    ax = figure.add_axes((0.02, 0.02, 0.96, 0.08))
    ax.set_xlim(-0.002, 1.002)
    ax.set_ylim(-0.03, 1.03)
    ax.axis("off")
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="black", lw=0.8, clip_on=False)
    x = 0.0
    for (key, value), width in zip(cells, widths, strict=True):
        if x > 0:
            ax.plot([x, x], [0, 1], color="black", lw=0.6)
        ax.text(x + 0.006, 0.74, tr(key, lang), fontsize=8, fontfamily=font, va="center",
                color="#505050")
        ax.text(x + 0.006, 0.30, value, fontsize=9, fontfamily=font, va="center",
                parse_math=False, clip_on=True)
        x += width


def _legend(figure: Figure, drawn: list[DrawnItem], lang: str, font: str | None) -> None:
    """Draw the legend: each class present, its colour and hatch, and its area."""
    from matplotlib.patches import Rectangle

    order = ["counted", "half", *(k for k in AREA_CLASSES if k.startswith("exempt:")),
             "none", "green"]
    present = [k for k in order if any(d.area_class == k for d in drawn)]
    ax = figure.add_axes((0.72, 0.14, 0.26, 0.78))
    ax.axis("off")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0.0, 0.98, tr("diagram.legend", lang), fontsize=11, fontfamily=font, va="top")
    for row, key in enumerate(present):
        y = 0.90 - row * 0.075
        colour = AREA_CLASSES[key] if key.startswith("exempt:") else DIAGRAM_CLASSES[key]
        ax.add_patch(Rectangle((0.0, y), 0.12, 0.045, facecolor=colour, edgecolor="black",
                               linewidth=0.6, hatch=HATCHES.get(key)))
        # The exempt area for an exemption (a sky garden may be exempt in part), the
        # measured area where nothing counts (0 × area), else the building area.
        amount = sum(d.exempt_m2 if key.startswith("exempt:") else d.area_m2
                     if key in ("none", "green") else d.building_area_m2
                     for d in drawn if d.area_class == key)
        if key.startswith("exempt:"):
            code = key.split(":", 1)[1]
            name = tr("diagram.exempt", lang, category=Text(f"cat.{code}")
                      if f"cat.{code}" in MESSAGES else code)
        else:
            name = tr(f"class.{key}", lang)
        ax.text(0.16, y + 0.022, f"{name}  {amount:.2f} m²", va="center", fontsize=9,
                fontfamily=font)
    y = 0.90 - len(present) * 0.075 - 0.02
    ax.plot([0.0, 0.12], [y + 0.022] * 2, color="black", lw=1.6)
    ax.text(0.16, y + 0.022, tr("diagram.outline", lang), va="center", fontsize=9,
            fontfamily=font)
    ax.plot([0.0, 0.12], [y - 0.038] * 2, color="#3060a0", lw=0.8, linestyle="--")
    ax.text(0.16, y - 0.038, tr("diagram.rooms", lang), va="center", fontsize=9,
            fontfamily=font)


def draw_storey(storey: StoreyAreas, run: CheckRun | None = None, lang: str = "zh",
                extra_items: Iterable[AreaItem] = (),
                frame: Frame | None = None) -> tuple[Figure, list[DrawnItem]]:
    """Draw one storey's diagram; return ``(figure, drawn items)``.

    ``frame`` is the scale and centre shared with the other storeys (``frame_for``); by
    default the storey gets its own.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    font = matplotlib_family()
    items = [*storey.items, *extra_items]
    frame = frame or frame_for([storey])
    figure = Figure(figsize=SIZE_IN, dpi=DPI)
    figure.set_layout_engine("none")
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes(PLAN_BOX)
    ax.set_aspect("equal", adjustable="datalim")
    ax.axis("off")
    width_mm, height_mm = _plan_mm()
    cx, cy = frame.centre
    ax.set_xlim(cx - width_mm / 2 * frame.mm, cx + width_mm / 2 * frame.mm)
    ax.set_ylim(cy - height_mm / 2 * frame.mm, cy + height_mm / 2 * frame.mm)
    # What the outline was measured from, thin under the items: the enclosing elements
    # (grey) and the rooms (dashed), so a reviewer sees where walls and outline disagree.
    for path in _patches(storey.enclosure):
        ax.add_patch(PathPatch(path, facecolor="#c8c8c8", edgecolor="#808080", linewidth=0.3,
                               zorder=1))
    classes = area_classes(run)
    exempt = {e.item_id: e.exempt_m2 for e in run.ledger} if run is not None else {}
    drawn_classes: dict[str, str] = {}
    for item in sorted(items, key=lambda i: (i.category == "green", -i.area_m2)):
        key = classes.get(item.id) or area_class(item, 0.0)
        drawn_classes[item.id] = key
        colour = AREA_CLASSES[key] if key.startswith("exempt:") else DIAGRAM_CLASSES[
            coarse_class(key)]
        # Touching or nearly touching parts of one item are one shape: no seam or sliver
        # drawn between them (a 1 cm closing, for the drawing only).
        for path in _patches(item.polygon.buffer(0.01, join_style="mitre").buffer(
                -0.01, join_style="mitre")):
            ax.add_patch(PathPatch(path, facecolor=colour, edgecolor="#404040", linewidth=0.6,
                                   alpha=0.8, hatch=HATCHES.get(key), zorder=2))
    for path in _patches(storey.rooms):
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#3060a0", linewidth=0.6,
                               linestyle="--", zorder=3))
    for path in _patches(storey.outline):
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="black", linewidth=1.6,
                               zorder=3))
    renderer = canvas.get_renderer()
    placer = Placer(ax, renderer, font, frame.mm)
    plan = shapely.union_all([storey.outline, *(i.polygon for i in items)])
    if not storey.outline.is_empty:
        _dimensions(placer, storey.outline, plan, frame.mm)
    drawn: list[DrawnItem] = []
    # Small items first: they have the fewest places to go; large ones have room left.
    for item in sorted(items, key=lambda i: i.area_m2):
        text = _label_text(item, lang)
        placed = placer.label(item.polygon, text, plan)
        key = drawn_classes[item.id]
        drawn.append(DrawnItem(item.id, coarse_class(key), item.area_m2,
                               item.building_area_m2, text, placed, key,
                               exempt.get(item.id, 0.0)))
    _scale_bar(ax, frame, 4.0)
    total = sum(d.building_area_m2 for d in drawn)
    title = tr("diagram.title", lang, storey=storey.storey.name, area=total)
    # Model text is text: "2F $x^2$" must not become mathematics (nor "$\\foo{$" a crash).
    figure.text(0.03, 0.955, title, fontsize=14, fontfamily=font, parse_math=False)
    _north_arrow(figure, run, lang, font)
    _legend(figure, drawn, lang, font)
    _title_strip(figure, storey, run, frame, lang, font)
    order = {item.id: n for n, item in enumerate(items)}
    return figure, sorted(drawn, key=lambda d: order[d.item_id])


_FORMATS = ("png", "svg", "pdf")


def write_diagrams(storeys: Iterable[StoreyAreas], out_dir: str | Path, *,
                   run: CheckRun | None = None, lang: str = "zh",
                   formats: Iterable[str] = _FORMATS) -> dict[str, list[Path]]:
    """Write a diagram per storey with building area; return the files by "NN name".

    Every storey is drawn at one scale and centre (``frame_for``), so they compare.

    Raises
    ------
    ExportError
        The folder cannot be created or a file cannot be written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError("export.locked", path=str(out), reason=err.strerror or err) from err
    storeys = list(storeys)
    frame = frame_for(s for s in storeys if s.items)
    written: dict[str, list[Path]] = {}
    for number, storey in enumerate(storeys, start=1):
        if not storey.items:
            continue
        figure, _ = draw_storey(storey, run, lang, frame=frame)
        stem = f"{number:02d}_{_safe(storey.storey.name)}"  # the number keeps names apart
        files = []
        for fmt in formats:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=fmt, dpi=DPI)
            files.append(write_atomic(out / f"{stem}.{fmt}", buffer.getvalue()))
        # Keyed by number and name: six storeys all called "Level" are six diagrams.
        written[f"{number:02d} {storey.storey.name}"] = files
    return written


#: Longest storey-name part of a diagram file name (characters): file systems allow 255
#: bytes, and a CJK character is 3 bytes in UTF-8.
MAX_NAME_CHARS = 40


def _safe(name: str) -> str:
    """Return a short, file-name-safe version of a storey name (keeps CJK).

    Examples
    --------
    >>> _safe("1F 架空层"), _safe("../.."), _safe("楼" * 120) == "楼" * 40
    ('1F_架空层', 'storey', True)
    """
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name).strip("_")
    return safe[:MAX_NAME_CHARS].strip("_") or "storey"
