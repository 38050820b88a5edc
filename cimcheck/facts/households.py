"""Count households (dwelling units) for the service-space rule (m² per 100 households).

In order, and the result says which was used:

1. distinct ``CIMCheck_Area.UnitId`` values on spaces;
2. IfcZone / IfcSpatialZone groups of dwellings (ObjectType or name says dwelling, or
   their member spaces are dwellings);
3. spaces classified as dwellings (one space per unit).

When none applies the count is None: the project file must give it.
"""

from __future__ import annotations

from collections.abc import Mapping

from cimcheck.facts.classify import Classification, match_name
from cimcheck.model.index import ModelIndex

__all__ = ["count_households"]

_DWELLING_TYPES = {"DWELLING", "UNIT", "APARTMENT", "RESIDENTIAL", "住宅", "户"}


def count_households(
    index: ModelIndex, classes: Mapping[str, Classification]
) -> tuple[int | None, str]:
    """Return ``(households, source)``; ``source`` names the rule used, or "none"."""
    unit_ids = {
        str(e.psets["CIMCheck_Area"]["UnitId"]).strip()
        for e in index.spaces
        if str(e.psets.get("CIMCheck_Area", {}).get("UnitId") or "").strip()
    }
    if unit_ids:
        return len(unit_ids), "CIMCheck_Area.UnitId"
    dwelling_spaces = {
        e.global_id for e in index.spaces
        if classes.get(e.global_id) is not None and classes[e.global_id].category == "dwelling"
    }
    zones = []
    for zone in index.zones:
        named = match_name(zone.object_type, zone.name, zone.long_name)
        typed = zone.object_type.strip().upper() in _DWELLING_TYPES
        members = set(zone.member_ids) & dwelling_spaces
        if typed or (named and named[0] == "dwelling") or members:
            zones.append(zone)
    if zones:
        return len(zones), zones[0].ifc_class
    if dwelling_spaces:
        return len(dwelling_spaces), "dwelling spaces"
    return None, "none"
