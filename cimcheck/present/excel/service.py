"""配套用房: community service rooms, provided against households × rate per 100 households.

浙政发〔2019〕8号 asks for community service space by the number of households; the
required area is rounded up to whole square metres, as the engine does.
"""

from __future__ import annotations

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA

__all__ = ["write"]


def write(book: Book) -> None:
    """Write the rooms, what they provide, what is required and the verdict."""
    sheet, run = book.sheets["service"], book.run
    assert run.table is not None
    sheet.header(1, ["wb.col.item", "wb.col.storey", "wb.items.name", "GlobalId",
                     "wb.col.building_area"])
    row = 1
    for item in (i for i in run.table.items if i.category == "community_service"):
        row += 1
        sheet.text(row, 1, item.id)
        sheet.text(row, 2, item.storey)
        sheet.text(row, 3, item.name)
        sheet.text(row, 4, ", ".join(item.global_ids))
        sheet.put(row, 5, round(item.building_area_m2, 4), AREA)
    last = max(row, 2)
    base = last + 2
    sheet.rule(1, last, 5)
    na, ok, ko = (book.status(s) for s in ("NOT_APPLICABLE", "PASS", "FAIL"))
    rows = [
        ("wb.service.provided", f"=SUM(E2:E{last})", AREA, "ServiceProvided"),
        ("ind.households", "=Households", "0", None),
        ("wb.service.rate", "=ServiceRate", "0.00", None),
        ("wb.service.required",
         f'=IF(AND(ISNUMBER(D{base + 1}),ISNUMBER(D{base + 2})),'
         f'CEILING(D{base + 1}/100*D{base + 2},1),"{na}")', AREA, "ServiceRequired"),
        ("wb.col.result",
         f'=IF(ISNUMBER(D{base + 3}),IF(ROUND(D{base},2)>=D{base + 3},"{ok}","{ko}"),"{na}")',
         None, "ServiceResult"),
    ]
    for offset, (label, formula, fmt, name) in enumerate(rows):
        r = base + offset
        sheet.text(r, 3, book.word(label), bold=True)
        sheet.formula(r, 4, formula, fmt, bold=name is not None)
        if name is not None:
            book.names.define(name, sheet.title, f"$D${r}")
    sheet.rule(base, base + len(rows) - 1, 4, first_col=3)
    sheet.status_colours(f"D{base + len(rows) - 1}")
    sheet.finish(landscape=False, fixed_widths={4: 24})
