"""The building-area engine: storey areas and area items under GB/T 50353-2013.

``compute_areas(analysis)`` walks each building's storeys from the bottom up::

    classify spaces, slabs, windows, proxies, planting      (classify.py, design.md §4)
    outline  = section(walls, columns, curtain walls) ∪ enclosed spaces, inner holes filled
    stilt storey?   region = projection of the slab above    (GB-07)
    otherwise       region = outline
    inside items    = special spaces ∩ region, the rest is the storey item
    sloped roof?    every inside item split into 2.10 / 1.20 m clear-height bands (GB-03)
    else            coefficient by structural storey height ≥ 2.20 m (GB-01/05/07/14/22)
    outside items   = balconies (½ slab projection, GB-18), bay windows (GB-10),
                      terraces and roofs (0), greening (0, measured for the green ratio)
    post-pass       small storeys on top of the main roof are rooftop structures (GB-14)

A storey's building area is the sum of its items' building areas, by construction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

import shapely
from shapely.geometry import MultiPolygon, Polygon

from cimcheck.analysis import Analysis
from cimcheck.facts.classify import (
    CATEGORIES,
    Classification,
    attributes_of,
    classify,
    storey_kind_by_name,
)
from cimcheck.facts.declared import authored_quantity, compare_declared
from cimcheck.facts.enclosure import (
    FLOOR_SEARCH_M,
    BuildingEnclosers,
    build_covers,
    decide_holes,
    drop_material_only,
    enclosers_by_building,
    enclosure_plans,
    floor_level,
    is_knee_wall,
    open_floor_voids,
    stands_at,
    without_far_outliers,
)
from cimcheck.facts.households import count_households
from cimcheck.facts.items import AreaItem, AreaTable, Evidence, StoreyAreas
from cimcheck.facts.outline import close_gaps, slope_bands
from cimcheck.facts.params import AreaParams
from cimcheck.facts.plausibility import check_storey, checks_diagnostic
from cimcheck.geometry.footprint import EMPTY, clean, footprint, union
from cimcheck.geometry.tolerance import TOL
from cimcheck.model.records import ElementRecord, StoreyRecord
from cimcheck.results.diagnostic import Diagnostic, Severity

log = logging.getLogger(__name__)

__all__ = ["compute_areas"]

GB = "GB/T 50353-2013"
CLAUSE = {
    "storey": f"{GB} 3.0.1", "basement": f"{GB} 3.0.5", "semi_basement": f"{GB} 3.0.5",
    "stilt": f"{GB} 3.0.7", "lobby_atrium": f"{GB} 3.0.8", "sloped_roof": f"{GB} 3.0.3",
    "bay_window": f"{GB} 3.0.13", "bay_window_zero": f"{GB} 3.0.27-7",
    "roof_structure": f"{GB} 3.0.17", "balcony_outside": f"{GB} 3.0.21",
    "balcony_inside": f"{GB} 3.0.21", "refuge": f"{GB} 3.0.26", "equipment": f"{GB} 3.0.26",
    "terrace": f"{GB} 3.0.27-4", "roof": f"{GB} 3.0.27-4", "green": "GB 50180-2018 A.0.2",
    "arcade_passage": f"{GB} 3.0.27-2",
}
#: Space categories that are not enclosed floor: they do not make the outline.
OPEN = {"stilt", "public_open", "disaster_passage", "terrace", "roof", "green", "gfa",
        "bay_window", "balcony", "sky_garden", "arcade_passage", "ext_corridor", "porch"}
#: Categories measured outside the outline like a balcony (GB-18).
BALCONY_LIKE = {"balcony", "sky_garden"}
ZERO = {"terrace", "roof"}
ENCLOSING_GROUPS = {"walls", "curtain_walls", "columns", "parts"}
FLOOR_TYPES = {"FLOOR", "BASESLAB", "", "NOTDEFINED", "USERDEFINED"}


class _Storey:
    """Working state for one storey (a plain helper, not part of the result)."""

    def __init__(self, number: int, storey: StoreyRecord) -> None:
        self.number = number
        self.storey = storey
        self.items: list[AreaItem] = []
        self.notes: list[Evidence] = []
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: str, **params) -> None:
        """Record a warning about this storey's measurement (a diagnostic and a note)."""
        self.diagnostics.append(Diagnostic.make(code, Severity.WARNING,
                                                global_id=self.storey.global_id,
                                                storey=self.storey.name, **params))

    def add(self, category, polygon, coefficient, clause, evidence, cls: Classification | None,
            global_ids=(), attributes=None, inferred=None) -> None:
        polygon = clean(polygon)
        if polygon.is_empty:
            return
        self.items.append(AreaItem(
            id=f"S{self.number:02d}-{len(self.items) + 1:02d}",
            global_ids=tuple(global_ids),
            storey_id=self.storey.global_id,
            storey=self.storey.name,
            category=category,
            polygon=polygon,
            area_m2=float(polygon.area),
            area_coefficient=float(coefficient),
            clause=clause,
            evidence=tuple((cls.evidence if cls else ()) + tuple(evidence)),
            inferred=bool(cls.inferred if inferred is None and cls else inferred or False),
            source=cls.source if cls else "geometry",
            attributes=dict(attributes or {}),
        ))


def _height_rule(storey: StoreyRecord, params: AreaParams, kind: str) -> tuple[float, Evidence]:
    height = storey.height_m
    if height is None:
        return 1.0, Evidence.of("ev.height_unknown", limit=params.full_height_m)
    # Compare at millimetre precision so 2.2 stored as 2.19999999 is still 2.20.
    full = round(height, 3) >= params.full_height_m
    key = "ev.height_full" if full else "ev.height_half"
    return (1.0 if full else 0.5), Evidence.of(key, height=height, limit=params.full_height_m,
                                               source=storey.height_source, kind=kind)


def _storey_kind(storey: StoreyRecord, params: AreaParams, named: tuple | None) -> str:
    if named is not None and named[0] != "stilt":
        return named[0]
    top = storey.base_z_m + (storey.height_m or 0.0)
    if storey.height_m is not None and top <= params.grade_z_m + TOL.length_m:
        return "basement"
    if storey.base_z_m < params.grade_z_m - 0.01:
        return "semi_basement"
    return "storey"


def compute_areas(
    analysis: Analysis,
    *,
    overrides: Mapping[str, tuple[str, str]] | None = None,
    params: AreaParams | None = None,
) -> AreaTable:
    """Measure every storey and split it into area items.

    Parameters
    ----------
    analysis : Analysis
    overrides : mapping of GlobalId to (category, comment), optional
        Reviewer classifications from the project file; they win over everything.
    params : AreaParams, optional

    Returns
    -------
    AreaTable
    """
    params = params or AreaParams()
    overrides = overrides or {}
    index = analysis.index
    meshes, far_away = without_far_outliers(analysis.meshes)
    footprints: dict[str, Polygon | MultiPolygon] = {}

    def fp(gid: str) -> Polygon | MultiPolygon:
        if gid not in footprints:
            mesh = meshes.get(gid)
            footprints[gid] = footprint(mesh) if mesh is not None else EMPTY
        return footprints[gid]

    classes = {e.global_id: classify(e, overrides.get(e.global_id)) for e in index.elements
               if e.group in {"spaces", "slabs", "windows", "proxies", "geographic",
                              "coverings"}}
    unknown_categories = [
        Diagnostic.make("areas.unknown_category", Severity.WARNING, global_id=e.global_id,
                        ifc_class=e.ifc_class, value=declared, allowed=", ".join(CATEGORIES))
        for e in index.elements
        for declared in [e.psets.get("CIMCheck_Area", {}).get("AreaCategory")]
        if declared not in (None, "") and str(declared).strip().lower() not in CATEGORIES]
    unknown_categories += [
        Diagnostic.make("areas.override_unknown", Severity.WARNING, global_id=gid,
                        category=category)
        for gid, (category, _comment) in sorted(overrides.items())
        if gid not in index.by_id]
    by_building: dict[str | None, list[StoreyRecord]] = defaultdict(list)
    for storey in index.storeys:
        by_building[storey.building_id].append(storey)

    roofs = _roof_meshes(index, meshes, classes)
    building_enclosers = enclosers_by_building(index, meshes)
    covers = build_covers(index, meshes, fp)

    def measure_all(partial: bool) -> list[StoreyAreas]:
        results: list[StoreyAreas] = []
        number = 0
        for storeys in by_building.values():
            ordered = sorted(storeys, key=lambda s: s.elevation_m)
            building_results = []
            for i, storey in enumerate(ordered):
                number += 1
                above = ordered[i + 1] if i + 1 < len(ordered) else None
                below = ordered[i - 1] if i > 0 else None
                building_results.append(_measure_storey(
                    number, storey, above, below, index, meshes, classes, fp, params, roofs,
                    building_enclosers, covers, partial))
            results.extend(_rooftop_pass(building_results, params))
        return results

    results = measure_all(partial=False)
    enclosed_somewhere = any(s.closed for s in results)
    model_diagnostics: list[Diagnostic] = []
    if results and not enclosed_somewhere:
        # Nothing closes anywhere: a structural or partial model. Measured again without
        # guessing stilt floors from columns under slabs (every storey would look like one).
        results = measure_all(partial=True)
        model_diagnostics.append(Diagnostic.make("areas.partial_model", Severity.WARNING))

    site = _site_items(index, classes, fp)
    items = tuple(i for s in results for i in s.items) + site
    households, household_source = count_households(index, classes)
    comparisons, diagnostics = compare_declared(index, results, classes, fp)
    storey_diagnostics = tuple(d for s in results for d in s.diagnostics)
    far = [Diagnostic.make("areas.far_away", Severity.ERROR, global_id=gid,
                           distance_km=distance / 1000) for gid, distance in far_away]
    return AreaTable(tuple(results), items, households, household_source, comparisons,
                     (*model_diagnostics, *far, *unknown_categories, *storey_diagnostics,
                      *diagnostics))


def _elements(index, storey_id: str) -> dict[str, list[ElementRecord]]:
    groups: dict[str, list[ElementRecord]] = defaultdict(list)
    for record in index.elements_by_storey.get(storey_id, ()):
        groups[record.group].append(record)
    return groups


def _roof_meshes(index, meshes, classes) -> list:
    """Meshes of roof construction: ROOF slabs, IfcRoof bodies and the parts of an IfcRoof."""
    out = []
    for e in index.elements:
        if e.global_id not in meshes or e.group == "spaces":
            continue
        c = classes.get(e.global_id)
        parent = index.by_id.get(e.parent_id or "")
        if (c is not None and c.category == "roof") or e.group == "roofs" or (
                parent is not None and parent.group == "roofs"):
            out.append(meshes[e.global_id])
    return out


def _measure_storey(number, storey, above, below, index, meshes, classes, fp, params, roofs,
                    enclosers_of, covers, partial):
    state = _Storey(number, storey)
    els = _elements(index, storey.global_id)
    spaces = [e for e in els["spaces"] if e.global_id in meshes]
    cls = {e.global_id: classes.get(e.global_id) for e in spaces}

    def category(e) -> str | None:
        c = classes.get(e.global_id)
        return c.category if c else None

    floor_slabs = [e for e in els["slabs"] if e.global_id in meshes
                   and e.predefined_type.upper() in FLOOR_TYPES
                   and category(e) not in BALCONY_LIKE | {"roof", "terrace", "green"}]
    def curtain_wall_of(record) -> str | None:
        whole = index.by_id.get(record.parent_id or "")
        return whole.global_id if whole is not None and whole.group == "curtain_walls" else None

    building_enclosers = enclosers_of.get(storey.building_id) or BuildingEnclosers([])
    own = building_enclosers.by_storey.get(storey.global_id, [])
    floor_z, floor_source = floor_level(
        storey.base_z_m,
        [(float(meshes[e.global_id].bounds[1, 2]), fp(e.global_id).area) for e in floor_slabs
         if not meshes[e.global_id].is_empty], own,
        below.base_z_m if below is not None else None,
        above.base_z_m if above is not None else None)
    z_cut = floor_z + TOL.section_offset_m
    # The structure that encloses this storey is whatever stands at the cut height,
    # whichever storey the exporter put it in (a wall running through three storeys is
    # often contained in the lowest): the storey's building, all its enclosing elements.
    standing = [e for e in building_enclosers.reaching(floor_z)
                if stands_at(e, floor_z, params.enclosure_min_height_m)
                or is_knee_wall(e, z_cut, roofs)]
    material = union(enclosure_plans(standing, fp, curtain_wall_of))
    walls = close_gaps(material, params.outline_gap_m)
    inside_balconies = {e.global_id: evidence for e in spaces if category(e) in BALCONY_LIKE
                        for evidence in [_inside_structure(e, fp(e.global_id), walls)]
                        if evidence is not None}
    interior = [e for e in spaces
                if e.global_id in inside_balconies
                or (category(e) not in OPEN
                    and not (cls[e.global_id].external and category(e) is None))]
    interior_fp = union(fp(e.global_id) for e in interior)
    raw = union([walls, interior_fp])
    floor = union([interior_fp, *(fp(e.global_id) for e in floor_slabs)])
    cover = _cover(storey, floor_z, above, covers, index, fp)
    shafts = union(fp(e.global_id) for e in els["circulation"] if e.global_id in meshes)
    above_modelled = covers.highest > floor_z + COVER_ABOVE_MIN_M
    outline, holes = decide_holes(raw, floor, cover, shafts, above_modelled)
    outline, void_m2 = open_floor_voids(outline, floor, cover, shafts, material)
    if void_m2 > 0:
        state.notes.append(Evidence.of("ev.floor_void", area=void_m2))
    outline, dropped = drop_material_only(outline, material)
    closed = not outline.is_empty
    if floor_source != "elevation" and abs(floor_z - storey.base_z_m) > TOL.section_offset_m:
        state.notes.append(Evidence.of(f"ev.floor_level_{floor_source}",
                                       z=floor_z - storey.base_z_m))
    named = storey_kind_by_name(storey.name, storey.long_name)
    kind = _storey_kind(storey, params, named)
    if named is not None:
        state.notes.append(named[1])

    stilt_spaces = [e for e in spaces if category(e) == "stilt"]
    is_stilt = declared_stilt = (named is not None and named[0] == "stilt") or bool(stilt_spaces)
    slab_above = _slab_above(above, index, meshes, classes, fp)
    open_share = 1.0 - outline.area / slab_above.area if slab_above.area > 0 else 0.0
    # Geometry (design.md §4.5): an above-ground storey whose enclosure covers less than
    # half of the slab over it is mostly open: an overhead (stilt) storey, to be confirmed.
    by_geometry = (not is_stilt and kind == "storey" and (standing or spaces)
                   and open_share > STILT_OPEN_SHARE and not partial)
    region = outline
    if is_stilt or by_geometry:
        kind = "stilt"
        region = union([slab_above, outline]) if not slab_above.is_empty else outline
        state.notes.append(Evidence.of("ev.stilt_projection", area=slab_above.area))
        if by_geometry:
            state.notes.append(Evidence.of("ev.stilt_geometry", share=open_share))
        is_stilt = True
    reference = below is not None and not spaces and \
        storey.elevation_m - below.elevation_m < REFERENCE_LEVEL_M
    if reference:
        # A level just above another one (a garage roof, a roof datum) measures the same
        # walls again: counting it would count that floor twice.
        state.notes.append(Evidence.of("ev.reference_level", below=below.name,
                                       gap=storey.elevation_m - below.elevation_m))
        region, kind = EMPTY, "none"
    elif region.area < MIN_STOREY_M2 and not spaces and not floor_slabs:
        state.notes.append(Evidence.of("ev.no_floor"))
        region, kind = EMPTY, "none"
    elif region.is_empty:
        kind = "roof"
    state.notes.append(Evidence.of("ev.outline", walls=len(standing), spaces=len(interior),
                                   cut=TOL.section_offset_m, filled=holes.filled,
                                   kept=holes.void, area=outline.area))
    if holes.covered or holes.shaft:
        state.notes.append(Evidence.of("ev.holes_shafts", count=holes.covered + holes.shaft))
    if holes.unknown:
        state.notes.append(Evidence.of("ev.holes_unknown", count=holes.unknown))

    coefficient, height_evidence = _height_rule(storey, params, kind)
    floor_fp = union(fp(e.global_id) for e in floor_slabs)
    bands = None
    if kind not in ("none",) and not is_stilt:
        # Under a sloped roof the floor itself is the measure (GB-03) when the walls do not
        # close: an attic enclosed by its roof may have only gable walls to cut. Where the
        # walls close, slabs beyond them (an apron, a terrace) are not floor (3.0.27).
        candidate = region if closed else union([region, floor_fp])
        if not candidate.is_empty:
            bands = slope_bands(roofs, floor_z, candidate, params.slope_full_clear_m,
                                params.slope_half_clear_m)
        if bands is not None:
            region = candidate
            kind = "storey" if kind in ("roof", "none") else kind
    if bands is not None:
        kind = "sloped_roof" if kind == "storey" else kind
        state.notes.append(Evidence.of("ev.sloped", full=bands["full"].area,
                                       half=bands["half"].area, zero=bands["zero"].area))

    # Elements that should shape this storey but have no geometry (they failed to
    # tessellate): its floor, walls and spaces, and the slabs and roofs over it.
    # An element with no body at all counts too, unless its parts carry it (a curtain wall
    # of plates, an IfcRoof of slabs).
    wholes = index.wholes

    def lacks_geometry(e) -> bool:
        return e.global_id not in meshes and (e.has_body or e.global_id not in wholes)

    missing = [e for e in [*els["slabs"], *els["walls"], *els["spaces"], *els["roofs"],
                           *els["curtain_walls"]] if lacks_geometry(e)]
    if above is not None:
        missing += [e for e in index.elements_by_storey.get(above.global_id, ())
                    if e.group in ("slabs", "roofs") and lacks_geometry(e)]
    if missing and kind != "none":
        state.warn("areas.geometry_missing", count=len(missing),
                   classes=", ".join(sorted({e.ifc_class for e in missing})))
    damaged = [e for e in index.elements_by_storey.get(storey.global_id, ())
               if e.global_id in index.damaged]
    if damaged or storey.global_id in index.damaged:
        state.warn("areas.damaged_elements", count=len(damaged),
                   example=damaged[0].global_id if damaged else storey.global_id)

    slab_edges = False
    if not closed and not is_stilt and bands is None and not reference:
        # No enclosure, no area (3.0.1): the cross-sections of walls and columns are not
        # floor. Say why, and what to do.
        if not any(not e.is_column for e in standing) and not floor_fp.is_empty:
            region, kind, slab_edges = floor_fp, _storey_kind(storey, params, named), True
            state.warn("areas.slab_edges", area=floor_fp.area, slabs=len(floor_slabs))
        elif standing:
            state.warn("areas.enclosure_open", walls=len(standing), cut=z_cut - storey.base_z_m,
                       gap=params.outline_gap_m, dropped=dropped)
            region, kind = EMPTY, "none"
        elif floor_slabs:
            state.warn("areas.no_enclosure", cut=z_cut - storey.base_z_m)
            region, kind = EMPTY, "none"

    def add_inside(cat, polygon, e_cls, gids, attrs, clause_key):
        if bands is None:
            state.add(cat, polygon, coefficient, CLAUSE.get(clause_key, CLAUSE["storey"]),
                      [height_evidence], e_cls, gids, attrs)
            return
        for band, coeff in (("full", 1.0), ("half", 0.5), ("zero", 0.0)):
            part = polygon.intersection(bands[band])
            state.add(cat if cat != "storey" else "sloped_roof", part, coeff, CLAUSE["sloped_roof"],
                      [Evidence.of(f"ev.band_{band}", full=params.slope_full_clear_m,
                                   half=params.slope_half_clear_m)], e_cls, gids, attrs)

    taken_parts: list = []
    carve = [e for e in spaces if e not in stilt_spaces and category(e) not in
             (OPEN - {"public_open", "disaster_passage", "balcony", "sky_garden"})]
    for e in carve:
        cat = category(e)
        if cat is None or cat in BALCONY_LIKE and e.global_id not in inside_balconies:
            continue
        part = fp(e.global_id).intersection(region)
        # Overlapping spaces: the earlier one keeps the overlap (no area counted twice).
        overlapping = [t for t in taken_parts if t.intersects(part)]
        if overlapping:
            part = part.difference(shapely.union_all(overlapping))
        part = clean(part)
        if part.is_empty:
            continue
        taken_parts.append(part)
        e_cls = cls[e.global_id]
        if cat in BALCONY_LIKE:
            inside_ev = inside_balconies[e.global_id]
            e_cls = replace(e_cls, evidence=(*e_cls.evidence, inside_ev),
                            inferred=e_cls.inferred or inside_ev.key == "ev.inside_geometry")
        clause = "balcony_inside" if cat in BALCONY_LIKE else cat
        add_inside(cat, part, e_cls, [e.global_id], attributes_of(e), clause)
    taken = union(taken_parts)
    remainder = clean(region.difference(taken))
    if is_stilt:
        # Columns standing in the open stilt space are part of it (3.0.7: the projection
        # of the slab above); only what walls and rooms close is the enclosed part.
        core_material = union(enclosure_plans([e for e in standing if not e.is_column], fp,
                                              curtain_wall_of))
        core, _ = decide_holes(union([close_gaps(core_material, params.outline_gap_m),
                                      interior_fp]), floor, cover, shafts, above_modelled)
        core, _ = drop_material_only(core, core_material)
        enclosed = clean(core.difference(taken))
        add_inside("storey", enclosed.intersection(remainder), None,
                   [], {}, "storey")
        open_part = clean(remainder.difference(core))
        stilt_cls = cls[stilt_spaces[0].global_id] if stilt_spaces else None
        if stilt_cls is None and by_geometry:
            stilt_cls = Classification("stilt", "geometry", (Evidence.of(
                "ev.stilt_geometry", share=open_share),), True)
        add_inside("stilt", open_part, stilt_cls, [e.global_id for e in stilt_spaces],
                   {"PubliclyAccessible": any(attributes_of(e).get("PubliclyAccessible")
                                              for e in stilt_spaces),
                    "storey_height_m": storey.height_m,
                    "open_perimeter_ratio": _open_perimeter(region, walls)}, "stilt")
    elif kind not in ("none", "roof"):
        # The remainder holds the storey's ordinary rooms: name them, so that selecting a
        # room finds its item and the 3D view can colour it.
        plain = [e.global_id for e in interior if category(e) is None]
        add_inside(kind if kind != "sloped_roof" else "storey", remainder, None, plain, {},
                   kind if kind in CLAUSE else "storey")

    _outside_items(state, storey, below is None, els, spaces, classes, region, fp, meshes, params,
                   is_stilt)
    checks = check_storey(
        region, kind, sum(i.building_area_m2 for i in state.items),
        # Rooms, and the shafts counted with them; nothing to compare where no room is.
        union([interior_fp, holes.counted]) if interior else EMPTY, bands,
        authored_quantity(storey.quantities, "GrossFloorArea"),
        _slab_gross(floor_slabs), floor_fp, frozenset(n.key for n in state.notes),
        tuple(d.code for d in state.diagnostics))
    if checks.needs_warning:
        state.diagnostics.append(checks_diagnostic(storey, checks))
    if slab_edges:
        edge_evidence = Evidence.of("ev.slab_edges", area=floor_fp.area)
        state.items = [replace(i, inferred=True, source="geometry",
                               evidence=(edge_evidence, *i.evidence)) for i in state.items]
    above_ground = kind not in ("basement",)
    return StoreyAreas(storey, region, tuple(state.items), kind, above_ground,
                       tuple(state.notes), closed=closed or declared_stilt, floor_z_m=floor_z,
                       diagnostics=tuple(state.diagnostics), checks=checks,
                       enclosure=material, rooms=interior_fp)


#: A storey whose enclosed outline leaves more than this share of the slab above open is
#: taken as an overhead storey when nothing else says so (design choice, inferred).
STILT_OPEN_SHARE = 0.5

#: Slabs and roofs whose underside is at least this far above a storey's floor cover it
#: from above (its own floor slab, and steps in it, are lower) (m).
COVER_ABOVE_MIN_M = 0.5

#: A storey less than this above the storey below is a reference level, not a floor (m).
REFERENCE_LEVEL_M = 1.0
#: A storey whose measured outline is smaller than this, with no spaces and no floor, has
#: no building area (slivers of walls passing through a roof level).
MIN_STOREY_M2 = 1.0

#: A separate floor slab wholly outside the outline is taken as a balcony only up to this
#: size (a balcony is rarely larger; a bigger slab is more likely a terrace or canopy).
SMALL_SLAB_M2 = 15.0

#: Share of a balcony's perimeter that must run along the structure for it to count as
#: recessed inside the main structure (three sides of a 2.6 x 1.3 m loggia: 0.67; a
#: cantilever touching along one long side: 0.33).
INSIDE_PERIMETER_SHARE = 0.5


def _open_perimeter(region, walls) -> float:
    """Share of a stilt storey's edge with no wall along it (GZ-01's open-perimeter ratio).

    Columns standing on the edge do not close it: only the enclosing walls' sections count,
    within 0.3 m of the edge.
    """
    if region.is_empty:
        return 0.0
    edge = region.boundary
    closed = edge.intersection(walls.buffer(0.3)).length if not walls.is_empty else 0.0
    return max(0.0, 1.0 - closed / edge.length) if edge.length > 0 else 0.0


def _inside_structure(e: ElementRecord, polygon, walls) -> Evidence | None:
    """Say whether a balcony lies inside the main structure (GB-18), and why; None if not.

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
    along = polygon.boundary.intersection(walls.buffer(0.05)).length
    share = along / perimeter if perimeter > 0 else 0.0
    if share >= INSIDE_PERIMETER_SHARE:
        return Evidence.of("ev.inside_geometry", share=share)
    return None


def _cover(storey, floor_z, above, covers, index, fp):
    """Find what covers a storey from above: the next level's slabs and roofs.

    Higher roofs count where the next level has no floor (a one-storey link under the main
    roof). Higher roofs do not count inside the next level's floor plan: there an opening in that
    floor is a void through the storey above (an atrium), whatever roofs it at the top.
    """
    top = above.base_z_m + FLOOR_SEARCH_M if above is not None else float("inf")
    near = covers.between(floor_z + COVER_ABOVE_MIN_M, top)
    if above is None:
        return near
    high = covers.from_height(top)
    if high.is_empty or above is None:
        return near
    above_floor = union(fp(e.global_id)
                        for e in index.elements_by_storey.get(above.global_id, ())
                        if e.group == "slabs" and e.predefined_type.upper() in FLOOR_TYPES)
    plan = union(Polygon(p.exterior) for p in shapely.get_parts(above_floor.buffer(0.5))
                 if not p.is_empty) if not above_floor.is_empty else EMPTY
    return union([near, high.difference(plan) if not plan.is_empty else high])


def _slab_gross(slabs) -> float | None:
    """Sum of the authored GrossArea of floor slabs; None when none has one."""
    values = [q for e in slabs for q in [authored_quantity(e.quantities, "GrossArea")]
              if q is not None]
    return sum(v for v, _ in values) if values else None


def _slab_above(above, index, meshes, classes, fp):
    if above is None:
        return EMPTY
    slabs = [e for e in index.elements_by_storey.get(above.global_id, ())
             if e.group == "slabs" and e.global_id in meshes
             and e.predefined_type.upper() in FLOOR_TYPES
             and (classes.get(e.global_id) is None
                  or classes[e.global_id].category not in BALCONY_LIKE | {"terrace", "green"})]
    return union(fp(e.global_id) for e in slabs)


def _outside_items(state, storey, lowest, els, spaces, classes, region, fp, meshes, params,
                   is_stilt):
    def category(e):
        c = classes.get(e.global_id)
        return c.category if c else None

    # Balconies and sky gardens: slabs and spaces, grouped where they overlap.
    balcony_like = [e for e in [*els["slabs"], *spaces] if category(e) in BALCONY_LIKE
                    and e.global_id in meshes]
    # Geometry (design.md §4.5): a floor slab reaching beyond the outline is a cantilevered
    # balcony, if it is an overhang of this storey's floor (less than half of the slab
    # outside) or a small slab against the facade; never on a storey without an outline.
    elevated = storey.base_z_m >= params.grade_z_m + 0.5 and not lowest
    if elevated and not is_stilt and not region.is_empty:
        for e in els["slabs"]:
            if e.global_id not in meshes or classes.get(e.global_id) is None:
                continue
            if category(e) is not None or e.predefined_type.upper() not in {"FLOOR", ""}:
                continue
            slab = fp(e.global_id)
            outside = clean(slab.difference(region))
            if outside.area < params.outside_slab_min_m2 or slab.area <= 0:
                continue
            overhang = outside.area / slab.area < 0.5
            against = outside.area <= SMALL_SLAB_M2 and slab.distance(region) <= 0.3
            if overhang or against:
                balcony_like.append(e)
    for group in _overlapping(balcony_like, fp):
        polygon = union(fp(e.global_id) for e in group)
        outside = clean(polygon.difference(region))
        # The element with the firmest classification speaks for the group.
        lead = min(group, key=lambda e: (classes[e.global_id].category is None,
                                         classes[e.global_id].inferred))
        c = classes[lead.global_id]
        cat = c.category if c.category in BALCONY_LIKE else "balcony"
        geometric = c.category is None
        evidence = [Evidence.of("ev.outside_structure", area=outside.area)]
        cls = c if not geometric else Classification(
            "balcony", "geometry", (Evidence.of("ev.slab_outside", area=outside.area),), True)
        state.add(cat, outside, 0.5, CLAUSE["balcony_outside"], evidence, cls,
                  [e.global_id for e in group], attributes_of(lead))

    for e in [*els["windows"], *els["proxies"], *spaces]:
        if category(e) != "bay_window" or e.global_id not in meshes:
            continue
        mesh = meshes[e.global_id]
        sill = float(mesh.bounds[0, 2] - storey.base_z_m)
        clear = float(mesh.bounds[1, 2] - mesh.bounds[0, 2])
        half = round(sill, 3) < params.bay_sill_max_m and round(clear, 3) >= params.bay_clear_min_m
        state.add("bay_window", fp(e.global_id).difference(region), 0.5 if half else 0.0,
                  CLAUSE["bay_window" if half else "bay_window_zero"],
                  [Evidence.of("ev.bay", sill=sill, clear=clear, coeff="½" if half else "0",
                               sill_max=params.bay_sill_max_m, clear_min=params.bay_clear_min_m)],
                  classes[e.global_id], [e.global_id],
                  {**attributes_of(e), "sill_step_m": sill, "clear_height_m": clear})

    for e in [*spaces, *els["slabs"], *els["geographic"], *els["coverings"], *els["proxies"]]:
        cat = category(e)
        if e.global_id not in meshes or cat not in ZERO | {"green"}:
            continue
        if cat == "roof" and e.group == "slabs":
            continue  # roof slabs are construction, not zones: only roof *spaces* are items
        polygon = fp(e.global_id) if cat == "green" else fp(e.global_id).difference(region)
        attrs = attributes_of(e)
        if cat == "green":
            attrs.setdefault("GreeningKind", "ROOF" if storey.base_z_m > params.grade_z_m + 0.5
                             else "GROUND")
        state.add(cat, polygon, 0.0, CLAUSE[cat], [Evidence.of(f"ev.zero_{cat}")],
                  classes[e.global_id], [e.global_id], attrs)


def _overlapping(records, fp) -> list[list[ElementRecord]]:
    """Group records whose footprints overlap (a balcony slab and its balcony space)."""
    groups: list[list[ElementRecord]] = []
    for record in records:
        shape = fp(record.global_id)
        for group in groups:
            if any(shape.intersection(fp(g.global_id)).area > TOL.area_m2 for g in group):
                group.append(record)
                break
        else:
            groups.append([record])
    return groups


def _rooftop_pass(storeys: list[StoreyAreas], params: AreaParams) -> list[StoreyAreas]:
    """Mark small storeys on top of the main roof as rooftop structures (GB-14)."""
    out = list(storeys)
    for i in range(len(out) - 1, 0, -1):
        current = out[i]
        below = [s.outline.area for s in out[:i] if s.kind not in ("none", "roof")]
        if current.kind not in ("storey",) or not below or current.outline.is_empty:
            break
        if current.outline.area >= 0.5 * max(below):
            break
        evidence = Evidence.of("ev.rooftop", area=current.outline.area, below=max(below))
        items = tuple(
            replace(item, category="roof_structure", clause=CLAUSE["roof_structure"],
                    evidence=(evidence, *item.evidence), inferred=True, source="geometry")
            if item.category == "storey" else item
            for item in current.items
        )
        out[i] = replace(current, items=items, kind="roof_structure",
                         notes=(*current.notes, evidence))
    return out


def _site_items(index, classes, fp) -> tuple[AreaItem, ...]:
    """Greening that belongs to no storey (ground greening on the site)."""
    items = []
    for e in index.elements_by_storey.get(None, ()):
        c = classes.get(e.global_id)
        if c is None or c.category != "green":
            continue
        polygon = clean(fp(e.global_id))
        if polygon.is_empty:
            continue
        attrs = attributes_of(e)
        attrs.setdefault("GreeningKind", "GROUND")
        items.append(AreaItem(
            id=f"SITE-{len(items) + 1:02d}", global_ids=(e.global_id,), storey_id="",
            storey="", category="green", polygon=polygon, area_m2=float(polygon.area),
            area_coefficient=0.0, clause=CLAUSE["green"],
            evidence=(*c.evidence, Evidence.of("ev.zero_green")), inferred=c.inferred,
            source=c.source, attributes=attrs))
    return tuple(items)
