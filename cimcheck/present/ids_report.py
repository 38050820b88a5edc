"""IDS results as a workbook (an XLSX reporter, which ifctester lacks), in zh or en.

Sheet 1 (数据预检): one row per specification — the IDS file, the specification, whether it
is required, how many elements it applies to and fail, its status. Sheet 2 (预检不符合项):
one row per failing element — specification, GlobalId, IFC class, reason.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from cimcheck.atomic import write_atomic
from cimcheck.engine.preflight import SpecResult
from cimcheck.present.excel.cells import Sheet, Styles, TitleBlock
from cimcheck.present.excel.preflight import write_failing, write_summary
from cimcheck.text import tr
from cimcheck.version import __version__

__all__ = ["write_ids_workbook"]


def write_ids_workbook(results: list[SpecResult], path: str | Path, model: str,
                       lang: str = "zh", sha256: str = "") -> Path:
    """Write the IDS results of ``model`` to ``path`` (atomically)."""
    from openpyxl import Workbook

    book = Workbook()
    styles = Styles()
    block = TitleBlock(project=model, client="", plot_id="", model=model, sha256=sha256,
                       pack="IDS", date=dt.date.today().isoformat(), version=__version__)
    rows = [r.as_dict() for r in results]
    summary = Sheet(book.active, styles, lang, block)
    summary.ws.title = tr("wb.sheet.preflight", lang)
    write_summary(summary, rows)
    failing = Sheet(book.create_sheet(), styles, lang, block)
    failing.ws.title = tr("wb.sheet.preflight_failing", lang)
    write_failing(failing, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())
