"""Records of the area engine: evidence, area items, storey areas, the area table.

Every number carries its reasons. An :class:`AreaItem` holds the building-area coefficient
of GB/T 50353-2013 (0, ½ or 1) with its clause and the evidence for the category and for
the coefficient; the later layers (计容 multiplier, pilot exemptions) add to it and never
change it. The invariant the tests hold: a storey's building area is the sum of its items'
building areas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import MultiPolygon, Polygon

from cimcheck.model.records import StoreyRecord
from cimcheck.results.diagnostic import Diagnostic
from cimcheck.text import MESSAGES, Text
from cimcheck.text import render as render_text

__all__ = ["AreaItem", "AreaTable", "Comparison", "Evidence", "StoreyAreas", "evidence_text"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason, as a message key and its parameters (rendered per language)."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> Evidence:
        """Build evidence from keyword parameters."""
        return cls(key, tuple(sorted(params.items())))

    def text(self, lang: str = "en") -> str:
        """Return the sentence in ``lang``."""
        return render_text(self.as_text(), lang)

    def as_text(self) -> Text:
        """Return the sentence as data (height sources and categories read as their names)."""
        return evidence_text(self.key, dict(self.params))


def evidence_text(key: str, params: Mapping[str, Any]) -> Text:
    """Build the evidence sentence ``key``: height sources and categories read as words."""
    values = dict(params)
    source = values.get("source")
    if isinstance(source, str) and f"height.{source}" in MESSAGES:
        values["source"] = Text(f"height.{source}")
    category = values.get("category")
    if isinstance(category, str) and f"cat.{category}" in MESSAGES:
        values["category"] = Text(f"cat.{category}")
    return Text.of(key, **values)



@dataclass(frozen=True, slots=True, eq=False)
class AreaItem:
    """A part of a storey that the rules treat separately.

    Attributes
    ----------
    id : str
        Stable within a model: ``"<storey index>-<n>"``, e.g. ``"S02-03"``.
    global_ids : tuple of str
        The elements it was measured from (a space, a slab, a window, ...).
    storey_id, storey : str
        GlobalId and name of its storey.
    category : str
        Lower-case ``CIMCheck_Area.AreaCategory`` value (the property set's enumeration), plus
        ``roof`` for roof zones.
    polygon : Polygon or MultiPolygon
        Plan polygon, world XY metres.
    area_m2 : float
        Area measured (polygon area; for sloped-roof bands, the band's area).
    area_coefficient : float
        GB/T 50353-2013 coefficient: 1, 0.5 or 0.
    clause : str
        The GB clause that gives the coefficient ("GB/T 50353-2013 3.0.21").
    evidence : tuple of Evidence
        Why the category and why the coefficient.
    inferred : bool
        True when the category was decided by name or geometry only: please confirm.
    source : str
        Which classification step decided: override, property, ifc, name, geometry, default.
    attributes : mapping
        Extra facts rules may use (soil depth, sill step, unit id, declared values...).
    name : str
        What the model calls it: its elements' names (a space's LongName, else its Name),
        the first few of them when there are many; "" when they have none.
    """

    id: str
    global_ids: tuple[str, ...]
    storey_id: str
    storey: str
    category: str
    polygon: Polygon | MultiPolygon
    area_m2: float
    area_coefficient: float
    clause: str
    evidence: tuple[Evidence, ...]
    inferred: bool
    source: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""

    @property
    def building_area_m2(self) -> float:
        """Building area (建筑面积) contributed: area × coefficient."""
        return self.area_m2 * self.area_coefficient


@dataclass(frozen=True, slots=True, eq=False)
class StoreyAreas:
    """The building area of one storey and its items.

    Attributes
    ----------
    storey : StoreyRecord
    outline : Polygon or MultiPolygon
        The measured outline (outer face of the enclosing structure; for a stilt storey the
        projection of the slab above).
    items : tuple of AreaItem
    kind : str
        Storey category: storey, stilt, basement, semi_basement, sloped_roof, refuge,
        equipment, roof_structure, roof (a roof level with no building area), none.
    above_ground : bool
    notes : tuple of Evidence
    closed : bool
        False when the storey's enclosing elements close around no floor (a partial or
        structural model): its building area is then 0, or measured at the slab edges.
    floor_z_m : float or None
        The level of the floor actually present (world z, m), where the walls were cut.
    diagnostics : tuple of Diagnostic
        Warnings about this storey's measurement.
    checks : StoreyChecks or None
        The plausibility line: building area against rooms and authored quantities.
    enclosure, rooms : Polygon or MultiPolygon
        Plans of the enclosing elements standing on the floor and of the enclosed rooms:
        what the outline was measured from (drawn in the area diagrams).
    """

    storey: StoreyRecord
    outline: Polygon | MultiPolygon
    items: tuple[AreaItem, ...]
    kind: str
    above_ground: bool
    notes: tuple[Evidence, ...] = ()
    closed: bool = True
    floor_z_m: float | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    checks: Any = None
    enclosure: Polygon | MultiPolygon = field(default_factory=Polygon)
    rooms: Polygon | MultiPolygon = field(default_factory=Polygon)

    @property
    def building_area_m2(self) -> float:
        """Sum of the items' building areas."""
        return sum(item.building_area_m2 for item in self.items)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A declared value set beside the derived one: derive first, then compare."""

    subject_id: str
    subject: str
    quantity: str
    declared: float
    derived: float
    source: str
    within_tolerance: bool


@dataclass(frozen=True, slots=True, eq=False)
class AreaTable:
    """The result of the area engine for one model.

    Attributes
    ----------
    storeys : tuple of StoreyAreas
    items : tuple of AreaItem
        All items of all storeys plus site-level items (ground greening), in order.
    households : int or None
    household_source : str
    comparisons : tuple of Comparison
    diagnostics : tuple of Diagnostic
    """

    storeys: tuple[StoreyAreas, ...]
    items: tuple[AreaItem, ...]
    households: int | None
    household_source: str
    comparisons: tuple[Comparison, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def total(self, **where: Any) -> float:
        """Sum of building areas of the items matching all ``where`` attribute values."""
        return sum(
            i.building_area_m2 for i in self.items
            if all(getattr(i, k) == v for k, v in where.items())
        )
