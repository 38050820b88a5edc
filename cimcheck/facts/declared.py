"""Declared versus derived: set the model's own area statements beside ours.

The checker does not trust authored numbers silently, nor does it hide them: each
declared value (a space's authored GrossFloorArea, a storey's GrossFloorArea quantity, a
GFA space, a designer's ``CIMCheck_Area.DeclaredAreaCoeff``) becomes a
:class:`~cimcheck.facts.items.Comparison`, and a difference beyond ``TOL.declared_*`` a
warning diagnostic pointing at the element.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from shapely.geometry import MultiPolygon, Polygon

from cimcheck.facts.classify import Classification
from cimcheck.facts.items import AreaItem, Comparison, StoreyAreas
from cimcheck.geometry.tolerance import TOL
from cimcheck.model.index import ModelIndex
from cimcheck.model.records import Psets
from cimcheck.results.diagnostic import Diagnostic, Severity

__all__ = ["authored_quantity", "compare_declared", "within"]


def within(declared: float, derived: float) -> bool:
    """Tell whether two areas agree within the declared-area tolerance.

    Examples
    --------
    >>> within(100.0, 100.9), within(100.0, 101.5), within(0.0, 0.04)
    (True, False, True)
    """
    gap = abs(declared - derived)
    return gap <= TOL.declared_abs_m2 or gap <= TOL.declared_rel * max(abs(declared), 1e-9)


def authored_quantity(quantities: Psets, name: str) -> tuple[float, str] | None:
    """Return ``(value, "qset.name")`` of an authored quantity, or None when absent."""
    for qset in ("Qto_SpaceBaseQuantities", "Qto_BuildingStoreyBaseQuantities",
                 "BaseQuantities", *quantities):
        value = quantities.get(qset, {}).get(name)
        if isinstance(value, (int, float)) and value > 0:
            return float(value), f"{qset or '(unnamed)'}.{name}"
    return None


def compare_declared(
    index: ModelIndex,
    storeys: Sequence[StoreyAreas],
    classes: Mapping[str, Classification],
    fp: Callable[[str], Polygon | MultiPolygon],
) -> tuple[tuple[Comparison, ...], tuple[Diagnostic, ...]]:
    """Return ``(comparisons, diagnostics)`` for every declared area in the model.

    Comparisons come in three kinds, in this order: each space's authored GrossFloorArea
    against its footprint; each storey's authored GrossFloorArea, and the sum of its GFA
    spaces, against the measured storey; each designer's ``DeclaredAreaCoeff`` against the
    coefficient the rules gave the element's item.
    """
    comparisons, gfa_sum = _space_comparisons(index, classes, fp)
    comparisons += _storey_comparisons(index, storeys, gfa_sum)
    comparisons += _coefficient_comparisons(index, storeys)
    diagnostics = tuple(
        Diagnostic.make("areas.declared_mismatch", Severity.WARNING, global_id=c.subject_id,
                        subject=c.subject, quantity=c.quantity, declared=round(c.declared, 3),
                        derived=round(c.derived, 3), source=c.source)
        for c in comparisons if not c.within_tolerance
    )
    return tuple(comparisons), diagnostics


def _space_comparisons(
    index: ModelIndex,
    classes: Mapping[str, Classification],
    fp: Callable[[str], Polygon | MultiPolygon],
) -> tuple[list[Comparison], dict[str, float]]:
    """Compare spaces' authored GrossFloorArea with their footprints; sum GFA spaces.

    A GFA space (the IFC+SG convention: one space drawn over a storey's gross floor area)
    is not a room: its footprint is summed per storey, to be set beside the storey instead.
    """
    comparisons: list[Comparison] = []
    gfa_sum: dict[str, float] = defaultdict(float)
    for space in index.spaces:
        c = classes.get(space.global_id)
        if c is not None and c.category == "gfa" and space.storey_id:
            gfa_sum[space.storey_id] += fp(space.global_id).area
            continue
        authored = authored_quantity(space.quantities, "GrossFloorArea")
        # The footprint only where there is something to compare it with: the storeys
        # measured by other processes computed theirs there, not here.
        area = fp(space.global_id).area if authored is not None else 0.0
        if authored is not None and area > 0:
            comparisons.append(Comparison(space.global_id, space.long_name or space.name,
                                          "space_gross_floor_area_m2", authored[0], area,
                                          authored[1], within(authored[0], area)))
    return comparisons, gfa_sum


def _storey_comparisons(
    index: ModelIndex, storeys: Sequence[StoreyAreas], gfa_sum: Mapping[str, float]
) -> list[Comparison]:
    """Compare each measured storey with its authored GrossFloorArea and its GFA spaces."""
    comparisons: list[Comparison] = []
    by_storey = {s.storey.global_id: s for s in storeys}
    for storey in index.storeys:
        measured = by_storey.get(storey.global_id)
        if measured is None:
            continue
        # An authored storey GrossFloorArea is a gross plan area: compare it with our
        # outline, before any GB coefficient (a sloped attic keeps its full outline here).
        authored = authored_quantity(storey.quantities, "GrossFloorArea")
        if authored is not None:
            gross = measured.outline.area
            comparisons.append(Comparison(storey.global_id, storey.name,
                                          "storey_gross_floor_area_m2", authored[0], gross,
                                          authored[1], within(authored[0], gross)))
        if storey.global_id in gfa_sum:
            comparisons.append(Comparison(storey.global_id, storey.name, "gfa_spaces_m2",
                                          gfa_sum[storey.global_id], measured.building_area_m2,
                                          "IfcSpace GFA",
                                          within(gfa_sum[storey.global_id],
                                                 measured.building_area_m2)))
    return comparisons


def _coefficient_comparisons(
    index: ModelIndex, storeys: Sequence[StoreyAreas]
) -> list[Comparison]:
    """Compare a designer's ``CIMCheck_Area.DeclaredAreaCoeff`` with the derived coefficient.

    The derived coefficient is that of the first area item the element is part of.
    """
    items_by_gid: dict[str, list[AreaItem]] = defaultdict(list)
    for s in storeys:
        for item in s.items:
            for gid in item.global_ids:
                items_by_gid[gid].append(item)
    comparisons: list[Comparison] = []
    for record in index.elements:
        coeff = record.psets.get("CIMCheck_Area", {}).get("DeclaredAreaCoeff")
        if isinstance(coeff, (int, float)) and items_by_gid.get(record.global_id):
            derived = items_by_gid[record.global_id][0].area_coefficient
            comparisons.append(Comparison(record.global_id, record.long_name or record.name,
                                          "area_coefficient", float(coeff), derived,
                                          "CIMCheck_Area.DeclaredAreaCoeff",
                                          abs(float(coeff) - derived) < 1e-9))
    return comparisons
