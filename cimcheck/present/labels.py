"""Placing labels on a plan without collisions: inside the item if it fits, else on a leader.

Each label is tried at the item's pole of inaccessibility (the interior point farthest from
its edges, where the most room is), then at smaller sizes; a label that fits nowhere inside
goes outside on a leader line, at the nearest free place found on rings around the item.
Every placed label (and every dimension text) is an obstacle for the next, so no two
overlap. Boxes are measured by the renderer, in display pixels, as they will print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

__all__ = ["Placer"]

#: Font sizes tried inside an item, largest first (points; at least 9 on the A4 sheet).
INSIDE_SIZES = (10.0, 9.0)
#: Font size of a label on a leader.
LEADER_SIZE = 9.0
#: A label's white halo, so it reads over hatching and lines.
HALO = {"boxstyle": "square,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.8}
#: Distances (paper millimetres) and directions tried for a label on a leader.
LEADER_MM = (6.0, 10.0, 15.0, 21.0, 28.0, 36.0, 46.0)
DIRECTIONS = 16
#: Space kept between labels (display pixels).
GAP_PX = 2.0

Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return not (a[2] + GAP_PX <= b[0] or b[2] + GAP_PX <= a[0] or a[3] + GAP_PX <= b[1]
                or b[3] + GAP_PX <= a[1])


@dataclass
class Placer:
    """Place texts on one axes without overlap.

    Attributes
    ----------
    ax : matplotlib Axes
    renderer : matplotlib renderer
        Measures text boxes as they will be drawn.
    font : str or None
    mm : float
        Data units (metres) per paper millimetre at the drawing's scale.
    taken : list of boxes
        Display-pixel boxes of everything placed so far.
    """

    ax: Any
    renderer: Any
    font: str | None
    mm: float
    taken: list[Box] = field(default_factory=list)

    def _box(self, text: Any) -> Box:
        extent = text.get_window_extent(renderer=self.renderer)
        return (float(extent.x0), float(extent.y0), float(extent.x1), float(extent.y1))

    def _to_data(self, b: Box) -> BaseGeometry:
        inverse = self.ax.transData.inverted()
        (x0, y0), (x1, y1) = inverse.transform([(b[0], b[1]), (b[2], b[3])])
        return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def _free(self, b: Box) -> bool:
        frame = self.ax.get_window_extent(renderer=self.renderer)
        inside_frame = (b[0] >= frame.x0 and b[2] <= frame.x1 and b[1] >= frame.y0
                        and b[3] <= frame.y1)
        return inside_frame and not any(_overlaps(b, t) for t in self.taken)

    def block(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """Keep labels off a region given in data coordinates (a dimension line)."""
        (a, b), (c, d) = self.ax.transData.transform([(x0, y0), (x1, y1)])
        self.taken.append((min(a, c) - 2, min(b, d) - 2, max(a, c) + 2, max(b, d) + 2))

    def fixed(self, x: float, y: float, text: str, **style: Any) -> Box:
        """Place a text where it must be (a dimension); it becomes an obstacle."""
        artist = self.ax.text(x, y, text, fontfamily=self.font, **style)
        placed = self._box(artist)
        self.taken.append(placed)
        return placed

    def label(self, polygon: BaseGeometry, text: str, avoid: BaseGeometry) -> Box:
        """Label ``polygon``: inside when it fits, else on a leader outside ``avoid``."""
        anchor = _pole(polygon)
        for size in INSIDE_SIZES:
            artist = self.ax.text(anchor.x, anchor.y, text, fontsize=size, ha="center",
                                  va="center", fontfamily=self.font, linespacing=1.15,
                                  parse_math=False, zorder=6, bbox=HALO)
            placed = self._box(artist)
            if self._free(placed) and polygon.buffer(self.mm * 0.5).contains(
                    self._to_data(placed)):
                self.taken.append(placed)
                return placed
            artist.remove()
        return self._leader(anchor, text, avoid)

    def _leader(self, anchor: Point, text: str, avoid: BaseGeometry) -> Box:
        best: tuple[float, Any, Box] | None = None
        for distance in LEADER_MM:
            for k in range(DIRECTIONS):
                angle = 2 * math.pi * k / DIRECTIONS + math.pi / 4
                x = anchor.x + math.cos(angle) * distance * self.mm
                y = anchor.y + math.sin(angle) * distance * self.mm
                artist = self.ax.text(x, y, text, fontsize=LEADER_SIZE, ha="center",
                                      va="center", fontfamily=self.font, linespacing=1.15,
                                      parse_math=False, zorder=6, bbox=HALO)
                placed = self._box(artist)
                if not self._free(placed):
                    artist.remove()
                    continue
                # Prefer places off the plan: over another item, a label hides it.
                cost = distance + (40.0 if self._to_data(placed).intersects(avoid) else 0.0)
                if best is None or cost < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (cost, artist, placed)
                else:
                    artist.remove()
            if best is not None and best[0] < 40.0:
                break
        if best is None:  # nowhere free: the smallest ring, overlapping (never expected)
            artist = self.ax.text(anchor.x, anchor.y, text, fontsize=LEADER_SIZE,
                                  ha="center", va="center", fontfamily=self.font,
                                  parse_math=False, zorder=6)
            best = (0.0, artist, self._box(artist))
        _, artist, placed = best
        centre = self._to_data(placed).centroid
        self.ax.annotate("", xy=(anchor.x, anchor.y), xytext=(centre.x, centre.y),
                         arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#303030",
                                     "shrinkA": 6, "shrinkB": 0}, zorder=5)
        self.ax.plot([anchor.x], [anchor.y], marker="o", markersize=1.5, color="#303030",
                     zorder=5)
        self.taken.append(placed)
        return placed


def _pole(polygon: BaseGeometry) -> Point:
    """Return the interior point with the most room (of the largest part)."""
    parts: Sequence[BaseGeometry] = list(shapely.get_parts(polygon))
    largest = max(parts, key=lambda p: p.area) if parts else polygon
    try:
        from shapely.ops import polylabel

        return polylabel(largest, tolerance=0.05)
    except Exception:  # noqa: BLE001 - a degenerate polygon: any interior point will do
        return largest.representative_point()
