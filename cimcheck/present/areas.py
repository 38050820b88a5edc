"""The ``cimcheck areas`` document: storey building areas and area items, with evidence.

Stable keys (later versions add, never rename)::

    {"model": {...}, "storeys": [{"name", "global_id", "elevation_m", "height_m",
      "height_source", "kind", "above_ground", "outline_area_m2", "building_area_m2",
      "items": [item ids], "notes", "floor_z_m", "checks": {"gross_m2", "rooms_m2",
      "rooms_ratio", "authored_gross_m2", "authored_source", "authored_ratio",
      "slab_gross_m2", "slab_outline_m2", "plausible", "causes": [{"key", "text"}]}}],
     "items": [{"id", "global_ids", "storey", "category", "area_m2", "area_coefficient",
      "building_area_m2", "clause", "evidence": [...], "inferred", "source", "attributes"}],
     "totals": {"building_area_m2", "above_ground_m2", "below_ground_m2", "footprint_m2",
      "households", "household_source", "service_area_m2", "green_ground_m2",
      "green_roof_m2", "green_sky_garden_m2", "green_vertical_m2"},
     "declared": [{"global_id", "subject", "quantity", "declared", "derived", "source",
      "within_tolerance"}],
     "diagnostics": [...]}

Areas are rounded to 0.01 m² here, in the output only; totals are summed before rounding.
"""

from __future__ import annotations

from typing import Any

from cimcheck.analysis import Analysis
from cimcheck.facts.items import AreaItem, AreaTable
from cimcheck.facts.plausibility import StoreyChecks
from cimcheck.facts.totals import totals
from cimcheck.version import __version__

__all__ = ["areas_dict", "item_dict"]


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value) + 0.0, digits)


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    return str(value)


def item_dict(item: AreaItem, lang: str) -> dict[str, Any]:
    """JSON form of one area item."""
    return {
        "id": item.id,
        "global_ids": list(item.global_ids),
        "storey": item.storey,
        "name": item.name,
        "category": item.category,
        "area_m2": _r(item.area_m2),
        "area_coefficient": item.area_coefficient,
        "building_area_m2": _r(item.building_area_m2),
        "clause": item.clause,
        "evidence": [e.text(lang) for e in item.evidence],
        "inferred": item.inferred,
        "source": item.source,
        "attributes": {k: _plain(v) for k, v in sorted(item.attributes.items())},
    }


def _checks_dict(checks: StoreyChecks | None, lang: str) -> dict[str, Any] | None:
    """JSON form of a storey's plausibility line (``storeys[].checks``)."""
    if checks is None:
        return None
    from cimcheck.text import MESSAGES

    index = 1 if lang.startswith("zh") else 0
    return {
        "gross_m2": _r(checks.gross_m2),
        "rooms_m2": _r(checks.rooms_m2),
        "rooms_ratio": _r(checks.rooms_ratio, 3),
        "authored_gross_m2": _r(checks.authored_gross_m2),
        "authored_source": checks.authored_source,
        "authored_ratio": _r(checks.authored_ratio, 3),
        "slab_gross_m2": _r(checks.slab_gross_m2),
        "slab_outline_m2": _r(checks.slab_outline_m2),
        "plausible": checks.plausible,
        "causes": [{"key": c, "text": MESSAGES[c][index]} for c in checks.causes],
    }


def areas_dict(analysis: Analysis, table: AreaTable, lang: str = "en") -> dict[str, Any]:
    """Describe the areas of a model as a JSON-ready dict."""
    model = analysis.model
    total = totals(table)
    return {
        "cimcheck_version": __version__,
        "model": {"file": model.path.name, "sha256": model.sha256, "schema": model.schema,
                  "application": model.application},
        "storeys": [
            {
                "name": s.storey.name,
                "global_id": s.storey.global_id,
                "elevation_m": round(s.storey.elevation_m, 4),
                "height_m": _r(s.storey.height_m, 4),
                "height_source": s.storey.height_source,
                "kind": s.kind,
                "above_ground": s.above_ground,
                "outline_area_m2": _r(s.outline.area),
                "building_area_m2": _r(s.building_area_m2),
                "items": [i.id for i in s.items],
                "notes": [n.text(lang) for n in s.notes],
                "floor_z_m": _r(s.floor_z_m, 4),
                "checks": _checks_dict(s.checks, lang),
            }
            for s in table.storeys
        ],
        "items": [item_dict(i, lang) for i in table.items],
        "totals": {k: (_r(v) if isinstance(v, float) else v) for k, v in total.items()},
        "declared": [
            {"global_id": c.subject_id, "subject": c.subject, "quantity": c.quantity,
             "declared": _r(c.declared, 3), "derived": _r(c.derived, 3), "source": c.source,
             "within_tolerance": c.within_tolerance}
            for c in table.comparisons
        ],
        "diagnostics": [d.to_dict(lang) for d in (*analysis.diagnostics, *table.diagnostics)],
    }
