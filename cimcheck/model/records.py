"""Frozen records of the model index: what the rules read instead of ifcopenshell entities.

All lengths are metres, areas m², volumes m³. Property and quantity values are converted
from file units where IFC types them as measures (IfcLengthMeasure, IfcAreaMeasure, ...).
Mappings are plain dicts by construction; treat them as read-only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cimcheck.results.diagnostic import Diagnostic

__all__ = [
    "BuildingRecord",
    "ClassificationRef",
    "ElementRecord",
    "ModelIndex",
    "ProjectRecord",
    "SiteRecord",
    "StoreyRecord",
    "ZoneRecord",
]

Psets = Mapping[str, Mapping[str, Any]]

_Record = TypeVar("_Record", bound=type)


def _built_when_read(cls: _Record) -> _Record:
    """Pickle a frozen, slotted record as a call of its class with its fields.

    ``dataclass(slots=True)`` pickles a state that its ``__setstate__`` sets field by
    field, looking the fields up for every object: twice as slow to read back as the
    class's own ``__init__`` (the 2,400 storeys of a 100-tower community, read with its
    cached analysis on every re-check under a new site area). For records without
    ``__post_init__`` whose fields are all positional arguments of ``__init__`` (asserted):
    the call builds exactly the record that was pickled.
    """
    every = fields(cls)
    assert "__post_init__" not in vars(cls) and all(f.init and not f.kw_only for f in every), \
        f"{cls.__name__}: its fields are not all its __init__'s positional arguments"
    values_of = attrgetter(*(f.name for f in every))

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, values_of(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


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


@_built_when_read
@dataclass(frozen=True, slots=True)
class BuildingRecord:
    """IfcBuilding."""

    global_id: str
    name: str
    site_id: str | None
    psets: Psets = field(default_factory=dict)
    quantities: Psets = field(default_factory=dict)


@_built_when_read
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


_T = TypeVar("_T")
_K = TypeVar("_K", bound=Hashable)


def _group(items: Iterable[_T], key: Callable[[_T], _K]) -> dict[_K, tuple[_T, ...]]:
    out: dict[_K, list[_T]] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class ModelIndex:
    """Everything the rules need to know about a model that is not geometry.

    Attributes
    ----------
    project : ProjectRecord or None
    sites, buildings, storeys : tuple
        Storeys sorted by building, then elevation.
    elements : tuple of ElementRecord
        Spaces and the building elements of ``CLASS_GROUPS`` (plus curtain-wall parts).
    zones : tuple of ZoneRecord
    counts : mapping of str to int
        Number of IfcProduct instances per exact class, for the whole file.
    diagnostics : tuple of Diagnostic
    unplaceable : frozenset of int
        STEP ids of elements whose placement chain loops (a placement relative to itself):
        they have a body but cannot be placed, so they are never tessellated (the geometry
        kernel recurses forever on them) and the storeys they belong to say so.
    damaged : frozenset of str
        GlobalIds of the elements and storeys that a parse problem touches (a dangling
        reference, a wrong attribute count, an entity cut short, anywhere below them).
    """

    project: ProjectRecord | None
    sites: tuple[SiteRecord, ...]
    buildings: tuple[BuildingRecord, ...]
    storeys: tuple[StoreyRecord, ...]
    elements: tuple[ElementRecord, ...]
    zones: tuple[ZoneRecord, ...]
    counts: Mapping[str, int]
    diagnostics: tuple[Diagnostic, ...]
    unplaceable: frozenset[int] = frozenset()
    damaged: frozenset[str] = frozenset()

    @cached_property
    def wholes(self) -> frozenset[str]:
        """GlobalIds of the elements that have indexed parts (their geometry may be there)."""
        return frozenset(e.parent_id for e in self.elements if e.parent_id)

    @cached_property
    def by_id(self) -> dict[str, ElementRecord]:
        """Elements by GlobalId."""
        return {e.global_id: e for e in self.elements}

    @cached_property
    def spaces(self) -> tuple[ElementRecord, ...]:
        """All IfcSpace records."""
        return tuple(e for e in self.elements if e.ifc_class == "IfcSpace")

    @cached_property
    def spaces_by_storey(self) -> dict[str | None, tuple[ElementRecord, ...]]:
        """Spaces grouped by storey GlobalId (None: in no storey)."""
        return _group(self.spaces, lambda e: e.storey_id)

    @cached_property
    def elements_by_storey(self) -> dict[str | None, tuple[ElementRecord, ...]]:
        """All indexed elements grouped by storey GlobalId (None: in no storey)."""
        return _group(self.elements, lambda e: e.storey_id)
