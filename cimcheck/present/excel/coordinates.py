"""坐标表: the vertices of every area item that is not a rectangle, and its area by formula.

An item whose calculation (计算式) on 面积计算书 is "多边形 n 点" is listed here ring by
ring, in the model's plan coordinates (metres); the area of each ring is a shoelace
formula over its points (holes negative), so an officer can check the measured area by
hand or in the sheet.
"""

from __future__ import annotations

import shapely
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA
from cimcheck.present.formats import rectangle_sides

__all__ = ["needs_coordinates", "write"]

COORD = "0.000"


def needs_coordinates(polygon: object) -> bool:
    """Tell whether an item's polygon is not a set of rectangles (so it is listed here)."""
    return any(rectangle_sides(part) is None for part in shapely.get_parts(polygon)
               if isinstance(part, Polygon) and not part.is_empty)


def write(book: Book) -> None:
    """Write the rings of every polygonal item with a shoelace area per ring."""
    sheet, run = book.sheets["coordinates"], book.run
    assert run.table is not None
    sheet.header(1, ["wb.col.item", "wb.coords.part", "wb.coords.ring", "wb.coords.point",
                     "X (m)", "Y (m)", "wb.coords.ring_area"])
    row = 1
    for item in run.table.items:
        if item.id not in book.item_rows or not needs_coordinates(item.polygon):
            continue
        parts = [p for p in shapely.get_parts(item.polygon) if isinstance(p, Polygon)
                 and not p.is_empty]
        for number, part in enumerate(parts, start=1):
            oriented = orient(part, sign=1.0)  # outer ring anticlockwise, holes clockwise
            rings = [("wb.coords.outer", oriented.exterior),
                     *(("wb.coords.hole", ring) for ring in oriented.interiors)]
            for kind, ring in rings:
                coords = list(ring.coords)        # closed: the first point repeated last
                first = row + 1
                last = row + len(coords)
                for point, (x, y) in enumerate(coords, start=1):
                    row += 1
                    sheet.text(row, 1, item.id)
                    sheet.put(row, 2, number)
                    sheet.text(row, 3, book.word(kind))
                    sheet.put(row, 4, point)
                    sheet.put(row, 5, round(float(x), 4), COORD)
                    sheet.put(row, 6, round(float(y), 4), COORD)
                # Shoelace: ½ Σ (x_i y_(i+1) − x_(i+1) y_i), signed (holes negative).
                a, b = f"{first}:E{last - 1}", f"{first + 1}:F{last}"
                c, d = f"{first + 1}:E{last}", f"{first}:F{last - 1}"
                sheet.formula(first, 7, f"=(SUMPRODUCT(E{a},F{b})-SUMPRODUCT(E{c},F{d}))/2", AREA)
    if row == 1:
        row = 2
        sheet.text(row, 1, book.word("wb.coords.none"))
    sheet.rule(1, row, 7)
    sheet.finish(landscape=False, repeat_cols=None,
                 fixed_widths={1: 9, 2: 6, 3: 8, 4: 6, 5: 14, 6: 14, 7: 12})
