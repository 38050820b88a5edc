"""The compliance workbook (经济技术指标表, 面积计算书) an approval office audits cell by cell.

Sheets (Chinese names by default, English with ``lang="en"``)::

    封面            project, model, pack, where each input came from, result
    经济技术指标    the indicator table: every derived figure is a live formula
    分层面积        one row per storey; exempt columns are SUMIFS over the ledger
    不计容明细      one row per exempted item: area × coefficient × multiplier × share
    绿地            greening items, soil-depth coefficient by VLOOKUP into the pack's table
    配套用房        service rooms, households × rate per 100 → required (CEILING)
    检查结果        every finding
    面积简图        the per-storey area diagrams

Measured quantities (areas from geometry, storey heights) are values; everything the rules
derive from them is a formula, so an officer who corrects one cell sees the totals move.
Text that comes from the model is always written as text: a space named ``=HYPERLINK(...)``
stays a name. The file is written to memory and renamed into place (``write_atomic``).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cimcheck.atomic import write_atomic
from cimcheck.errors import ExportError
from cimcheck.results.finding import CheckRun
from cimcheck.text import MESSAGES, Text, tr
from cimcheck.vocab import EXEMPT_CATEGORIES

if TYPE_CHECKING:
    from cimcheck.facts.plausibility import StoreyChecks

log = logging.getLogger(__name__)

__all__ = ["SHEETS", "write_workbook"]

#: The sheets in their order, with their names ``(english, chinese)`` from the catalogue
#: (``wb.sheet.*``).
SHEETS: dict[str, tuple[str, str]] = {
    key: MESSAGES[f"wb.sheet.{key}"]
    for key in ("cover", "indicators", "storeys", "ledger", "green", "service", "findings",
                "diagrams")
}
#: The exempt categories, one column each on the storey sheet.
EXEMPT = EXEMPT_CATEGORIES
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Characters XML 1.0 cannot hold (openpyxl refuses them with IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
AREA = "#,##0.00"
MAX_WIDTH = 45
RATIO = "0.000"
#: Where an input came from → its words (``wb.source.*``); other sources show as they are.
_SOURCES = {"project file": "wb.source.project_file", "command line": "wb.source.command_line",
            "missing": "wb.source.missing", "geometry": "wb.source.geometry"}


class _StoreyRefs(NamedTuple):
    """References to the storey sheet's totals, and formulas over it (without ``=``)."""

    building: str
    far: str
    above: str
    below: str
    exempt: dict[str, str]


class _GreenRefs(NamedTuple):
    """Cell references of the green sheet's totals."""

    ground: str
    credit: str


class _ServiceRefs(NamedTuple):
    """Cell references of the service sheet's figures."""

    provided: str
    households: str
    required: str
    result: str


class _Refs(NamedTuple):
    """What the indicator sheet refers to on the other sheets."""

    storeys: _StoreyRefs
    green: _GreenRefs
    service: _ServiceRefs


class _Row(NamedTuple):
    """One indicator row: a defined name, its label, its value (a number or a formula)."""

    name: str
    label: str
    value: Any
    unit: str
    fmt: str
    limit: Any = None
    op: str | None = None
    digits: int = 2
    source: str = ""


def _project_name(run: CheckRun) -> str:
    return str(run.project.get("name") or run.model.get("file", ""))


def _input_label(lang: str, key: str) -> str:
    """Return the cover's label of an input: a limit, else the indicator's name."""
    for candidate in (f"wb.limit.{key}", f"ind.{key}"):
        if candidate in MESSAGES:
            return tr(candidate, lang)
    return key


def _source_label(lang: str, source: str) -> str:
    """Return where an input came from in words: "project file", "model (…)", a Pset."""
    if source.startswith("model ("):
        return tr("wb.source.model", lang, detail=source[len("model"):])
    return tr(_SOURCES[source], lang) if source in _SOURCES else source


def _label(lang: str, key: str) -> str:
    """Render a heading: a catalogue key in ``lang``, another word ("GlobalId") as it is."""
    return tr(key, lang) if key in MESSAGES else key


def _labels(lang: str, keys: Iterable[str]) -> list[str]:
    """Render a row of headings (see :func:`_label`)."""
    return [_label(lang, key) for key in keys]


def _category(lang: str, code: str) -> str:
    key = f"cat.{code}"
    return tr(key, lang) if key in MESSAGES else code


class _Writer:
    """Small helpers over one openpyxl worksheet (styles, safe text, widths)."""

    def __init__(self, ws: Any, styles: dict[str, Any]) -> None:
        self.ws = ws
        self.styles = styles
        self.widths: dict[int, int] = {}

    def put(self, row: int, col: int, value: Any, fmt: str | None = None, *, bold: bool = False,
            text: bool = False) -> Any:
        """Write a value (text is never read as a formula); return the cell."""
        if isinstance(value, str):
            # Control characters from model names (\x01, \x0b) are not allowed in XML.
            value = _ILLEGAL.sub("\ufffd", value)
        cell = self.ws.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str) and value.startswith(_DANGEROUS):
            # Text (from the model or not) never becomes a formula: formulas go through
            # formula(). The quote prefix keeps Excel and LibreOffice from re-reading it.
            cell.data_type = "s"
            cell.quotePrefix = True
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = self.styles["bold"]
        shown = value if not (isinstance(value, str) and value.startswith("=")) else "0000000000"
        length = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(shown if shown is not None
                                                               else ""))
        if length > MAX_WIDTH:
            # Long text (evidence, messages) wraps inside a bounded column instead of
            # stretching the sheet until fit-to-width makes it unreadable.
            cell.alignment = self.styles["wrap"]
        self.widths[col] = max(self.widths.get(col, 6), min(length + 2, MAX_WIDTH))
        return cell

    def formula(self, row: int, col: int, formula: str, fmt: str | None = None, *,
                bold: bool = False) -> Any:
        """Write a formula; return the cell."""
        cell = self.ws.cell(row=row, column=col)
        cell.value = formula
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = self.styles["bold"]
        self.widths[col] = max(self.widths.get(col, 6), 12)
        return cell

    def text(self, row: int, col: int, value: Any, *, bold: bool = False) -> Any:
        """Write a value as text (None as empty); return the cell."""
        return self.put(row, col, "" if value is None else str(value), text=True, bold=bold)

    def header(self, row: int, labels: list[str]) -> None:
        """Write a row of column headings and freeze the sheet below it."""
        for col, label in enumerate(labels, start=1):
            cell = self.text(row, col, label, bold=True)
            cell.fill = self.styles["header"]
            cell.alignment = self.styles["wrap"]
        self.ws.freeze_panes = self.ws.cell(row=row + 1, column=1)

    def finish(self, title: str, project: str, landscape: bool = True) -> None:
        """Set the column widths and the page: A4, fit to width, header and page numbers."""
        from openpyxl.utils import get_column_letter

        for col, width in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.oddHeader.center.text = f"{project} — {title}"
        self.ws.oddFooter.center.text = "&P / &N"
        self.ws.print_title_rows = "1:1"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "header": PatternFill("solid", fgColor="DDEBF7"),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "pass": PatternFill("solid", fgColor="C6EFCE"),
        "fail": PatternFill("solid", fgColor="FFC7CE"),
        "warn": PatternFill("solid", fgColor="FFEB9C"),
    }


def _status_colours(w: _Writer, cell_range: str, lang: str) -> None:
    """Colour PASS, FAIL and WARN (in ``lang`` and in English) in ``cell_range``."""
    from openpyxl.formatting.rule import CellIsRule

    for word, fill in ((tr("status.PASS", lang), "pass"), (tr("status.FAIL", lang), "fail"),
                       (tr("status.WARN", lang), "warn"), ("PASS", "pass"), ("FAIL", "fail"),
                       ("WARN", "warn"), ("ERROR", "fail")):
        w.ws.conditional_formatting.add(cell_range, CellIsRule(
            operator="equal", formula=[f'"{word}"'], fill=w.styles[fill]))


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
        "zh" (default) or "en": sheet names, labels and PASS/FAIL words.
    diagrams : dict, optional
        Storey name → diagram files (``write_diagrams``); their PNGs are embedded.

    Raises
    ------
    ExportError
        openpyxl is missing, or the target cannot be written (open elsewhere, read-only).
    """
    try:
        from openpyxl import Workbook
        from openpyxl.workbook.defined_name import DefinedName
    except ImportError as err:  # pragma: no cover - openpyxl is a core dependency
        raise ExportError("export.missing_library", library="openpyxl") from err
    if run.table is None:
        raise ExportError("export.no_table", path=str(path))
    styles = _styles()
    book = Workbook()
    sheets: dict[str, Any] = {}
    for i, key in enumerate(SHEETS):
        sheets[key] = book.active if i == 0 else book.create_sheet()
        sheets[key].title = tr(f"wb.sheet.{key}", lang)
    # Quoted sheet names, for formulas.
    q = {key: f"'{sheet.title}'" for key, sheet in sheets.items()}

    def writer(key: str) -> _Writer:
        return _Writer(sheets[key], styles)

    ledger_rows = _ledger_sheet(writer("ledger"), run, lang)
    refs = _Refs(_storeys_sheet(writer("storeys"), run, lang, q, ledger_rows),
                 _green_sheet(writer("green"), run, lang, q),
                 _service_sheet(writer("service"), run, lang, q))
    names = _indicators_sheet(writer("indicators"), run, lang, q, refs)
    for name, target in names.items():
        book.defined_names[name] = DefinedName(name, attr_text=target)
    _findings_sheet(writer("findings"), run, lang)
    _cover_sheet(writer("cover"), run, lang)
    _diagrams_sheet(sheets["diagrams"], diagrams or {}, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())


def _ledger_sheet(w: _Writer, run: CheckRun, lang: str) -> int:
    """Write one row per exempted item; return the last row."""
    w.header(1, _labels(lang, (
        "wb.col.item", "wb.ledger.storey_key", "wb.ledger.category_code", "wb.ledger.category",
        "GlobalId", "wb.col.storey", "wb.col.area", "wb.ledger.coefficient",
        "wb.col.building_area", "wb.ledger.multiplier", "wb.ledger.share", "ind.exempt_area_m2",
        "wb.col.rule", "wb.col.clause", "wb.ledger.evidence", "wb.ledger.how")))
    items = {i.id: i for i in run.table.items}
    row = 1
    for entry in run.ledger:
        if entry.exempt_m2 <= 0:
            continue
        item = items[entry.item_id]
        row += 1
        base = item.building_area_m2 * entry.far_multiplier
        share = entry.exempt_m2 / base if base > 0 else 0.0
        w.text(row, 1, item.id)
        w.text(row, 2, item.id.split("-")[0])
        w.text(row, 3, item.category)
        w.text(row, 4, _category(lang, item.category))
        w.text(row, 5, ", ".join(item.global_ids))
        w.text(row, 6, item.storey)
        w.put(row, 7, round(item.area_m2, 4), AREA)
        w.put(row, 8, item.area_coefficient, "0.0#")
        w.formula(row, 9, f"=G{row}*H{row}", AREA)
        w.put(row, 10, entry.far_multiplier, "0.0#")
        w.put(row, 11, round(share, 6), "0.0%")
        w.formula(row, 12, f"=I{row}*J{row}*K{row}", AREA)
        w.text(row, 13, entry.rule_id)
        w.text(row, 14, entry.clause)
        w.text(row, 15, "；".join(e.text(lang) for e in item.evidence))
        w.text(row, 16, tr("wb.ledger.inferred" if item.inferred else "wb.ledger.declared",
                           lang))
    w.put(row + 1, 11, tr("wb.total", lang), bold=True, text=True)
    w.formula(row + 1, 12, f"=SUM(L2:L{max(row, 2)})", AREA, bold=True)
    w.finish(tr("wb.title.ledger", lang), _project_name(run))
    return row


def _exempt_label(lang: str, code: str) -> str:
    """Return "不计容：阳台" (the exempt area of one category)."""
    key = f"cat.{code}"
    return tr("wb.exempt", lang, category=Text(key) if key in MESSAGES else code)


def _storeys_sheet(w: _Writer, run: CheckRun, lang: str, q: dict[str, str],
                   ledger_last: int) -> _StoreyRefs:
    """Write one row per storey (exempt columns sum the ledger); return the totals."""
    labels = _labels(lang, (
        "wb.storeys.key", "wb.col.storey", "wb.storeys.elevation", "wb.storeys.height",
        "wb.storeys.above", "wb.col.building_area", "wb.storeys.far_base"))
    labels += [_exempt_label(lang, c) for c in EXEMPT]
    labels += _labels(lang, (
        "wb.storeys.far_area", "wb.storeys.notes", "wb.storeys.gross", "wb.storeys.rooms",
        "wb.storeys.ratio", "wb.storeys.authored", "wb.storeys.check"))
    w.header(1, labels)
    ledger = q["ledger"]
    last_ledger = max(ledger_last, 2)
    far_by_storey: dict[str, float] = {}
    for entry in run.ledger:
        key = entry.item_id.split("-")[0]
        far_by_storey[key] = far_by_storey.get(key, 0.0) + entry.building_area_m2 * \
            entry.far_multiplier
    row = 1
    for number, storey in enumerate(run.table.storeys, start=1):
        row += 1
        key = f"S{number:02d}"
        w.text(row, 1, key)
        w.text(row, 2, storey.storey.name)
        w.put(row, 3, round(storey.storey.elevation_m, 3), "0.000")
        w.put(row, 4, None if storey.storey.height_m is None else round(storey.storey.height_m, 3),
              "0.000")
        w.put(row, 5, 1 if storey.above_ground else 0)
        w.put(row, 6, round(storey.building_area_m2, 4), AREA)
        w.put(row, 7, round(far_by_storey.get(key, 0.0), 4), AREA)
        for offset, code in enumerate(EXEMPT):
            col = 8 + offset
            w.formula(row, col, f"=SUMIFS({ledger}!$L$2:$L${last_ledger},"
                                f"{ledger}!$B$2:$B${last_ledger},$A{row},"
                                f"{ledger}!$C$2:$C${last_ledger},\"{code}\")", AREA)
        w.formula(row, 14, f"=G{row}-SUM(H{row}:M{row})", AREA)
        coefficients = sorted({i.area_coefficient for i in storey.items
                               if i.category != "green"}, reverse=True)
        w.text(row, 15, f"{_category(lang, storey.kind)} ×"
                        + "/".join(f"{c:g}" for c in coefficients))
        _storey_checks(w, row, storey.checks, lang)
    total = row + 1
    w.put(total, 2, tr("wb.total", lang), bold=True, text=True)
    for col in range(6, 15):
        letter = "ABCDEFGHIJKLMNOP"[col - 1]
        w.formula(total, col, f"=SUM({letter}2:{letter}{max(row, 2)})", AREA, bold=True)
    w.finish(tr("wb.title.storeys", lang), _project_name(run))
    s, last = q["storeys"], max(row, 2)
    return _StoreyRefs(
        building=f"{s}!$F${total}", far=f"{s}!$N${total}",
        above=f"SUMIF({s}!$E$2:$E${last},1,{s}!$F$2:$F${last})",
        below=f"SUMIF({s}!$E$2:$E${last},0,{s}!$F$2:$F${last})",
        exempt={code: f"{s}!${'HIJKLM'[i]}${total}" for i, code in enumerate(EXEMPT)})


def _storey_checks(w: _Writer, row: int, checks: StoreyChecks | None, lang: str) -> None:
    """Write the plausibility line of one storey (columns P-T): values and a ratio."""
    if checks is None:
        return
    w.put(row, 16, round(checks.gross_m2, 4), AREA)
    w.put(row, 17, None if checks.rooms_m2 is None else round(checks.rooms_m2, 4), AREA)
    if checks.rooms_m2:
        w.formula(row, 18, f"=P{row}/Q{row}", "0.00")
    w.put(row, 19, None if checks.authored_gross_m2 is None
          else round(checks.authored_gross_m2, 4), AREA)
    verdict = tr("wb.storeys.ok", lang) if checks.plausible else tr(
        "wb.storeys.warning", lang, causes=checks.causes)
    w.text(row, 20, verdict)


def _soil_table(params: dict[str, Any]) -> list[list[float]]:
    """Return the pack's soil-depth table, sorted, starting at depth 0."""
    table = sorted(params.get("green.soil_table", {}).get("value", []) or [[0.0, 0.0]])
    if table[0][0] > 0:
        table = [[0.0, 0.0], *table]
    return table


def _green_sheet(w: _Writer, run: CheckRun, lang: str, q: dict[str, str]) -> _GreenRefs:
    """Write the greening items and the coefficient table; return the totals."""
    params = run.parameters
    table = _soil_table(params)
    kinds = {str(k).upper() for k in params.get("green.kinds", {}).get("value", [])}
    vertical = params.get("green.vertical_coefficient", {}).get("value", 0.0)
    w.header(1, _labels(lang, (
        "wb.col.item", "wb.col.storey", "wb.green.kind", "GlobalId", "wb.col.area",
        "wb.green.depth", "wb.green.coefficient", "wb.green.credited")))
    green = [i for i in run.table.items if i.category == "green"]
    first_table_row = len(green) + 5
    table_range = f"$J${first_table_row + 1}:$K${first_table_row + len(table)}"
    row = 1
    for item in green:
        row += 1
        kind = str(item.attributes.get("GreeningKind", "GROUND")).upper()
        depth = item.attributes.get("SoilDepth")
        w.text(row, 1, item.id)
        w.text(row, 2, item.storey or tr("wb.green.site", lang))
        w.text(row, 3, kind)
        w.text(row, 4, ", ".join(item.global_ids))
        w.put(row, 5, round(item.area_m2, 4), AREA)
        w.put(row, 6, None if depth is None else round(float(depth), 3), "0.00")
        if kind == "GROUND":
            w.put(row, 7, 1.0, "0.00")
        elif kind == "VERTICAL" and kind in kinds:
            w.formula(row, 7, f"=$K${first_table_row + len(table) + 1}", "0.00")
        elif kind in kinds:
            w.formula(row, 7, f'=IF(F{row}="",0,VLOOKUP(F{row},{table_range},2,TRUE))', "0.00")
        else:
            w.put(row, 7, 0.0, "0.00")
        w.formula(row, 8, f"=E{row}*G{row}", AREA)
    last = max(row, 2)
    total = row + 1
    w.put(total, 7, tr("wb.green.ground", lang), bold=True, text=True)
    w.formula(total, 8, f'=SUMIF(C2:C{last},"GROUND",H2:H{last})', AREA, bold=True)
    w.put(total + 1, 7, tr("wb.green.credit", lang), bold=True, text=True)
    w.formula(total + 1, 8, f"=SUM(H2:H{last})-H{total}", AREA, bold=True)
    w.put(first_table_row, 10, tr("wb.green.min_depth", lang), bold=True, text=True)
    w.put(first_table_row, 11, tr("wb.green.coefficient", lang), bold=True, text=True)
    for i, (minimum, coefficient) in enumerate(table, start=1):
        w.put(first_table_row + i, 10, float(minimum), "0.00")
        w.put(first_table_row + i, 11, float(coefficient), "0%")
    w.put(first_table_row + len(table) + 1, 10, tr("wb.green.vertical", lang), text=True)
    w.put(first_table_row + len(table) + 1, 11, float(vertical), "0%")
    w.finish(tr("wb.sheet.green", lang), _project_name(run))
    sheet = q["green"]
    return _GreenRefs(ground=f"{sheet}!$H${total}", credit=f"{sheet}!$H${total + 1}")


def _service_sheet(w: _Writer, run: CheckRun, lang: str, q: dict[str, str]) -> _ServiceRefs:
    """Write the service rooms and provided against required; return the figures."""
    w.header(1, _labels(lang, ("wb.col.item", "wb.col.storey", "GlobalId",
                              "wb.col.building_area")))
    rooms = [i for i in run.table.items if i.category == "community_service"]
    row = 1
    for item in rooms:
        row += 1
        w.text(row, 1, item.id)
        w.text(row, 2, item.storey)
        w.text(row, 3, ", ".join(item.global_ids))
        w.put(row, 4, round(item.building_area_m2, 4), AREA)
    last = max(row, 2)
    base = row + 2
    rate = run.parameters.get("cs.rate_per_100hh", {}).get("value")
    households = run.indicators.get("households")
    w.put(base, 3, tr("wb.service.provided", lang), bold=True, text=True)
    w.formula(base, 4, f"=SUM(D2:D{last})", AREA, bold=True)
    w.put(base + 1, 3, tr("ind.households", lang), text=True)
    w.put(base + 1, 4, households)
    w.put(base + 2, 3, tr("wb.service.rate", lang), text=True)
    w.put(base + 2, 4, rate)
    w.put(base + 3, 3, tr("wb.service.required", lang), bold=True, text=True)
    if rate is not None:
        w.formula(base + 3, 4, f'=IF(D{base + 1}="","",CEILING(D{base + 1}/100*D{base + 2},1))',
                  AREA, bold=True)
    w.put(base + 4, 3, tr("wb.col.result", lang), bold=True, text=True)
    if rate is not None:
        na, ok, ko = (tr(f"status.{s}", lang) for s in ("NOT_APPLICABLE", "PASS", "FAIL"))
        w.formula(base + 4, 4, f'=IF(D{base + 3}="","{na}",'
                               f'IF(ROUND(D{base},2)>=D{base + 3},"{ok}","{ko}"))')
    _status_colours(w, f"D{base + 4}", lang)
    w.finish(tr("wb.sheet.service", lang), _project_name(run))
    sheet = q["service"]
    return _ServiceRefs(provided=f"{sheet}!$D${base}", households=f"{sheet}!$D${base + 1}",
                        required=f"{sheet}!$D${base + 3}", result=f"{sheet}!$D${base + 4}")


def _indicator_rows(run: CheckRun, lang: str, refs: _Refs) -> list[_Row]:
    """List the indicator rows: measured values, and formulas over the other sheets."""
    ind, project, sources = run.indicators, run.project, run.indicator_sources
    storeys, green, service = refs

    def label(key: str) -> str:
        return tr(key, lang)

    rows = [
        _Row("SiteArea", label("wb.indicator.site_area"), ind.get("site_area_m2"), "m²", AREA,
             source=sources.get("site_area_m2", "")),
        _Row("TotalBuildingArea", label("wb.indicator.building_area"), f"={storeys.building}",
             "m²", AREA, source="GB/T 50353-2013"),
        _Row("AboveGround", label("wb.indicator.above"), f"={storeys.above}", "m²", AREA),
        _Row("BelowGround", label("wb.indicator.below"), f"={storeys.below}", "m²", AREA),
        _Row("FarArea", label("wb.indicator.far_area"), f"={storeys.far}", "m²", AREA,
             source=run.pack["id"]),
    ]
    rows += [_Row(f"Exempt_{code}", _exempt_label(lang, code), f"={storeys.exempt[code]}",
                  "m²", AREA) for code in EXEMPT]
    rows += [
        _Row("PlotRatio", label("ind.plot_ratio"), '=IF(SiteArea>0,FarArea/SiteArea,"")', "",
             "0.00", limit=project.get("max_plot_ratio"), op="<=", digits=2,
             source=sources.get("max_plot_ratio", "")),
        _Row("Footprint", label("wb.indicator.footprint"), ind.get("footprint_m2"), "m²", AREA),
        _Row("BuildingDensity", label("ind.building_density"),
             '=IF(SiteArea>0,Footprint/SiteArea,"")', "", "0.0%",
             limit=project.get("max_building_density"), op="<=", digits=3,
             source=sources.get("max_building_density", "")),
        _Row("GreenGround", label("wb.indicator.green_ground"), f"={green.ground}", "m²", AREA),
        _Row("GreenCredit", label("wb.indicator.green_credit"), f"={green.credit}", "m²", AREA),
        _Row("GreenArea", label("wb.indicator.green_area"), "=GreenGround+GreenCredit", "m²",
             AREA),
        _Row("GreenRatio", label("ind.green_ratio"), '=IF(SiteArea>0,GreenArea/SiteArea,"")',
             "", "0.0%", limit=project.get("min_green_ratio"), op=">=", digits=3,
             source=sources.get("min_green_ratio", "")),
        _Row("Households", label("ind.households"), f"={service.households}", "", "0",
             source=sources.get("households", "")),
        _Row("ServiceProvided", label("wb.indicator.service"), f"={service.provided}", "m²",
             AREA),
        _Row("ServiceRequired", label("wb.indicator.service_required"), f"={service.required}",
             "m²", AREA),
        _Row("BuildingHeight", label("wb.indicator.height"), ind.get("building_height_m"), "m",
             "0.00", limit=project.get("max_height_m"), op="<=", digits=2,
             source=sources.get("max_height_m", "")),
    ]
    return rows


def _indicators_sheet(w: _Writer, run: CheckRun, lang: str, q: dict[str, str],
                      refs: _Refs) -> dict[str, str]:
    """Write the indicator table; return the workbook's defined names → their cells."""
    w.header(1, _labels(lang, (
        "wb.indicator.name", "wb.indicator.value", "wb.col.unit", "wb.indicator.limit",
        "wb.col.result", "wb.indicator.source")))
    na, ok, ko = (tr(f"status.{s}", lang) for s in ("NOT_APPLICABLE", "PASS", "FAIL"))
    rows = _indicator_rows(run, lang, refs)
    names: dict[str, str] = {}
    for number, r in enumerate(rows, start=2):
        w.text(number, 1, r.label)
        if isinstance(r.value, str) and r.value.startswith("="):
            w.formula(number, 2, r.value, r.fmt)
        else:
            w.put(number, 2, r.value, r.fmt)
        w.text(number, 3, r.unit)
        w.put(number, 4, r.limit, r.fmt)
        if r.op is not None:
            w.formula(number, 5, f'=IF(OR(D{number}="",B{number}=""),"{na}",'
                                 f'IF(ROUND(B{number},{r.digits}){r.op}'
                                 f'ROUND(D{number},{r.digits}),"{ok}","{ko}"))')
        w.text(number, 6, _source_label(lang, r.source))
        names[r.name] = f"{q['indicators']}!$B${number}"
    service_row = next(i for i, r in enumerate(rows, start=2) if r.name == "ServiceRequired")
    w.formula(service_row, 5, f"={refs.service.result}")
    _status_colours(w, f"E2:E{len(rows) + 1}", lang)
    w.finish(tr("wb.sheet.indicators", lang), _project_name(run))
    return names


def _findings_sheet(w: _Writer, run: CheckRun, lang: str) -> None:
    """Write every finding, filtered by column, statuses coloured."""
    w.header(1, _labels(lang, (
        "wb.col.rule", "wb.findings.status", "wb.findings.measured", "wb.findings.required",
        "wb.col.unit", "wb.findings.message", "wb.col.clause", "GlobalId")))
    for row, finding in enumerate(run.findings, start=2):
        w.text(row, 1, finding.rule_id)
        w.text(row, 2, tr(f"status.{finding.status}", lang))
        w.put(row, 3, finding.measured, "0.00##")
        w.put(row, 4, finding.required, "0.00##")
        w.text(row, 5, finding.unit)
        w.text(row, 6, finding.message(lang))
        w.text(row, 7, finding.clause)
        w.text(row, 8, ", ".join(finding.global_ids))
    w.ws.auto_filter.ref = f"A1:H{max(len(run.findings) + 1, 2)}"
    _status_colours(w, f"B2:B{len(run.findings) + 1}", lang)
    w.finish(tr("wb.sheet.findings", lang), _project_name(run))


def _cover_sheet(w: _Writer, run: CheckRun, lang: str) -> None:
    """Write the cover: the run, its result, and each input with where it came from."""
    w.put(1, 1, tr("wb.cover.title", lang), text=True)
    w.ws["A1"].font = w.styles["title"]
    worst = str(run.worst)
    rows = [
        ("wb.cover.project", run.project.get("name") or ""),
        ("wb.cover.model", run.model.get("file", "")),
        ("SHA-256", run.model.get("sha256", "")),
        ("wb.cover.schema", run.model.get("schema", "")),
        ("wb.cover.application", run.model.get("application", "")),
        ("wb.cover.pack", f"{run.pack['id']} {run.pack['version']}"),
        ("wb.cover.project_file", run.project.get("file") or "—"),
        ("wb.cover.date", dt.date.today().isoformat()),
        ("wb.cover.version", run.cimcheck_version),
        ("wb.cover.result", tr(f"status.{worst}", lang) if f"status.{worst}" in MESSAGES
         else worst),
    ]
    for row, (label, value) in enumerate(rows, start=3):
        w.text(row, 1, _label(lang, label), bold=True)
        w.text(row, 2, value)
    row = len(rows) + 4
    w.text(row, 1, tr("wb.cover.inputs", lang), bold=True)
    for key, source in run.indicator_sources.items():
        row += 1
        w.text(row, 1, _input_label(lang, key))
        value = run.project.get(key, run.indicators.get(key))
        w.put(row, 2, value if isinstance(value, (int, float)) else str(value or "—"))
        w.text(row, 3, _source_label(lang, source))
    w.finish(tr("wb.sheet.cover", lang), _project_name(run), landscape=False)


def _diagrams_sheet(ws: Any, diagrams: dict[str, list[Path]], lang: str) -> None:
    """Embed each storey's PNG diagram under its name (60 %, one every 27 rows)."""
    from openpyxl.drawing.image import Image

    ws["A1"] = tr("wb.diagrams.title", lang)
    row = 2
    for name, files in diagrams.items():
        png = next((f for f in files if str(f).endswith(".png")), None)
        if png is None:
            continue
        cell = ws.cell(row=row, column=1)
        cell.value = _ILLEGAL.sub("\ufffd", name)
        cell.data_type = "s"
        cell.quotePrefix = True
        image = Image(str(png))
        image.width, image.height = image.width * 0.6, image.height * 0.6
        ws.add_image(image, f"A{row + 1}")
        row += 27
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
