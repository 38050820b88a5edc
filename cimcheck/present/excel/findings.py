"""检查结果: every finding, with the live verdict of the indicator it judges.

A finding that judges an indicator shows that indicator's verdict cell (a formula on the
indicator table), so an edited site area changes it here too.
"""

from __future__ import annotations

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.names import RESULT_OF

__all__ = ["write"]


def write(book: Book) -> str:
    """Write the findings; return the range of their status cells."""
    sheet, run = book.sheets["findings"], book.run
    sheet.header(1, ["wb.col.rule", "wb.findings.status", "wb.findings.measured",
                     "wb.findings.required", "wb.col.unit", "wb.findings.message",
                     "wb.col.clause", "GlobalId"])
    row = 1
    for row, finding in enumerate(run.findings, start=2):
        sheet.text(row, 1, finding.rule_id)
        result = RESULT_OF.get(finding.indicator or "")
        if result is not None:
            sheet.formula(row, 2, f"={result}", width=10)
        else:
            sheet.text(row, 2, book.status(finding.status))
        sheet.put(row, 3, finding.measured, "0.00##")
        sheet.put(row, 4, finding.required, "0.00##")
        sheet.text(row, 5, finding.unit)
        sheet.text(row, 6, finding.message(book.lang))
        sheet.text(row, 7, finding.clause)
        sheet.text(row, 8, ", ".join(finding.global_ids))
    last = max(row, 2)
    sheet.rule(1, last, 8)
    sheet.ws.auto_filter.ref = f"A1:H{last}"
    sheet.status_colours(f"B2:B{last}")
    sheet.finish(landscape=True, repeat_cols="A:B", fixed_widths={
        1: 12, 2: 7, 3: 8, 4: 8, 5: 4, 6: 40, 7: 16, 8: 13})
    return f"{book.quoted('findings')}!$B$2:$B${last}"
