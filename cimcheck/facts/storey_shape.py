"""A storey's shape: its outline, its kind and the coefficient of its height.

::

    floor level       the top of the largest floor slab near the elevation     (enclosure.py)
    standing          enclosing elements over their full height at that level
    outline           their plans, small gaps closed, ∪ enclosed rooms, holes decided by
                      what covers them (floor, the level above, a stair or lift in them)
    kind              by name (架空层, 设备层 …), else basement / semi-basement by grade,
                      else storey; stilt when declared or when the enclosure leaves most of
                      the slab above open                                   (3.0.5, 3.0.7)
    region            the stilt projection of the slab above, or the outline; nothing for
                      a reference level or a level with no floor
    coefficient       1 at ≥ 2.20 m structural height, else ½           (3.0.1, 3.0.5 …)
    sloped roof?      the region in 2.10 / 1.20 m clear-height bands                (3.0.3)
    no enclosure      slab edges (columns only), or no area and a warning            (3.0.1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from cimcheck.facts.classify import storey_kind_by_name
from cimcheck.facts.context import BALCONY_LIKE, FLOOR_TYPES, OPEN, StoreyContext
from cimcheck.facts.enclosure import (
    FLOOR_SEARCH_M,
    BuildingEnclosers,
    Encloser,
    HoleDecision,
    decide_holes,
    drop_material_only,
    enclosure_plans,
    floor_level,
    is_knee_wall,
    open_floor_voids,
    stands_at,
)
from cimcheck.facts.items import Evidence
from cimcheck.facts.outline import close_gaps, slope_bands
from cimcheck.facts.outside import inside_structure
from cimcheck.facts.params import AreaParams
from cimcheck.geometry.footprint import EMPTY, union
from cimcheck.geometry.tolerance import TOL
from cimcheck.model.index import REFERENCE_LEVEL_M
from cimcheck.model.records import ElementRecord, StoreyRecord

__all__ = ["Shape", "measure_shape", "storey_kind"]


@dataclass
class Shape:
    """What the outline step decided about a storey (read by the inside and outside steps).

    Attributes
    ----------
    floor_z : float
        The real floor level (world z).
    standing : list of Encloser
        The enclosing elements standing at the floor level.
    material : geometry
        Their plans (walls, columns, curtain-wall bands).
    walls : geometry
        ``material`` with small gaps closed.
    interior : list of ElementRecord
        Enclosed rooms (and recessed balconies).
    outline : geometry
        The enclosed outline, holes decided.
    region : geometry
        What the storey's inside items are carved from (the outline, or the stilt
        projection of the slab above, or nothing).
    kind : str
        Storey kind (``cat.*``: storey, basement, stilt, sloped_roof, none, roof …).
    bands : dict or None
        Clear-height bands under a sloped roof (``full``, ``half``, ``zero``).
    """

    floor_z: float
    z_cut: float
    standing: list[Encloser]
    material: BaseGeometry
    walls: BaseGeometry
    inside_balconies: dict[str, Evidence]
    interior: list[ElementRecord]
    interior_fp: BaseGeometry
    floor: BaseGeometry
    floor_fp: BaseGeometry
    cover: BaseGeometry
    shafts: BaseGeometry
    above_modelled: bool
    outline: BaseGeometry
    holes: HoleDecision
    dropped: float
    closed: bool
    region: BaseGeometry = EMPTY
    kind: str = "storey"
    named: tuple[str, Evidence] | None = None
    stilt_spaces: list[ElementRecord] = field(default_factory=list)
    is_stilt: bool = False
    declared_stilt: bool = False
    by_geometry: bool = False
    open_share: float = 0.0
    reference: bool = False
    bands: dict[str, BaseGeometry] | None = None
    coefficient: float = 1.0
    height_evidence: Evidence | None = None
    slab_edges: bool = False


def storey_kind(storey: StoreyRecord, params: AreaParams,
                named: tuple[str, Evidence] | None) -> str:
    """Return a storey's kind by name, else by grade (basement, semi-basement), else storey."""
    if named is not None and named[0] != "stilt":
        return named[0]
    top = storey.base_z_m + (storey.height_m or 0.0)
    if storey.height_m is not None and top <= params.grade_z_m + TOL.length_m:
        return "basement"
    if storey.base_z_m < params.grade_z_m - 0.01:
        return "semi_basement"
    return "storey"


def height_rule(storey: StoreyRecord, params: AreaParams, kind: str) -> tuple[float, Evidence]:
    """Return the coefficient of a storey's structural height, with its evidence."""
    height = storey.height_m
    if height is None:
        return 1.0, Evidence.of("ev.height_unknown", limit=params.full_height_m)
    # Compare at millimetre precision so 2.2 stored as 2.19999999 is still 2.20.
    full = round(height, 3) >= params.full_height_m
    key = "ev.height_full" if full else "ev.height_half"
    return (1.0 if full else 0.5), Evidence.of(key, height=height, limit=params.full_height_m,
                                               source=storey.height_source, kind=kind)


def measure_shape(ctx: StoreyContext) -> Shape:
    """Decide a storey's outline, kind, region and height coefficient (notes as it goes)."""
    shape = _outline(ctx)
    _kind(ctx, shape)
    shape.coefficient, shape.height_evidence = height_rule(ctx.storey, ctx.params, shape.kind)
    _slope(ctx, shape)
    _missing_geometry(ctx, shape)
    _no_enclosure(ctx, shape)
    return shape


def _outline(ctx: StoreyContext) -> Shape:
    """Find the floor level, what stands on it, and the enclosed outline with its holes."""
    model, storey, fp = ctx.model, ctx.storey, ctx.fp
    own = model.enclosers.get(storey.building_id) or BuildingEnclosers([])
    floor_z, floor_source = floor_level(
        storey.base_z_m,
        [(float(model.meshes[e.global_id].bounds[1, 2]), fp(e.global_id).area)
         for e in ctx.floor_slabs if not model.meshes[e.global_id].is_empty],
        own.by_storey.get(storey.global_id, []),
        ctx.below.base_z_m if ctx.below is not None else None,
        ctx.above.base_z_m if ctx.above is not None else None)
    z_cut = floor_z + TOL.section_offset_m
    # The structure that encloses this storey is whatever stands at the cut height,
    # whichever storey the exporter put it in (a wall running through three storeys is
    # often contained in the lowest): the storey's building, all its enclosing elements.
    standing = [e for e in own.reaching(floor_z)
                if stands_at(e, floor_z, ctx.params.enclosure_min_height_m)
                or is_knee_wall(e, z_cut, model.roofs)]
    material = union(enclosure_plans(standing, fp, model.curtain_wall_of))
    walls = close_gaps(material, ctx.params.outline_gap_m)
    inside_balconies = {e.global_id: evidence for e in ctx.spaces
                        if ctx.category(e) in BALCONY_LIKE
                        for evidence in [inside_structure(e, fp(e.global_id), walls, ctx.params)]
                        if evidence is not None}
    interior = [e for e in ctx.spaces
                if e.global_id in inside_balconies
                or (ctx.category(e) not in OPEN
                    and not (ctx.cls(e).external and ctx.category(e) is None))]
    interior_fp = union(fp(e.global_id) for e in interior)
    raw = union([walls, interior_fp])
    floor = union([interior_fp, *(fp(e.global_id) for e in ctx.floor_slabs)])
    cover = _cover(ctx, floor_z, raw)
    shafts = union(fp(e.global_id) for e in ctx.els["circulation"]
                   if e.global_id in model.meshes)
    above_modelled = model.covers.highest > floor_z + ctx.params.cover_above_min_m
    outline, holes = decide_holes(raw, floor, cover, shafts, above_modelled)
    outline, void_m2 = open_floor_voids(outline, floor, cover, shafts, material)
    if void_m2 > 0:
        ctx.notes.append(Evidence.of("ev.floor_void", area=void_m2))
    outline, dropped = drop_material_only(outline, material)
    if floor_source != "elevation" and abs(floor_z - storey.base_z_m) > TOL.section_offset_m:
        ctx.notes.append(Evidence.of(f"ev.floor_level_{floor_source}",
                                     z=floor_z - storey.base_z_m))
    return Shape(floor_z, z_cut, standing, material, walls, inside_balconies, interior,
                 interior_fp, floor, union(fp(e.global_id) for e in ctx.floor_slabs), cover,
                 shafts, above_modelled, outline, holes, dropped, closed=not outline.is_empty)


def _kind(ctx: StoreyContext, shape: Shape) -> None:
    """Decide the storey's kind and the region its items are carved from."""
    storey = ctx.storey
    named = shape.named = storey_kind_by_name(storey.name, storey.long_name)
    kind = storey_kind(storey, ctx.params, named)
    if named is not None:
        ctx.notes.append(named[1])
    shape.stilt_spaces = [e for e in ctx.spaces if ctx.category(e) == "stilt"]
    shape.is_stilt = shape.declared_stilt = (named is not None and named[0] == "stilt") \
        or bool(shape.stilt_spaces)
    slab_above = _slab_above(ctx)
    shape.open_share = 1.0 - shape.outline.area / slab_above.area if slab_above.area > 0 \
        else 0.0
    # By geometry alone: an above-ground storey whose enclosure covers less than
    # half of the slab over it is mostly open: an overhead (stilt) storey, to be confirmed.
    shape.by_geometry = bool(not shape.is_stilt and kind == "storey"
                             and (shape.standing or ctx.spaces)
                             and shape.open_share > ctx.params.stilt_open_share
                             and not ctx.model.partial)
    region = shape.outline
    if shape.is_stilt or shape.by_geometry:
        kind = "stilt"
        region = union([slab_above, shape.outline]) if not slab_above.is_empty \
            else shape.outline
        ctx.notes.append(Evidence.of("ev.stilt_projection", area=slab_above.area))
        if shape.by_geometry:
            ctx.notes.append(Evidence.of("ev.stilt_geometry", share=shape.open_share))
        shape.is_stilt = True
    below = ctx.below
    shape.reference = below is not None and not ctx.spaces and \
        storey.elevation_m - below.elevation_m < REFERENCE_LEVEL_M
    if shape.reference and below is not None:
        # A level just above another one (a garage roof, a roof datum) measures the same
        # walls again: counting it would count that floor twice.
        ctx.notes.append(Evidence.of("ev.reference_level", below=below.name,
                                     gap=storey.elevation_m - below.elevation_m))
        region, kind = EMPTY, "none"
    elif region.area < ctx.params.min_storey_m2 and not ctx.spaces and not ctx.floor_slabs:
        ctx.notes.append(Evidence.of("ev.no_floor"))
        region, kind = EMPTY, "none"
    elif region.is_empty:
        kind = "roof"
    holes = shape.holes
    ctx.notes.append(Evidence.of("ev.outline", walls=len(shape.standing),
                                 spaces=len(shape.interior), cut=TOL.section_offset_m,
                                 filled=holes.filled, kept=holes.void, area=shape.outline.area))
    if holes.covered or holes.shaft:
        ctx.notes.append(Evidence.of("ev.holes_shafts", count=holes.covered + holes.shaft))
    if holes.unknown:
        ctx.notes.append(Evidence.of("ev.holes_unknown", count=holes.unknown))
    shape.region, shape.kind = region, kind


def _slope(ctx: StoreyContext, shape: Shape) -> None:
    """Split the region into clear-height bands where a sloped roof is over it (3.0.3)."""
    if shape.kind in ("none",) or shape.is_stilt:
        return
    # Under a sloped roof the floor itself is the measure (GB-03) when the walls do not
    # close: an attic enclosed by its roof may have only gable walls to cut. Where the
    # walls close, slabs beyond them (an apron, a terrace) are not floor (3.0.27).
    candidate = shape.region if shape.closed else union([shape.region, shape.floor_fp])
    if candidate.is_empty:
        return
    bands = slope_bands(ctx.model.roofs, shape.floor_z, candidate, ctx.params.slope_full_clear_m,
                        ctx.params.slope_half_clear_m)
    if bands is None:
        return
    shape.bands, shape.region = bands, candidate
    kind = "storey" if shape.kind in ("roof", "none") else shape.kind
    shape.kind = "sloped_roof" if kind == "storey" else kind
    ctx.notes.append(Evidence.of("ev.sloped", full=bands["full"].area,
                                 half=bands["half"].area, zero=bands["zero"].area))


def _missing_geometry(ctx: StoreyContext, shape: Shape) -> None:
    """Warn when elements that shape the storey have no geometry, or are damaged.

    Its floor, walls and spaces, and the slabs and roofs over it, count. An element with
    no body at all counts too, unless its parts carry it (a curtain wall of plates, an
    IfcRoof of slabs).
    """
    index, meshes, els = ctx.model.index, ctx.model.meshes, ctx.els
    wholes = index.wholes

    def lacks_geometry(e: ElementRecord) -> bool:
        return e.global_id not in meshes and (e.has_body or e.global_id not in wholes)

    missing = [e for e in [*els["slabs"], *els["walls"], *els["spaces"], *els["roofs"],
                           *els["curtain_walls"]] if lacks_geometry(e)]
    if ctx.above is not None:
        missing += [e for e in index.elements_by_storey.get(ctx.above.global_id, ())
                    if e.group in ("slabs", "roofs") and lacks_geometry(e)]
    if missing and shape.kind != "none":
        ctx.warn("areas.geometry_missing", count=len(missing),
                 classes=", ".join(sorted({e.ifc_class for e in missing})))
    storey = ctx.storey
    damaged = [e for e in index.elements_by_storey.get(storey.global_id, ())
               if e.global_id in index.damaged]
    if damaged or storey.global_id in index.damaged:
        ctx.warn("areas.damaged_elements", count=len(damaged),
                 example=damaged[0].global_id if damaged else storey.global_id)


def _no_enclosure(ctx: StoreyContext, shape: Shape) -> None:
    """No enclosure, no area (3.0.1): wall and column sections are not floor; say why."""
    if shape.closed or shape.is_stilt or shape.bands is not None or shape.reference:
        return
    storey = ctx.storey
    if not any(not e.is_column for e in shape.standing) and not shape.floor_fp.is_empty:
        shape.region, shape.slab_edges = shape.floor_fp, True
        shape.kind = storey_kind(storey, ctx.params, shape.named)
        ctx.warn("areas.slab_edges", area=shape.floor_fp.area, slabs=len(ctx.floor_slabs))
    elif shape.standing:
        ctx.warn("areas.enclosure_open", walls=len(shape.standing),
                 cut=shape.z_cut - storey.base_z_m, gap=ctx.params.outline_gap_m,
                 dropped=shape.dropped)
        shape.region, shape.kind = EMPTY, "none"
    elif ctx.floor_slabs:
        ctx.warn("areas.no_enclosure", cut=shape.z_cut - storey.base_z_m)
        shape.region, shape.kind = EMPTY, "none"


def _cover(ctx: StoreyContext, floor_z: float, plan: BaseGeometry) -> BaseGeometry:
    """Find what covers a storey from above: the next level's slabs and roofs.

    Higher roofs count where the next level has no floor (a one-storey link under the main
    roof). Higher roofs do not count inside the next level's floor plan: there an opening
    in that floor is a void through the storey above (an atrium), whatever roofs it at the
    top. Only covers reaching over ``plan`` (the storey's raw outline) are looked at: the
    cover is only ever compared with parts of that outline.
    """
    above, covers, fp = ctx.above, ctx.model.covers, ctx.fp
    if plan.is_empty:
        return EMPTY
    x0, y0, x1, y1 = plan.bounds
    margin = ctx.params.plan_grow_m + 1.0
    extent = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    top = above.base_z_m + FLOOR_SEARCH_M if above is not None else float("inf")
    near = covers.between(floor_z + ctx.params.cover_above_min_m, top, extent)
    if above is None:
        return near
    high = covers.from_height(top, extent)
    if high.is_empty:
        return near
    above_floor = union(fp(e.global_id)
                        for e in ctx.model.index.elements_by_storey.get(above.global_id, ())
                        if e.group == "slabs" and e.predefined_type.upper() in FLOOR_TYPES)
    grown = above_floor.buffer(ctx.params.plan_grow_m)
    plan = union(Polygon(p.exterior) for p in shapely.get_parts(grown)
                 if not p.is_empty) if not above_floor.is_empty else EMPTY
    return union([near, high.difference(plan) if not plan.is_empty else high])


def _slab_above(ctx: StoreyContext) -> BaseGeometry:
    """Return the floor slabs of the level above (not balconies, terraces or planting)."""
    if ctx.above is None:
        return EMPTY
    model = ctx.model
    slabs = [e for e in model.index.elements_by_storey.get(ctx.above.global_id, ())
             if e.group == "slabs" and e.global_id in model.meshes
             and e.predefined_type.upper() in FLOOR_TYPES
             and (model.classes.get(e.global_id) is None
                  or model.category(e) not in BALCONY_LIKE | {"terrace", "green"})]
    return union(ctx.fp(e.global_id) for e in slabs)
