"""What encloses a storey: its real floor level, its enclosing elements, and its holes.

Real exports rarely match the tidy model of a storey (one slab at ``Elevation``, walls
standing on it, rooms filling it). This module decides the three things the outline rests
on, each from the geometry rather than from the storey's attributes:

- **the floor level** (GB/T 50353-2013 3.0.1 measures "at the floor"): the top of the
  storey's main floor slab, else the lowest base of its own walls, else its elevation. Renga
  puts 'Уровень 1' 0.6 m below its floor; ArchiCAD raises a ground floor 0.4 m on its slab.
  The walls are cut just above that level, not above the datum.
- **the enclosing elements** at that level: walls, curtain walls (plates and mullions
  together: the outer line, 3.0.23), columns, the parts a wall's geometry lives in, precast
  panels and proxies named as walls, and knee walls lower than a storey that close an attic
  under a sloped roof. Each encloses by its plan footprint over its full height (not its
  section at one height), so a door notch that a Revit export cuts down to the floor does
  not open the outline.
- **the holes** of the outline: an enclosed hole is floor area (3.0.19: stairs, lift and
  pipe shafts count on every storey; a basement or garage whose slab is not in this model is
  still a floor) unless it is a void, which is decided by what is above it: nothing over it
  (a courtyard open to the sky) or an opening through the storey above (an atrium).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from cimcheck.geometry.footprint import EMPTY, clean, union
from cimcheck.geometry.mesh import Mesh
from cimcheck.geometry.tolerance import TOL
from cimcheck.model.index import ModelIndex, is_wall_name
from cimcheck.model.records import ElementRecord

__all__ = ["FLOOR_SEARCH_M", "STAND_MAX_BASE_M", "BuildingEnclosers", "Covers", "Encloser",
           "HoleDecision", "build_covers", "decide_holes", "drop_material_only", "enclosers",
           "enclosers_by_building", "enclosure_plans", "floor_level", "is_enclosing",
           "is_knee_wall", "open_floor_voids", "stands_at", "without_far_outliers"]

#: Element groups whose elements enclose floor area (walls and their parts, curtain walls,
#: columns); proxies and members join them when their name says wall.
ENCLOSING_GROUPS = frozenset({"walls", "curtain_walls", "columns", "parts"})

#: A plan footprint by GlobalId (cached by the caller).
Footprints = Callable[[str], Polygon | MultiPolygon]

#: A storey's real floor is looked for this far above and below its elevation (m): further
#: away, a slab belongs to another level whatever storey the exporter put it in.
FLOOR_SEARCH_M = 1.2

#: A hole is covered (by a floor slab, or from above) when this share of it is covered.
COVER_SHARE = 0.5

#: Walls lower than a storey still enclose an attic when a sloped roof sits on them: their
#: top is within this distance of the roof's lowest point over them (m).
KNEE_WALL_GAP_M = 0.6


@dataclass(frozen=True, slots=True)
class Encloser:
    """One element that can enclose floor area, with its vertical extent.

    Attributes
    ----------
    record : ElementRecord
    mesh : Mesh
    lo, hi : float
        Lowest and highest z of its body (m).
    """

    record: ElementRecord
    mesh: Mesh
    lo: float
    hi: float

    @property
    def is_column(self) -> bool:
        """Columns carry a slab; they close an outline only together with walls."""
        return self.record.group == "columns"


def is_enclosing(record: ElementRecord) -> bool:
    """Tell whether an element can enclose floor area (by its group, or a wall-like name).

    Examples
    --------
    >>> from cimcheck.model.records import ElementRecord
    >>> def rec(cls, group, name=""):
    ...     return ElementRecord("g", cls, group, name, "", "", "", "", None, 1, True)
    >>> is_enclosing(rec("IfcWall", "walls")), is_enclosing(rec("IfcSlab", "slabs"))
    (True, False)
    >>> is_enclosing(rec("IfcBuildingElementProxy", "proxies", "Exterior wall 200"))
    True
    """
    if record.group in ENCLOSING_GROUPS:
        return True
    return record.group == "proxies" and is_wall_name(record.name, record.object_type)


def enclosers(records: Iterable[ElementRecord], meshes: Mapping[str, Mesh]) -> list[Encloser]:
    """Enclosing elements with a body, each with its z range."""
    out = []
    for record in records:
        mesh = meshes.get(record.global_id)
        if mesh is None or mesh.is_empty or not is_enclosing(record):
            continue
        out.append(Encloser(record, mesh, float(mesh.bounds[0, 2]), float(mesh.bounds[1, 2])))
    return out


def floor_level(
    elevation_z: float, floor_slabs: Sequence[tuple[float, float]], own: Sequence[Encloser],
    below_z: float | None = None, above_z: float | None = None,
) -> tuple[float, str]:
    """Find the level of a storey's floor: ``(z, source)``.

    The top of the largest floor slab within ``FLOOR_SEARCH_M`` of the elevation (and
    between the storeys below and above) is the floor; without one, the base on which most
    of the storey's own walls stand; without those, the elevation.

    Parameters
    ----------
    elevation_z : float
        The storey's datum in world z (m).
    floor_slabs : sequence of (top_z, plan_area_m2)
        The storey's floor slabs.
    own : sequence of Encloser
        The enclosing elements the exporter put in this storey.
    below_z, above_z : float, optional
        The datums of the storeys below and above: the floor lies between them.

    Examples
    --------
    >>> floor_level(0.0, [(0.4, 70.0), (0.0, 12.0)], [])     # a floor raised 0.4 m
    (0.4, 'slab')
    >>> floor_level(0.0, [], [])
    (0.0, 'elevation')
    """
    low = max(elevation_z - FLOOR_SEARCH_M, (below_z if below_z is not None else -np.inf)
              + TOL.section_offset_m)
    high = min(elevation_z + FLOOR_SEARCH_M, (above_z if above_z is not None else np.inf)
               - TOL.section_offset_m)
    best: tuple[float, float] | None = None
    for top, area in floor_slabs:
        if not low <= top <= high:
            continue
        if best is None or area > best[0] + TOL.area_m2:
            best = (area, top)
    if best is not None:
        return round(best[1], 6), "slab"
    walls = [e for e in own if not e.is_column]
    bases = sorted({round(e.lo, 3) for e in walls if low <= e.lo <= high})
    if bases:
        # The level most of the storey's walls stand on (a single wall founded lower, in a
        # pit or a step, must not put the cut below all the others).
        def standing(z: float) -> int:
            return sum(1 for e in walls if e.lo < z + TOL.section_offset_m < e.hi)
        best_base = max(bases, key=lambda z: (standing(z), -z))
        return best_base, "walls"
    return elevation_z, "elevation"


#: An element encloses a storey when its base is below this height over the floor (m): a
#: curtain-wall panel above a 0.9 m spandrel still closes the facade, in plan.
STAND_MAX_BASE_M = 1.2


def stands_at(e: Encloser, floor_z: float, min_height_m: float) -> bool:
    """Tell whether an element stands on a storey's floor as enclosure.

    It must start below ``STAND_MAX_BASE_M`` over the floor and rise at least
    ``min_height_m`` above it (lower walls are parapets and kerbs; see ``is_knee_wall``).
    """
    return e.lo < floor_z + STAND_MAX_BASE_M and e.hi - max(e.lo, floor_z) >= min_height_m


def is_knee_wall(e: Encloser, z_cut: float, roofs: Sequence[Mesh]) -> bool:
    """Tell whether a low wall closes an attic: a sloped roof rests on its top.

    A parapet stands on a flat roof (the roof is below its top); a knee wall carries the
    roof (the roof starts near its top and rises from there).
    """
    if e.record.group != "walls" or not e.lo < z_cut < e.hi:
        return False
    x0, y0 = e.mesh.bounds[0, :2]
    x1, y1 = e.mesh.bounds[1, :2]
    for roof in roofs:
        (rx0, ry0, rlo), (rx1, ry1, rhi) = roof.bounds
        if rx1 < x0 or rx0 > x1 or ry1 < y0 or ry0 > y1:
            continue
        if rlo <= e.hi + KNEE_WALL_GAP_M and rhi > e.hi + KNEE_WALL_GAP_M:
            return True
    return False


#: A curtain wall whose plates and mullions fit in a rectangle this narrow is straight: its
#: plan is that rectangle, from the outer face of its mullions to the inner (m).
CURTAIN_BAND_MAX_M = 1.0


def enclosure_plans(
    standing: Sequence[Encloser],
    fp: Footprints,
    curtain_wall_of: Callable[[ElementRecord], str | None],
) -> list[Polygon | MultiPolygon]:
    """Plans of the enclosing elements; a straight curtain wall as one band to its outer line.

    GB/T 50353-2013 3.0.23 measures a curtain wall that encloses at its outer line. Glass set
    back between mullions leaves a shallow notch in the union of the parts that gap closing
    does not fill; the minimum rotated rectangle of a straight curtain wall's parts is the
    band from the mullions' outer face to their inner face. A bent or curved curtain wall
    (its rectangle wider than ``CURTAIN_BAND_MAX_M``) keeps the union of its parts.

    Parameters
    ----------
    standing : sequence of Encloser
    fp : callable
        Plan footprint by GlobalId.
    curtain_wall_of : callable
        The GlobalId of the curtain wall an element is a part of, or None.
    """
    plans: list[Polygon | MultiPolygon] = []
    curtain: dict[str, list[Polygon | MultiPolygon]] = defaultdict(list)
    for e in standing:
        whole = curtain_wall_of(e.record)
        if whole is None:
            plans.append(fp(e.record.global_id))
        else:
            curtain[whole].append(fp(e.record.global_id))
    for parts in curtain.values():
        band = union(parts)
        if band.is_empty:
            continue
        rect = shapely.oriented_envelope(band)
        corners = np.asarray(rect.exterior.coords)[:3] if rect.geom_type == "Polygon" else None
        sides = (np.hypot(*np.diff(corners, axis=0).T) if corners is not None
                 else np.array([np.inf]))
        plans.append(rect if sides.min() <= CURTAIN_BAND_MAX_M else band)
    return plans


@dataclass(frozen=True, slots=True)
class HoleDecision:
    """What became of the holes of an outline: counts by reason."""

    floor: int = 0
    covered: int = 0
    shaft: int = 0
    unknown: int = 0
    void: int = 0
    counted: Polygon | MultiPolygon = EMPTY

    @property
    def filled(self) -> int:
        """Holes counted as floor area."""
        return self.floor + self.covered + self.shaft + self.unknown


def _share(hole: Polygon, cover: Polygon | MultiPolygon) -> float:
    if cover.is_empty or hole.area <= 0:
        return 0.0
    return hole.intersection(cover).area / hole.area


def decide_holes(
    geometry: Polygon | MultiPolygon,
    floor: Polygon | MultiPolygon,
    above: Polygon | MultiPolygon,
    shafts: Polygon | MultiPolygon,
    above_modelled: bool = True,
) -> tuple[Polygon | MultiPolygon, HoleDecision]:
    """Fill the holes of an outline that are floor area; keep the voids open.

    A hole is floor area when half of it has a floor (a gap between rooms), when half of it
    is covered by the level above (a shaft, a stair, a basement or garage whose slab is not
    in the model), or when a stair, ramp or lift stands in it (3.0.19). Otherwise it is a
    void: open to the sky, or an opening through the storey above. A hole smaller than
    ``TOL.area_m2`` is not a hole but rounding between the parts of the union (where two
    walls' faces meet at a slant): it is filled and not counted.

    Parameters
    ----------
    geometry : Polygon or MultiPolygon
        The raw outline (enclosing elements and enclosed rooms).
    floor : Polygon or MultiPolygon
        This storey's floor slabs and rooms.
    above : Polygon or MultiPolygon
        What covers this storey from above: the slabs and roofs of the level over it.
    shafts : Polygon or MultiPolygon
        Plan footprints of stairs, ramps and lifts on this storey.
    above_modelled : bool
        False when the model has no slab or roof above this storey at all (not exported,
        or none tessellates): then nothing tells a void, and an enclosed hole is floor
        area (counted as ``unknown``).

    Examples
    --------
    >>> ring = Polygon([(0, 0), (6, 0), (6, 6), (0, 6)], [[(1, 1), (5, 1), (5, 5), (1, 5)]])
    >>> square = Polygon([(0, 0), (6, 0), (6, 6), (0, 6)])
    >>> decide_holes(ring, EMPTY, square, EMPTY)[0].area      # basement with no slab
    36.0
    >>> out, why = decide_holes(ring, EMPTY, EMPTY, EMPTY)    # a courtyard open to the sky
    >>> out.area, why.void
    (20.0, 1)
    >>> crack = Polygon([(0, 0), (6, 0), (6, 6), (0, 6)], [[(1, 1), (5, 1), (5, 1.00001)]])
    >>> out, why = decide_holes(crack, EMPTY, EMPTY, EMPTY)  # rounding, not a courtyard
    >>> out.area, why.filled, why.void
    (36.0, 0, 0)
    """
    if geometry.is_empty:
        return EMPTY, HoleDecision()
    counts = {"floor": 0, "covered": 0, "shaft": 0, "unknown": 0, "void": 0}
    parts, voids, counted = [], [], []
    for polygon in shapely.get_parts(geometry):
        keep = []
        for ring in polygon.interiors:
            hole = Polygon(ring)
            if hole.area <= TOL.area_m2:
                continue
            if _share(hole, floor) >= COVER_SHARE:
                counts["floor"] += 1
            elif _share(hole, above) >= COVER_SHARE:
                counts["covered"] += 1
                counted.append(hole)
            elif not shafts.is_empty and hole.intersection(shafts).area > TOL.area_m2:
                counts["shaft"] += 1
                counted.append(hole)
            elif not above_modelled:
                counts["unknown"] += 1
                counted.append(hole)
            else:
                keep.append(ring)
                voids.append(hole)
                counts["void"] += 1
        parts.append(Polygon(polygon.exterior, keep))
    merged = shapely.union_all(parts)
    if voids:
        # A courtyard's own walls are a part lying inside the building's filled hole:
        # filling that hole must not fill the courtyard again.
        merged = merged.difference(shapely.union_all(voids))
    return clean(merged), HoleDecision(**counts, counted=clean(shapely.union_all(counted))
                                       if counted else EMPTY)


#: A part of an outline whose floor (its area less the enclosing material) is smaller than
#: this, or than ``MATERIAL_ONLY_SHARE`` of the part, encloses nothing (m²).
MATERIAL_ONLY_M2 = 1.0
MATERIAL_ONLY_SHARE = 0.25


def drop_material_only(
    outline: Polygon | MultiPolygon, material: Polygon | MultiPolygon
) -> tuple[Polygon | MultiPolygon, float]:
    """Drop the parts of an outline made only of wall and column cross-sections.

    A free-standing column, a garden wall, or a ring of walls that does not close has no
    floor inside it: its cross-section is not floor area (GB/T 50353-2013 3.0.1 measures
    the space the enclosure closes around). Returns ``(outline, dropped_m2)``.

    Examples
    --------
    >>> room = Polygon([(0, 0), (5, 0), (5, 4), (0, 4)])
    >>> column = Polygon([(8, 0), (8.4, 0), (8.4, 0.4), (8, 0.4)])
    >>> walls = room.difference(room.buffer(-0.2, join_style="mitre")).union(column)
    >>> out, dropped = drop_material_only(room.union(column), walls)
    >>> round(out.area, 6), round(dropped, 6)
    (20.0, 0.16)
    """
    if outline.is_empty:
        return EMPTY, 0.0
    keep, dropped = [], 0.0
    for part in shapely.get_parts(outline):
        inner = part.difference(material).area if not material.is_empty else part.area
        if inner < MATERIAL_ONLY_M2 or inner < MATERIAL_ONLY_SHARE * part.area:
            dropped += part.area
        else:
            keep.append(part)
    return (clean(shapely.union_all(keep)) if keep else EMPTY), dropped


#: An opening in a storey's floor counts as a void (an atrium, a double-height space) only
#: when it is at least this large and this wide: narrower strips are where slabs stop at
#: wall faces or at each other (m², m).
VOID_MIN_M2 = 2.0
VOID_MIN_WIDTH_M = 0.6


def open_floor_voids(
    outline: Polygon | MultiPolygon,
    floor: Polygon | MultiPolygon,
    above: Polygon | MultiPolygon,
    shafts: Polygon | MultiPolygon,
    material: Polygon | MultiPolygon,
) -> tuple[Polygon | MultiPolygon, float]:
    """Take out of an outline the openings in its floor that the level above leaves open.

    An atrium or double-height void needs no walls around it, so it is not always a hole
    of the outline. Where this storey has floor slabs and the level above is modelled, a
    part of the outline with neither a floor under it, nor a slab or roof over it, nor a
    stair or lift in it, is a void through the building (GB/T 50353-2013 3.0.8 counts such a
    space once, on its floor). A stairwell under the roof is covered and stays floor area.
    Returns ``(outline, void_m2)``.

    Examples
    --------
    >>> plan = Polygon([(0, 0), (10, 0), (10, 8), (0, 8)])
    >>> void = Polygon([(3, 3), (7, 3), (7, 5), (3, 5)])
    >>> floor = plan.difference(void)
    >>> out, area = open_floor_voids(plan, floor, floor, EMPTY, EMPTY)
    >>> round(out.area, 6), round(area, 6)
    (72.0, 8.0)
    >>> open_floor_voids(plan, floor, plan, EMPTY, EMPTY)[0].area     # a roof over it
    80.0
    """
    if outline.is_empty or floor.is_empty or above.is_empty:
        return outline, 0.0
    candidate = outline.difference(floor).difference(above)
    if not shafts.is_empty:
        candidate = candidate.difference(shafts)
    if not material.is_empty:
        candidate = candidate.difference(material.buffer(0.05))
    voids = [p for p in shapely.get_parts(clean(candidate))
             if p.area >= VOID_MIN_M2 and not p.buffer(-VOID_MIN_WIDTH_M / 2).is_empty]
    if not voids:
        return outline, 0.0
    area = sum(v.area for v in voids)
    return clean(outline.difference(shapely.union_all(voids))), area


#: An element this far from the middle of the model is misplaced, not part of it (m): a
#: site is a few hundred metres across, while map coordinates put whole models far away.
FAR_OUTLIER_M = 10_000.0


def without_far_outliers(
    meshes: Mapping[str, Mesh],
) -> tuple[dict[str, Mesh], list[tuple[str, float]]]:
    """Leave out elements lying absurdly far from the rest (a space placed at 1e12 m).

    Distances are taken from the median of the elements' centres, so a model placed in map
    coordinates (500 km, 3 400 km) is judged by its own extent, not by its origin. The
    left-out elements count as elements without geometry: their storeys say so.
    """
    items = [(gid, mesh) for gid, mesh in meshes.items() if not mesh.is_empty]
    if len(items) < 3:
        return dict(meshes), []
    # Every mesh's bounds in two array calls (one min and max per mesh cost 0.6 s for the
    # 69,000 meshes of a 100-tower community).
    vertices = [mesh.vertices for _, mesh in items]
    starts = np.cumsum([0] + [len(v) for v in vertices[:-1]])
    stacked = np.concatenate(vertices)
    centres = (np.minimum.reduceat(stacked, starts) + np.maximum.reduceat(stacked, starts)) / 2
    middle = np.median(centres, axis=0)
    distance = np.linalg.norm(centres - middle, axis=1)
    far = [(gid, float(d)) for (gid, _), d in zip(items, distance, strict=True)
           if not np.isfinite(d) or d > FAR_OUTLIER_M]
    if not far:
        return dict(meshes), []
    dropped = {gid for gid, _ in far}
    return {gid: m for gid, m in meshes.items() if gid not in dropped}, far


class BuildingEnclosers:
    """A building's enclosing elements, with their z ranges as arrays for quick selection.

    Each storey looks only at the elements whose range reaches its floor (an array test),
    not at every element of the building: tall buildings stay linear in their size.
    """

    def __init__(self, items: list[Encloser]) -> None:
        self.items = items
        self.lo = np.array([e.lo for e in items], dtype=float)
        self.hi = np.array([e.hi for e in items], dtype=float)
        self.by_storey: dict[str | None, list[Encloser]] = defaultdict(list)
        for e in items:
            self.by_storey[e.record.storey_id].append(e)

    def reaching(self, floor_z: float) -> list[Encloser]:
        """Elements that start below ``STAND_MAX_BASE_M`` over the floor and rise above it."""
        if not self.items:
            return []
        chosen = np.nonzero((self.lo < floor_z + STAND_MAX_BASE_M) & (self.hi > floor_z))[0]
        return [self.items[i] for i in chosen]


def enclosers_by_building(
    index: ModelIndex, meshes: Mapping[str, Mesh]
) -> dict[str | None, BuildingEnclosers]:
    """Enclosing elements by building (elements in no storey go to every building)."""
    building_of = {s.global_id: s.building_id for s in index.storeys}
    out: dict[str | None, list[Encloser]] = defaultdict(list)
    for e in enclosers(index.elements, meshes):
        out[building_of.get(e.record.storey_id or "")].append(e)
    if None in out and len(out) > 1:
        # Elements in no storey: give them to every building (models rarely have both).
        for key in list(out):
            if key is not None:
                out[key].extend(out[None])
    return {key: BuildingEnclosers(items) for key, items in out.items()}


class Covers:
    """Slabs and roofs sorted by their lowest z: what may cover a storey from above.

    Both queries take the plan extent of the storey asked about and union only the covers
    whose footprint reaches into it. What covers a storey matters only over its own plan
    (its holes, its floor openings), and on a community site every tower has slabs at the
    same heights: without the extent each storey unioned the slabs of every tower at the
    next level, and ``from_height`` every slab of the site above it (issue 10: 8 s of
    unions at 25 towers, growing with the square of their number).
    """

    def __init__(self, items: list[tuple[float, str]], fp: Footprints) -> None:
        items = sorted(items)
        self.lo = np.array([lo for lo, _ in items], dtype=float)
        self.gids = [gid for _, gid in items]
        self.fp = fp
        self._tree: shapely.STRtree | None = None
        self._shapes: dict[int, bytes] = {}

    @property
    def highest(self) -> float:
        """The highest underside of all (-inf when there is nothing)."""
        return float(self.lo[-1]) if len(self.lo) else float("-inf")

    def _near(self, extent: tuple[float, float, float, float]) -> np.ndarray:
        """Return the indices (in ``lo`` order) of the covers whose box meets ``extent``."""
        if self._tree is None:
            self._tree = shapely.STRtree(
                [shapely.box(*self.fp(gid).bounds) if not self.fp(gid).is_empty else EMPTY
                 for gid in self.gids])
        return np.sort(self._tree.query(shapely.box(*extent)))

    def between(self, low: float, high: float,
                extent: tuple[float, float, float, float]) -> Polygon | MultiPolygon:
        """Union of the covers over ``extent`` with the underside strictly between heights."""
        picked = self._near(extent)
        picked = picked[(self.lo[picked] > low) & (self.lo[picked] < high)]
        return self._union(picked)

    def from_height(self, z: float,
                    extent: tuple[float, float, float, float]) -> Polygon | MultiPolygon:
        """Union of the covers over ``extent`` whose underside is at or above ``z``."""
        picked = self._near(extent)
        picked = picked[self.lo[picked] >= z]
        return self._union(picked)

    def _union(self, picked: np.ndarray) -> Polygon | MultiPolygon:
        """Union of the covers ``picked``, each distinct plan once.

        A tower's typical floors are one slab shape stacked storey over storey: the covers
        over its lower storeys are the same polygon hundreds of times, and uniting copies
        of a polygon costs as much as uniting different ones (``from_height`` united every
        slab above each storey: quadratic in the storeys, 1.1 s of a 400-storey block).
        Copies are known by their normalised shape, computed once per cover.
        """
        distinct: dict[bytes, BaseGeometry] = {}
        for i in picked.tolist():
            shape = self._shapes.get(i)
            plan = self.fp(self.gids[i])
            if shape is None:
                shape = self._shapes[i] = shapely.to_wkb(shapely.normalize(plan))
            distinct.setdefault(shape, plan)
        return union(distinct.values())


def build_covers(index: ModelIndex, meshes: Mapping[str, Mesh], fp: Footprints) -> Covers:
    """Slabs and roofs, each with its lowest z: what may cover a storey from above."""
    out = []
    for e in index.elements:
        mesh = meshes.get(e.global_id)
        if mesh is None or mesh.is_empty:
            continue
        parent = index.by_id.get(e.parent_id or "")
        if e.group in ("slabs", "roofs") or (parent is not None and parent.group == "roofs"):
            out.append((float(mesh.bounds[0, 2]), e.global_id))
    return Covers(out, fp)
