"""The building-area engine: storey areas and area items under GB/T 50353-2013.

``compute_areas(analysis)`` walks each building's storeys from the bottom up, one
:class:`~cimcheck.facts.context.StoreyContext` each::

    classify spaces, slabs, windows, proxies, planting      (classify.py)
    shape           outline = what stands on the floor ∪ enclosed rooms, holes decided;
                    kind; stilt region = projection of the slab above (3.0.7); height
                    coefficient (≥ 2.20 m: 1, else ½); sloped-roof bands (3.0.3)
                                                                      (storey_shape.py)
    inside items    special spaces ∩ region, the rest is the storey item     (inside.py)
    outside items   balconies (½ slab projection, 3.0.21), bay windows (3.0.13),
                    terraces and roofs (0), greening (0, for the green ratio) (outside.py)
    plausibility    building area against rooms, slabs and authored areas
                                                                      (plausibility.py)
    post-pass       small storeys on top of the main roof are rooftop structures (3.0.17)

Every threshold is a named field of :class:`~cimcheck.facts.params.AreaParams` or of the
tolerance object (``geometry.tolerance.TOL``).

A storey's building area is the sum of its items' building areas, by construction.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace

from shapely.geometry import MultiPolygon, Polygon

from cimcheck.analysis import Analysis
from cimcheck.facts.classify import CATEGORIES, Classification, attributes_of, classify
from cimcheck.facts.context import CLAUSE, Footprint, ModelContext, StoreyContext
from cimcheck.facts.declared import authored_quantity, compare_declared
from cimcheck.facts.enclosure import build_covers, enclosers_by_building, without_far_outliers
from cimcheck.facts.households import count_households
from cimcheck.facts.inside import add_inside_items
from cimcheck.facts.items import AreaItem, AreaTable, Evidence, StoreyAreas
from cimcheck.facts.outside import add_outside_items
from cimcheck.facts.params import AreaParams
from cimcheck.facts.plausibility import check_storey, checks_diagnostic
from cimcheck.facts.storey_shape import measure_shape
from cimcheck.forkmap import fork_map
from cimcheck.geometry.footprint import EMPTY, clean, footprints, union
from cimcheck.geometry.mesh import Mesh
from cimcheck.model.index import ModelIndex
from cimcheck.model.records import ElementRecord, StoreyRecord
from cimcheck.results.diagnostic import Diagnostic, Severity

log = logging.getLogger(__name__)

__all__ = ["MIN_STOREYS_PER_PROCESS", "compute_areas"]

#: Groups of elements whose footprints the engine draws for every storey it measures: the
#: rest (a bay window's, not every window's; some of a structural model's beams) are
#: drawn one by one, as asked for.
_ASKED_ALL = frozenset({"walls", "spaces", "slabs", "columns", "curtain_walls"})

#: Footprints are drawn for runs of this many storeys of a building at once: enough
#: meshes for one call to pay, few enough that processes measuring neighbouring runs of
#: storeys seldom draw the same ones.
FOOTPRINT_STOREYS = 12

#: A process is forked for at least this many storeys (a fork and the results' trip back
#: cost about as much as measuring a few storeys of a small model).
MIN_STOREYS_PER_PROCESS = 24


def compute_areas(
    analysis: Analysis,
    *,
    overrides: Mapping[str, tuple[str, str]] | None = None,
    params: AreaParams | None = None,
    processes: int = 1,
) -> AreaTable:
    """Measure every storey and split it into area items.

    Parameters
    ----------
    analysis : Analysis
    overrides : mapping of GlobalId to (category, comment), optional
        Reviewer classifications from the project file; they win over everything.
    params : AreaParams, optional
    processes : int
        Storeys are measured by this many processes where that is safe (``forkmap``); a
        storey reads the model and its neighbours but no other storey's result, so the
        table is the same for any number.

    Returns
    -------
    AreaTable
    """
    params = params or AreaParams()
    overrides = overrides or {}
    index = analysis.index
    meshes, far_away = without_far_outliers(analysis.meshes)
    known: dict[str, Polygon | MultiPolygon] = {}

    def fp(gid: str) -> Polygon | MultiPolygon:
        if gid not in known:
            # Asked for one footprint, the process draws those of the element's kind in its
            # storey and the storeys near it at once (``footprints``: half the time of one
            # at a time): the slabs the covers need here, the walls and rooms a storey
            # needs where it is measured (a forked process measures a run of storeys).
            # Other elements (windows, railings, parts) are drawn one by one, as asked for.
            record = index.by_id.get(gid)
            wanted = [gid] if record is None or record.group not in _ASKED_ALL else [gid, *(
                e.global_id for storey in near.get(record.storey_id, (record.storey_id,))
                for e in index.elements_by_storey.get(storey, ())
                if e.group == record.group and e.global_id not in known
                and e.global_id != gid)]
            drawn = [g for g in wanted if g in meshes]
            known.update(zip(drawn, footprints([meshes[g] for g in drawn]), strict=True))
            for g in wanted:
                known.setdefault(g, EMPTY)
        return known[gid]

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
    near: dict[str | None, tuple[str, ...]] = {}     # a storey: its run of storeys
    for storeys in by_building.values():
        ordered = sorted(storeys, key=lambda s: s.elevation_m)
        for k in range(0, len(ordered), FOOTPRINT_STOREYS):
            run = tuple(s.global_id for s in ordered[k:k + FOOTPRINT_STOREYS])
            near.update(dict.fromkeys(run, run))

    model = ModelContext(index, meshes, classes, fp, params, _roof_meshes(index, meshes, classes),
                         enclosers_by_building(index, meshes), build_covers(index, meshes, fp))

    # Each building's storeys from the bottom up, with the storeys above and below; they
    # are numbered in that order, building after building.
    Job = tuple[StoreyRecord, StoreyRecord | None, StoreyRecord | None]
    jobs: list[list[Job]] = []
    for storeys in by_building.values():
        ordered = sorted(storeys, key=lambda s: s.elevation_m)
        jobs.append([(storey, ordered[i + 1] if i + 1 < len(ordered) else None,
                      ordered[i - 1] if i > 0 else None)
                     for i, storey in enumerate(ordered)])
    flat = [(number, *job) for number, job in
            enumerate((job for building in jobs for job in building), start=1)]

    def measure(job: tuple[int, StoreyRecord, StoreyRecord | None, StoreyRecord | None]
                ) -> StoreyAreas:
        return _measure_storey(StoreyContext.of(model, *job))

    def measure_all(partial: bool) -> list[StoreyAreas]:
        model.partial = partial
        measured = iter(fork_map(measure, flat, processes, min_jobs=MIN_STOREYS_PER_PROCESS))
        results: list[StoreyAreas] = []
        for building in jobs:
            results.extend(_rooftop_pass([next(measured) for _ in building], params))
        return results

    results, model_diagnostics = _partial_model(measure_all(partial=False),
                                                lambda: measure_all(partial=True))
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


def _partial_model(results: list[StoreyAreas], measure_again: Callable[[], list[StoreyAreas]]
                   ) -> tuple[list[StoreyAreas], list[Diagnostic]]:
    """Return the storeys, measured again if the model closes nowhere, and what to say.

    Nothing closes anywhere: a structural or partial model. It is measured again without
    guessing stilt floors from columns under slabs (every storey would look like one) where
    a storey was guessed to be one (the guess is all the second pass changes: with none,
    it gives the first's results; the Tekla car wash's one storey of 3,700 elements was
    measured twice for nothing).
    """
    if not results or any(s.closed for s in results):
        return results, []
    if any(n.key == "ev.stilt_geometry" for s in results for n in s.notes):
        results = measure_again()
    return results, [Diagnostic.make("areas.partial_model", Severity.WARNING)]


def _roof_meshes(index: ModelIndex, meshes: Mapping[str, Mesh],
                 classes: Mapping[str, Classification]) -> list[Mesh]:
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


def _measure_storey(ctx: StoreyContext) -> StoreyAreas:
    """Measure one storey: its shape, the items inside and outside it, a plausibility line."""
    shape = measure_shape(ctx)
    add_inside_items(ctx, shape)
    add_outside_items(ctx, shape.region, shape.is_stilt)
    storey = ctx.storey
    checks = check_storey(
        shape.region, shape.kind, sum(i.building_area_m2 for i in ctx.items),
        # Rooms, and the shafts counted with them; nothing to compare where no room is.
        union([shape.interior_fp, shape.holes.counted]) if shape.interior else EMPTY,
        shape.bands, authored_quantity(storey.quantities, "GrossFloorArea"),
        _slab_gross(ctx.floor_slabs), shape.floor_fp, frozenset(n.key for n in ctx.notes),
        tuple(d.code for d in ctx.diagnostics))
    if checks.needs_warning:
        ctx.diagnostics.append(checks_diagnostic(storey, checks))
    items = ctx.items
    if shape.slab_edges:
        edge_evidence = Evidence.of("ev.slab_edges", area=shape.floor_fp.area)
        items = [replace(i, inferred=True, source="geometry",
                         evidence=(edge_evidence, *i.evidence)) for i in items]
    return StoreyAreas(storey, shape.region, tuple(items), shape.kind,
                       shape.kind not in ("basement",), tuple(ctx.notes),
                       closed=shape.closed or shape.declared_stilt, floor_z_m=shape.floor_z,
                       diagnostics=tuple(ctx.diagnostics), checks=checks,
                       enclosure=shape.material, rooms=shape.interior_fp)


def _slab_gross(slabs: list[ElementRecord]) -> float | None:
    """Sum of the authored GrossArea of floor slabs; None when none has one."""
    values = [q for e in slabs for q in [authored_quantity(e.quantities, "GrossArea")]
              if q is not None]
    return sum(v for v, _ in values) if values else None


def _rooftop_pass(storeys: list[StoreyAreas], params: AreaParams) -> list[StoreyAreas]:
    """Mark small storeys on top of the main roof as rooftop structures (GB-14)."""
    out = list(storeys)
    for i in range(len(out) - 1, 0, -1):
        current = out[i]
        below = [s.outline.area for s in out[:i] if s.kind not in ("none", "roof")]
        if current.kind not in ("storey",) or not below or current.outline.is_empty:
            break
        if current.outline.area >= params.rooftop_share_max * max(below):
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


def _site_items(index: ModelIndex, classes: Mapping[str, Classification],
                fp: Footprint) -> tuple[AreaItem, ...]:
    """Greening that belongs to no storey (ground greening on the site)."""
    items: list[AreaItem] = []
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
            source=c.source, attributes=attrs, name=e.long_name or e.name))
    return tuple(items)
