"""The batch summary workbook (汇总): one row per model, linked to its own workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from cimcheck.atomic import write_atomic
from cimcheck.present.excel.cells import AREA, PERCENT, Sheet, Styles, TitleBlock
from cimcheck.text import Text, tr
from cimcheck.version import __version__
from cimcheck.vocab import EXEMPT_CATEGORIES

__all__ = ["write_summary"]


def write_summary(rows: list[dict[str, Any]], path: str | Path, lang: str = "zh") -> Path:
    """Write ``summary.xlsx``: every model's key figures, verdict, errors and time."""
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    block = TitleBlock(tr("sum.title", lang), "", "", "", "", "", dt.date.today().isoformat(),
                       __version__)
    ws = book.active
    ws.title = tr("sum.sheet", lang)
    sheet = Sheet(ws, Styles(), lang, block)
    headers = ["sum.file", "SHA-256", "sum.pack", "wb.ind.building_area", "wb.ind.far_area",
               "ind.plot_ratio",
               *(tr("wb.exempt", lang, category=Text(f"cat.{c}")) for c in EXEMPT_CATEGORIES),
               "ind.building_density", "ind.green_ratio", "wb.service.provided",
               "wb.service.required", "wb.ind.height", "wb.col.result", "FAIL", "WARN",
               "sum.error", "sum.seconds", "sum.workbook"]
    sheet.header(1, headers)
    for row_number, row in enumerate(rows, start=2):
        exempt = row.get("exempt_area_m2") or {}
        values = [row.get("total_building_area_m2"), row.get("far_area_m2")]
        sheet.text(row_number, 1, Path(row["file"]).name)
        sheet.text(row_number, 2, (row.get("sha256") or "")[:16])
        sheet.text(row_number, 3, row.get("pack") or "")
        sheet.put(row_number, 4, values[0], AREA)
        sheet.put(row_number, 5, values[1], AREA)
        sheet.put(row_number, 6, row.get("plot_ratio"), "0.000")
        for offset, code in enumerate(EXEMPT_CATEGORIES):
            sheet.put(row_number, 7 + offset, exempt.get(code) if row.get("verdict") else None,
                      AREA)
        column = 7 + len(EXEMPT_CATEGORIES)
        for value, fmt in ((row.get("building_density"), PERCENT),
                           (row.get("green_ratio"), PERCENT),
                           (row.get("service_area_m2"), AREA),
                           (row.get("service_required_m2"), AREA),
                           (row.get("building_height_m"), "0.00")):
            sheet.put(row_number, column, value, fmt)
            column += 1
        verdict = row.get("verdict")
        sheet.text(row_number, column, tr(f"status.{verdict}", lang) if verdict
                   else tr("sum.not_checked", lang))
        sheet.put(row_number, column + 1, row.get("fail"))
        sheet.put(row_number, column + 2, row.get("warn"))
        sheet.text(row_number, column + 3, row.get("error") or "")
        sheet.put(row_number, column + 4, row.get("seconds"), "0.0")
        if row.get("workbook") and verdict:
            cell = sheet.text(row_number, column + 5, row["workbook"])
            # The only hyperlinks cimcheck writes: to the batch's own workbooks.
            cell.hyperlink = row["workbook"]
    last = max(len(rows) + 1, 2)
    sheet.rule(1, last, len(headers))
    sheet.status_colours(f"{_letter(7 + len(EXEMPT_CATEGORIES) + 5)}2:"
                         f"{_letter(7 + len(EXEMPT_CATEGORIES) + 5)}{last}")
    sheet.finish(landscape=True, repeat_cols="A:A")
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))
