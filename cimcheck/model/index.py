"""The model index: the spatial tree and the elements the area rules read, as frozen records.

``build_index(model)`` walks an opened IFC once and returns a :class:`ModelIndex` in metres.
Nothing after it touches ifcopenshell entities except the tessellator.

IFC subtleties handled here
---------------------------
- *Which storey is an element on?* Building elements are **contained** in a storey
  (IfcRelContainedInSpatialStructure), spaces are **aggregated** under it
  (IfcRelAggregates), parts are aggregated under their whole (a slab under an IfcRoof, a
  plate under an IfcCurtainWall) and some exporters contain elements in a *space*. We walk
  up containment, aggregation and nesting until a storey appears; elements that reach an
  IfcSite or IfcBuilding instead are "in no storey" and reported once per class.
- *Storey height.* GB/T 50353 thresholds (2.20 m) use the structural storey height
  (结构层高). ``Qto_BuildingStoreyBaseQuantities.GrossHeight`` is that by definition
  (ArchiCAD writes it in a set named ``BaseQuantities``); otherwise the next storey's
  elevation in the same building gives it; the top storey has no next storey, so the
  pipeline measures it from its own elements once geometry exists
  (:func:`complete_storey_heights`).
- *Space type in IFC2X3.* IfcSpace has no PredefinedType there; ``InteriorOrExteriorSpace``
  (INTERNAL / EXTERNAL) plays that role and is reported as the predefined type.
- *Several buildings* keep their storeys apart: heights are derived within a building.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, cast

import ifcopenshell
import ifcopenshell.util.element
import ifcopenshell.util.placement
import numpy as np
import shapely

from cimcheck.errors import CimcheckError
from cimcheck.forkmap import fork_map
from cimcheck.model.attributes import attribute as _attribute
from cimcheck.model.attributes import position as _position
from cimcheck.model.loader import LoadedModel, ParseProblem, damage_error
from cimcheck.model.psets import read_property_sets
from cimcheck.model.records import (
    BuildingRecord,
    ClassificationRef,
    ElementRecord,
    ModelIndex,
    ProjectRecord,
    SiteRecord,
    StoreyRecord,
    ZoneRecord,
)
from cimcheck.progress import NullProgress, Progress
from cimcheck.results.diagnostic import Diagnostic, Severity
from cimcheck.units import UnitScale

log = logging.getLogger(__name__)

__all__ = ["CLASS_GROUPS", "ModelIndex", "build_index", "complete_storey_heights",
           "cyclic_placements", "is_wall_name"]

#: The element groups the area rules read, by IFC class (subclasses included).
CLASS_GROUPS: dict[str, tuple[str, ...]] = {
    "spaces": ("IfcSpace",),
    "slabs": ("IfcSlab",),
    "walls": ("IfcWall",),
    "columns": ("IfcColumn",),
    "curtain_walls": ("IfcCurtainWall",),
    "railings": ("IfcRailing",),
    "windows": ("IfcWindow",),
    "coverings": ("IfcCovering",),
    "roofs": ("IfcRoof",),
    "proxies": ("IfcBuildingElementProxy",),
    "geographic": ("IfcGeographicElement",),  # IFC4+: planting areas
    # Stairs, ramps and lifts mark a hole in the outline as a shaft (GB/T 50353 3.0.19).
    "circulation": ("IfcStair", "IfcStairFlight", "IfcRamp", "IfcRampFlight",
                    "IfcTransportElement"),
}

#: Parts indexed only when they make up an enclosing whole: curtain-wall panels and
#: mullions, and the layers of a wall that ArchiCAD and supplier exports give the geometry
#: to (the IfcWall itself then has no body).
_PART_CLASSES = ("IfcPlate", "IfcMember", "IfcBuildingElementPart")
_PART_PARENTS = ("IfcCurtainWall", "IfcWall")

#: Classes that precast and steel exporters use for wall panels and balcony plates (Tekla
#: exports a precast wall as an IfcBeam named WAND inside an IfcElementAssembly named
#: WAND); indexed as "parts" when the element's or its assembly's name says wall
#: (``is_wall_name``), as "slabs" when its assembly's name says balcony.
_WALL_LIKE_CLASSES = ("IfcBeam", "IfcPlate", "IfcMember", "IfcBuildingElementPart")

#: Names of wall panels in the languages of the exporters met so far: English, Dutch and
#: German (wand), Spanish and Portuguese (muro, pared), French (mur), Chinese (墙), Russian.
_WALL_NAME = re.compile(
    r"(\bwalls?\b|\bwand(paneel|element)?\b|\bmuro\b|\bpared\b|\bmurs?\b|墙|стен)",
    re.IGNORECASE)

#: Representation identifiers that are not 3D bodies.
_NOT_BODY = {"Axis", "FootPrint", "Box", "Annotation", "Profile", "Clearance", "Lighting"}

#: A level less than this above the one below is a reference level (a garage roof, a roof
#: datum), not a floor: no storey height is derived from it, and the area engine gives it
#: no area (it would measure the same walls again) (m).
REFERENCE_LEVEL_M = 1.0
#: No storey is higher than this (m); a larger authored or derived height is damage (a
#: storey "999,986 m high") and is not used: the height is then unknown, and said so.
MAX_STOREY_HEIGHT_M = 50.0

_HEIGHT_QTO = "Qto_BuildingStoreyBaseQuantities.GrossHeight"


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


#: How far up the references a damaged instance is followed to the products using it.
_DAMAGE_DEPTH = 12


def _products_touched(file: ifcopenshell.file, step_id: int) -> set[str]:
    """GlobalIds of the products and storeys that use an instance, directly or not."""
    try:
        start = file.by_id(step_id)
    except RuntimeError:
        return set()
    found: set[str] = set()
    seen = {start.id()}
    frontier = [start]
    for _ in range(_DAMAGE_DEPTH):
        following: list[ifcopenshell.entity_instance] = []
        for entity in frontier:
            if entity.is_a("IfcProduct"):
                found.add(entity.GlobalId)
                continue  # the product is what is reported; its containers are not damaged
            if entity.is_a("IfcRelationship"):
                # A damaged relationship, or one carrying a damaged property set, touches
                # the products it relates.
                # An instance iterates over its attribute values (the sequence protocol,
                # through __getitem__: ifcopenshell's stubs do not declare it iterable).
                for value in cast("Iterable[Any]", entity):
                    for item in value if isinstance(value, tuple) else (value,):
                        if isinstance(item, ifcopenshell.entity_instance) \
                                and item.is_a("IfcProduct"):
                            found.add(item.GlobalId)
                continue
            for user in file.get_inverse(entity):
                if user.id() not in seen:
                    seen.add(user.id())
                    following.append(user)
        frontier = following
        if not frontier:
            break
    return found


#: A profile's polyline points, or None where they cannot be read as coordinates.
_Ring = list[tuple[float, float]] | None


def _profile_rings(entity: ifcopenshell.entity_instance) -> list[_Ring]:
    """Return the polyline profiles of an entity's extrusions, in representation order.

    Only polyline profiles of extrusions are looked at (the common case for spaces and
    slabs); anything else is left to the geometry.
    """
    shape = _attribute(entity, "Representation")
    if not isinstance(shape, ifcopenshell.entity_instance):
        return []
    rings: list[_Ring] = []
    for rep in shape.Representations or ():
        for item in getattr(rep, "Items", None) or ():
            if not item.is_a("IfcExtrudedAreaSolid"):
                continue
            profile = item.SweptArea
            curve = getattr(profile, "OuterCurve", None) if profile is not None else None
            if curve is None or not curve.is_a("IfcPolyline"):
                continue
            try:
                rings.append([(float(xyz[0]), float(xyz[1]))
                              for xyz in (_attribute(p, "Coordinates") for p in curve.Points)])
            except (TypeError, ValueError, AttributeError, IndexError):
                rings.append(None)
    return rings


def _closes(ring: _Ring) -> bool:
    """Whether a ring's points make a ring: three at least, four once closed."""
    return ring is not None and len(ring) >= (4 if ring[0] == ring[-1] else 3)


def _profile_problems(rings_of: list[list[_Ring]]) -> list[str | None]:
    """Say, for each element's profiles, whether one crosses itself or encloses nothing.

    A space drawn as a bow-tie has no meaningful area: the kernel tessellates something, and
    its footprint is not the room. An element's first faulty profile names the problem. The
    rings of all elements are judged in one vectorised shapely call (a call per ring took
    0.3 s of a 2.0 s profile of a 25-tower community's index).
    """
    readable = [ring for rings in rings_of for ring in rings
                if ring is not None and _closes(ring)]
    coords = np.array([point for ring in readable for point in ring], dtype=np.float64)
    which = np.repeat(np.arange(len(readable)), [len(ring) for ring in readable])
    lines = shapely.linearrings(coords.reshape(-1, 2), indices=which) if readable \
        else np.empty(0, dtype=object)
    simple = iter(shapely.is_simple(lines).tolist())
    areas = iter(shapely.area(shapely.polygons(lines)).tolist())
    problems: list[str | None] = []
    for rings in rings_of:
        problem = None
        for ring in rings:
            if not _closes(ring):
                problem = problem or "problem.profile_points"
                continue
            is_simple, area = next(simple), next(areas)
            if problem is None and not is_simple:
                problem = "problem.profile_crossing"
            elif problem is None and area <= 1e-9:
                problem = "problem.profile_empty"
        problems.append(problem)
    return problems


def cyclic_placements(file: ifcopenshell.file) -> set[int]:
    """STEP ids of the placements whose ``PlacementRelTo`` chain never ends (a cycle).

    A placement relative to itself, or two relative to each other, sends ifcopenshell's
    geometry kernel into endless recursion (a segmentation fault): they are found here,
    before any geometry, by walking every chain once.

    Examples
    --------
    >>> import ifcopenshell
    >>> f = ifcopenshell.file(schema="IFC4")
    >>> a = f.createIfcLocalPlacement(None, None)
    >>> b = f.createIfcLocalPlacement(a, None)
    >>> a.PlacementRelTo = b
    >>> sorted(cyclic_placements(f)) == sorted([a.id(), b.id()])
    True
    """
    state: dict[int, int] = {}  # 1: on the current walk, 2: ends well, 3: reaches a cycle
    for start in file.by_type("IfcObjectPlacement"):
        walk: list[int] = []
        current: ifcopenshell.entity_instance | None = start
        verdict = 2
        while current is not None:
            step_id = current.id()
            mark = state.get(step_id)
            if mark == 1:
                verdict = 3
                break
            if mark in (2, 3):
                verdict = mark
                break
            state[step_id] = 1
            walk.append(step_id)
            current = _attribute(current, "PlacementRelTo")
        for step_id in walk:
            state[step_id] = verdict
    return {step_id for step_id, mark in state.items() if mark == 3}


def _placement_z(product: ifcopenshell.entity_instance, length_to_m: float,
                 broken: set[int] | frozenset[int] = frozenset(),
                 placed: dict[int, np.ndarray] | None = None) -> float | None:
    """Height of a product's placement in metres; None where its chain loops.

    ``placed``: world matrices of the placements met so far, by STEP id (the storeys of a
    tower share their building's and site's: each is computed once).
    """
    placement = getattr(product, "ObjectPlacement", None)
    if placement is None:
        return 0.0
    if placement.id() in broken:
        return None
    try:
        return float(_world_matrix(placement, {} if placed is None else placed)[2][3]) \
            * length_to_m
    except (AttributeError, RuntimeError, TypeError, ValueError):
        return 0.0


def _world_matrix(placement: ifcopenshell.entity_instance,
                  placed: dict[int, np.ndarray]) -> np.ndarray:
    """``ifcopenshell.util.placement.get_local_placement``, each placement computed once."""
    step_id = placement.id()
    matrix = placed.get(step_id)
    if matrix is None:
        rel_to = placement.PlacementRelTo
        parent = np.eye(4) if rel_to is None else _world_matrix(rel_to, placed)
        matrix = np.dot(parent, ifcopenshell.util.placement.get_axis2placement(
            placement.RelativePlacement))
        placed[step_id] = matrix
    return matrix


class _Tree:
    """Parent links of the spatial and compositional tree, read once from the relations.

    Walking up with ``ifcopenshell.util.element`` re-reads inverse attributes (and checks
    the schema) at every step; one pass over the relationship entities makes every later
    lookup a dictionary access, which matters on models with thousands of elements.
    """

    def __init__(self, file: ifcopenshell.file) -> None:
        self.parent: dict[int, ifcopenshell.entity_instance] = {}
        self.aggregate: dict[int, ifcopenshell.entity_instance] = {}
        for rel in file.by_type("IfcRelContainedInSpatialStructure"):
            for element in rel.RelatedElements or ():
                self.parent.setdefault(element.id(), rel.RelatingStructure)
        for rel in file.by_type("IfcRelAggregates"):
            for part in rel.RelatedObjects or ():
                self.aggregate[part.id()] = rel.RelatingObject
                self.parent.setdefault(part.id(), rel.RelatingObject)
        for rel in file.by_type("IfcRelNests"):
            for part in rel.RelatedObjects or ():
                self.parent.setdefault(part.id(), rel.RelatingObject)
        #: Each typed object's type (IfcRelDefinesByType; IFC2X3 and IFC4 alike).
        self.types: dict[int, ifcopenshell.entity_instance] = {}
        for rel in file.by_type("IfcRelDefinesByType"):
            for obj in rel.RelatedObjects or ():
                self.types.setdefault(obj.id(), rel.RelatingType)
        #: Each classified object's references (IfcRelAssociatesClassification).
        self.classified: dict[int, list[ifcopenshell.entity_instance]] = defaultdict(list)
        for rel in file.by_type("IfcRelAssociatesClassification"):
            reference = rel.RelatingClassification
            for obj in rel.RelatedObjects or ():
                if reference is not None and reference not in self.classified[obj.id()]:
                    self.classified[obj.id()].append(reference)

    def ancestor(self, entity: ifcopenshell.entity_instance, ifc_class: str,
                 max_depth: int = 12) -> ifcopenshell.entity_instance | None:
        """Return the nearest ancestor of class ``ifc_class`` (containment, aggregation...)."""
        step_id = entity.id()
        for _ in range(max_depth):
            parent = self.parent.get(step_id)
            if parent is None:
                return None
            if parent.is_a(ifc_class):
                return parent
            step_id = parent.id()
        return None


def _has_body(product: ifcopenshell.entity_instance) -> bool:
    shape = _attribute(product, "Representation")
    if shape is None:
        return False
    for rep in _attribute(shape, "Representations") or ():
        if _text(_attribute(rep, "RepresentationIdentifier")) not in _NOT_BODY and _text(
            _attribute(rep, "RepresentationType")
        ) not in ("Curve2D", "GeometricCurveSet", "Annotation2D", "Point"):
            return True
    return False


def _predefined_type(entity: ifcopenshell.entity_instance,
                     element_type: ifcopenshell.entity_instance | None) -> str:
    """Return the predefined type: the type's when it says one, else the occurrence's.

    As ``ifcopenshell.util.element.get_predefined_type``, with the type already known:
    USERDEFINED reads the custom name (ElementType / ProcessType of a type, ObjectType of
    an occurrence); NOTDEFINED on the type falls through to the occurrence.
    """
    if entity.is_a("IfcSpace") and _position(entity, "PredefinedType") < 0:   # IFC2X3
        return _text(_attribute(entity, "InteriorOrExteriorSpace"))
    value = _attribute(entity, "PredefinedType")
    if element_type is not None:
        type_value = _attribute(element_type, "PredefinedType")
        if type_value == "USERDEFINED" or not type_value:
            type_value = _attribute(element_type, "ElementType") \
                or _attribute(element_type, "ProcessType")
        if type_value and type_value != "NOTDEFINED":
            return _text(type_value)
    if value == "USERDEFINED" or not value:
        value = _attribute(entity, "ObjectType")
    return _text(value)


def _classifications(entity: ifcopenshell.entity_instance,
                     element_type: ifcopenshell.entity_instance | None,
                     tree: _Tree) -> tuple[ClassificationRef, ...]:
    """Return an element's classification references, its type's included.

    As ``ifcopenshell.util.classification.get_references``, with the relations already
    read: the type's references, except in a classification system the occurrence is
    classified in itself (the occurrence's override them there).
    """
    refs = list(tree.classified.get(entity.id(), ()))
    if element_type is not None and tree.classified.get(element_type.id()):
        systems = {_system_of(ref) for ref in refs}
        refs += [ref for ref in tree.classified[element_type.id()]
                 if _system_of(ref) not in systems and ref not in refs]
    out = []
    for ref in refs:
        source = getattr(ref, "ReferencedSource", None)
        system = _text(getattr(source, "Name", None)) if source is not None else ""
        ident = _text(getattr(ref, "Identification", None) or getattr(ref, "ItemReference", None))
        out.append(ClassificationRef(system=system, identification=ident, name=_text(ref.Name)))
    return tuple(sorted(out, key=lambda r: (r.system, r.identification, r.name)))


def _system_of(reference: ifcopenshell.entity_instance) -> int | None:
    """Step id of the IfcClassification a reference belongs to (None: none named)."""
    for _ in range(12):
        if reference.is_a("IfcClassification"):
            return int(reference.id())
        source = getattr(reference, "ReferencedSource", None)
        if source is None:
            return None
        reference = source
    return None


def _element_record(
    entity: ifcopenshell.entity_instance, group: str, model: LoadedModel,
    storey_ids: dict[int, str], tree: _Tree,
) -> ElementRecord:
    storey = tree.ancestor(entity, "IfcBuildingStorey")
    parent = tree.aggregate.get(entity.id())
    element_type = tree.types.get(entity.id())
    psets, qtos = read_property_sets(entity, model.units, element_type)
    return ElementRecord(
        global_id=_attribute(entity, "GlobalId"),
        ifc_class=entity.is_a(),
        group=group,
        name=_text(_attribute(entity, "Name")),
        long_name=_text(_attribute(entity, "LongName")),
        object_type=_text(_attribute(entity, "ObjectType")),
        description=_text(_attribute(entity, "Description")),
        predefined_type=_predefined_type(entity, element_type),
        storey_id=storey_ids.get(storey.id()) if storey is not None else None,
        step_id=entity.id(),
        has_body=_has_body(entity),
        parent_id=parent.GlobalId if parent is not None and parent.is_a("IfcProduct") else None,
        psets=psets,
        quantities=qtos,
        classifications=_classifications(entity, element_type, tree),
        assembly_name=_text(parent.Name) if parent is not None
        and parent.is_a("IfcElementAssembly") else "",
    )


def _gross_height(qtos: Mapping[str, Mapping[str, Any]]) -> tuple[float | None, str, Any]:
    """Read the authored storey height: ``(height, source, rejected value or None)``."""
    for qset in ("Qto_BuildingStoreyBaseQuantities", "BaseQuantities", ""):
        value = qtos.get(qset, {}).get("GrossHeight")
        if value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and 0 < value <= MAX_STOREY_HEIGHT_M:
            source = _HEIGHT_QTO if qset.startswith("Qto") else f"{qset}.GrossHeight"
            return float(value), source, None
        return None, "unknown", value
    return None, "unknown", None


#: A storey read from the file, before heights: (building GlobalId, elevation, base z,
#: the IfcBuildingStorey, psets, quantities).
_RawStorey = tuple[str | None, float, float, ifcopenshell.entity_instance,
                   dict[str, dict[str, Any]], dict[str, dict[str, Any]]]


def _storeys(file: ifcopenshell.file, model: LoadedModel, diagnostics: list[Diagnostic],
             tree: _Tree, broken: set[int]) -> list[StoreyRecord]:
    units = model.units
    raw: list[_RawStorey] = []
    placed: dict[int, np.ndarray] = {}
    for storey in file.by_type("IfcBuildingStorey"):
        building = tree.ancestor(storey, "IfcBuilding")
        base_z = _placement_z(storey, units.length_to_m, broken, placed)
        elevation = storey.Elevation
        if elevation is not None and (isinstance(elevation, bool)
                                      or not isinstance(elevation, (int, float))
                                      or not math.isfinite(elevation)):
            # A damaged file can hold text where a number belongs ('high').
            diagnostics.append(Diagnostic.make(
                "index.elevation_invalid", Severity.WARNING, global_id=storey.GlobalId,
                storey=_text(storey.Name), value=repr(elevation)))
            elevation = None
        if base_z is None:  # a looping placement: the elevation is all there is
            base_z = float(elevation) * units.length_to_m if elevation is not None else 0.0
        elevation_m = float(elevation) * units.length_to_m if elevation is not None else base_z
        psets, qtos = read_property_sets(storey, units)
        building_id = building.GlobalId if building else None
        raw.append((building_id, elevation_m, base_z, storey, psets, qtos))
    raw.sort(key=lambda r: (r[0] or "", r[1]))
    by_building: dict[str | None, list[_RawStorey]] = defaultdict(list)
    for item in raw:
        by_building[item[0]].append(item)
    records = []
    for items in by_building.values():
        for i, (building_id, elevation_m, base_z, storey, psets, qtos) in enumerate(items):
            height, source, rejected = _gross_height(qtos)
            if rejected is not None:
                diagnostics.append(Diagnostic.make(
                    "index.storey_height_absurd", Severity.WARNING, global_id=storey.GlobalId,
                    ifc_class="IfcBuildingStorey", storey=_text(storey.Name),
                    value=repr(rejected), source="GrossHeight", limit=MAX_STOREY_HEIGHT_M))
            if height is None:
                above = [it for it in items[i + 1 :] if it[1] > elevation_m + 1e-6]
                # A level less than 1 m up is a reference level (a garage roof, a roof
                # datum), not the next floor: skip it and say so.
                close = [it for it in above if it[1] - elevation_m < REFERENCE_LEVEL_M]
                above = [it for it in above if it[1] - elevation_m >= REFERENCE_LEVEL_M]
                if close:
                    diagnostics.append(
                        Diagnostic.make(
                            "index.storey_height_implausible",
                            Severity.WARNING,
                            global_id=storey.GlobalId,
                            ifc_class="IfcBuildingStorey",
                            storey=_text(storey.Name),
                            height=round(close[0][1] - elevation_m, 3),
                            next=_text(close[0][3].Name),
                        )
                    )
                if above and above[0][1] - elevation_m > MAX_STOREY_HEIGHT_M:
                    diagnostics.append(Diagnostic.make(
                        "index.storey_height_absurd", Severity.WARNING,
                        global_id=storey.GlobalId, ifc_class="IfcBuildingStorey",
                        storey=_text(storey.Name), value=round(above[0][1] - elevation_m, 3),
                        source="next storey elevation", limit=MAX_STOREY_HEIGHT_M))
                elif above:
                    height, source = above[0][1] - elevation_m, "next storey elevation"
            records.append(
                StoreyRecord(
                    global_id=storey.GlobalId,
                    name=_text(storey.Name),
                    long_name=_text(storey.LongName),
                    building_id=building_id,
                    elevation_m=elevation_m,
                    base_z_m=base_z,
                    height_m=height,
                    height_source=source,
                    step_id=storey.id(),
                    psets=psets,
                    quantities=qtos,
                )
            )
    return records


def _zones(file: ifcopenshell.file, units: UnitScale) -> list[ZoneRecord]:
    zones = []
    classes = ["IfcZone"] + (["IfcSpatialZone"] if file.schema != "IFC2X3" else [])
    for cls in classes:
        for zone in file.by_type(cls):
            members: list[ifcopenshell.entity_instance] = []
            for rel in getattr(zone, "IsGroupedBy", None) or ():
                members.extend(rel.RelatedObjects or ())
            for rel in getattr(zone, "ReferencesElements", None) or ():
                members.extend(rel.RelatedElements or ())
            for rel in getattr(zone, "ContainsElements", None) or ():
                members.extend(rel.RelatedElements or ())
            for rel in getattr(zone, "IsDecomposedBy", None) or ():
                members.extend(rel.RelatedObjects or ())
            psets, _ = read_property_sets(zone, units)
            zones.append(
                ZoneRecord(
                    global_id=zone.GlobalId,
                    ifc_class=zone.is_a(),
                    name=_text(zone.Name),
                    long_name=_text(getattr(zone, "LongName", None)),
                    object_type=_text(zone.ObjectType),
                    member_ids=tuple(
                        m.GlobalId for m in members if hasattr(m, "GlobalId")
                    ),
                    psets=psets,
                )
            )
    return zones


def _indexed_entities(
    file: ifcopenshell.file, tree: _Tree
) -> list[tuple[ifcopenshell.entity_instance, str]]:
    """List the entities to index, each with its ``CLASS_GROUPS`` key (or "parts").

    Three passes, each leaving out what an earlier one took: the classes of
    ``CLASS_GROUPS``, then the parts that make up a curtain wall or a wall, then the beams,
    plates and members that precast and steel exporters use for wall panels and balconies.
    """
    seen: set[int] = set()
    entities = _grouped_entities(file, seen)
    entities += _part_entities(file, tree, seen)
    entities += _precast_entities(file, tree, seen)
    return entities


def _grouped_entities(
    file: ifcopenshell.file, seen: set[int]
) -> list[tuple[ifcopenshell.entity_instance, str]]:
    """List the instances of the ``CLASS_GROUPS`` classes, each once; add them to ``seen``."""
    entities = []
    for group, classes in CLASS_GROUPS.items():
        for cls in classes:
            try:
                found = file.by_type(cls)
            except RuntimeError:  # class absent from this schema (IfcGeographicElement in 2X3)
                continue
            for entity in found:
                if entity.id() not in seen:
                    seen.add(entity.id())
                    entities.append((entity, group))
    return entities


def _part_entities(
    file: ifcopenshell.file, tree: _Tree, seen: set[int]
) -> list[tuple[ifcopenshell.entity_instance, str]]:
    """List the panels, mullions and layers aggregated under a curtain wall or a wall.

    A curtain wall's geometry is usually in its IfcPlate and IfcMember parts, and ArchiCAD
    and supplier exports give a layered wall's body to its IfcBuildingElementPart layers.
    """
    entities = []
    for cls in _PART_CLASSES:
        for entity in file.by_type(cls):
            whole = tree.aggregate.get(entity.id())
            if whole is not None and entity.id() not in seen and any(
                    whole.is_a(parent) for parent in _PART_PARENTS):
                seen.add(entity.id())
                entities.append((entity, "parts"))
    return entities


def _precast_entities(
    file: ifcopenshell.file, tree: _Tree, seen: set[int]
) -> list[tuple[ifcopenshell.entity_instance, str]]:
    """List the wall-like elements that are wall panels ("parts") or balcony slabs ("slabs")."""
    entities = []
    for cls in _WALL_LIKE_CLASSES:
        for entity in file.by_type(cls):
            if entity.id() in seen:
                continue
            group = _precast_group(entity, tree.aggregate.get(entity.id()))
            if group is not None:
                seen.add(entity.id())
                entities.append((entity, group))
    return entities


def _precast_group(
    entity: ifcopenshell.entity_instance, whole: ifcopenshell.entity_instance | None
) -> str | None:
    """Say which group a wall-like element joins, from its own and its whole's name.

    Tekla exports a precast wall as an IfcBeam named WAND inside an IfcElementAssembly
    named WAND: the element's name, its ObjectType or its whole's name saying wall makes
    it a wall panel ("parts"). A member of an assembly named as a balcony is a slab.
    """
    names = (entity.Name, getattr(entity, "ObjectType", None),
             *((whole.Name,) if whole is not None else ()))
    if is_wall_name(*names):
        return "parts"
    if whole is not None and whole.is_a("IfcElementAssembly") and \
            _BALCONY_NAME.search(_text(whole.Name)):
        # A precast balcony: its plates and beams are its slab (classified by the
        # assembly's name, ElementRecord.assembly_name).
        return "slabs"
    return None


#: Assembly names of precast balconies (the words of facts/keywords.yaml's balcony entry):
#: their members are indexed as slabs for the balcony rule to see.
_BALCONY_NAME = re.compile(r"(阳台|\bbalcon(y|ies)\b|\bbalkons?\b|\bloggias?\b)", re.IGNORECASE)


def is_wall_name(*texts: str | None) -> bool:
    """Tell whether a name says wall (a precast panel, a proxy exported for a wall).

    Examples
    --------
    >>> is_wall_name("WAND"), is_wall_name("Muro-001"), is_wall_name("外墙"), is_wall_name(None)
    (True, True, True, False)
    >>> is_wall_name("WANDELPAD"), is_wall_name("Wallpaper")   # words that only contain one
    (False, False)
    """
    return any(bool(text and _WALL_NAME.search(text)) for text in texts)


def build_index(model: LoadedModel, progress: Progress | None = None, *,
                processes: int = 1) -> ModelIndex:
    """Index an opened model: spatial tree, indexed elements, zones, counts, diagnostics.

    Parameters
    ----------
    model : LoadedModel
    progress : Progress, optional
        Called as ``progress(fraction, "index")``; may raise OperationCancelled.
    processes : int
        Processes reading the element records of a large model (``forkmap.fork_map``);
        the index is the same for any number.

    Returns
    -------
    ModelIndex
        Storey heights of top storeys may still be None (see ``complete_storey_heights``).

    Raises
    ------
    ModelOpenError
        The file is damaged (the parser reported repairs) in a way that leaves no index:
        a GlobalId that is not text, a spatial structure of the wrong types…
    """
    try:
        return _build_index(model, progress, processes)
    except CimcheckError:
        raise
    except Exception as err:
        # The file's damage (exit 2 naming it), or our bug (an internal error).
        error = damage_error(model.path, model.file, model.parse_problems, err)
        if error is err:
            raise
        raise error from err


def _build_index(model: LoadedModel, progress: Progress | None, processes: int) -> ModelIndex:
    progress = progress or NullProgress()
    file = model.file
    units = model.units
    diagnostics: list[Diagnostic] = []
    progress(0.0, "index")

    if units.area_inferred:
        diagnostics.append(
            Diagnostic.make("index.area_unit_missing", Severity.WARNING,
                            unit=units.length_unit_name)
        )

    project = _project(file)
    sites = _sites(file, units)
    # The placement cycles and the class counts (a walk over every placement and product)
    # are read by a forked process of a large model while this one reads the relations.
    tasks: list[Callable[[], Any]] = [
        lambda: _Tree(file),
        lambda: (cyclic_placements(file), Counter(p.is_a() for p in file.by_type("IfcProduct")))]
    tree, (broken, counts) = fork_map(
        lambda task: task(), tasks,
        processes if model.size_bytes >= MIN_BYTES_TO_SHARE_THE_WALKS else 1)
    buildings = _buildings(file, units, tree)

    storeys = _storeys(file, model, diagnostics, tree, broken)
    if not storeys:
        diagnostics.append(Diagnostic.make("index.no_storeys", Severity.WARNING))
    storey_ids = {s.step_id: s.global_id for s in storeys}

    entities = _indexed_entities(file, tree)
    elements, problems = _element_records(entities, model, storey_ids, tree, progress, processes)
    unplaceable = frozenset(
        entity.id() for entity, _ in entities
        if isinstance(getattr(entity, "ObjectPlacement", None), ifcopenshell.entity_instance)
        and entity.ObjectPlacement.id() in broken) if broken else frozenset()
    damaged = _invalid_profiles(elements, problems, diagnostics)
    damaged |= _parse_damage(file, model.parse_problems, diagnostics)
    if broken:
        looping = [e for e in elements if e.step_id in unplaceable]
        diagnostics.append(Diagnostic.make(
            "index.placement_cycle", Severity.ERROR,
            global_id=looping[0].global_id if looping else None,
            placements=len(broken), count=len(looping)))
    diagnostics.extend(_duplicate_ids(elements, storeys))
    if storeys:
        diagnostics.extend(_orphans(elements))

    progress(1.0, "index")
    return ModelIndex(
        project=project,
        sites=tuple(sites),
        buildings=tuple(buildings),
        storeys=tuple(storeys),
        elements=tuple(elements),
        zones=tuple(_zones(file, units)),
        counts=dict(sorted(counts.items())),
        diagnostics=tuple(diagnostics),
        unplaceable=unplaceable,
        damaged=frozenset(damaged),
    )


def _project(file: ifcopenshell.file) -> ProjectRecord | None:
    projects = file.by_type("IfcProject")
    if not projects:
        return None
    project = projects[0]
    return ProjectRecord(project.GlobalId, _text(project.Name), _text(project.LongName),
                         _true_north(project))


def _true_north(project: ifcopenshell.entity_instance) -> tuple[float, float] | None:
    """Read TrueNorth of the project's 3D model context (a 2D direction), normalised.

    Exporters write it on the "Model" context (IfcGeometricRepresentationContext); a
    missing, zero or damaged direction is no true north.
    """
    try:
        for context in project.RepresentationContexts or ():
            if not context.is_a("IfcGeometricRepresentationContext") \
                    or context.is_a("IfcGeometricRepresentationSubContext"):
                continue
            north = getattr(context, "TrueNorth", None)
            if north is None:
                continue
            x, y = (float(v) for v in north.DirectionRatios[:2])
            length = math.hypot(x, y)
            if math.isfinite(length) and length > 1e-9:
                return x / length, y / length
    except (AttributeError, TypeError, ValueError, RuntimeError):
        return None
    return None


def _sites(file: ifcopenshell.file, units: UnitScale) -> list[SiteRecord]:
    sites = []
    for site in file.by_type("IfcSite"):
        psets, qtos = read_property_sets(site, units)
        sites.append(SiteRecord(site.GlobalId, _text(site.Name), psets, qtos))
    return sites


def _buildings(file: ifcopenshell.file, units: UnitScale, tree: _Tree) -> list[BuildingRecord]:
    buildings = []
    for building in file.by_type("IfcBuilding"):
        site = tree.ancestor(building, "IfcSite")
        psets, qtos = read_property_sets(building, units)
        buildings.append(
            BuildingRecord(building.GlobalId, _text(building.Name),
                           site.GlobalId if site else None, psets, qtos)
        )
    return buildings


#: Smallest file whose placements and products are walked by a second process beside the
#: reading of its relations (0.4 s each at 100 MB; a fork of a large process costs a few
#: hundredths).
MIN_BYTES_TO_SHARE_THE_WALKS = 20 * 1024**2

#: Fewest elements worth a process of their own when indexing: a child's records come
#: back pickled (69,000 records: 0.5 s to read back), and a fork costs a few milliseconds.
MIN_ELEMENTS_PER_PROCESS = 5000


def _element_records(
    entities: list[tuple[ifcopenshell.entity_instance, str]], model: LoadedModel,
    storey_ids: dict[int, str], tree: _Tree, progress: Progress, processes: int = 1,
) -> tuple[list[ElementRecord], list[str | None]]:
    """Read each entity to index into its record (the bulk of indexing: progress 0.1-0.95).

    Returns the records and, beside each, what is wrong with its extruded profile (spaces
    and slabs with a body; None: nothing). Runs of entities are read by up to ``processes``
    processes, in order.
    """
    n = max(1, min(processes, len(entities) // MIN_ELEMENTS_PER_PROCESS))
    cuts = [len(entities) * k // n for k in range(n + 1)]
    runs = [range(cuts[k], cuts[k + 1]) for k in range(n)]
    total = max(len(entities), 1)

    def read(run: range) -> list[tuple[ElementRecord, str | None]]:
        records, rings = [], []
        for i in run:
            # Only this process's own run (the first) reports, for all of them: a child
            # must not write to the terminal.
            if run is runs[0] and i % 200 == 0:
                progress(0.1 + 0.85 * i * n / total, "index")
            entity, group = entities[i]
            record = _element_record(entity, group, model, storey_ids, tree)
            records.append(record)
            rings.append(_profile_rings(entity)
                         if group in ("spaces", "slabs") and record.has_body else [])
        return list(zip(records, _profile_problems(rings), strict=True))

    pairs = [pair for part in fork_map(read, runs, n) for pair in part]
    return [record for record, _ in pairs], [problem for _, problem in pairs]


def _invalid_profiles(elements: list[ElementRecord], problems: list[str | None],
                      diagnostics: list[Diagnostic]) -> set[str]:
    """Report spaces and slabs whose extruded profile is not a polygon; return their ids."""
    damaged: set[str] = set()
    for e, problem in zip(elements, problems, strict=True):
        if problem is not None:
            damaged.add(e.global_id)
            diagnostics.append(Diagnostic.make(
                "index.profile_invalid", Severity.WARNING, global_id=e.global_id,
                ifc_class=e.ifc_class, name=e.long_name or e.name, problem=(problem,)))
    return damaged


def _parse_damage(file: ifcopenshell.file, problems: tuple[ParseProblem, ...],
                  diagnostics: list[Diagnostic]) -> set[str]:
    """Report the damage the parser repaired; return the GlobalIds of the products it touches.

    A damaged instance is followed up its users to the products and storeys that use it;
    damage that reaches none (or names no instance) is reported as unused.
    """
    damaged: set[str] = set()
    for problem in problems:
        touched = _products_touched(file, problem.step_id) if problem.step_id else set()
        damaged |= touched
        diagnostics.append(Diagnostic.make(
            "index.damaged" if touched else "index.damaged_unused",
            Severity.ERROR if problem.level == "error" else Severity.WARNING,
            global_id=min(touched) if touched else None, message=problem.message,
            count=len(touched)))
    return damaged


def _duplicate_ids(elements: list[ElementRecord],
                   storeys: list[StoreyRecord]) -> list[Diagnostic]:
    """Report the GlobalIds that more than one element or storey carries."""
    seen_ids: Counter[str] = Counter(e.global_id for e in elements)
    seen_ids.update(s.global_id for s in storeys)
    return [Diagnostic.make("index.duplicate_global_id", Severity.ERROR, global_id=gid, count=n)
            for gid, n in sorted(seen_ids.items()) if n > 1]


def _orphans(elements: list[ElementRecord]) -> list[Diagnostic]:
    """Report the elements in no storey, once per IFC class (parts and planting aside)."""
    orphans: dict[str, list[str]] = defaultdict(list)
    for e in elements:
        # Planting on the site belongs to no storey by nature.
        if e.storey_id is None and e.parent_id is None and e.group != "geographic":
            orphans[e.ifc_class].append(e.global_id)
    return [
        Diagnostic.make(
            "index.no_storey_elements",
            Severity.WARNING,
            global_id=gids[0],
            ifc_class=ifc_class,
            count=len(gids),
        )
        for ifc_class, gids in sorted(orphans.items())
    ]


def complete_storey_heights(index: ModelIndex, top_z_by_storey: Mapping[str, float]) -> ModelIndex:
    """Fill storey heights that the index could not derive, from measured element tops.

    Parameters
    ----------
    index : ModelIndex
    top_z_by_storey : mapping of storey GlobalId to float
        Highest world z (m) of the storey's own elements.

    Returns
    -------
    ModelIndex
        A new index; storeys that already had a height are unchanged.
    """
    storeys = []
    diagnostics = list(index.diagnostics)
    for storey in index.storeys:
        if storey.height_m is None:
            top = top_z_by_storey.get(storey.global_id)
            if top is not None and top - storey.base_z_m > MAX_STOREY_HEIGHT_M:
                diagnostics.append(Diagnostic.make(
                    "index.storey_height_absurd", Severity.WARNING, global_id=storey.global_id,
                    ifc_class="IfcBuildingStorey", storey=storey.name,
                    value=round(top - storey.base_z_m, 3), source="geometry",
                    limit=MAX_STOREY_HEIGHT_M))
            elif top is not None and top - storey.base_z_m > 1e-6:
                storey = replace(storey, height_m=top - storey.base_z_m, height_source="geometry")
            else:
                diagnostics.append(
                    Diagnostic.make("index.storey_height_unknown", Severity.WARNING,
                                    global_id=storey.global_id, ifc_class="IfcBuildingStorey",
                                    storey=storey.name)
                )
        storeys.append(storey)
    return replace(index, storeys=tuple(storeys), diagnostics=tuple(diagnostics))
