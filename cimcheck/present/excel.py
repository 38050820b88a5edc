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
from pathlib import Path
from typing import Any

from cimcheck.atomic import write_atomic
from cimcheck.errors import ExportError
from cimcheck.results.finding import CheckRun
from cimcheck.vocab import EXEMPT_CATEGORIES

log = logging.getLogger(__name__)

__all__ = ["SHEETS", "write_workbook"]

SHEETS = {
    "cover": ("Cover", "封面"),
    "indicators": ("Indicators", "经济技术指标"),
    "storeys": ("Storeys", "分层面积"),
    "ledger": ("Exemptions", "不计容明细"),
    "green": ("Green", "绿地"),
    "service": ("Service space", "配套用房"),
    "findings": ("Findings", "检查结果"),
    "diagrams": ("Diagrams", "面积简图"),
}
#: The exempt categories, one column each on the storey sheet.
EXEMPT = EXEMPT_CATEGORIES
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Characters XML 1.0 cannot hold (openpyxl refuses them with IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
AREA = "#,##0.00"
MAX_WIDTH = 45
RATIO = "0.000"


def _project_name(run: CheckRun) -> str:
    return run.project.get("name") or run.model.get("file", "")


_SOURCES = {"project file": "项目文件", "command line": "命令行", "missing": "未提供",
            "geometry": "几何计算"}
_LIMITS = {"max_plot_ratio": ("Plot ratio limit", "容积率上限"),
           "max_building_density": ("Building density limit", "建筑密度上限"),
           "min_green_ratio": ("Minimum green ratio", "绿地率下限"),
           "max_height_m": ("Height limit (m)", "建筑限高 (m)")}


def _input_label(lang: str, key: str) -> str:
    from cimcheck.text import MESSAGES

    if key in _LIMITS:
        return _t(lang, *_LIMITS[key])
    names = MESSAGES.get(f"ind.{key}", (key, key))
    return names[1] if lang.startswith("zh") else names[0]


def _source_label(lang: str, source: str) -> str:
    if not lang.startswith("zh"):
        return source
    if source.startswith("model ("):
        return "模型" + source[len("model"):]
    return _SOURCES.get(source, source)


def _t(lang: str, en: str, zh: str) -> str:
    return zh if lang.startswith("zh") else en


class _Writer:
    """Small helpers over one openpyxl worksheet (styles, safe text, widths)."""

    def __init__(self, ws, styles) -> None:
        self.ws = ws
        self.styles = styles
        self.widths: dict[int, int] = {}

    def put(self, row: int, col: int, value: Any, fmt: str | None = None, *, bold=False,
            text=False):
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

    def formula(self, row: int, col: int, formula: str, fmt: str | None = None, *, bold=False):
        cell = self.ws.cell(row=row, column=col)
        cell.value = formula
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = self.styles["bold"]
        self.widths[col] = max(self.widths.get(col, 6), 12)
        return cell

    def text(self, row: int, col: int, value: Any, **kwargs):
        return self.put(row, col, "" if value is None else str(value), text=True, **kwargs)

    def header(self, row: int, labels: list[str]) -> None:
        for col, label in enumerate(labels, start=1):
            cell = self.text(row, col, label, bold=True)
            cell.fill = self.styles["header"]
            cell.alignment = self.styles["wrap"]
        self.ws.freeze_panes = self.ws.cell(row=row + 1, column=1)

    def finish(self, title: str, project: str, landscape: bool = True) -> None:
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


def _styles():
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


def _status_colours(ws, cell_range: str, lang: str, styles) -> None:
    from openpyxl.formatting.rule import CellIsRule

    for word, fill in ((_t(lang, "PASS", "通过"), "pass"), (_t(lang, "FAIL", "不通过"), "fail"),
                       (_t(lang, "WARN", "提示"), "warn"), ("PASS", "pass"), ("FAIL", "fail"),
                       ("WARN", "warn"), ("ERROR", "fail")):
        ws.conditional_formatting.add(cell_range, CellIsRule(
            operator="equal", formula=[f'"{word}"'], fill=styles[fill]))


def _category(lang: str, code: str) -> str:
    from cimcheck.text import MESSAGES

    names = MESSAGES.get(f"cat.{code}", (code, code))
    return names[1] if lang.startswith("zh") else names[0]


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
    names = {key: _t(lang, en, zh) for key, (en, zh) in SHEETS.items()}
    sheets = {}
    for i, key in enumerate(SHEETS):
        sheets[key] = book.active if i == 0 else book.create_sheet()
        sheets[key].title = names[key]
    q = {k: f"'{v}'" for k, v in names.items()}  # quoted sheet names for formulas

    refs: dict[str, str] = {}
    ledger_rows = _ledger_sheet(_Writer(sheets["ledger"], styles), run, lang)
    storey_total = _storeys_sheet(_Writer(sheets["storeys"], styles), run, lang, q,
                                  ledger_rows)
    green_refs = _green_sheet(_Writer(sheets["green"], styles), run, lang)
    service_refs = _service_sheet(_Writer(sheets["service"], styles), run, lang, q)
    refs.update(storey_total)
    _indicators_sheet(_Writer(sheets["indicators"], styles), run, lang, q, refs, green_refs,
                      service_refs, styles, book, DefinedName)
    _findings_sheet(_Writer(sheets["findings"], styles), run, lang, styles)
    _cover_sheet(_Writer(sheets["cover"], styles), run, lang, styles)
    _diagrams_sheet(sheets["diagrams"], diagrams or {}, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(path, buffer.getvalue())


def _ledger_sheet(w: _Writer, run: CheckRun, lang: str) -> int:
    w.header(1, [_t(lang, "Item", "编号"), _t(lang, "Storey key", "楼层编号"),
                 _t(lang, "Category code", "类别代码"), _t(lang, "Category", "类别"),
                 "GlobalId", _t(lang, "Storey", "楼层"), _t(lang, "Area (m²)", "面积 (m²)"),
                 _t(lang, "Coefficient", "面积系数"),
                 _t(lang, "Building area (m²)", "建筑面积 (m²)"),
                 _t(lang, "FAR multiplier", "计容倍数"), _t(lang, "Exempt share", "豁免比例"),
                 _t(lang, "Exempt area (m²)", "不计容面积 (m²)"), _t(lang, "Rule", "规则"),
                 _t(lang, "Clause", "依据条款"), _t(lang, "Evidence", "判定依据"),
                 _t(lang, "Inferred or declared", "推定/申报")])
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
        w.text(row, 16, _t(lang, "inferred, please confirm", "推定，请确认") if item.inferred
               else _t(lang, "declared", "申报/明确"))
    w.put(row + 1, 11, _t(lang, "Total", "合计"), bold=True, text=True)
    w.formula(row + 1, 12, f"=SUM(L2:L{max(row, 2)})", AREA, bold=True)
    w.finish(_t(lang, "Exemption ledger", "不计容明细"), _project_name(run))
    return row


def _storeys_sheet(w: _Writer, run: CheckRun, lang: str, q, ledger_last: int) -> dict[str, str]:
    labels = [_t(lang, "Key", "编号"), _t(lang, "Storey", "楼层"),
              _t(lang, "Elevation (m)", "标高 (m)"),
              _t(lang, "Structural height (m)", "结构层高 (m)"),
              _t(lang, "Above ground (1/0)", "地上(1)/地下(0)"),
              _t(lang, "Building area (m²)", "建筑面积 (m²)"),
              _t(lang, "FAR base (m²)", "计容基数 (m²)")]
    labels += [f"{_t(lang, 'Exempt', '不计容')}：{_category(lang, c)}" for c in EXEMPT]
    labels += [_t(lang, "FAR area (m²)", "计容面积 (m²)"),
               _t(lang, "Coefficient notes", "系数说明"),
               _t(lang, "Check: gross (m²)", "核对：毛面积 (m²)"),
               _t(lang, "Check: rooms (m²)", "核对：房间合计 (m²)"),
               _t(lang, "Check: gross ÷ rooms", "核对：毛面积 ÷ 房间"),
               _t(lang, "Check: authored (m²)", "核对：模型申报 (m²)"),
               _t(lang, "Check (expected ×1.00–1.35 rooms, ±5 % authored)",
                  "核对结论（房间合计 ×1.00–1.35，申报值 ±5%）")]
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
    w.put(total, 2, _t(lang, "Total", "合计"), bold=True, text=True)
    for col in range(6, 15):
        letter = "ABCDEFGHIJKLMNOP"[col - 1]
        w.formula(total, col, f"=SUM({letter}2:{letter}{max(row, 2)})", AREA, bold=True)
    w.finish(_t(lang, "Storey areas", "分层面积"), _project_name(run))
    s = q["storeys"]
    return {"storey_first": "2", "storey_last": str(max(row, 2)), "total_row": str(total),
            "building": f"{s}!$F${total}", "far": f"{s}!$N${total}",
            "above": f"SUMIF({s}!$E$2:$E${max(row, 2)},1,{s}!$F$2:$F${max(row, 2)})",
            "below": f"SUMIF({s}!$E$2:$E${max(row, 2)},0,{s}!$F$2:$F${max(row, 2)})",
            "exempt": {code: f"{s}!${'HIJKLM'[i]}${total}" for i, code in enumerate(EXEMPT)}}


def _storey_checks(w: _Writer, row: int, checks, lang: str) -> None:
    """Write the plausibility line of one storey (columns P-T): values and a ratio."""
    if checks is None:
        return
    from cimcheck.text import MESSAGES

    w.put(row, 16, round(checks.gross_m2, 4), AREA)
    w.put(row, 17, None if checks.rooms_m2 is None else round(checks.rooms_m2, 4), AREA)
    if checks.rooms_m2:
        w.formula(row, 18, f"=P{row}/Q{row}", "0.00")
    w.put(row, 19, None if checks.authored_gross_m2 is None
          else round(checks.authored_gross_m2, 4), AREA)
    index = 1 if lang.startswith("zh") else 0
    verdict = _t(lang, "ok", "正常") if checks.plausible else (
        _t(lang, "Warning: ", "警告：")
        + ("；" if index else "; ").join(MESSAGES[c][index] for c in checks.causes))
    w.text(row, 20, verdict)


def _green_sheet(w: _Writer, run: CheckRun, lang: str) -> dict[str, str]:
    params = run.parameters
    table = sorted(params.get("green.soil_table", {}).get("value", []) or [[0.0, 0.0]])
    if table[0][0] > 0:
        table = [[0.0, 0.0], *table]
    kinds = {str(k).upper() for k in params.get("green.kinds", {}).get("value", [])}
    vertical = params.get("green.vertical_coefficient", {}).get("value", 0.0)
    w.header(1, [_t(lang, "Item", "编号"), _t(lang, "Storey", "楼层"),
                 _t(lang, "Kind", "绿化类型"), "GlobalId", _t(lang, "Area (m²)", "面积 (m²)"),
                 _t(lang, "Soil depth (m)", "覆土深度 (m)"),
                 _t(lang, "Coefficient", "折算系数"),
                 _t(lang, "Credited area (m²)", "计入绿地面积 (m²)")])
    green = [i for i in run.table.items if i.category == "green"]
    first_table_row = len(green) + 5
    table_range = f"$J${first_table_row + 1}:$K${first_table_row + len(table)}"
    row = 1
    for item in green:
        row += 1
        kind = str(item.attributes.get("GreeningKind", "GROUND")).upper()
        depth = item.attributes.get("SoilDepth")
        w.text(row, 1, item.id)
        w.text(row, 2, item.storey or _t(lang, "site", "场地"))
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
    w.put(total, 7, _t(lang, "Ground", "地面绿地"), bold=True, text=True)
    w.formula(total, 8, f'=SUMIF(C2:C{last},"GROUND",H2:H{last})', AREA, bold=True)
    w.put(total + 1, 7, _t(lang, "3D greening credit", "立体绿化折算"), bold=True, text=True)
    w.formula(total + 1, 8, f"=SUM(H2:H{last})-H{total}", AREA, bold=True)
    w.put(first_table_row, 10, _t(lang, "Soil depth ≥ (m)", "覆土深度 ≥ (m)"), bold=True,
          text=True)
    w.put(first_table_row, 11, _t(lang, "Coefficient", "折算系数"), bold=True, text=True)
    for i, (minimum, coefficient) in enumerate(table, start=1):
        w.put(first_table_row + i, 10, float(minimum), "0.00")
        w.put(first_table_row + i, 11, float(coefficient), "0%")
    w.put(first_table_row + len(table) + 1, 10, _t(lang, "Vertical", "垂直绿化"), text=True)
    w.put(first_table_row + len(table) + 1, 11, float(vertical), "0%")
    w.finish(_t(lang, "Green", "绿地"), _project_name(run))
    sheet = f"'{_t(lang, 'Green', '绿地')}'"
    return {"ground": f"{sheet}!$H${total}", "credit": f"{sheet}!$H${total + 1}"}


def _service_sheet(w: _Writer, run: CheckRun, lang: str, q) -> dict[str, str]:
    w.header(1, [_t(lang, "Item", "编号"), _t(lang, "Storey", "楼层"), "GlobalId",
                 _t(lang, "Building area (m²)", "建筑面积 (m²)")])
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
    w.put(base, 3, _t(lang, "Provided (m²)", "已配置 (m²)"), bold=True, text=True)
    w.formula(base, 4, f"=SUM(D2:D{last})", AREA, bold=True)
    w.put(base + 1, 3, _t(lang, "Households", "户数"), text=True)
    w.put(base + 1, 4, households)
    w.put(base + 2, 3, _t(lang, "Rate (m² per 100 households)", "配置标准（m²/百户）"),
          text=True)
    w.put(base + 2, 4, rate)
    w.put(base + 3, 3, _t(lang, "Required (m²)", "应配置 (m²)"), bold=True, text=True)
    if rate is not None:
        w.formula(base + 3, 4, f'=IF(D{base + 1}="","",CEILING(D{base + 1}/100*D{base + 2},1))',
                  AREA, bold=True)
    w.put(base + 4, 3, _t(lang, "Result", "结论"), bold=True, text=True)
    if rate is not None:
        w.formula(base + 4, 4, f'=IF(D{base + 3}="","{_t(lang, "N/A", "不适用")}",'
                               f'IF(ROUND(D{base},2)>=D{base + 3},"{_t(lang, "PASS", "通过")}",'
                               f'"{_t(lang, "FAIL", "不通过")}"))')
    _status_colours(w.ws, f"D{base + 4}", lang, w.styles)
    w.finish(_t(lang, "Service space", "配套用房"), _project_name(run))
    sheet = q["service"]
    return {"provided": f"{sheet}!$D${base}", "households": f"{sheet}!$D${base + 1}",
            "required": f"{sheet}!$D${base + 3}", "result": f"{sheet}!$D${base + 4}"}


def _indicators_sheet(w: _Writer, run, lang, q, refs, green, service, styles, book,
                      defined_name) -> None:
    w.header(1, [_t(lang, "Indicator", "指标"), _t(lang, "Value", "数值"),
                 _t(lang, "Unit", "单位"), _t(lang, "Limit", "限值"),
                 _t(lang, "Result", "结论"), _t(lang, "Source / basis", "来源/依据")])
    ind, project, sources = run.indicators, run.project, run.indicator_sources
    ok, ko, na = _t(lang, "PASS", "通过"), _t(lang, "FAIL", "不通过"), _t(lang, "N/A", "不适用")
    rows: list[tuple] = []

    def add(name, label, value, unit, fmt, *, limit=None, op=None, digits=2, source=""):
        rows.append((name, label, value, unit, fmt, limit, op, digits, source))

    add("SiteArea", _t(lang, "Site area", "用地面积"), ind.get("site_area_m2"), "m²", AREA,
        source=sources.get("site_area_m2", ""))
    add("TotalBuildingArea", _t(lang, "Total building area", "总建筑面积"),
        f"={refs['building']}", "m²", AREA, source="GB/T 50353-2013")
    add("AboveGround", _t(lang, "  above ground", "  其中：地上"), f"={refs['above']}", "m²", AREA)
    add("BelowGround", _t(lang, "  below ground", "  其中：地下"), f"={refs['below']}", "m²", AREA)
    add("FarArea", _t(lang, "Plot-ratio area (计容)", "计容建筑面积"), f"={refs['far']}", "m²",
        AREA, source=run.pack["id"])
    for code in EXEMPT:
        add(f"Exempt_{code}", f"{_t(lang, 'Exempt', '不计容')}：{_category(lang, code)}",
            f"={refs['exempt'][code]}", "m²", AREA)
    add("PlotRatio", _t(lang, "Plot ratio", "容积率"), '=IF(SiteArea>0,FarArea/SiteArea,"")', "",
        "0.00", limit=project.get("max_plot_ratio"), op="<=", digits=2,
        source=sources.get("max_plot_ratio", ""))
    add("Footprint", _t(lang, "Footprint", "建筑基底面积"), ind.get("footprint_m2"), "m²", AREA)
    add("BuildingDensity", _t(lang, "Building density", "建筑密度"),
        '=IF(SiteArea>0,Footprint/SiteArea,"")', "", "0.0%",
        limit=project.get("max_building_density"), op="<=", digits=3,
        source=sources.get("max_building_density", ""))
    add("GreenGround", _t(lang, "Ground greening", "地面绿地面积"), f"={green['ground']}", "m²",
        AREA)
    add("GreenCredit", _t(lang, "3D greening credit", "立体绿化折算面积"), f"={green['credit']}",
        "m²", AREA)
    add("GreenArea", _t(lang, "Green area", "绿地面积"), "=GreenGround+GreenCredit", "m²", AREA)
    add("GreenRatio", _t(lang, "Green ratio", "绿地率"), '=IF(SiteArea>0,GreenArea/SiteArea,"")',
        "", "0.0%", limit=project.get("min_green_ratio"), op=">=", digits=3,
        source=sources.get("min_green_ratio", ""))
    add("Households", _t(lang, "Households", "户数"), f"={service['households']}", "",
        "0", source=sources.get("households", ""))
    add("ServiceProvided", _t(lang, "Community service space", "社区配套用房面积"),
        f"={service['provided']}", "m²", AREA)
    add("ServiceRequired", _t(lang, "Required service space", "应配社区配套用房"),
        f"={service['required']}", "m²", AREA)
    add("BuildingHeight", _t(lang, "Building height", "建筑高度"), ind.get("building_height_m"),
        "m", "0.00", limit=project.get("max_height_m"), op="<=", digits=2,
        source=sources.get("max_height_m", ""))
    for number, (name, label, value, unit, fmt, limit, op, digits, source) in enumerate(
            rows, start=2):
        w.text(number, 1, label)
        if isinstance(value, str) and value.startswith("="):
            w.formula(number, 2, value, fmt)
        else:
            w.put(number, 2, value, fmt)
        w.text(number, 3, unit)
        w.put(number, 4, limit, fmt)
        if op is not None:
            w.formula(number, 5, f'=IF(OR(D{number}="",B{number}=""),"{na}",'
                                 f'IF(ROUND(B{number},{digits}){op}ROUND(D{number},{digits}),'
                                 f'"{ok}","{ko}"))')
        w.text(number, 6, _source_label(lang, source))
        book.defined_names[name] = defined_name(
            name, attr_text=f"{q['indicators']}!$B${number}")
    service_row = next(i for i, r in enumerate(rows, start=2) if r[0] == "ServiceRequired")
    w.formula(service_row, 5, f"={service['result']}")
    _status_colours(w.ws, f"E2:E{len(rows) + 1}", lang, styles)
    w.finish(_t(lang, "Indicators", "经济技术指标"), _project_name(run))


def _findings_sheet(w: _Writer, run, lang, styles) -> None:
    w.header(1, [_t(lang, "Rule", "规则"), _t(lang, "Status", "结论"),
                 _t(lang, "Measured", "实测值"), _t(lang, "Required", "要求值"),
                 _t(lang, "Unit", "单位"), _t(lang, "Message", "说明"),
                 _t(lang, "Clause", "依据条款"), "GlobalId"])
    words = {"PASS": _t(lang, "PASS", "通过"), "FAIL": _t(lang, "FAIL", "不通过"),
             "WARN": _t(lang, "WARN", "提示"), "NOT_APPLICABLE": _t(lang, "N/A", "不适用"),
             "ERROR": _t(lang, "ERROR", "错误")}
    for row, finding in enumerate(run.findings, start=2):
        w.text(row, 1, finding.rule_id)
        w.text(row, 2, words[str(finding.status)])
        w.put(row, 3, finding.measured, "0.00##")
        w.put(row, 4, finding.required, "0.00##")
        w.text(row, 5, finding.unit)
        w.text(row, 6, finding.message(lang))
        w.text(row, 7, finding.clause)
        w.text(row, 8, ", ".join(finding.global_ids))
    w.ws.auto_filter.ref = f"A1:H{max(len(run.findings) + 1, 2)}"
    _status_colours(w.ws, f"B2:B{len(run.findings) + 1}", lang, styles)
    w.finish(_t(lang, "Findings", "检查结果"), _project_name(run))


def _cover_sheet(w: _Writer, run, lang, styles) -> None:
    from cimcheck.text import MESSAGES

    w.put(1, 1, _t(lang, "Compliance workbook", "未来社区模型审查 · 面积计算书"), text=True)
    w.ws["A1"].font = styles["title"]
    worst = str(run.worst)
    rows = [
        (_t(lang, "Project", "项目"), run.project.get("name") or ""),
        (_t(lang, "Model file", "模型文件"), run.model.get("file", "")),
        ("SHA-256", run.model.get("sha256", "")),
        (_t(lang, "IFC schema", "IFC 版本"), run.model.get("schema", "")),
        (_t(lang, "Authoring application", "建模软件"), run.model.get("application", "")),
        (_t(lang, "Rule pack", "规则包"), f"{run.pack['id']} {run.pack['version']}"),
        (_t(lang, "Project file", "项目文件"), run.project.get("file") or "—"),
        (_t(lang, "Date", "日期"), dt.date.today().isoformat()),
        (_t(lang, "cimcheck version", "cimcheck 版本"), run.cimcheck_version),
        (_t(lang, "Overall result", "总体结论"),
         MESSAGES.get(f"status.{worst}", (worst, worst))[1 if lang.startswith("zh") else 0]),
    ]
    for row, (label, value) in enumerate(rows, start=3):
        w.text(row, 1, label, bold=True)
        w.text(row, 2, value)
    row = len(rows) + 4
    w.text(row, 1, _t(lang, "Inputs and where they came from", "输入值及来源"), bold=True)
    for key, source in run.indicator_sources.items():
        row += 1
        w.text(row, 1, _input_label(lang, key))
        value = run.project.get(key, run.indicators.get(key))
        w.put(row, 2, value if isinstance(value, (int, float)) else str(value or "—"))
        w.text(row, 3, _source_label(lang, source))
    w.finish(_t(lang, "Cover", "封面"), _project_name(run), landscape=False)


def _diagrams_sheet(ws, diagrams: dict[str, list[Path]], lang: str) -> None:
    from openpyxl.drawing.image import Image

    ws["A1"] = _t(lang, "Area diagrams per storey", "各层面积计算简图")
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
