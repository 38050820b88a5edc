"""绿地: greening items, ground greening in full, 3D greening converted by soil depth.

The coefficient of a roof garden or a garden over a basement is a VLOOKUP of its soil
depth in the pack's table (``SoilTable`` on 计算参数), vertical greening takes the
``VerticalCoefficient``: a corrected depth moves the credit and the green ratio.
"""

from __future__ import annotations

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA, COEFF

__all__ = ["write"]

#: Greening kinds (``CIMCheck_Greening.GreeningKind``) with their words (``wb.green.kind.*``).
KINDS = ("GROUND", "ROOF", "OVER_BASEMENT", "VERTICAL", "SKY_GARDEN")


def write(book: Book) -> None:
    """Write one row per greening item and the ground and credit totals."""
    sheet, run = book.sheets["green"], book.run
    assert run.table is not None
    kinds = {str(k).upper() for k in run.parameters.get("green.kinds", {}).get("value", [])}
    sheet.header(1, ["wb.col.item", "wb.col.storey", "wb.items.name", "wb.green.kind",
                     "wb.green.kind_code", "GlobalId", "wb.col.area", "wb.green.depth",
                     "wb.green.coefficient", "wb.green.credited"])
    row = 1
    for item in (i for i in run.table.items if i.category == "green"):
        row += 1
        kind = str(item.attributes.get("GreeningKind", "GROUND")).upper()
        depth = item.attributes.get("SoilDepth")
        sheet.text(row, 1, item.id)
        sheet.text(row, 2, item.storey or book.word("wb.green.site"))
        sheet.text(row, 3, item.name)
        sheet.text(row, 4, book.word(f"wb.green.kind.{kind}") if kind in KINDS else kind)
        sheet.text(row, 5, kind)
        sheet.text(row, 6, ", ".join(item.global_ids))
        sheet.put(row, 7, round(item.area_m2, 4), AREA)
        number = isinstance(depth, (int, float)) and not isinstance(depth, bool)
        sheet.put(row, 8, round(float(depth), 3) if number else None, "0.00")
        sheet.shade(row, 8, 8, "input")
        if kind == "GROUND":
            sheet.put(row, 9, 1.0, COEFF)
        elif kind == "VERTICAL" and kind in kinds:
            sheet.formula(row, 9, "=VerticalCoefficient", COEFF)
        elif kind in kinds:
            sheet.formula(row, 9, f'=IF(OR(H{row}="",H{row}<0),0,VLOOKUP(H{row},SoilTable,2,TRUE))',
                          COEFF)
        else:
            sheet.put(row, 9, 0.0, COEFF)
        sheet.formula(row, 10, f"=G{row}*I{row}", AREA)
    last = max(row, 2)
    total = last + 1
    sheet.text(total, 9, book.word("wb.green.ground"), bold=True)
    sheet.formula(total, 10, f'=SUMIF(E2:E{last},"GROUND",J2:J{last})', AREA, bold=True)
    sheet.text(total + 1, 9, book.word("wb.green.credit"), bold=True)
    sheet.formula(total + 1, 10, f"=SUM(J2:J{last})-J{total}", AREA, bold=True)
    sheet.shade(total, 1, 10)
    sheet.shade(total + 1, 1, 10)
    sheet.rule(1, total + 1, 10)
    book.names.define("GreenGround", sheet.title, f"$J${total}")
    book.names.define("GreenCredit", sheet.title, f"$J${total + 1}")
    sheet.finish(landscape=True, repeat_cols="A:C", fixed_widths={
        1: 8, 2: 8, 3: 14, 4: 12, 5: 10, 6: 16, 7: 10, 8: 9, 9: 9, 10: 11})
    sheet.ws.column_dimensions["E"].hidden = True  # the kind code the totals match on
