"""封面: the submission, the overall verdict (live), the inputs and their sources, signatures."""

from __future__ import annotations

from typing import Any

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA
from cimcheck.present.formats import describe_source
from cimcheck.text import MESSAGES
from cimcheck.vocab import SEVERITY_ORDER, Status

__all__ = ["write"]

#: Number formats of the inputs on the cover.
_FORMATS = {"site_area_m2": AREA, "max_plot_ratio": "0.00", "max_building_density": "0.0%",
            "min_green_ratio": "0.0%", "max_height_m": "0.00", "households": "0",
            "building_height_m": "0.00"}
#: Inputs shown on the cover → the indicator-table cell that holds them.
_INPUT_CELLS = {"site_area_m2": "SiteArea", "max_plot_ratio": "PlotRatioCap",
                "max_building_density": "DensityCap", "min_green_ratio": "GreenMin",
                "max_height_m": "HeightCap", "households": "Households",
                "building_height_m": "BuildingHeight"}


def _input_label(book: Book, key: str) -> str:
    for candidate in (f"wb.limit.{key}", f"ind.{key}"):
        if candidate in MESSAGES:
            return book.word(candidate)
    return key


def _worst_formula(book: Book, statuses: str) -> str:
    """Return the most serious status word present in ``statuses`` (PASS when none)."""
    words = [book.status(s) for s in SEVERITY_ORDER if s not in (Status.PASS,
                                                                Status.NOT_APPLICABLE)]
    formula = f'"{book.status(Status.PASS)}"'
    for word in reversed(words):
        formula = f'IF(COUNTIF({statuses},"{word}")>0,"{word}",{formula})'
    return "=" + formula


def write(book: Book, statuses: str) -> None:
    """Write the cover; ``statuses`` is the range of the findings' status cells."""
    sheet, run = book.sheets["cover"], book.run
    sheet.title_line(book.word("wb.cover.title"), 3)
    rows: list[tuple[str, Any]] = [
        ("wb.cover.project", run.project.get("name") or run.model.get("project")
         or run.model.get("file", "")),
        ("wb.cover.client", run.project.get("client") or book.missing),
        ("wb.cover.plot_id", run.project.get("plot_id") or book.missing),
        ("wb.cover.model", run.model.get("file", "")),
        ("SHA-256", run.model.get("sha256", "")),
        ("wb.cover.schema", run.model.get("schema", "")),
        ("wb.cover.application", run.model.get("application", "")),
        ("wb.cover.pack", f"{run.pack['id']} {run.pack['version']}"),
        ("wb.cover.project_file", run.project.get("file") or "—"),
        ("wb.cover.date", book.block.date),
        ("wb.cover.version", run.cimcheck_version),
    ]
    row = 2
    for label, value in rows:
        row += 1
        sheet.text(row, 1, book.word(label) if label in MESSAGES else label, bold=True)
        sheet.text(row, 2, value)
    row += 1
    sheet.text(row, 1, book.word("wb.cover.result"), bold=True)
    sheet.formula(row, 2, _worst_formula(book, statuses), bold=True)
    book.names.define("Result", sheet.title, f"$B${row}")
    sheet.status_colours(f"B{row}")
    sheet.rule(3, row, 2)
    row += 2
    sheet.text(row, 1, book.word("wb.cover.inputs"), bold=True)
    row += 1
    sheet.header(row, ["wb.ind.item", "wb.indicator.value", "wb.param.source"])
    sheet.ws.freeze_panes = None
    sheet.ws.print_title_rows = None
    first = row
    for key, source in run.indicator_sources.items():
        row += 1
        sheet.text(row, 1, _input_label(book, key))
        if key in _INPUT_CELLS:
            name = _INPUT_CELLS[key]
            sheet.formula(row, 2, f'=IF(ISNUMBER({name}),{name},"{book.missing}")',
                          _FORMATS.get(key, "0.00"), width=14)
        else:
            value = run.project.get(key, run.indicators.get(key))
            sheet.put(row, 2, value if isinstance(value, (int, float)) else str(value or "—"))
        sheet.text(row, 3, describe_source(source, book.lang))
    sheet.rule(first, row, 3)
    sheet.note(row + 2, book.word("wb.cover.note"), 3, 78)
    sheet.signatures(row + 4, label=1, sign=(2, 2), date=(3, 3))
    # The SHA-256 (64 characters) wraps inside its column instead of running over others.
    sheet.finish(landscape=False, fixed_widths={1: 18, 2: 34, 3: 26})
