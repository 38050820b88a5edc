"""数据预检 and 预检不符合项: the IDS pre-flight, per specification and per failing element.

The same two sheets are the whole workbook of ``cimcheck ids`` (``present.ids_report``) and
the last sheets before the diagrams of the compliance workbook, when the pack runs the
pre-flight. Rows are the ``preflight`` dicts of a run (``SpecResult.as_dict``).
"""

from __future__ import annotations

from typing import Any

from cimcheck.present.excel.cells import Sheet
from cimcheck.text import tr

__all__ = ["write_failing", "write_summary"]


def write_summary(sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    """One row per specification: its file, whether required, applies to, failing, result."""
    sheet.header(1, ["wb.preflight.file", "wb.preflight.spec", "wb.preflight.required",
                     "wb.preflight.applicable", "wb.preflight.failed", "wb.col.result"])
    for row, result in enumerate(rows, start=2):
        sheet.text(row, 1, result["ids"])
        sheet.text(row, 2, result["specification"])
        sheet.text(row, 3, tr("wb.yes" if result["required"] else "wb.no", sheet.lang))
        sheet.put(row, 4, result["applicable"])
        sheet.put(row, 5, len(result["failed"]))
        sheet.text(row, 6, tr(f"status.{result['status']}", sheet.lang))
    last = max(len(rows) + 1, 2)
    sheet.rule(1, last, 6)
    sheet.status_colours(f"F2:F{last}")
    sheet.finish(landscape=True, fixed_widths={1: 14, 2: 48, 3: 8, 4: 10, 5: 10, 6: 10})


def write_failing(sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    """One row per failing element: specification, GlobalId, IFC class, reason."""
    sheet.header(1, ["wb.preflight.spec", "GlobalId", "wb.preflight.class",
                     "wb.preflight.reason"])
    row = 1
    for result in rows:
        for failure in result["failed"]:
            row += 1
            sheet.text(row, 1, result["specification"])
            sheet.text(row, 2, failure["global_id"])
            sheet.text(row, 3, failure["ifc_class"])
            sheet.text(row, 4, failure["reason"])
    if row == 1:
        row = 2
        sheet.text(row, 1, tr("wb.preflight.none", sheet.lang))
    sheet.rule(1, row, 4)
    sheet.finish(landscape=True, repeat_cols="A:B", fixed_widths={1: 40, 2: 24, 3: 20, 4: 50})
