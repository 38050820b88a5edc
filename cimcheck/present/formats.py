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

from cimcheck.text import tr
from cimcheck.vocab import Indicator

__all__ = ["EXCEL_FORMAT", "INDICATOR_FORMAT", "MISSING", "describe_households", "describe_source",
           "format_indicator", "rectangle_sides"]

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


def rectangle_sides(polygon: Any) -> tuple[float, float] | None:
    """Return the short and long side of a rectangle (any rotation); None for other shapes.

    Examples
    --------
    >>> from shapely.geometry import Polygon, box
    >>> rectangle_sides(box(0, 0, 12, 30))
    (12.0, 30.0)
    >>> rectangle_sides(Polygon([(0, 0), (4, 0), (0, 3)])) is None
    True
    """
    # Imported here: the command line formats numbers on a result-cache hit, which must not
    # pay for importing the geometry stack (numpy and shapely: 0.1 s).
    from shapely.geometry import Polygon

    if not isinstance(polygon, Polygon) or polygon.is_empty or polygon.interiors:
        return None
    rectangle = polygon.minimum_rotated_rectangle
    if abs(rectangle.area - polygon.area) > 1e-6 * max(polygon.area, 1.0):
        return None
    (x0, y0), (x1, y1), (x2, y2) = list(rectangle.exterior.coords)[:3]
    a, b = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    return round(min(a, b), 6), round(max(a, b), 6)


def format_indicator(key: str, value: Any) -> str:
    """Return ``value`` of indicator ``key`` as a user reads it."""
    if value is None:
        return MISSING
    if key == Indicator.HOUSEHOLDS:
        return str(int(value))
    return INDICATOR_FORMAT.get(key, _AREA).format(value)


#: Sources of an input (``CheckRun.indicator_sources``) said in words of their own.
_SOURCE_WORDS = {"command line": "input_source.command_line",
                 "project file": "input_source.project_file",
                 "missing": "input_source.missing", "geometry": "input_source.geometry"}
#: How the model's households were counted (``facts.households.count_households``).
_HOUSEHOLD_WORDS = {"CIMCheck_Area.UnitId": "input_source.households_unit_ids",
                    "dwelling spaces": "input_source.households_spaces",
                    "none": "input_source.missing"}


def describe_source(source: str, lang: str) -> str:
    """Say where an input the check used came from, in ``lang``.

    The run keeps codes: "command line", "project file", "missing", "geometry", "model
    (<how households were counted>)", "Pset_SiteCommon.<property>" for a value the model's
    site declares, and "… = <value> (invalid, ignored)" for one it declares wrongly.

    >>> describe_source("Pset_SiteCommon.TotalArea", "zh")
    '模型 Pset_SiteCommon.TotalArea'
    >>> describe_source("model (dwelling spaces)", "en")
    'model: dwelling spaces counted'
    >>> describe_source("model (IfcZone)", "zh")
    '模型：住宅分区（IfcZone）'
    """
    if source in _SOURCE_WORDS:
        return tr(_SOURCE_WORDS[source], lang)
    if source.startswith("model (") and source.endswith(")"):
        return describe_households(source[len("model ("):-1], lang)
    if source.startswith("Pset_"):
        declared, invalid, _ = source.partition(" = ")
        if invalid:
            value = source[len(declared) + 3:].removesuffix(" (invalid, ignored)")
            return tr("input_source.pset_invalid", lang, property=declared, value=value)
        return tr("input_source.pset", lang, property=source)
    return source


def describe_households(how: str, lang: str) -> str:
    """Say how the model's households were counted (``count_households``'s source).

    By unit ids, dwelling zones (named by their IFC class, ``IfcZone`` or
    ``IfcSpatialZone``), dwelling spaces, or not at all ("none").

    >>> describe_households("IfcSpatialZone", "en")
    'model: dwelling zones (IfcSpatialZone)'
    """
    if how in _HOUSEHOLD_WORDS:
        return tr(_HOUSEHOLD_WORDS[how], lang)
    return tr("input_source.households_zones", lang, ifc_class=how)
