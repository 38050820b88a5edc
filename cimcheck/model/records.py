"""Frozen records of the model index: what the rules read instead of ifcopenshell entities.

All lengths are metres, areas m², volumes m³. Property and quantity values are converted
from file units where IFC types them as measures (IfcLengthMeasure, IfcAreaMeasure, ...).
Mappings are plain dicts by construction; treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BuildingRecord",
    "ClassificationRef",
    "ElementRecord",
    "ProjectRecord",
    "SiteRecord",
    "StoreyRecord",
    "ZoneRecord",
]

Psets = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class ClassificationRef:
    """A classification reference (IfcClassificationReference) attached to an object."""

    system: str
    identification: str
    name: str


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """IfcProject, with the direction of true north in plan.

    ``true_north`` is the unit vector (x, y) of the model's 3D context ``TrueNorth``: where
    north points in the model's plan coordinates; None when the model does not say (then
    +Y is usually meant, but it is not known).
    """

    global_id: str
    name: str
    long_name: str
    true_north: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """IfcSite, with its property sets (Pset_SiteCommon holds site area and limits)."""

    global_id: str
    name: str
    psets: Psets = field(default_factory=dict)
    quantities: Psets = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildingRecord:
    """IfcBuilding."""

    global_id: str
    name: str
    site_id: str | None
    psets: Psets = field(default_factory=dict)
    quantities: Psets = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoreyRecord:
    """IfcBuildingStorey with its level and structural height.

    Attributes
    ----------
    elevation_m : float
        ``IfcBuildingStorey.Elevation`` in metres; the placement height if it is missing.
    base_z_m : float
        Height of the storey's placement in world coordinates (where geometry puts its
        floor). Usually equal to ``elevation_m``; they differ when the building is placed
        above the site's datum.
    height_m : float or None
        Structural storey height (结构层高, GB/T 50353-2013 §2): top of this floor's
        structure to the top of the next one.
    height_source : str
        Where ``height_m`` came from: ``"Qto_BuildingStoreyBaseQuantities.GrossHeight"``
        (authored), ``"next storey elevation"``, ``"geometry"`` (top storey, measured from
        its own elements) or ``"unknown"``.
    """

    global_id: str
    name: str
    long_name: str
    building_id: str | None
    elevation_m: float
    base_z_m: float
    height_m: float | None
    height_source: str
    step_id: int
    psets: Psets = field(default_factory=dict)
    quantities: Psets = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ElementRecord:
    """A space or building element the area rules may look at.

    Attributes
    ----------
    global_id : str
    ifc_class : str
        Exact IFC class (``"IfcWallStandardCase"``, ``"IfcSpace"``, ...).
    group : str
        Its key in ``index.CLASS_GROUPS`` ("walls" for any IfcWall subclass), or "parts".
    name, long_name, object_type, description : str
        Attribute values, "" when unset. ``long_name`` exists on spaces only.
    predefined_type : str
        The occurrence's PredefinedType, else its type object's, else "".
    storey_id : str or None
        GlobalId of the storey it belongs to (through containment, aggregation or
        nesting), None when it belongs to none.
    psets, quantities : mapping of mapping
        Property and quantity sets by name, values in SI units. Type-object property sets
        are merged under the occurrence's (occurrence values win).
    classifications : tuple of ClassificationRef
    step_id : int
        The entity's STEP id in the file (ties geometry back to the record).
    has_body : bool
        True if it has a 3D body representation (something to tessellate).
    parent_id : str or None
        GlobalId of the element it is part of (an IfcCurtainWall for its plates).
    assembly_name : str
        Name of the IfcElementAssembly it is part of, "" when none: precast exporters name
        the assembly ("Prefab balkon") and not its plates and beams.
    """

    global_id: str
    ifc_class: str
    group: str
    name: str
    long_name: str
    object_type: str
    description: str
    predefined_type: str
    storey_id: str | None
    step_id: int
    has_body: bool
    parent_id: str | None = None
    psets: Psets = field(default_factory=dict)
    quantities: Psets = field(default_factory=dict)
    classifications: tuple[ClassificationRef, ...] = ()
    assembly_name: str = ""


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    """An IfcZone or IfcSpatialZone and the GlobalIds of its members (often dwellings)."""

    global_id: str
    ifc_class: str
    name: str
    long_name: str
    object_type: str
    member_ids: tuple[str, ...]
    psets: Psets = field(default_factory=dict)
