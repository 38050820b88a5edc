"""Tiny IFC models built in code, over IFC2X3, IFC4 and IFC4X3 (and the sample models).

``ModelBuilder`` uses ``ifcopenshell.api`` for the project, units, contexts, spatial tree
and property sets, and writes bodies as plain extrusions of closed polylines
(IfcExtrudedAreaSolid of an IfcArbitraryClosedProfileDef), which read the same in every
schema. All builder arguments are metres; the builder converts to the file's length unit
(metres, millimetres or feet), so a test states its geometry once and runs in any unit.

GlobalIds are derived from a seed and a counter, and the header time stamp is fixed, so
the same script writes byte-identical files.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

import ifcopenshell
import ifcopenshell.api
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.owner
import ifcopenshell.api.owner.settings
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import ifcopenshell.guid

SCHEMAS = ("IFC2X3", "IFC4", "IFC4X3")
APPLICATION_VERSION = "1.0"
FIXED_TIME = 1767225600  # 2026-01-01T00:00:00Z
_UNIT_SCALE = {"m": 1.0, "mm": 0.001, "ft": 0.3048}

Point = tuple[float, float]


class ModelBuilder:
    """Build a small building model step by step.

    Parameters
    ----------
    schema : str
        "IFC2X3", "IFC4" or "IFC4X3".
    unit : str
        Length unit of the file: "m", "mm" or "ft".
    seed : str
        Seed of the deterministic GlobalIds.
    area_unit : bool
        Declare an AREAUNIT (False imitates exporters that omit it).
    origin : (float, float)
        Site placement in metres: large values imitate projects in map coordinates.
    """

    def __init__(self, schema: str = "IFC4", unit: str = "m", seed: str = "cimcheck",
                 *, name: str = "Test project", area_unit: bool = True,
                 origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.schema = schema
        self.unit = unit
        self.scale = _UNIT_SCALE[unit]
        # Areas are in m² when AREAUNIT is declared, else in (length unit)² as readers infer.
        self.area_scale = 1.0 if area_unit else self.scale**2
        self._seed = seed
        self._n = 0
        version = "IFC4X3" if schema == "IFC4X3" else schema
        self.file = ifcopenshell.api.project.create_file(version=version)
        self._owner()
        self.project = self._root("IfcProject", name)
        units = [self._length_unit()]
        if area_unit:
            units.append(ifcopenshell.api.unit.add_si_unit(self.file, unit_type="AREAUNIT"))
        ifcopenshell.api.unit.assign_unit(self.file, units=units)
        model = ifcopenshell.api.context.add_context(self.file, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(
            self.file, context_type="Model", context_identifier="Body",
            target_view="MODEL_VIEW", parent=model)
        self.site = self._root("IfcSite", "Site")
        self.building = self._root("IfcBuilding", "Building")
        ifcopenshell.api.aggregate.assign_object(self.file, products=[self.site],
                                                 relating_object=self.project)
        ifcopenshell.api.aggregate.assign_object(self.file, products=[self.building],
                                                 relating_object=self.site)
        self._origin = self._placement(None, 0.0, *origin)
        self.site.ObjectPlacement = self._origin
        self.building.ObjectPlacement = self._placement(self._origin, 0.0)

    # -- identifiers and units -------------------------------------------------------------
    def _owner(self) -> None:
        """Owner history (mandatory in IFC2X3): one user and application, fixed dates."""
        f = self.file
        person = ifcopenshell.api.owner.add_person(f, identification="cimcheck",
                                                   family_name="Sample", given_name="Builder")
        org = ifcopenshell.api.owner.add_organisation(f, identification="cimcheck",
                                                      name="cimcheck")
        user = ifcopenshell.api.owner.add_person_and_organisation(f, person=person,
                                                                  organisation=org)
        ifcopenshell.api.owner.add_application(
            f, application_developer=org, version=APPLICATION_VERSION,
            application_full_name="cimcheck sample builder", application_identifier="cimcheck")
        # ifcopenshell.api asks these hooks for the owner of each new rooted entity.
        ifcopenshell.api.owner.settings.get_user = lambda file: file.by_type(
            "IfcPersonAndOrganization")[0]
        ifcopenshell.api.owner.settings.get_application = lambda file: file.by_type(
            "IfcApplication")[0]
        self._user = user

    def _guid(self) -> str:
        self._n += 1
        return ifcopenshell.guid.compress(uuid.uuid5(uuid.NAMESPACE_URL,
                                                     f"{self._seed}/{self._n}").hex)

    def _root(self, ifc_class: str, name: str | None = None, **attrs):
        extra = {"predefined_type": attrs.pop("predefined_type")} if "predefined_type" in attrs \
            else {}
        entity = ifcopenshell.api.root.create_entity(self.file, ifc_class=ifc_class, name=name,
                                                     **extra)
        entity.GlobalId = self._guid()
        for key, value in attrs.items():
            setattr(entity, key, value)
        return entity

    def _history(self):
        # ifcopenshell.api writes an owner history per rooted entity: look the first one up
        # once, not in a list that grows with the model (quadratic on large bench models).
        if getattr(self, "_first_history", None) is None:
            histories = self.file.by_type("IfcOwnerHistory")
            self._first_history = histories[0] if histories else None
        return self._first_history

    def _length_unit(self):
        if self.unit == "m":
            return ifcopenshell.api.unit.add_si_unit(self.file, unit_type="LENGTHUNIT")
        if self.unit == "mm":
            return ifcopenshell.api.unit.add_si_unit(self.file, unit_type="LENGTHUNIT",
                                                     prefix="MILLI")
        return ifcopenshell.api.unit.add_conversion_based_unit(self.file, name="foot")

    def _u(self, metres: float) -> float:
        """Metres to file units."""
        return float(metres) / self.scale

    # -- geometry primitives -----------------------------------------------------------------
    def _point3(self, x: float, y: float, z: float):
        return self.file.createIfcCartesianPoint((self._u(x), self._u(y), self._u(z)))

    def _placement(self, relative_to, z: float, x: float = 0.0, y: float = 0.0):
        axis = self.file.createIfcAxis2Placement3D(self._point3(x, y, z), None, None)
        return self.file.createIfcLocalPlacement(relative_to, axis)

    def _extrusion(self, polygon: Sequence[Point], z0: float, depth: float):
        points = [self.file.createIfcCartesianPoint((self._u(x), self._u(y)))
                  for x, y in polygon]
        points.append(points[0])
        profile = self.file.createIfcArbitraryClosedProfileDef(
            "AREA", None, self.file.createIfcPolyline(points))
        position = self.file.createIfcAxis2Placement3D(self._point3(0.0, 0.0, z0), None, None)
        direction = self.file.createIfcDirection((0.0, 0.0, 1.0))
        solid = self.file.createIfcExtrudedAreaSolid(profile, position, direction, self._u(depth))
        rep = self.file.createIfcShapeRepresentation(self.body, "Body", "SweptSolid", [solid])
        return self.file.createIfcProductDefinitionShape(None, None, [rep])

    def _side_extrusion(self, points: Sequence[Point], origin: Point, axis, ref_direction,
                        depth: float):
        """A profile drawn in a vertical plane, extruded horizontally along ``axis``.

        ``points`` are (along ``ref_direction``, up) pairs; the solid starts at ``origin``
        (x, y) and runs ``depth`` metres along ``axis`` (the local z of the placement).
        """
        ifc_points = [self.file.createIfcCartesianPoint((self._u(a), self._u(b)))
                      for a, b in points]
        ifc_points.append(ifc_points[0])
        profile = self.file.createIfcArbitraryClosedProfileDef(
            "AREA", None, self.file.createIfcPolyline(ifc_points))
        position = self.file.createIfcAxis2Placement3D(
            self._point3(origin[0], origin[1], 0.0), self.file.createIfcDirection(axis),
            self.file.createIfcDirection(ref_direction))
        solid = self.file.createIfcExtrudedAreaSolid(
            profile, position, self.file.createIfcDirection((0.0, 0.0, 1.0)), self._u(depth))
        rep = self.file.createIfcShapeRepresentation(self.body, "Body", "SweptSolid", [solid])
        return self.file.createIfcProductDefinitionShape(None, None, [rep])

    def _place(self, element, storey, polygon, z: float, depth: float):
        base = storey.Elevation * self.scale if storey is not None else 0.0
        rel = storey.ObjectPlacement if storey is not None else self._origin
        element.ObjectPlacement = self._placement(rel, 0.0)
        element.Representation = self._extrusion(polygon, z - base, depth)

    # -- spatial structure ---------------------------------------------------------------------
    def storey(self, name: str, elevation: float, *, gross_height: float | None = None):
        """Add a storey at ``elevation`` m (optionally with an authored GrossHeight)."""
        storey = self._root("IfcBuildingStorey", name)
        storey.Elevation = self._u(elevation)
        storey.ObjectPlacement = self._placement(self.building.ObjectPlacement, elevation)
        ifcopenshell.api.aggregate.assign_object(self.file, products=[storey],
                                                 relating_object=self.building)
        if gross_height is not None:
            self.quantities(storey, "Qto_BuildingStoreyBaseQuantities",
                            {"GrossHeight": ("length", gross_height)})
        return storey

    def add_building(self, name: str):
        """Start another building on the site; later storeys belong to it.

        A community submission holds several towers, each an IfcBuilding with its own
        storeys (heights are derived within a building).
        """
        building = self._root("IfcBuilding", name)
        building.ObjectPlacement = self._placement(self._origin, 0.0)
        ifcopenshell.api.aggregate.assign_object(self.file, products=[building],
                                                 relating_object=self.site)
        self.building = building
        return building

    def _contain(self, element, storey) -> None:
        if storey is not None:
            ifcopenshell.api.spatial.assign_container(self.file, products=[element],
                                                      relating_structure=storey)

    # -- elements ----------------------------------------------------------------------------
    def slab(self, storey, polygon: Sequence[Point], z: float, thickness: float = 0.2, *,
             name: str = "Slab", predefined_type: str = "FLOOR"):
        """A slab whose top is at ``z`` (the storey's floor level) and bottom below it."""
        slab = self._root("IfcSlab", name, predefined_type=predefined_type)
        self._place(slab, storey, polygon, z - thickness, thickness)
        self._contain(slab, storey)
        return slab

    def wall(self, storey, p1: Point, p2: Point, z: float, height: float,
             thickness: float = 0.2, *, name: str = "Wall"):
        """A straight wall whose axis runs from p1 to p2, centred on the axis."""
        (x1, y1), (x2, y2) = p1, p2
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        nx, ny = -(y2 - y1) / length * thickness / 2, (x2 - x1) / length * thickness / 2
        polygon = [(x1 - nx, y1 - ny), (x2 - nx, y2 - ny), (x2 + nx, y2 + ny), (x1 + nx, y1 + ny)]
        wall = self._root("IfcWall" if self.schema != "IFC2X3" else "IfcWallStandardCase", name)
        self._place(wall, storey, polygon, z, height)
        self._contain(wall, storey)
        return wall

    def wall_box(self, storey, rect: tuple[float, float, float, float], z: float, height: float,
                 *, name: str = "Wall"):
        """A wall whose plan is the rectangle ``(x0, y0, x1, y1)``: exact areas for tests."""
        x0, y0, x1, y1 = rect
        wall = self._root("IfcWall" if self.schema != "IFC2X3" else "IfcWallStandardCase", name)
        self._place(wall, storey, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], z, height)
        self._contain(wall, storey)
        return wall

    def walls_around(self, storey, rect: tuple[float, float, float, float], z: float,
                     height: float, thickness: float = 0.2, *, name: str = "外墙"):
        """Four walls inside the rectangle's edges, meeting without gaps or overlaps.

        South and north walls run the full width; west and east walls fit between them.
        The ring's area is ``w*d - (w - 2t)*(d - 2t)``.
        """
        x0, y0, x1, y1 = rect
        t = thickness
        return [
            self.wall_box(storey, (x0, y0, x1, y0 + t), z, height, name=name),
            self.wall_box(storey, (x0, y1 - t, x1, y1), z, height, name=name),
            self.wall_box(storey, (x0, y0 + t, x0 + t, y1 - t), z, height, name=name),
            self.wall_box(storey, (x1 - t, y0 + t, x1, y1 - t), z, height, name=name),
        ]

    def window(self, storey, rect: tuple[float, float, float, float], z0: float, z1: float, *,
               name: str = "Window"):
        """A window body: the box ``rect`` from height ``z0`` to ``z1`` (a bay window's bay)."""
        x0, y0, x1, y1 = rect
        window = self._root("IfcWindow", name)
        self._place(window, storey, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], z0, z1 - z0)
        self._contain(window, storey)
        return window

    def opening(self, storey, wall, rect: tuple[float, float, float, float], z0: float,
                z1: float, *, fill: str | None = "IfcWindow", name: str = "Window"):
        """Cut the box ``rect`` from ``z0`` to ``z1`` out of ``wall`` and fill it.

        As exporters write a window in a wall: an IfcOpeningElement voiding the wall
        (IfcRelVoidsElement; the wall's body is drawn with the hole subtracted) and the
        window filling the opening (IfcRelFillsElement). Returns (opening, filling).
        """
        x0, y0, x1, y1 = rect
        polygon = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        opening = self._root("IfcOpeningElement", f"{name} opening")
        self._place(opening, storey, polygon, z0, z1 - z0)
        history = self._history()
        self.file.createIfcRelVoidsElement(self._guid(), history, None, None, wall, opening)
        filling = None
        if fill is not None:
            filling = self._root(fill, name)
            self._place(filling, storey, polygon, z0, z1 - z0)
            self._contain(filling, storey)
            self.file.createIfcRelFillsElement(self._guid(), history, None, None, opening,
                                               filling)
        return opening, filling

    def planting(self, polygon: Sequence[Point], z: float, depth: float = 0.3, *,
                 name: str = "绿地"):
        """Ground planting on the site: IfcGeographicElement (IFC4+) or a proxy (IFC2X3)."""
        ifc_class = "IfcGeographicElement" if self.schema != "IFC2X3" else \
            "IfcBuildingElementProxy"
        element = self._root(ifc_class, name)
        element.ObjectPlacement = self._placement(self.site.ObjectPlacement, 0.0)
        element.Representation = self._extrusion(polygon, z - depth, depth)
        ifcopenshell.api.spatial.assign_container(self.file, products=[element],
                                                  relating_structure=self.site)
        return element

    def gable_roof(self, storey, x_range: tuple[float, float], y_range: tuple[float, float],
                   z_eaves: float, z_ridge: float, thickness: float = 0.2, *,
                   name: str = "坡屋面"):
        """Two sloped roof slabs (PredefinedType ROOF), ridge along x at the middle of y.

        The underside rises linearly from ``z_eaves`` at both long edges to ``z_ridge`` at
        the ridge; each slab is ``thickness`` thick measured vertically.
        """
        (x0, x1), (y0, y1) = x_range, y_range
        ym = (y0 + y1) / 2
        slabs = []
        for ya, yb, za, zb in ((y0, ym, z_eaves, z_ridge), (ym, y1, z_ridge, z_eaves)):
            slab = self._root("IfcSlab", name, predefined_type="ROOF")
            base = storey.Elevation * self.scale
            slab.ObjectPlacement = self._placement(storey.ObjectPlacement, 0.0)
            # Profile in the world YZ plane, extruded along world X.
            points = [(ya, za - base), (yb, zb - base), (yb, zb - base + thickness),
                      (ya, za - base + thickness)]
            slab.Representation = self._side_extrusion(points, (x0, 0.0), (1.0, 0.0, 0.0),
                                                       (0.0, 1.0, 0.0), x1 - x0)
            self._contain(slab, storey)
            slabs.append(slab)
        return slabs

    def column(self, storey, centre: Point, z: float, height: float, size: float = 0.4, *,
               name: str = "Column"):
        """A square column."""
        x, y = centre
        h = size / 2
        column = self._root("IfcColumn", name)
        self._place(column, storey, [(x - h, y - h), (x + h, y - h), (x + h, y + h),
                                     (x - h, y + h)], z, height)
        self._contain(column, storey)
        return column

    def element(self, ifc_class: str, storey, rect: tuple[float, float, float, float],
                z0: float, z1: float, *, name: str = "Element", part_of=None, **attrs):
        """A box of any class from ``z0`` to ``z1``; aggregated under ``part_of`` if given.

        Real exporters put wall geometry in parts (IfcBuildingElementPart under a bodiless
        IfcWall), curtain walls in plates and mullions, precast panels in IfcBeam.
        """
        x0, y0, x1, y1 = rect
        element = self._root(ifc_class, name, **attrs)
        self._place(element, storey, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], z0, z1 - z0)
        if part_of is not None:
            ifcopenshell.api.aggregate.assign_object(self.file, products=[element],
                                                     relating_object=part_of)
        else:
            self._contain(element, storey)
        return element

    def bodiless(self, ifc_class: str, storey, *, name: str = "Whole"):
        """An element without geometry of its own (an IfcWall or IfcCurtainWall of parts)."""
        element = self._root(ifc_class, name)
        element.ObjectPlacement = self._placement(storey.ObjectPlacement, 0.0)
        self._contain(element, storey)
        return element

    def wall_with_door(self, storey, x_range: tuple[float, float],
                       y_range: tuple[float, float], z: float, height: float,
                       door: tuple[float, float, float], *, name: str = "Wall"):
        """A wall along x whose profile has a door notch ``(x0, x1, door_height)`` to the floor.

        Revit exports some doors this way: the wall's body is cut down to the floor, so a
        section just above the floor shows a gap; the lintel above closes it in plan.
        """
        (xa, xb), (ya, yb) = x_range, y_range
        dx0, dx1, dh = door
        wall = self._root("IfcWall" if self.schema != "IFC2X3" else "IfcWallStandardCase", name)
        base = storey.Elevation * self.scale
        wall.ObjectPlacement = self._placement(storey.ObjectPlacement, 0.0)
        zb = z - base
        # Profile in the world XZ plane (x along the wall, up), extruded along world Y.
        points = [(xa, zb), (dx0, zb), (dx0, zb + dh), (dx1, zb + dh), (dx1, zb), (xb, zb),
                  (xb, zb + height), (xa, zb + height)]
        # Extruded along world -Y from y = yb: the wall runs from yb back to ya.
        wall.Representation = self._side_extrusion(points, (0.0, yb), (0.0, -1.0, 0.0),
                                                   (1.0, 0.0, 0.0), yb - ya)
        self._contain(wall, storey)
        return wall

    def space(self, storey, polygon: Sequence[Point], z: float, height: float, *,
              name: str = "Space", long_name: str | None = None,
              predefined_type: str | None = None, object_type: str | None = None):
        """A space aggregated under ``storey`` (the usual IFC relationship for spaces)."""
        space = self._root("IfcSpace", name)
        if long_name is not None:
            space.LongName = long_name
        if object_type is not None:
            space.ObjectType = object_type
        if predefined_type is not None:
            if self.schema == "IFC2X3":
                space.InteriorOrExteriorSpace = predefined_type
            else:
                space.PredefinedType = predefined_type
        self._place(space, storey, polygon, z, height)
        if storey is not None:
            ifcopenshell.api.aggregate.assign_object(self.file, products=[space],
                                                     relating_object=storey)
        return space

    def proxy(self, storey, polygon: Sequence[Point], z: float, height: float, *,
              name: str = "Proxy", contained: bool = True):
        """A building element proxy (optionally left out of any storey)."""
        proxy = self._root("IfcBuildingElementProxy", name)
        self._place(proxy, storey if contained else None, polygon, z, height)
        if contained:
            self._contain(proxy, storey)
        return proxy

    # -- data ----------------------------------------------------------------------------------
    def pset(self, element, name: str, properties: dict):
        """A property set; values typed by ifcopenshell.api (lengths: use ``length_prop``)."""
        pset = ifcopenshell.api.pset.add_pset(self.file, product=element, name=name)
        plain = {k: v for k, v in properties.items() if not isinstance(v, tuple)}
        if plain:
            ifcopenshell.api.pset.edit_pset(self.file, pset=pset, properties=plain)
        for key, (kind, value) in ((k, v) for k, v in properties.items() if isinstance(v, tuple)):
            measure = {"length": "IfcLengthMeasure", "area": "IfcAreaMeasure"}[kind]
            factor = self.scale if kind == "length" else self.area_scale
            nominal = self.file.create_entity(measure, value / factor)
            prop = self.file.createIfcPropertySingleValue(key, None, nominal, None)
            pset.HasProperties = list(pset.HasProperties or []) + [prop]
        return pset

    def quantities(self, element, name: str, quantities: dict):
        """An element quantity set; values are ``(kind, SI value)`` with kind length/area."""
        items = []
        for key, (kind, value) in quantities.items():
            if kind == "length":
                items.append(self.file.createIfcQuantityLength(key, None, None, self._u(value)))
            else:
                items.append(self.file.createIfcQuantityArea(key, None, None,
                                                             value / self.area_scale))
        history = self._history()
        qto = self.file.createIfcElementQuantity(self._guid(), history, name, None, None, items)
        self.file.createIfcRelDefinesByProperties(self._guid(), history, None, None, [element],
                                                  qto)
        return qto

    def zone(self, name: str, members: Sequence, *, object_type: str | None = None):
        """An IfcZone grouping ``members`` (spaces)."""
        zone = self._root("IfcZone", name)
        if object_type is not None:
            zone.ObjectType = object_type
        self.file.createIfcRelAssignsToGroup(self._guid(), self._history(), None, None,
                                             list(members), None, zone)
        return zone

    # -- output --------------------------------------------------------------------------------
    def write(self, path) -> None:
        """Write the file with a fixed header time stamp (byte-identical reruns)."""
        header = self.file.header
        header.file_name.name = Path(path).name
        # Pin what would otherwise follow the installed ifcopenshell version.
        header.file_name.preprocessor_version = "cimcheck sample builder"
        header.file_name.originating_system = f"cimcheck sample builder {APPLICATION_VERSION}"
        header.file_name.time_stamp = "2026-01-01T00:00:00"
        # ifcopenshell.api keeps relationship members and units in sets: order them by
        # step id.
        for assignment in self.file.by_type("IfcUnitAssignment"):
            assignment.Units = sorted(assignment.Units, key=lambda u: u.id())
        for rel in self.file.by_type("IfcRelationship"):
            for attribute in ("RelatedObjects", "RelatedElements"):
                members = getattr(rel, attribute, None)
                if members and len(members) > 1:
                    setattr(rel, attribute, sorted(members, key=lambda m: m.id()))
        # ifcopenshell.api gives relationships and property sets random GlobalIds: derive
        # every GlobalId from the seed and the entity's step id instead.
        for entity in self.file.by_type("IfcRoot"):
            entity.GlobalId = ifcopenshell.guid.compress(
                uuid.uuid5(uuid.NAMESPACE_URL, f"{self._seed}#{entity.id()}").hex)
        for history in self.file.by_type("IfcOwnerHistory"):
            history.CreationDate = FIXED_TIME
            if history.LastModifiedDate is not None:
                history.LastModifiedDate = FIXED_TIME
        self.file.write(str(path))


def simple_house(schema: str = "IFC4", unit: str = "m", *, seed: str = "house") -> ModelBuilder:
    """Two storeys of a 10 m x 8 m box with one room each; the top storey has no GrossHeight.

    Hand computation: outer outline 10 x 8 = 80 m² per storey; walls 0.2 m thick centred on
    the outline's inner offset, so the outline is the slab edge. Ground storey height
    3.0 m (next storey's elevation); top storey height from its walls: 2.8 m.
    """
    b = ModelBuilder(schema, unit, seed=seed, name="Simple house")
    outline = [(0.0, 0.0), (10.0, 0.0), (10.0, 8.0), (0.0, 8.0)]
    inner = [(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)]
    for level, z in (("1F", 0.0), ("2F", 3.0)):
        storey = b.storey(level, z)
        b.slab(storey, outline, z, 0.2, name=f"{level} floor")
        corners = [(0.1, 0.1), (9.9, 0.1), (9.9, 7.9), (0.1, 7.9)]
        for i in range(4):
            b.wall(storey, corners[i], corners[(i + 1) % 4], z, 2.8, 0.2, name=f"{level} wall {i}")
        b.space(storey, inner, z, 2.6, name=f"{level}01", long_name="客厅 Living room",
                predefined_type="INTERNAL")
    return b
