"""Decide what an element is, strongest source first, recording the evidence.

1. reviewer override (from the project file, passed in by the caller);
2. explicit property: ``CIMCheck_Area.AreaCategory``, ``CIMCheck_Greening``, or a GFA
   space (IfcSpaceTypeEnum.GFA / ObjectType ``AREA_GFA``, the IFC+SG convention);
3. IFC semantics: IfcSlab PredefinedType ROOF, IfcSpace EXTERNAL or
   ``Pset_SpaceCommon.IsExternal``;
4. names in Chinese and English (``keywords.yaml``);
5. geometry, decided later by the area engine (slab outside the outline → balcony).

Steps 4 and 5 mark the result "inferred; please confirm".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from cimcheck.facts.items import Evidence
from cimcheck.model.records import ElementRecord
from cimcheck.vocab import AREA_CATEGORIES
from cimcheck.yamldata import SAFE_LOADER

__all__ = ["CATEGORIES", "Classification", "classify", "match_name"]

#: Lower-case AreaCategory values (the CIMCheck_Area enumeration) plus "roof" and "gfa".
CATEGORIES = AREA_CATEGORIES

_GREENING_KINDS = {"GROUND", "ROOF", "OVER_BASEMENT", "VERTICAL", "SKY_GARDEN"}


@dataclass(frozen=True, slots=True)
class Classification:
    """The category of an element and how it was decided.

    ``category`` None means "nothing special": an ordinary part of its storey.
    ``external`` records IFC's own statement that a space is outside (EXTERNAL).
    """

    category: str | None
    source: str
    evidence: tuple[Evidence, ...]
    inferred: bool
    external: bool = False


@cache
def _patterns() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    text = resources.files("cimcheck.facts").joinpath("keywords.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=SAFE_LOADER)
    return tuple(
        (entry["category"], tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]))
        for entry in data["categories"]
    )


@cache
def _any_pattern() -> re.Pattern[str]:
    """One expression that matches where any keyword of any category matches."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, patterns in _patterns()
                               for pattern in patterns), re.IGNORECASE)


def match_name(*texts: str) -> tuple[str, str, str] | None:
    """Return ``(category, text, pattern)`` for the first keyword that matches any text.

    Examples
    --------
    >>> match_name("2F-01", "阳台")[0]
    'balcony'
    >>> match_name("FUNDBALK 400x600") is None     # Dutch for foundation beam
    True
    >>> match_name("Terrassentuer") is None        # German for terrace door
    True
    >>> match_name("R301", "Roof")[0], match_name("屋顶绿化")[0], match_name("Sky garden")[0]
    ('roof', 'green', 'sky_garden')
    """
    if not any(text and _any_pattern().search(text) for text in texts):
        return None     # most names match nothing: one search per text, not one per pattern
    for category, patterns in _patterns():
        for text in texts:
            if not text:
                continue
            for pattern in patterns:
                if pattern.search(text):
                    return category, text, pattern.pattern
    return None


def _is_gfa(record: ElementRecord) -> bool:
    return record.ifc_class == "IfcSpace" and (
        record.predefined_type.upper() == "GFA"
        or record.object_type.upper() in {"AREA_GFA", "GFA"}
    )


def classify(record: ElementRecord, override: tuple[str, str] | None = None) -> Classification:
    """Classify a space, slab, window or proxy.

    Parameters
    ----------
    record : ElementRecord
    override : (category, comment), optional
        A reviewer's decision from the project file; it wins over everything.
    """
    external = record.predefined_type.upper() == "EXTERNAL" or bool(
        record.psets.get("Pset_SpaceCommon", {}).get("IsExternal") is True
    )
    if override is not None:
        category, comment = override
        return Classification(category.lower(), "override",
                              (Evidence.of("ev.override", category=category.lower(),
                                           comment=comment),), False, external)
    area = record.psets.get("CIMCheck_Area", {})
    declared = area.get("AreaCategory")
    if isinstance(declared, str) and declared.strip():
        value = declared.strip().lower()
        if value in CATEGORIES:
            return Classification(value, "property", (Evidence.of(
                "ev.pset", pset="CIMCheck_Area", prop="AreaCategory", value=declared),),
                False, external)
    greening = record.psets.get("CIMCheck_Greening", {})
    kind = greening.get("GreeningKind")
    if isinstance(kind, str) and kind.strip().upper() in _GREENING_KINDS:
        return Classification("green", "property", (Evidence.of(
            "ev.pset", pset="CIMCheck_Greening", prop="GreeningKind", value=kind),),
            False, external)
    if _is_gfa(record):
        return Classification("gfa", "ifc", (Evidence.of(
            "ev.gfa", value=record.predefined_type or record.object_type),), False, external)
    if record.ifc_class == "IfcSlab" and record.predefined_type.upper() == "ROOF":
        return Classification("roof", "ifc", (Evidence.of(
            "ev.predefined", ifc_class=record.ifc_class, value="ROOF"),), False, external)
    found = match_name(record.long_name, record.name, record.object_type, record.assembly_name)
    if found is not None:
        category, text, pattern = found
        return Classification(category, "name", (Evidence.of(
            "ev.name", text=text, category=category),), True, external)
    if external:
        return Classification(None, "ifc", (Evidence.of(
            "ev.external", ifc_class=record.ifc_class),), False, True)
    return Classification(None, "default", (), False, False)


def storey_kind_by_name(name: str, long_name: str = "") -> tuple[str, Evidence] | None:
    """Return a storey category named by the storey itself (架空层, 避难层, 设备层, 地下室...)."""
    found = match_name(long_name, name)
    if found is None or found[0] not in {"stilt", "refuge", "equipment", "basement",
                                         "roof_structure"}:
        return None
    return found[0], Evidence.of("ev.storey_name", text=found[1], category=found[0])


def attributes_of(record: ElementRecord) -> dict[str, Any]:
    """Return the declared facts of an element the rules may use (SI units)."""
    area = record.psets.get("CIMCheck_Area", {})
    greening = record.psets.get("CIMCheck_Greening", {})
    out: dict[str, Any] = {}
    for key in ("UnitId", "Use", "InsideMainStructure", "IsEnclosed", "SillStep", "ClearHeight",
                "StructHeight", "Depth", "HandedOverTo", "DeclaredAreaCoeff",
                "DeclaredFARCoeff", "DeclaredExemption"):
        if area.get(key) is not None:
            out[key] = area[key]
    for key in ("GreeningKind", "SoilDepth", "GreeningType", "LevelAboveGrade", "IsAccessible",
                "PlantedArea"):
        if greening.get(key) is not None:
            out[key] = greening[key]
    common = record.psets.get("Pset_SpaceCommon", {})
    if common.get("PubliclyAccessible") is not None:
        out["PubliclyAccessible"] = common["PubliclyAccessible"]
    return out
