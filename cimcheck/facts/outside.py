"""Items outside a storey's outline: balconies, bay windows, terraces and roofs, greening.

=================  ======================================================================
balcony, sky       ½ of the slab's horizontal projection outside the main structure
garden             (GB/T 50353-2013 3.0.21); a recessed one is inside and counts in full
                   with the storey. Declared by category, or a floor slab that overhangs
                   the outline or a small slab against the facade (inferred).
bay window         ½ with a sill step < 0.45 m and clear height ≥ 2.10 m (3.0.13),
                   otherwise 0 (3.0.27-7)
terrace, roof      0, shown (3.0.27-4)
greening           0 building area; measured for the green ratio (GB 50180-2018 A.0.2)
=================  ======================================================================
"""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry

from cimcheck.facts.classify import Classification, attributes_of
from cimcheck.facts.context import BALCONY_LIKE, CLAUSE, ZERO, StoreyContext
from cimcheck.facts.items import Evidence
from cimcheck.facts.params import AreaParams
from cimcheck.geometry.footprint import clean, union
from cimcheck.geometry.tolerance import TOL
from cimcheck.model.records import ElementRecord

__all__ = ["add_outside_items", "inside_structure"]


def inside_structure(e: ElementRecord, polygon: BaseGeometry, walls: BaseGeometry,
                     params: AreaParams) -> Evidence | None:
    """Say whether a balcony lies inside the main structure (3.0.21), and why; None if not.

    ``CIMCheck_Area.InsideMainStructure`` decides when present. Otherwise geometry: a
    balcony enclosed by structure along at least half of its perimeter is recessed (凹阳台);
    one that only touches the facade is cantilevered (挑阳台).
    """
    declared = e.psets.get("CIMCheck_Area", {}).get("InsideMainStructure")
    if declared is True:
        return Evidence.of("ev.pset", pset="CIMCheck_Area", prop="InsideMainStructure",
                           value=True)
    if declared is False or polygon.is_empty or walls.is_empty:
        return None
    perimeter = polygon.boundary.length
    along = polygon.boundary.intersection(walls.buffer(params.wall_contact_m)).length
    share = along / perimeter if perimeter > 0 else 0.0
    if share >= params.recessed_perimeter_share:
        return Evidence.of("ev.inside_geometry", share=share)
    return None


def add_outside_items(ctx: StoreyContext, region: BaseGeometry, is_stilt: bool) -> None:
    """Add the storey's balconies, bay windows, terraces, roofs and greening."""
    _balconies(ctx, region, is_stilt)
    _bay_windows(ctx, region)
    _zero_items(ctx, region)


def _cantilevers(ctx: StoreyContext, region: BaseGeometry) -> list[ElementRecord]:
    """Unclassified floor slabs that reach beyond the outline as a cantilevered balcony.

    By geometry alone: an overhang of this storey's floor (less than half of the
    slab outside) or a small slab against the facade.
    """
    params, out = ctx.params, []
    for e in ctx.els["slabs"]:
        if e.global_id not in ctx.model.meshes or ctx.model.classes.get(e.global_id) is None:
            continue
        if ctx.category(e) is not None or e.predefined_type.upper() not in {"FLOOR", ""}:
            continue
        slab = ctx.fp(e.global_id)
        outside = clean(slab.difference(region))
        if outside.area < params.outside_slab_min_m2 or slab.area <= 0:
            continue
        overhang = outside.area / slab.area < params.overhang_share_max
        against = outside.area <= params.small_balcony_slab_m2 \
            and slab.distance(region) <= params.facade_contact_m
        if overhang or against:
            out.append(e)
    return out


def _balconies(ctx: StoreyContext, region: BaseGeometry, is_stilt: bool) -> None:
    """Balconies and sky gardens: slabs and spaces, grouped where they overlap."""
    classes = ctx.model.classes
    balcony_like = [e for e in [*ctx.els["slabs"], *ctx.spaces]
                    if ctx.category(e) in BALCONY_LIKE and e.global_id in ctx.model.meshes]
    # Never on the lowest storey, on a stilt storey, or on a storey without an outline.
    elevated = ctx.storey.base_z_m >= ctx.params.grade_z_m + ctx.params.elevated_m \
        and ctx.below is not None
    if elevated and not is_stilt and not region.is_empty:
        balcony_like += _cantilevers(ctx, region)
    for group in _overlapping(balcony_like, ctx):
        polygon = union(ctx.fp(e.global_id) for e in group)
        outside = clean(polygon.difference(region))
        # The element with the firmest classification speaks for the group.
        lead = min(group, key=lambda e: (classes[e.global_id].category is None,
                                         classes[e.global_id].inferred))
        c = classes[lead.global_id]
        cat = c.category if c.category in BALCONY_LIKE else "balcony"
        evidence = [Evidence.of("ev.outside_structure", area=outside.area)]
        cls = c if c.category is not None else Classification(
            "balcony", "geometry", (Evidence.of("ev.slab_outside", area=outside.area),), True)
        ctx.add(cat, outside, 0.5, CLAUSE["balcony_outside"], evidence, cls,
                [e.global_id for e in group], attributes_of(lead))


def _bay_windows(ctx: StoreyContext, region: BaseGeometry) -> None:
    """Bay windows: ½ with a low sill step and full clear height (3.0.13), else 0."""
    params = ctx.params
    for e in [*ctx.els["windows"], *ctx.els["proxies"], *ctx.spaces]:
        if ctx.category(e) != "bay_window" or e.global_id not in ctx.model.meshes:
            continue
        mesh = ctx.model.meshes[e.global_id]
        sill = float(mesh.bounds[0, 2] - ctx.storey.base_z_m)
        clear = float(mesh.bounds[1, 2] - mesh.bounds[0, 2])
        half = round(sill, 3) < params.bay_sill_max_m and round(clear, 3) >= params.bay_clear_min_m
        ctx.add("bay_window", ctx.fp(e.global_id).difference(region), 0.5 if half else 0.0,
                CLAUSE["bay_window" if half else "bay_window_zero"],
                [Evidence.of("ev.bay", sill=sill, clear=clear, coeff="½" if half else "0",
                             sill_max=params.bay_sill_max_m, clear_min=params.bay_clear_min_m)],
                ctx.cls(e), [e.global_id],
                {**attributes_of(e), "sill_step_m": sill, "clear_height_m": clear})


def _zero_items(ctx: StoreyContext, region: BaseGeometry) -> None:
    """Terraces and roof spaces (0, outside the outline) and greening (0, all of it)."""
    els = ctx.els
    for e in [*ctx.spaces, *els["slabs"], *els["geographic"], *els["coverings"],
              *els["proxies"]]:
        cat = ctx.category(e)
        if e.global_id not in ctx.model.meshes or cat not in ZERO | {"green"}:
            continue
        if cat == "roof" and e.group == "slabs":
            continue  # roof slabs are construction, not zones: only roof *spaces* are items
        polygon = ctx.fp(e.global_id) if cat == "green" \
            else ctx.fp(e.global_id).difference(region)
        attrs = attributes_of(e)
        if cat == "green":
            elevated = ctx.storey.base_z_m > ctx.params.grade_z_m + ctx.params.elevated_m
            attrs.setdefault("GreeningKind", "ROOF" if elevated else "GROUND")
        ctx.add(cat, polygon, 0.0, CLAUSE[cat], [Evidence.of(f"ev.zero_{cat}")], ctx.cls(e),
                [e.global_id], attrs)


def _overlapping(records: list[ElementRecord], ctx: StoreyContext) -> list[list[ElementRecord]]:
    """Group records whose footprints overlap (a balcony slab and its balcony space).

    In order, each record joins the first group holding a record it overlaps (by more
    than the area tolerance), else starts one. Overlap candidates come from an STRtree:
    a storey shared by the towers of a community has hundreds of balconies, and testing
    each against all the others was quadratic (issue 10: 439,450 intersections at 25
    towers).
    """
    shapes = [ctx.fp(record.global_id) for record in records]
    tree = shapely.STRtree(shapes)
    groups: list[list[ElementRecord]] = []
    group_of: list[int] = []
    for i, shape in enumerate(shapes):
        earlier = (int(j) for j in tree.query(shape, predicate="intersects") if j < i)
        hits = [group_of[j] for j in earlier
                if shape.intersection(shapes[j]).area > TOL.area_m2]
        if hits:
            # Groups are numbered in the order they were started: the first one wins.
            group_of.append(min(hits))
            groups[min(hits)].append(records[i])
        else:
            group_of.append(len(groups))
            groups.append([records[i]])
    return groups
