"""How numbers read: one format per indicator for the terminal, the desktop and the workbook.

Examples
--------
>>> format_indicator("plot_ratio", 1.27)
'1.27'
>>> format_indicator("green_ratio", 0.3512)
'35.1%'
>>> format_indicator("households", None)
'—'
"""

from __future__ import annotations

from typing import Any

from cimcheck.vocab import Indicator

__all__ = ["EXCEL_FORMAT", "INDICATOR_FORMAT", "MISSING", "format_indicator"]

#: What an unknown value reads as.
MISSING = "—"
#: Python format of each indicator (the default is an area, two decimals).
INDICATOR_FORMAT: dict[str, str] = {
    Indicator.PLOT_RATIO: "{:.2f}",
    Indicator.BUILDING_DENSITY: "{:.1%}",
    Indicator.GREEN_RATIO: "{:.1%}",
    Indicator.HOUSEHOLDS: "{:d}",
}
#: The same formats as Excel number formats.
EXCEL_FORMAT: dict[str, str] = {
    Indicator.PLOT_RATIO: "0.00",
    Indicator.BUILDING_DENSITY: "0.0%",
    Indicator.GREEN_RATIO: "0.0%",
    Indicator.HOUSEHOLDS: "0",
}
_AREA = "{:.2f}"


def format_indicator(key: str, value: Any) -> str:
    """Return ``value`` of indicator ``key`` as a user reads it."""
    if value is None:
        return MISSING
    if key == Indicator.HOUSEHOLDS:
        return str(int(value))
    return INDICATOR_FORMAT.get(key, _AREA).format(value)
