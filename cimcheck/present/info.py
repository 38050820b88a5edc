"""The ``cimcheck info`` document: what a model is, before any rule is applied.

The JSON keys are stable; later versions add keys and never rename them::

    {"cimcheck_version", "model": {"file", "sha256", "schema", "schema_identifier",
     "application", "size_bytes"}, "units": {"length_to_m", "area_to_m2", "volume_to_m3",
     "length_unit", "area_unit_inferred"}, "storeys": [{"name", "global_id", "building",
     "elevation_m", "height_m", "height_source", "spaces"}], "counts": {class: n},
     "geometry": {"source", "meshes", "tessellated", "kernels", "seconds"},
     "diagnostics": [{"code", "severity", "global_id", "ifc_class", "message"}]}
"""

from __future__ import annotations

from typing import Any

from cimcheck.analysis import Analysis
from cimcheck.version import __version__

__all__ = ["info_dict"]


def info_dict(analysis: Analysis, lang: str = "en") -> dict[str, Any]:
    """Describe a model as a JSON-ready dict (messages in ``lang``)."""
    model, index = analysis.model, analysis.index
    buildings = {b.global_id: b.name for b in index.buildings}
    return {
        "cimcheck_version": __version__,
        "model": {
            "file": model.path.name,
            "sha256": model.sha256,
            "schema": model.schema,
            "schema_identifier": model.schema_identifier,
            "application": model.application,
            "size_bytes": model.size_bytes,
        },
        "units": {
            "length_to_m": model.units.length_to_m,
            "area_to_m2": model.units.area_to_m2,
            "volume_to_m3": model.units.volume_to_m3,
            "length_unit": model.units.length_unit_name,
            "area_unit_inferred": model.units.area_inferred,
        },
        "storeys": [
            {
                "name": s.name,
                "global_id": s.global_id,
                "building": buildings.get(s.building_id or "", None),
                "elevation_m": round(s.elevation_m, 4),
                "height_m": None if s.height_m is None else round(s.height_m, 4),
                "height_source": s.height_source,
                "spaces": len(index.spaces_by_storey.get(s.global_id, ())),
            }
            for s in index.storeys
        ],
        "counts": dict(index.counts),
        "geometry": {
            "source": analysis.geometry.source,
            "meshes": len(analysis.meshes),
            "tessellated": analysis.geometry.tessellated,
            "kernels": dict(analysis.geometry.kernels),
            "seconds": round(analysis.geometry.seconds, 3),
        },
        "diagnostics": [d.to_dict(lang) for d in analysis.diagnostics],
    }
