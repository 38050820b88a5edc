"""Area diagrams (面积计算简图): one plan per storey, items coloured by how they count.

Each storey's outline and area items are drawn as polygons in plan, coloured by class:
counted in full (计全面积), counted at half (计半面积), exempt from plot ratio (不计容),
not building area (不计面积) and greening (绿化), each labelled with its area; with a legend,
the storey's name and total, a north-up scale bar and the pack used. Chinese renders with a
CJK font (Noto Sans CJK from Debian's fonts-noto-cjk, or any installed CJK font).

matplotlib is imported inside the functions (optional heavy dependency) and only its
object API is used (no pyplot), so diagrams can be drawn from worker threads.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from cimcheck.atomic import write_atomic
from cimcheck.errors import ExportError
from cimcheck.facts.items import AreaItem, StoreyAreas
from cimcheck.present.fonts import matplotlib_family
from cimcheck.present.palette import DIAGRAM_CLASSES, area_class, area_classes, coarse_class
from cimcheck.results.finding import CheckRun
from cimcheck.text import tr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle
    from matplotlib.path import Path as MplPath
    from shapely.geometry import MultiPolygon, Polygon

log = logging.getLogger(__name__)

__all__ = ["DrawnItem", "classify_item", "draw_storey", "write_diagrams"]
#: Pixel size of a diagram at the default 100 dpi (A4 landscape proportions).
SIZE_IN = (11.69, 8.27)
DPI = 100


@dataclass(frozen=True, slots=True)
class DrawnItem:
    """What a diagram shows for one item (returned so tests and reports can audit it)."""

    item_id: str
    klass: str
    area_m2: float
    building_area_m2: float


def _cjk_font() -> str | None:
    return matplotlib_family()


def classify_item(item: AreaItem, run: CheckRun | None = None) -> str:
    """Return an item's diagram class (``palette.DIAGRAM_CLASSES``): exempt, else by coefficient."""
    exempt = next((e.exempt_m2 for e in run.ledger if e.item_id == item.id), 0.0) \
        if run is not None else 0.0
    return coarse_class(area_class(item, exempt))


def _patches(geometry: Polygon | MultiPolygon) -> Iterator[MplPath]:
    """Yield a matplotlib path (rings with holes) per polygon of ``geometry``."""
    from matplotlib.path import Path as MplPath

    for polygon in shapely.get_parts(geometry):
        if polygon.is_empty:
            continue  # a storey with items but no outline (a balcony-only partial model)
        rings = [polygon.exterior, *polygon.interiors]
        vertices: list[tuple[float, ...]] = []
        codes: list[Any] = []  # MplPath codes are numpy uint8
        for ring in rings:
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2)
                         + [MplPath.CLOSEPOLY])
        yield MplPath(vertices, codes)


def _scale_bar(ax: Axes, bounds: tuple[float, float, float, float]) -> None:
    """Draw a two-segment scale bar in metres under the plan."""
    x0, y0, x1, y1 = bounds
    span = x1 - x0
    length = next((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500) if n >= span / 6), 1000)
    bx, by = x0, y0 - (y1 - y0) * 0.08 - 1.0
    for i in range(2):
        ax.add_patch(_rect(bx + i * length / 2, by, length / 2, length / 25,
                           "black" if i == 0 else "white"))
    ax.text(bx, by - length / 12, "0", ha="center", va="top", fontsize=8)
    ax.text(bx + length, by - length / 12, f"{length} m", ha="center", va="top", fontsize=8)


def _rect(x: float, y: float, w: float, h: float, colour: str) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="black", linewidth=0.8)


def draw_storey(storey: StoreyAreas, run: CheckRun | None = None, lang: str = "zh",
                extra_items: Iterable[AreaItem] = ()) -> tuple[Figure, list[DrawnItem]]:
    """Draw one storey's diagram; return ``(figure, drawn items)``."""
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    font = _cjk_font()
    figure = Figure(figsize=SIZE_IN, dpi=DPI)
    if font:
        figure.set_layout_engine("none")
    ax = figure.add_axes((0.04, 0.1, 0.66, 0.8))
    ax.set_aspect("equal")
    ax.axis("off")
    drawn: list[DrawnItem] = []
    items = [*storey.items, *extra_items]
    classes = {k: coarse_class(v) for k, v in area_classes(run).items()}
    # Large items first, so small ones (bay windows) stay visible on top.
    for item in sorted(items, key=lambda i: (i.category == "green", -i.area_m2)):
        klass = classes.get(item.id) or classify_item(item, run)
        for path in _patches(item.polygon):
            ax.add_patch(PathPatch(path, facecolor=DIAGRAM_CLASSES[klass], edgecolor="#404040",
                                   linewidth=0.6, alpha=0.6 if klass == "green" else 1.0,
                                   hatch="..." if klass == "green" else None))
        drawn.append(DrawnItem(item.id, klass, item.area_m2, item.building_area_m2))
        if item.area_m2 >= 0.5:
            point = item.polygon.representative_point()
            coefficient = "" if item.area_coefficient == 1 else f" ×{item.area_coefficient:g}"
            ax.text(point.x, point.y, f"{item.area_m2:.2f}{coefficient}", ha="center",
                    va="center", fontsize=7 if item.area_m2 < 20 else 9, fontfamily=font)
    # What the outline was measured from, so a reviewer sees at a glance where the walls
    # and the outline disagree: the enclosing elements (thin grey) and the rooms (dashed).
    for path in _patches(storey.enclosure):
        ax.add_patch(PathPatch(path, facecolor="#b0b0b0", edgecolor="#707070", linewidth=0.3))
    for path in _patches(storey.rooms):
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#3060a0", linewidth=0.7,
                               linestyle="--"))
    for path in _patches(storey.outline):
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="black", linewidth=1.6))
    geometries = [i.polygon for i in items if not i.polygon.is_empty]
    if not storey.outline.is_empty:
        geometries.append(storey.outline)
    if geometries:
        x0, y0, x1, y1 = shapely.union_all(geometries).bounds
        pad = max(x1 - x0, y1 - y0) * 0.05 + 0.5
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad - (y1 - y0) * 0.15 - 2.0, y1 + pad)
        _scale_bar(ax, (x0, y0, x1, y1))
    total = sum(d.building_area_m2 for d in drawn)
    title = tr("diagram.title", lang, storey=storey.storey.name, area=total)
    # Model text is text: "2F $x^2$" must not become mathematics (nor "$\\foo{$" a crash).
    figure.suptitle(title, fontsize=14, fontfamily=font, parse_math=False)
    legend_ax = figure.add_axes((0.72, 0.3, 0.26, 0.5))
    legend_ax.axis("off")
    for row, (key, colour) in enumerate(DIAGRAM_CLASSES.items()):
        y = 0.9 - row * 0.14
        legend_ax.add_patch(_rect(0.0, y, 0.12, 0.08, colour))
        amount = sum(d.building_area_m2 if key != "green" else d.area_m2
                     for d in drawn if d.klass == key)
        legend_ax.text(0.16, y + 0.04, f"{tr(f'class.{key}', lang)}  {amount:.2f} m²",
                       va="center", fontsize=10, fontfamily=font)
    legend_ax.set_xlim(0, 1)
    legend_ax.set_ylim(0, 1)
    if run is not None:
        figure.text(0.72, 0.12, f"{run.pack['id']} {run.pack['version']}", fontsize=8,
                    fontfamily=font)
    return figure, drawn


_FORMATS = ("png", "svg", "pdf")


def write_diagrams(storeys: Iterable[StoreyAreas], out_dir: str | Path, *,
                   run: CheckRun | None = None, lang: str = "zh",
                   formats: Iterable[str] = _FORMATS) -> dict[str, list[Path]]:
    """Write a diagram per storey with building area; return the files by "NN name".

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
    written: dict[str, list[Path]] = {}
    for number, storey in enumerate(storeys, start=1):
        if not storey.items:
            continue
        figure, _ = draw_storey(storey, run, lang)
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
