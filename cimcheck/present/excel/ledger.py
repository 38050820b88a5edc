"""不计容明细: the exempted items, quoted from the item sheet, with the rule that exempts them.

Each figure is a reference to the item's row on 面积计算书, so the two sheets cannot
disagree; a pack that exempts nothing gets one row that says so (and a total of 0.00, not a
formula that sums itself).
"""

from __future__ import annotations

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA, COEFF, PERCENT

__all__ = ["write"]


def write(book: Book) -> None:
    """Write one row per exempted item and the total."""
    sheet, run = book.sheets["ledger"], book.run
    assert run.table is not None
    sheet.header(1, ["wb.col.item", "wb.col.storey", "wb.items.name", "wb.ledger.category",
                     "wb.col.building_area", "wb.ledger.multiplier", "wb.ledger.share",
                     "ind.exempt_area_m2", "wb.col.rule", "wb.col.clause",
                     "wb.ledger.evidence", "wb.ledger.how", "GlobalId"])
    items = {i.id: i for i in run.table.items}
    source = book.quoted("items")
    row = 1
    for entry in run.ledger:
        if entry.exempt_m2 <= 0 or entry.item_id not in book.item_rows:
            continue
        item, at = items[entry.item_id], book.item_rows[entry.item_id]
        row += 1
        sheet.text(row, 1, item.id)
        sheet.text(row, 2, item.storey)
        sheet.text(row, 3, item.name)
        sheet.text(row, 4, book.category(item.category))
        sheet.formula(row, 5, f"={source}!I{at}", AREA)
        sheet.formula(row, 6, f"={source}!J{at}", COEFF)
        sheet.formula(row, 7, f"={source}!L{at}", PERCENT)
        sheet.formula(row, 8, f"={source}!M{at}", AREA)
        sheet.text(row, 9, entry.rule_id)
        sheet.text(row, 10, entry.clause)
        sheet.text(row, 11, "；".join(e.text(book.lang) for e in item.evidence))
        sheet.text(row, 12, book.word("wb.ledger.inferred" if item.inferred
                                      else "wb.ledger.declared"))
        sheet.text(row, 13, ", ".join(item.global_ids))
    if row == 1:
        row = 2
        sheet.text(row, 1, book.word("wb.ledger.none"))
    total = row + 1
    sheet.text(total, 7, book.word("wb.total"), bold=True)
    sheet.formula(total, 8, f"=SUM(H2:H{row})", AREA, bold=True)
    sheet.shade(total, 1, 13)
    sheet.rule(1, total, 13)
    sheet.finish(landscape=True, repeat_cols="A:C", fixed_widths={
        1: 8, 2: 8, 3: 14, 4: 10, 5: 10, 6: 7, 7: 8, 8: 10, 9: 12, 10: 20, 11: 44, 12: 10,
        13: 20})
