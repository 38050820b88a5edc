"""Colours of the reports and views: one palette for the workbook, the diagrams and the 3D view.

Two families:

- **status fills**, pale, behind a status word in a table cell (workbook, findings table,
  indicators dock); **status colours**, saturated, on elements in the 3D view;
- **area classes**: what the rules made of an item (counted in full, at half, exempt by
  category, not building area, greening), shared by the 面积计算简图 and the 3D view's
  "colour by category", so that a colour means the same thing on paper and on screen.

Colours are ``"#rrggbb"``; :func:`rgb` turns one into a tuple for VTK.

Examples
--------
>>> rgb(STATUS_FILL["PASS"])
(198, 239, 206)
>>> coarse_class("exempt:balcony")
'exempt'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cimcheck.vocab import Status

if TYPE_CHECKING:
    from cimcheck.facts.items import AreaItem
    from cimcheck.results.finding import CheckRun

__all__ = ["AREA_CLASSES", "DIAGRAM_CLASSES", "HATCHES", "STATUS_COLOURS", "STATUS_FILL",
           "area_class", "area_classes", "coarse_class", "rgb"]

#: Pale fills behind a status in a table cell.
STATUS_FILL = {Status.PASS: "#C6EFCE", Status.FAIL: "#FFC7CE", Status.WARN: "#FFEB9C",
               Status.ERROR: "#FFC7CE", Status.NOT_APPLICABLE: "#EEEEEE"}
#: Saturated colours of elements by the most serious status naming them ("none": no finding).
STATUS_COLOURS = {Status.FAIL: "#E63C3C", Status.ERROR: "#E63C3C", Status.WARN: "#FFC000",
                  Status.PASS: "#5AB45A", "none": "#C8C8C8"}

#: Area classes of the 3D view in legend order: exempt ones by category.
AREA_CLASSES = {
    "counted": "#F4B183",
    "half": "#FFE699",
    "exempt:balcony": "#5B9BD5",
    "exempt:bay_window": "#2F5597",
    "exempt:stilt": "#9DC3E6",
    "exempt:disaster_passage": "#7030A0",
    "exempt:public_open": "#B4A0DC",
    "exempt:sky_garden": "#00B0F0",
    "exempt:other": "#BDD7EE",
    "none": "#D9D9D9",
    "green": "#70AD47",
    "structure": "#AAAAAA",
}
#: Area classes of the printed diagrams, in legend order: one colour for all exemptions
#: (a diagram prints its exempt items' categories as labels), a paler green under hatching.
DIAGRAM_CLASSES = {"counted": "#F4B183", "half": "#FFE699", "exempt": "#9DC3E6",
                   "none": "#D9D9D9", "green": "#A9D18E"}


#: Hatches of the printed diagrams: each exemption its own, so two exempt items of different
#: categories are told apart in black and white too.
HATCHES = {"exempt:balcony": "////", "exempt:bay_window": "\\\\\\\\", "exempt:stilt": "..",
           "exempt:disaster_passage": "xx", "exempt:public_open": "++",
           "exempt:sky_garden": "oo", "exempt:other": "--", "green": "..."}


def rgb(colour: str) -> tuple[int, int, int]:
    """Return ``"#rrggbb"`` as ``(r, g, b)`` in 0..255."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def area_class(item: AreaItem, exempt_m2: float = 0.0) -> str:
    """Return what the rules made of ``item``: its area class (a key of AREA_CLASSES).

    ``exempt_m2`` is the item's exempt area in the run's ledger (0 when it is not exempt).
    """
    if item.category == "green":
        return "green"
    if exempt_m2 > 0:
        key = f"exempt:{item.category}"
        # A pack may exempt categories beyond the pilot's six.
        return key if key in AREA_CLASSES else "exempt:other"
    if item.area_coefficient >= 1.0:
        return "counted"
    if item.area_coefficient > 0:
        return "half"
    return "none"


def coarse_class(key: str) -> str:
    """Return the diagram class of an area class (every exemption is "exempt")."""
    return key.split(":", 1)[0]


def area_classes(run: CheckRun | None) -> dict[str, str]:
    """Map each item id of the run's table to its area class."""
    if run is None or run.table is None:
        return {}
    exempt = {e.item_id: e.exempt_m2 for e in run.ledger}
    return {item.id: area_class(item, exempt.get(item.id, 0.0)) for item in run.table.items}
