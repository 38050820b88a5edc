"""面积计算书: one row per area item, from its measured area to its plot-ratio area.

::

    面积 (measured) × 面积系数 = 建筑面积
    建筑面积 × 计容倍数 = 计容基数
    计容基数 × 豁免比例 = 不计容面积          计容基数 − 不计容面积 = 计容面积

The area, multiplier and exempt share are the engine's values; the rest are formulas.
Where the coefficient comes from the storey's structural height (GB/T 50353-2013 3.0.1:
full at ≥ 2.20 m, half below), it is a formula on the storey sheet's height and the
``FullHeight`` parameter: an officer who corrects a storey height sees the coefficient,
the building area and the plot ratio follow. Coefficients from clear heights under a
sloped roof (3.0.3), sill steps of bay windows (3.0.13) or balcony rules (3.0.21) depend on
the geometry and are values, with their clause.
"""

from __future__ import annotations

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from cimcheck.facts.items import AreaItem
from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA, COEFF, PERCENT
from cimcheck.present.formats import rectangle_sides
from cimcheck.text import tr

__all__ = ["formula_of", "write"]

#: Evidence keys that say the coefficient is the storey-height rule's.
HEIGHT_RULE = frozenset({"ev.height_full", "ev.height_half", "ev.height_unknown"})
#: Column letters of the values other sheets sum over (see ``NAMES``). The calculation
#: reads left to right on the first printed page (A–N); the keys other sheets match on,
#: the clauses and the GlobalIds follow on the second (O–T), the evidence on the third.
COLUMNS = {"ItemBuildingArea": "I", "ItemMultiplier": "J", "ItemFarBase": "K",
           "ItemExempt": "M", "ItemFarArea": "N", "ItemAbove": "O", "ItemStorey": "P",
           "ItemCategory": "Q"}
#: Column widths (characters): page one (A–N) 107; page two (R–U, with B repeated) 107.
#: The keys other sheets match on (O–Q: above ground, storey key, category code) are
#: hidden: formulas read them, a printed page does not need them.
WIDTHS = {1: 4, 2: 7, 3: 7, 4: 10, 5: 9, 6: 10, 7: 9, 8: 6, 9: 9, 10: 6, 11: 9, 12: 6,
          13: 8, 14: 7, 15: 5, 16: 5, 17: 10, 18: 16, 19: 24, 20: 18, 21: 42}
HIDDEN = ("O", "P", "Q")


def formula_of(polygon: BaseGeometry, lang: str) -> str:
    """Write how an area is computed: ``12.00×30.00`` for a rectangle, else the polygon.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> formula_of(box(0, 0, 12, 30), "zh")
    '12.00×30.00'
    >>> formula_of(Polygon([(0, 0), (4, 0), (0, 3)]), "zh")
    '多边形 3 点（见坐标表）'
    """
    parts = list(polygon.geoms) if isinstance(polygon, MultiPolygon) else [polygon]
    pieces = []
    for part in parts:
        if not isinstance(part, Polygon) or part.is_empty:
            continue
        sides = rectangle_sides(part)
        if sides is not None:
            pieces.append(f"{sides[0]:.2f}×{sides[1]:.2f}")
        else:
            pieces.append(tr("wb.items.polygon", lang, points=len(part.exterior.coords) - 1)
                          + (tr("wb.items.holes", lang, holes=len(part.interiors))
                             if part.interiors else ""))
    text = " + ".join(pieces)
    if any(rectangle_sides(p) is None for p in parts if isinstance(p, Polygon)
           and not p.is_empty):
        text += tr("wb.items.see_coordinates", lang)
    return text


def write(book: Book) -> None:
    """Write one row per item with building area (greening is on the green sheet)."""
    sheet, run = book.sheets["items"], book.run
    assert run.table is not None
    sheet.header(1, ["wb.items.number", "wb.col.item", "wb.col.storey", "wb.items.name",
                     "wb.ledger.category", "wb.items.formula", "wb.col.area",
                     "wb.ledger.coefficient", "wb.col.building_area", "wb.ledger.multiplier",
                     "wb.storeys.far_base", "wb.ledger.share", "ind.exempt_area_m2",
                     "wb.storeys.far_area", "wb.items.above", "wb.ledger.storey_key",
                     "wb.ledger.category_code", "wb.items.coefficient_clause",
                     "wb.items.exemption", "GlobalId", "wb.ledger.evidence"])
    ledger = {e.item_id: e for e in run.ledger}
    storeys = book.quoted("storeys")
    row = 1
    for item in run.table.items:
        if item.category == "green" or not item.storey_id:
            continue
        row += 1
        book.item_rows[item.id] = row
        entry = ledger.get(item.id)
        _describe(book, row, item)
        sheet.put(row, 7, round(item.area_m2, 4), AREA)
        if any(e.key in HEIGHT_RULE for e in item.evidence):
            height = f"INDEX(StoreyHeights,MATCH($P{row},StoreyKeys,0))"
            sheet.formula(row, 8, f'=IF({height}="",1,IF(ROUND({height},3)>=FullHeight,1,0.5))',
                          COEFF, width=7)
        else:
            sheet.put(row, 8, item.area_coefficient, COEFF)
        sheet.formula(row, 9, f"=G{row}*H{row}", AREA)
        multiplier = entry.far_multiplier if entry is not None else 1.0
        base = item.building_area_m2 * multiplier
        share = entry.exempt_m2 / base if entry is not None and base > 0 else 0.0
        sheet.put(row, 10, multiplier, COEFF)
        sheet.formula(row, 11, f"=I{row}*J{row}", AREA)
        sheet.put(row, 12, round(share, 6), PERCENT)
        sheet.formula(row, 13, f"=K{row}*L{row}", AREA)
        sheet.formula(row, 14, f"=K{row}-M{row}", AREA)
        sheet.formula(row, 15, f"=INDEX({storeys}!$E:$E,MATCH($P{row},{storeys}!$A:$A,0))",
                      "0", width=5)
        sheet.text(row, 16, item.id.split("-")[0])
        sheet.text(row, 17, item.category)
        sheet.text(row, 18, item.clause)
        if entry is not None and entry.exempt_m2 > 0:
            sheet.text(row, 19, f"{entry.rule_id} {entry.clause}".strip())
        sheet.text(row, 20, ", ".join(item.global_ids))
        sheet.text(row, 21, "；".join(e.text(book.lang) for e in item.evidence))
    last = max(row, 2)
    total = last + 1
    sheet.text(total, 2, book.word("wb.total"), bold=True)
    for col in ("G", "I", "K", "M", "N"):
        sheet.formula(total, ord(col) - 64, f"=SUM({col}2:{col}{last})", AREA, bold=True)
    sheet.shade(total, 1, 21)
    sheet.rule(1, total, 21)
    for name, column in COLUMNS.items():
        book.names.define(name, sheet.title, f"${column}$2:${column}${last}")
    sheet.finish(landscape=True, repeat_cols="B:B", fixed_widths=WIDTHS)
    for column in HIDDEN:
        sheet.ws.column_dimensions[column].hidden = True


def _describe(book: Book, row: int, item: AreaItem) -> None:
    """Write the item's identity: number, id, storey, name, category, how it is computed."""
    sheet = book.sheets["items"]
    sheet.put(row, 1, row - 1)
    sheet.text(row, 2, item.id)
    sheet.text(row, 3, item.storey)
    sheet.text(row, 4, item.name)
    sheet.text(row, 5, book.category(item.category))
    sheet.text(row, 6, formula_of(item.polygon, book.lang))
