"""Totals of an area table: building area above and below ground, footprint, greening."""

from __future__ import annotations

from typing import Any

from cimcheck.facts.items import AreaTable
from cimcheck.geometry.footprint import union

__all__ = ["totals"]


def totals(table: AreaTable) -> dict[str, Any]:
    """Totals of an area table (unrounded)."""
    above = sum(s.building_area_m2 for s in table.storeys if s.above_ground)
    below = sum(s.building_area_m2 for s in table.storeys if not s.above_ground)
    by_building: dict[str | None, list] = {}
    for s in table.storeys:
        if s.above_ground and s.kind not in ("none", "roof") and not s.outline.is_empty:
            by_building.setdefault(s.storey.building_id, []).append(s)
    ground_floors = [min(group, key=lambda s: s.storey.elevation_m).outline
                     for group in by_building.values()]
    green = [i for i in table.items if i.category == "green"]

    def green_area(*kinds: str) -> float:
        return sum(i.area_m2 for i in green
                   if str(i.attributes.get("GreeningKind", "")).upper() in kinds)

    return {
        "building_area_m2": above + below,
        "above_ground_m2": above,
        "below_ground_m2": below,
        "footprint_m2": union(ground_floors).area,
        "households": table.households,
        "household_source": table.household_source,
        "service_area_m2": table.total(category="community_service"),
        "green_ground_m2": green_area("GROUND", "OVER_BASEMENT"),
        "green_roof_m2": green_area("ROOF"),
        "green_sky_garden_m2": green_area("SKY_GARDEN"),
        "green_vertical_m2": green_area("VERTICAL"),
    }
