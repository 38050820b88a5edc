"""The ``cimcheck check`` document: the areas document plus the verdict of a rule pack.

Adds (stable keys): ``pack {id, version, title, chain}``, ``project {...}``,
``indicators {site_area_m2, total_building_area_m2, far_area_m2, plot_ratio,
exempt_area_m2 {balcony, bay_window, stilt, disaster_passage, public_open, sky_garden},
footprint_m2, building_density, green_area_m2, green_credit_m2, green_ratio, households,
service_area_m2, service_required_m2, building_height_m}``, ``indicator_sources``,
``findings [{rule_id, status, measured, required, unit, message, message_key, clause,
global_ids, indicator}]`` (``message`` in the document's language),
``ledger [...]`` (how every item enters the plot-ratio area), ``parameters`` and
``result`` (the worst status).
"""

from __future__ import annotations

from typing import Any

from cimcheck.analysis import Analysis
from cimcheck.facts.items import AreaTable
from cimcheck.present.areas import areas_dict
from cimcheck.results.finding import CheckRun

__all__ = ["check_dict", "verdict_dict"]


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    return value


def check_dict(analysis: Analysis, table: AreaTable, run: CheckRun,
               lang: str = "en") -> dict[str, Any]:
    """Describe a CheckRun as a JSON-ready dict: ``areas_dict``, then ``verdict_dict``."""
    return areas_dict(analysis, table, lang) | verdict_dict(run, lang)


def verdict_dict(run: CheckRun, lang: str = "en") -> dict[str, Any]:
    """Describe the keys of a check document that the pack and the project decide.

    ``areas_dict`` holds the rest, which the model and its measurement alone decide: a
    re-check under another project writes that part as it was (``cli``).
    """
    return {
        "pack": run.pack,
        "project": {k: _number(v) for k, v in run.project.items()},
        "indicators": {k: _number(v) for k, v in run.indicators.items()},
        "indicator_sources": dict(run.indicator_sources),
        "findings": [f.to_dict(lang) for f in run.findings],
        "ledger": [
            {"item": e.item_id, "storey": e.storey, "category": e.category,
             "global_ids": list(e.global_ids), "building_area_m2": round(e.building_area_m2, 4),
             "far_multiplier": e.far_multiplier, "exempt_m2": round(e.exempt_m2, 4),
             "far_area_m2": round(e.far_area_m2, 4), "exemption": e.exemption,
             "rule_id": e.rule_id, "clause": e.clause, "inferred": e.inferred}
            for e in run.ledger
        ],
        "parameters": {k: {kk: vv for kk, vv in v.items() if kk != "pack"} | {"pack": v.get("pack")}
                       for k, v in run.parameters.items()},
        "preflight": list(run.preflight),
        "result": str(run.worst),
    }
