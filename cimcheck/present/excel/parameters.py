"""计算参数: every parameter the pack and the project file set, with its source and basis.

The numbers the formulas use are named cells here (``FullHeight``, ``ServiceRate``,
``VerticalCoefficient``, ``SoilTable``): an officer who checks a threshold finds it once,
with the document it comes from.
"""

from __future__ import annotations

from typing import Any

from cimcheck.engine.params import area_params
from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import COEFF

__all__ = ["soil_table", "write"]


def soil_table(parameters: dict[str, Any]) -> list[list[float]]:
    """Return the pack's soil-depth table, sorted, starting at depth 0."""
    table = sorted(parameters.get("green.soil_table", {}).get("value", []) or [[0.0, 0.0]])
    if table[0][0] > 0:
        table = [[0.0, 0.0], *table]
    return table


def _compact(value: Any) -> str:
    """Write a list parameter on one line: ``0–4.8 m ×1; …`` rows as ``a / b / c``."""
    if isinstance(value, list):
        return "; ".join(" / ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in row)
                         if isinstance(row, list) else str(row) for row in value)
    return str(value)


def _scalar(value: Any) -> bool:
    return isinstance(value, (int, float, str)) or value is None


def write(book: Book) -> None:
    """Write the parameter table, then the soil-depth table."""
    sheet, run = book.sheets["parameters"], book.run
    sheet.header(1, ["wb.param.key", "wb.param.value", "wb.col.unit", "wb.param.enabled",
                     "wb.param.basis", "wb.param.source", "wb.param.from"])
    named = {"cs.rate_per_100hh": "ServiceRate",
             "green.vertical_coefficient": "VerticalCoefficient"}
    row = 1
    for key, entry in sorted(run.parameters.items()):
        value = entry.get("value")
        row += 1
        sheet.text(row, 1, key)
        if _scalar(value) and not isinstance(value, bool):
            sheet.put(row, 2, value)
        else:
            sheet.text(row, 2, book.word("wb.param.table") if key == "green.soil_table"
                       else _compact(value))
        sheet.text(row, 3, entry.get("unit", ""))
        sheet.text(row, 4, book.word("wb.yes" if entry.get("enabled", True) else "wb.no")
                   + (" · " + book.word("wb.param.enforce") if entry.get("enforce") else ""))
        sheet.text(row, 5, entry.get("basis", ""))
        sheet.text(row, 6, entry.get("source", "") or entry.get("note", ""))
        sheet.text(row, 7, entry.get("overridden_by") or entry.get("pack", ""))
        if key in named:
            book.names.define(named[key], sheet.title, f"$B${row}")
    # The engine's full-height threshold, whichever pack layer (or default) sets it.
    row += 1
    sheet.text(row, 1, "gb.full_height (engine)")
    sheet.put(row, 2, area_params(run.parameters).full_height_m, "0.00")
    sheet.text(row, 3, "m")
    sheet.text(row, 6, "GB/T 50353-2013 3.0.1")
    book.names.define("FullHeight", sheet.title, f"$B${row}")
    # A pack without them: no service-space rate (the requirement is not applicable) and
    # no vertical greening credited.
    for name, default in (("ServiceRate", ""), ("VerticalCoefficient", 0.0)):
        if name not in book.names.targets:
            row += 1
            sheet.text(row, 1, name)
            sheet.put(row, 2, default)
            book.names.define(name, sheet.title, f"$B${row}")
    sheet.rule(1, row, 7)
    first = row + 2
    sheet.text(first, 1, book.word("wb.param.soil_table"), bold=True)
    sheet.header(first + 1, ["wb.green.min_depth", "wb.green.coefficient"])
    table = soil_table(run.parameters)
    for i, (minimum, coefficient) in enumerate(table, start=first + 2):
        sheet.put(i, 1, float(minimum), "0.00")
        sheet.put(i, 2, float(coefficient), COEFF)
    last = first + 1 + len(table)
    sheet.rule(first + 1, last, 2)
    book.names.define("SoilTable", sheet.title, f"$A${first + 2}:$B${last}")
    sheet.ws.freeze_panes = "A2"
    sheet.ws.print_title_rows = "1:1"
    sheet.finish(landscape=True, fixed_widths={1: 24, 2: 9, 3: 5, 4: 9, 5: 10, 6: 36, 7: 15})
