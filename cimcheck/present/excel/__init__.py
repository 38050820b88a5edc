"""The compliance workbook (经济技术指标表, 面积计算书) an approval office audits and files.

One module per sheet, over the cell helper ``cells.Sheet`` and the table of defined names
``names.NAMES``; in the workbook's order::

    封面            cover.py        submission, live overall verdict, inputs, signatures
    经济技术指标    indicators.py   numbered indicator table; the 计容 chain reconciles
    分层面积        storeys.py      per storey, summed from the items; heights editable
    面积计算书      items.py        one row per area item: area × coefficient → 计容
    坐标表          coordinates.py  the vertices of non-rectangular items, shoelace areas
    不计容明细      ledger.py       the exempted items, quoted from 面积计算书
    绿地            green.py        greening; 3D greening converted by soil depth
    配套用房        service.py      community service space, provided against required
    计算参数        parameters.py   every parameter with its source; the named thresholds
    检查结果        findings.py     every finding; indicator verdicts live
    数据预检        preflight.py    the IDS pre-flight per specification (when the pack runs it)
    预检不符合项    preflight.py    its failing elements
    面积简图        diagrams.py     one storey diagram per page

Measured quantities (areas, heights) and inputs are values; everything the rules derive
from them is a formula over the defined names, so an officer who corrects a cell sees the
totals, ratios and verdicts move. Text from the model is always text. The file is written
to memory and renamed into place (``write_atomic``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from cimcheck.atomic import write_atomic
from cimcheck.errors import ExportError
from cimcheck.present.excel import (
    coordinates,
    cover,
    findings,
    green,
    indicators,
    items,
    ledger,
    parameters,
    preflight,
    service,
    storeys,
)
from cimcheck.present.excel import diagrams as diagram_sheet
from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import Styles, TitleBlock
from cimcheck.results.finding import CheckRun
from cimcheck.text import MESSAGES

__all__ = ["SHEETS", "write_workbook"]

#: The sheets in their order, with their names ``(english, chinese)`` (``wb.sheet.*``).
SHEETS: dict[str, tuple[str, str]] = {
    key: MESSAGES[f"wb.sheet.{key}"]
    for key in ("cover", "indicators", "storeys", "items", "coordinates", "ledger", "green",
                "service", "parameters", "findings", "diagrams")
}


def _title_block(run: CheckRun) -> TitleBlock:
    project = run.project
    return TitleBlock(
        project=str(project.get("name") or run.model.get("file", "")),
        client=str(project.get("client") or ""), plot_id=str(project.get("plot_id") or ""),
        model=str(run.model.get("file", "")), sha256=str(run.model.get("sha256", "")),
        pack=f"{run.pack['id']} {run.pack['version']}", date=dt.date.today().isoformat(),
        version=run.cimcheck_version)


def write_workbook(run: CheckRun, path: str | Path, lang: str = "zh",
                   diagrams: dict[str, list[Path]] | None = None) -> Path:
    """Write the compliance workbook of a CheckRun.

    Parameters
    ----------
    run : CheckRun
        With its area table (``run.table``).
    path : str or Path
        The .xlsx to write (replaced atomically).
    lang : str
        "zh" (default) or "en": sheet names, labels and verdict words.
    diagrams : dict, optional
        Storey name → diagram files (``write_diagrams``); their PNGs are embedded.

    Raises
    ------
    ExportError
        openpyxl is missing, or the target cannot be written (open elsewhere, read-only).
    """
    try:
        from openpyxl import Workbook
    except ImportError as err:  # pragma: no cover - openpyxl is a core dependency
        raise ExportError("export.missing_library", library="openpyxl") from err
    if run.table is None:
        raise ExportError("export.no_table", path=str(path))
    workbook = Workbook()
    book = Book(run, lang, Styles(), _title_block(run))
    for i, key in enumerate(SHEETS):
        book.add_sheet(key, workbook.active if i == 0 else workbook.create_sheet())
    items.write(book)
    coordinates.write(book)
    storeys.write(book)
    ledger.write(book)
    green.write(book)
    service.write(book)
    parameters.write(book)
    indicators.write(book)
    statuses = findings.write(book)
    cover.write(book, statuses)
    if run.preflight:
        position = workbook.index(book.sheets["diagrams"].ws)
        for offset, (key, writer) in enumerate((("preflight", preflight.write_summary),
                                                ("preflight_failing", preflight.write_failing))):
            writer(book.add_sheet(key, workbook.create_sheet(index=position + offset)),
                   list(run.preflight))
    diagram_sheet.write(book, diagrams or {})
    book.names.apply(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_atomic(path, buffer.getvalue())
