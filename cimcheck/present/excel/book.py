"""What every sheet module reads while a workbook is written: the run, the language, names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cimcheck.present.excel.cells import Sheet, Styles, TitleBlock
from cimcheck.present.excel.names import Names
from cimcheck.results.finding import CheckRun
from cimcheck.text import MESSAGES, tr

__all__ = ["Book"]


@dataclass
class Book:
    """A workbook being written.

    Attributes
    ----------
    run : CheckRun
        With its area table.
    lang : str
    sheets : dict of key to Sheet
        Created in the workbook's order before any is written (formulas refer ahead).
    names : Names
        The defined names, filled as sheets write their cells.
    item_rows : dict of item id to row
        Where each area item is on the item sheet (面积计算书), for sheets that quote it.
    """

    run: CheckRun
    lang: str
    styles: Styles
    block: TitleBlock
    sheets: dict[str, Sheet] = field(default_factory=dict)
    names: Names = field(default_factory=Names)
    item_rows: dict[str, int] = field(default_factory=dict)

    def add_sheet(self, key: str, ws: Any) -> Sheet:
        """Name a new worksheet after its catalogue title and wrap it."""
        ws.title = tr(f"wb.sheet.{key}", self.lang)
        self.sheets[key] = Sheet(ws, self.styles, self.lang, self.block)
        return self.sheets[key]

    def word(self, key: str, **params: Any) -> str:
        """Return a catalogue sentence in the workbook's language."""
        return tr(key, self.lang, **params)

    def status(self, status: str) -> str:
        """Return a status word (``status.*``) as the verdict formulas write it."""
        return tr(f"status.{status}", self.lang)

    def category(self, code: str) -> str:
        """Return a category's name (``cat.*``), or the code when it has none."""
        key = f"cat.{code}"
        return tr(key, self.lang) if key in MESSAGES else code

    @property
    def missing(self) -> str:
        """What an unknown value reads as (未提供)."""
        return tr("wb.missing", self.lang)

    def quoted(self, key: str) -> str:
        """Return a sheet's name quoted for a formula (``'分层面积'``)."""
        return "'" + self.sheets[key].title.replace("'", "''") + "'"
