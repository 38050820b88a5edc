"""Items inside a storey's region: special spaces carved out first, then the rest.

Special spaces (a lobby, community service rooms, a recessed balcony, a disaster-safety
passage …) are cut out of the region in model order; where two overlap, the earlier keeps
the overlap, so no area is counted twice. What remains is the storey's ordinary floor,
named after its unclassified rooms. A stilt storey's remainder is split into the part that
walls and rooms enclose (a storey item) and the open part (the stilt item, GB/T 50353-2013
3.0.7). Under a sloped roof every item is split into its clear-height bands (3.0.3).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from cimcheck.facts.classify import Classification, attributes_of
from cimcheck.facts.context import BALCONY_LIKE, CLAUSE, OPEN, StoreyContext
from cimcheck.facts.enclosure import decide_holes, drop_material_only, enclosure_plans
from cimcheck.facts.items import Evidence
from cimcheck.facts.outline import close_gaps
from cimcheck.facts.storey_shape import Shape
from cimcheck.geometry.footprint import clean, union
from cimcheck.model.records import ElementRecord

__all__ = ["add_inside_items"]

#: Open categories that are still carved out of the inside when a space declares them.
_CARVED_OPEN = frozenset({"public_open", "disaster_passage", "balcony", "sky_garden"})


def add_inside_items(ctx: StoreyContext, shape: Shape) -> None:
    """Carve special spaces out of the region, then add the rest (the storey's floor)."""
    taken = _carve_special_spaces(ctx, shape)
    remainder = clean(shape.region.difference(taken))
    if shape.is_stilt:
        _stilt_parts(ctx, shape, taken, remainder)
    elif shape.kind not in ("none", "roof"):
        # The remainder holds the storey's ordinary rooms: name them, so that selecting a
        # room finds its item and the 3D view can colour it.
        plain = [e.global_id for e in shape.interior if ctx.category(e) is None]
        _add(ctx, shape, shape.kind if shape.kind != "sloped_roof" else "storey", remainder,
             None, plain, {}, shape.kind if shape.kind in CLAUSE else "storey")


def _add(ctx: StoreyContext, shape: Shape, category: str, polygon: BaseGeometry,
         cls: Classification | None, gids: list[str], attrs: dict[str, Any],
         clause_key: str) -> None:
    """Add an inside item at the storey's coefficient, or split into clear-height bands."""
    params = ctx.params
    if shape.bands is None:
        evidence = [shape.height_evidence] if shape.height_evidence is not None else []
        ctx.add(category, polygon, shape.coefficient, CLAUSE.get(clause_key, CLAUSE["storey"]),
                evidence, cls, gids, attrs)
        return
    for band, coeff in (("full", 1.0), ("half", 0.5), ("zero", 0.0)):
        part = polygon.intersection(shape.bands[band])
        ctx.add(category if category != "storey" else "sloped_roof", part, coeff,
                CLAUSE["sloped_roof"],
                [Evidence.of(f"ev.band_{band}", full=params.slope_full_clear_m,
                             half=params.slope_half_clear_m)], cls, gids, attrs)


def _carve_special_spaces(ctx: StoreyContext, shape: Shape) -> BaseGeometry:
    """Add an item per special space inside the region; return what they took."""
    taken_parts: list[BaseGeometry] = []
    carve = [e for e in ctx.spaces if e not in shape.stilt_spaces
             and ctx.category(e) not in (OPEN - _CARVED_OPEN)]
    for e in carve:
        cat = ctx.category(e)
        if cat is None or cat in BALCONY_LIKE and e.global_id not in shape.inside_balconies:
            continue
        part = ctx.fp(e.global_id).intersection(shape.region)
        # Overlapping spaces: the earlier one keeps the overlap (no area counted twice).
        overlapping = [t for t in taken_parts if t.intersects(part)]
        if overlapping:
            part = part.difference(shapely.union_all(overlapping))
        part = clean(part)
        if part.is_empty:
            continue
        taken_parts.append(part)
        e_cls = ctx.cls(e)
        if cat in BALCONY_LIKE:
            inside_ev = shape.inside_balconies[e.global_id]
            e_cls = replace(e_cls, evidence=(*e_cls.evidence, inside_ev),
                            inferred=e_cls.inferred or inside_ev.key == "ev.inside_geometry")
        clause = "balcony_inside" if cat in BALCONY_LIKE else cat
        _add(ctx, shape, cat, part, e_cls, [e.global_id], attributes_of(e), clause)
    return union(taken_parts)


def _stilt_parts(ctx: StoreyContext, shape: Shape, taken: BaseGeometry,
                 remainder: BaseGeometry) -> None:
    """Split a stilt storey into what walls and rooms enclose and the open part (3.0.7).

    Columns standing in the open stilt space are part of it (the projection of the slab
    above); only what walls and rooms close is the enclosed part.
    """
    fp, params = ctx.fp, ctx.params
    core_material = union(enclosure_plans([e for e in shape.standing if not e.is_column], fp,
                                          ctx.model.curtain_wall_of))
    core, _ = decide_holes(union([close_gaps(core_material, params.outline_gap_m),
                                  shape.interior_fp]), shape.floor, shape.cover, shape.shafts,
                           shape.above_modelled)
    core, _ = drop_material_only(core, core_material)
    enclosed = clean(core.difference(taken))
    _add(ctx, shape, "storey", enclosed.intersection(remainder), None, [], {}, "storey")
    open_part = clean(remainder.difference(core))
    stilt_spaces: list[ElementRecord] = shape.stilt_spaces
    stilt_cls = ctx.cls(stilt_spaces[0]) if stilt_spaces else None
    if stilt_cls is None and shape.by_geometry:
        stilt_cls = Classification("stilt", "geometry", (Evidence.of(
            "ev.stilt_geometry", share=shape.open_share),), True)
    _add(ctx, shape, "stilt", open_part, stilt_cls, [e.global_id for e in stilt_spaces],
         {"PubliclyAccessible": any(attributes_of(e).get("PubliclyAccessible")
                                    for e in stilt_spaces),
          "storey_height_m": ctx.storey.height_m,
          "open_perimeter_ratio": _open_perimeter(shape.region, shape.walls,
                                                  params.open_edge_contact_m)},
         "stilt")


def _open_perimeter(region: BaseGeometry, walls: BaseGeometry, contact_m: float) -> float:
    """Share of a stilt storey's edge with no wall along it (GZ-01's open-perimeter ratio).

    Columns standing on the edge do not close it: only the enclosing walls' sections count,
    within ``contact_m`` of the edge.
    """
    if region.is_empty:
        return 0.0
    edge = region.boundary
    closed = edge.intersection(walls.buffer(contact_m)).length if not walls.is_empty else 0.0
    return max(0.0, 1.0 - closed / edge.length) if edge.length > 0 else 0.0
