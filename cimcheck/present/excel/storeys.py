"""分层面积: one row per storey, every area summed from the item sheet (面积计算书).

The storey's elevation, structural height and above/below-ground flag are the measured
inputs (the height is editable: the item sheet's height-rule coefficients read it); its
building area, plot-ratio base, exempt area and plot-ratio area are SUMIFs over the items
of the storey (the exempt areas by category are on the indicator table, by item on
不计容明细). The plausibility line (gross outline against rooms and the
authored area) is the engine's, as values.
"""

from __future__ import annotations

from cimcheck.facts.plausibility import StoreyChecks
from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA, LEVEL, above_format

__all__ = ["write"]


def write(book: Book) -> None:
    """Write the storey table, its totals and the storey names the items refer to."""
    sheet, run = book.sheets["storeys"], book.run
    assert run.table is not None
    sheet.header(1, ["wb.storeys.key", "wb.col.storey", "wb.storeys.elevation",
                     "wb.storeys.height", "wb.storeys.above", "wb.col.building_area",
                     "wb.storeys.far_base", "ind.exempt_area_m2", "wb.storeys.far_area",
                     "wb.storeys.notes", "wb.storeys.gross", "wb.storeys.rooms",
                     "wb.storeys.ratio", "wb.storeys.authored", "wb.storeys.check"])
    row = 1
    for number, storey in enumerate(run.table.storeys, start=1):
        row += 1
        key = f"S{number:02d}"
        sheet.text(row, 1, key)
        sheet.text(row, 2, storey.storey.name)
        sheet.put(row, 3, round(storey.storey.elevation_m, 3), LEVEL)
        height = storey.storey.height_m
        sheet.put(row, 4, None if height is None else round(height, 3), LEVEL)
        sheet.shade(row, 4, 4, "input")
        sheet.put(row, 5, 1 if storey.above_ground else 0, above_format(book.lang))
        sheet.formula(row, 6, f"=SUMIF(ItemStorey,$A{row},ItemBuildingArea)", AREA)
        sheet.formula(row, 7, f"=SUMIF(ItemStorey,$A{row},ItemFarBase)", AREA)
        sheet.formula(row, 8, f"=SUMIF(ItemStorey,$A{row},ItemExempt)", AREA)
        sheet.formula(row, 9, f"=SUMIF(ItemStorey,$A{row},ItemFarArea)", AREA)
        coefficients = sorted({i.area_coefficient for i in storey.items
                               if i.category != "green"}, reverse=True)
        sheet.text(row, 10, f"{book.category(storey.kind)} ×"
                            + "/".join(f"{c:g}" for c in coefficients))
        _checks(book, row, storey.checks)
    last = max(row, 2)
    total = last + 1
    sheet.text(total, 2, book.word("wb.total"), bold=True)
    for number in range(6, 10):
        letter = chr(64 + number)
        sheet.formula(total, number, f"=SUM({letter}2:{letter}{last})", AREA, bold=True)
    sheet.shade(total, 1, 15)
    sheet.rule(1, total, 15)
    for name, column in (("StoreyKeys", "A"), ("StoreyHeights", "D"), ("StoreyAbove", "E")):
        book.names.define(name, sheet.title, f"${column}$2:${column}${last}")
    # Page one: the storey and its areas (A–J); page two, A–B repeated: the check (K–O).
    widths = {1: 5, 2: 10, 3: 8, 4: 8, 5: 5, 6: 10, 7: 10, 8: 10, 9: 10, 10: 20, 11: 10,
              12: 10, 13: 8, 14: 10, 15: 36}
    sheet.finish(landscape=True, repeat_cols="A:B", fixed_widths=widths)


def _checks(book: Book, row: int, checks: StoreyChecks | None) -> None:
    """Write the plausibility line of one storey (columns K–O): values and a ratio."""
    if checks is None:
        return
    sheet = book.sheets["storeys"]
    sheet.put(row, 11, round(checks.gross_m2, 4), AREA)
    sheet.put(row, 12, None if checks.rooms_m2 is None else round(checks.rooms_m2, 4), AREA)
    if checks.rooms_m2:
        sheet.formula(row, 13, f"=K{row}/L{row}", "0.00")
    sheet.put(row, 14, None if checks.authored_gross_m2 is None
              else round(checks.authored_gross_m2, 4), AREA)
    verdict = book.word("wb.storeys.ok") if checks.plausible else book.word(
        "wb.storeys.warning", causes=checks.causes)
    sheet.text(row, 15, verdict)
