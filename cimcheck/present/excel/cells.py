"""Cells an approval office can print: one font, ruled tables, rows that fit their text.

:class:`Sheet` wraps one openpyxl worksheet. Everything a sheet module writes goes through
it, so that

- text is text: a space named ``=1+1`` stays a name (quote prefix), control characters
  that XML cannot hold are replaced, and formulas are written only by :meth:`formula`;
- every cell uses the one workbook font (微软雅黑, 10 pt: Excel and WPS on Windows have it;
  LibreOffice substitutes a CJK sans), so nothing prints in a serif or under 9 pt;
- tables are ruled, their header repeats on every printed page, long text wraps in a
  bounded column and its row grows to fit;
- every page carries the title block: project, 建设单位, 用地编号 (left), the sheet (centre),
  the model file and its hash (right); the pack, page x / y and the date below.

Pages are A4 at 100 %: a wide table breaks across pages with its key columns repeated
instead of shrinking to an unreadable size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from cimcheck.text import tr

__all__ = ["AREA", "COEFF", "FONT", "LEVEL", "PERCENT", "RATIO", "Sheet", "Styles",
           "TitleBlock", "above_format", "display_width"]

#: The workbook's font, and its size in points (the smallest text that prints).
FONT = "微软雅黑"
SIZE = 10
#: Number formats.
AREA = "#,##0.00"
RATIO = "0.000"
PERCENT = "0.0%"
COEFF = "0.0##"
LEVEL = "0.000"


def above_format(lang: str) -> str:
    """Return the number format that shows 1 as 地上 and 0 as 地下 (the value stays 1/0)."""
    return f'[=1]"{tr("wb.above", lang)}";[=0]"{tr("wb.below", lang)}";General'
#: Widest column (characters; a CJK character counts two) before text wraps.
MAX_WIDTH = 42
#: Widest column a heading alone asks for (longer headings wrap).
HEADER_WIDTH = 10
#: Height of one line of 10-point text, in points.
LINE_PT = 14.5
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Characters XML 1.0 cannot hold (openpyxl refuses them with IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def display_width(value: Any) -> int:
    """Return how many narrow characters ``value`` takes (a CJK character counts two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


@dataclass(frozen=True)
class TitleBlock:
    """What every printed page says about the submission."""

    project: str
    client: str
    plot_id: str
    model: str
    sha256: str
    pack: str
    date: str
    version: str


class Styles:
    """The workbook's fonts, fills, borders and alignments (created once per book)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.font = Font(name=FONT, size=SIZE)
        self.bold = Font(name=FONT, size=SIZE, bold=True)
        self.title = Font(name=FONT, size=16, bold=True)
        self.subtitle = Font(name=FONT, size=12, bold=True)
        self.header_fill = PatternFill("solid", fgColor="DDEBF7")
        self.total_fill = PatternFill("solid", fgColor="F2F2F2")
        self.input_fill = PatternFill("solid", fgColor="FFF2CC")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.top = Alignment(vertical="center")
        self.status = {"pass": PatternFill("solid", fgColor="C6EFCE"),
                       "fail": PatternFill("solid", fgColor="FFC7CE"),
                       "warn": PatternFill("solid", fgColor="FFEB9C")}


class Sheet:
    """One worksheet being written: safe cells, ruled tables, fitted rows, the page."""

    def __init__(self, ws: Any, styles: Styles, lang: str, block: TitleBlock) -> None:
        self.ws = ws
        self.styles = styles
        self.lang = lang
        self.block = block
        self.widths: dict[int, int] = {}
        #: (row, column) → width of text, to wrap it and size its row at the end.
        self._texts: dict[tuple[int, int], int] = {}

    @property
    def title(self) -> str:
        """The sheet's name."""
        return str(self.ws.title)

    # -- cells ------------------------------------------------------------------------------

    def put(self, row: int, col: int, value: Any, fmt: str | None = None, *,
            bold: bool = False) -> Any:
        """Write a value (text is never read as a formula); return the cell."""
        if isinstance(value, str):
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
        cell.font = self.styles.bold if bold else self.styles.font
        self._measure(row, col, "" if value is None else value)
        return cell

    def text(self, row: int, col: int, value: Any, *, bold: bool = False) -> Any:
        """Write a value as text (None as empty); return the cell."""
        return self.put(row, col, "" if value is None else str(value), bold=bold)

    def formula(self, row: int, col: int, formula: str, fmt: str | None = None, *,
                bold: bool = False, width: int = 12) -> Any:
        """Write a formula (``=…``); ``width`` is what its result needs; return the cell."""
        cell = self.ws.cell(row=row, column=col)
        cell.value = formula
        if fmt:
            cell.number_format = fmt
        cell.font = self.styles.bold if bold else self.styles.font
        cell.alignment = self.styles.top
        self.widths[col] = max(self.widths.get(col, 6), width)
        return cell

    def _measure(self, row: int, col: int, value: Any) -> None:
        cell = self.ws.cell(row=row, column=col)
        cell.alignment = self.styles.top
        if isinstance(value, str):
            width = display_width(value)
            if width:
                self._texts[(row, col)] = width
        else:
            width = display_width(f"{value:,.2f}" if isinstance(value, float) else value)
        self.widths[col] = max(self.widths.get(col, 6), min(width + 2, MAX_WIDTH))

    # -- tables -----------------------------------------------------------------------------

    def header(self, row: int, keys: list[str]) -> None:
        """Write a row of column headings (catalogue keys, or words as they are)."""
        for col, key in enumerate(keys, start=1):
            label = tr(key, self.lang) if key.startswith(("wb.", "ind.", "cat.")) else key
            cell = self.ws.cell(row=row, column=col)
            cell.value = label
            cell.font = self.styles.bold
            cell.fill = self.styles.header_fill
            # Headings wrap rather than widen their column.
            self._texts[(row, col)] = display_width(label)
            self.widths[col] = max(self.widths.get(col, 6),
                                   min(display_width(label) + 2, HEADER_WIDTH))
        self.ws.freeze_panes = self.ws.cell(row=row + 1, column=1)
        self.ws.print_title_rows = f"{row}:{row}"

    def rule(self, first_row: int, last_row: int, last_col: int, first_col: int = 1) -> None:
        """Draw thin borders round every cell of a table."""
        for row in self.ws.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col,
                                     max_col=last_col):
            for cell in row:
                cell.border = self.styles.border
                if cell.font is None or cell.font.name != self.styles.font.name:
                    cell.font = self.styles.font

    def shade(self, row: int, first_col: int, last_col: int, kind: str = "total") -> None:
        """Fill a row's cells: a total ("total") or an input an officer may edit ("input")."""
        fill = self.styles.total_fill if kind == "total" else self.styles.input_fill
        for col in range(first_col, last_col + 1):
            self.ws.cell(row=row, column=col).fill = fill

    def status_colours(self, cell_range: str) -> None:
        """Colour the status words (in the sheet's language and in English) in a range."""
        from openpyxl.formatting.rule import CellIsRule

        words = [(tr("status.PASS", self.lang), "pass"), (tr("status.FAIL", self.lang), "fail"),
                 (tr("status.WARN", self.lang), "warn"), (tr("status.ERROR", self.lang), "fail"),
                 (tr("wb.consistent", self.lang), "pass"),
                 (tr("wb.inconsistent", self.lang), "fail")]
        for word, fill in words:
            self.ws.conditional_formatting.add(cell_range, CellIsRule(
                operator="equal", formula=[f'"{word}"'], fill=self.styles.status[fill]))

    def signatures(self, row: int, label: int = 1, sign: tuple[int, int] = (2, 2),
                   date: tuple[int, int] = (3, 3)) -> int:
        """Write the 编制 / 校对 / 审核 / 审定 block from ``row``; return the row after it.

        ``label``, ``sign`` (first and last column, merged) and ``date`` are the columns of
        the role, the signature and the date (first and last, merged), so the block fits the
        sheet's own columns.
        """
        self.text(row, label, tr("wb.sign.title", self.lang), bold=True)
        for i, role in enumerate(("prepared", "checked", "reviewed", "approved")):
            r = row + 1 + i
            self.text(r, label, tr(f"wb.sign.{role}", self.lang), bold=True)
            for col in range(sign[0], sign[1] + 1):
                self.ws.cell(row=r, column=col).border = self.styles.border
            if sign[1] > sign[0]:
                self.ws.merge_cells(start_row=r, start_column=sign[0], end_row=r,
                                    end_column=sign[1])
            self.text(r, date[0], tr("wb.sign.date", self.lang))
            for col in (label, *range(date[0], date[1] + 1)):
                self.ws.cell(row=r, column=col).border = self.styles.border
            if date[1] > date[0]:
                self.ws.merge_cells(start_row=r, start_column=date[0], end_row=r,
                                    end_column=date[1])
            self.ws.row_dimensions[r].height = 2 * LINE_PT
        return row + 6

    def note(self, row: int, text: str, last_col: int, width: int) -> None:
        """Write a paragraph across columns 1..last_col (``width`` characters), wrapped."""
        cell = self.ws.cell(row=row, column=1)
        cell.value = text
        cell.font = self.styles.font
        cell.alignment = self.styles.wrap
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        lines = math.ceil(display_width(text) / max(width - 2, 4))
        self.ws.row_dimensions[row].height = lines * LINE_PT + 2

    def title_line(self, text: str, last_col: int) -> None:
        """Write the sheet's title in row 1, across its columns, in the title font."""
        cell = self.ws.cell(row=1, column=1)
        cell.value = text
        cell.font = self.styles.title
        cell.alignment = self.styles.top
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
        self.ws.row_dimensions[1].height = 30

    # -- the page ---------------------------------------------------------------------------

    def finish(self, *, landscape: bool = True, repeat_cols: str | None = None,
               fixed_widths: dict[int, int] | None = None) -> None:
        """Size columns and rows, set up the A4 page at 100 % and the title block."""
        from openpyxl.utils import get_column_letter

        widths = {**self.widths, **(fixed_widths or {})}
        for col, width in widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width
        lines: dict[int, int] = {}
        for (row, col), width in self._texts.items():
            column = max(widths.get(col, MAX_WIDTH) - 1, 4)
            if width > column:
                # Text wider than its column wraps inside it, and its row grows.
                self.ws.cell(row=row, column=col).alignment = self.styles.wrap
                lines[row] = max(lines.get(row, 1), math.ceil(width / column))
        for row, count in lines.items():
            self.ws.row_dimensions[row].height = count * LINE_PT + 2
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.scale = 100
        self.ws.sheet_properties.pageSetUpPr.fitToPage = False
        self.ws.print_options.horizontalCentered = False
        self.ws.page_margins.top = self.ws.page_margins.bottom = 0.9
        self.ws.page_margins.header = self.ws.page_margins.footer = 0.35
        self.ws.page_margins.left = self.ws.page_margins.right = 0.3
        if repeat_cols:
            self.ws.print_title_cols = repeat_cols
        self._title_block()

    def _title_block(self) -> None:
        block, lang = self.block, self.lang

        def esc(text: str) -> str:
            return text.replace("&", "&&")

        header, footer = self.ws.oddHeader, self.ws.oddFooter
        left = [block.project]
        if block.client:
            left.append(tr("wb.block.client", lang, value=block.client))
        if block.plot_id:
            left.append(tr("wb.block.plot", lang, value=block.plot_id))
        header.left.text = esc("  ".join(left))
        header.center.text = esc(self.title)
        header.right.text = esc(f"{block.model} · SHA-256 {block.sha256[:12]}")
        footer.left.text = esc(f"{block.pack} · cimcheck {block.version}")
        footer.center.text = tr("wb.block.page", lang)
        footer.right.text = esc(block.date)
        for part in (header.left, header.center, header.right, footer.left, footer.center,
                     footer.right):
            part.size = 9
            part.font = f"{FONT},Regular"
        header.center.size = 11
        header.center.font = f"{FONT},Bold"
