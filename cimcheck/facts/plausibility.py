"""The plausibility line of a storey: its building area against what else the model says.

A measured storey is set beside three independent statements of its size:

- **its rooms** (the footprints of its enclosed spaces, plus the shafts counted with them),
  under the same clear-height bands where the storey has a sloped roof: a storey measured
  at the outer face of its walls is larger than its rooms by the walls, normally by 0-35 %
  (``ROOMS_RATIO``); smaller means walls were missed or floor dropped, much larger means
  slabs beyond the walls were counted or rooms are missing;
- **authored quantities**: the storey's GrossFloorArea (the authoring tool's own gross
  area; more than 5 % off is a warning) and its floor slabs' GrossArea (shown, not judged:
  slabs stop at wall faces and have stair openings);
- **the slab outline**: the plan of its floor slabs.

A storey outside the bounds gets a warning that names the likely causes, in the order the
issues with real exports were met (see ``cimcheck.facts.enclosure``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shapely.geometry import MultiPolygon, Polygon

from cimcheck.model.records import StoreyRecord
from cimcheck.results.diagnostic import Diagnostic, Severity

__all__ = ["AUTHORED_TOLERANCE", "ROOMS_RATIO", "StoreyChecks", "check_storey",
           "checks_diagnostic"]

#: Building area ÷ rooms that a storey measured at the outer face of its walls may have:
#: walls of 0.2-0.4 m around rooms of 10-30 m² add 10-30 %.
ROOMS_RATIO = (1.0, 1.35)

#: Relative gap to an authored storey GrossFloorArea beyond which a storey is doubtful.
AUTHORED_TOLERANCE = 0.05

#: The cause each measurement warning names in the plausibility line.
WARNING_CAUSES = {
    "areas.enclosure_open": "plaus.cause.enclosure_open",
    "areas.no_enclosure": "plaus.cause.no_enclosure",
    "areas.slab_edges": "plaus.cause.slab_edges",
    "areas.geometry_missing": "plaus.cause.geometry_missing",
    "areas.damaged_elements": "plaus.cause.damaged",
}

#: Rooms smaller than this in total say nothing about a storey (m²).
MIN_ROOMS_M2 = 1.0


@dataclass(frozen=True, slots=True)
class StoreyChecks:
    """One storey's building area beside the model's other statements of its size.

    Attributes
    ----------
    gross_m2 : float
        The measured area inside the storey's region, with clear-height bands applied and
        no storey-height coefficient: what rooms and authored gross areas compare with.
    rooms_m2 : float or None
        Its rooms (and shafts), banded the same way; None when it has no rooms.
    rooms_ratio : float or None
    authored_gross_m2 : float or None
        The storey's authored GrossFloorArea, and where it came from.
    authored_source : str
    authored_ratio : float or None
        Our outline ÷ the authored gross area.
    slab_gross_m2 : float or None
        Sum of the authored GrossArea of its floor slabs.
    slab_outline_m2 : float
        Plan area of its floor slabs.
    causes : tuple of str
        Likely causes when the storey is implausible (message keys ``plaus.cause.*``);
        empty when it is plausible.
    """

    gross_m2: float
    rooms_m2: float | None
    rooms_ratio: float | None
    authored_gross_m2: float | None
    authored_source: str
    authored_ratio: float | None
    slab_gross_m2: float | None
    slab_outline_m2: float
    causes: tuple[str, ...] = ()

    @property
    def plausible(self) -> bool:
        """True when nothing is out of bounds."""
        return not self.causes

    @property
    def needs_warning(self) -> bool:
        """True when a cause is not already the subject of its own measurement warning."""
        return any(c not in WARNING_CAUSES.values() for c in self.causes)


#: Clear-height bands of a storey under a sloped roof: "full", "half" and "zero"
#: (``cimcheck.facts.outline.slope_bands``).
Bands = Mapping[str, Polygon | MultiPolygon]


def _banded(polygon: Polygon | MultiPolygon, bands: Bands | None) -> float:
    if bands is None:
        return polygon.area
    return (polygon.intersection(bands["full"]).area
            + 0.5 * polygon.intersection(bands["half"]).area
            + polygon.difference(bands["half"]).difference(bands["zero"])
            .difference(bands["full"]).area)


def check_storey(  # noqa: PLR0913 - one argument per independent statement of the size
    outline: Polygon | MultiPolygon,
    kind: str,
    building_area_m2: float,
    rooms: Polygon | MultiPolygon,
    bands: Bands | None,
    authored: tuple[float, str] | None,
    slab_gross_m2: float | None,
    slab_outline: Polygon | MultiPolygon,
    notes: frozenset[str] = frozenset(),
    warnings: tuple[str, ...] = (),
) -> StoreyChecks:
    """Set a measured storey beside its rooms and authored quantities.

    Parameters
    ----------
    outline : Polygon or MultiPolygon
        The storey's measured region.
    kind : str
        The storey's kind (``StoreyAreas.kind``); a stilt storey is measured by the slab
        above, not by its rooms.
    building_area_m2 : float
    rooms : Polygon or MultiPolygon
        Footprints of its enclosed rooms and counted shafts.
    bands : dict or None
        Its clear-height bands (``full``, ``half``, ``zero``) under a sloped roof.
    authored : (float, str) or None
        The storey's authored GrossFloorArea and its source.
    slab_gross_m2 : float or None
    slab_outline : Polygon or MultiPolygon
    notes : frozenset of str
        Evidence keys of the storey's measurement, used to name causes.
    warnings : tuple of str
        Codes of the warnings already raised on the storey's measurement (an enclosure that
        does not close): they make it implausible too, with their own cause.

    Examples
    --------
    >>> plan = Polygon([(0, 0), (10, 0), (10, 8), (0, 8)])
    >>> room = Polygon([(0.2, 0.2), (9.8, 0.2), (9.8, 7.8), (0.2, 7.8)])
    >>> c = check_storey(plan, "storey", 80.0, room, None, (100.0, "BaseQuantities"), None,
    ...                  plan)
    >>> round(c.rooms_ratio, 4), c.causes          # 80 ÷ 72.96; 80 is 20 % under 100
    (1.0965, ('plaus.cause.authored_gross',))
    """
    gross = _banded(outline, bands) if not outline.is_empty else 0.0
    rooms_m2 = _banded(rooms, bands) if rooms.area >= MIN_ROOMS_M2 else None
    causes = [WARNING_CAUSES[w] for w in warnings if w in WARNING_CAUSES]
    ratio = None
    if rooms_m2 and kind not in ("stilt", "none", "roof"):
        ratio = gross / rooms_m2
        if ratio < ROOMS_RATIO[0] - 1e-9:
            causes.extend(_small_causes(outline, rooms, notes))
        elif ratio > ROOMS_RATIO[1] + 1e-9:
            causes.extend(_large_causes(outline, kind, slab_outline, notes))
    elif rooms_m2 and kind in ("none", "roof") and building_area_m2 == 0:
        causes.append("plaus.cause.rooms_without_area")
    authored_ratio = None
    if authored is not None and authored[0] > 0:
        authored_ratio = outline.area / authored[0]
        if abs(authored_ratio - 1.0) > AUTHORED_TOLERANCE:
            causes.append("plaus.cause.authored_gross")
    return StoreyChecks(
        gross_m2=gross, rooms_m2=rooms_m2, rooms_ratio=ratio,
        authored_gross_m2=authored[0] if authored else None,
        authored_source=authored[1] if authored else "",
        authored_ratio=authored_ratio, slab_gross_m2=slab_gross_m2,
        slab_outline_m2=slab_outline.area, causes=tuple(dict.fromkeys(causes)))


def _small_causes(outline: Polygon | MultiPolygon, rooms: Polygon | MultiPolygon,
                  notes: frozenset[str]) -> list[str]:
    out = []
    if rooms.difference(outline).area > 0.05 * rooms.area:
        out.append("plaus.cause.walls_missed")
    if "ev.floor_void" in notes:
        out.append("plaus.cause.void_taken")
    out.append("plaus.cause.cut_height")
    return out


def _large_causes(outline: Polygon | MultiPolygon, kind: str,
                  slab_outline: Polygon | MultiPolygon, notes: frozenset[str]) -> list[str]:
    out = []
    if "ev.holes_shafts" in notes:
        out.append("plaus.cause.shafts_without_rooms")
    if not slab_outline.is_empty and kind == "sloped_roof" and \
            slab_outline.difference(outline).area < 0.05 * outline.area:
        out.append("plaus.cause.slab_beyond_walls")
    out.append("plaus.cause.rooms_partial")
    return out


def checks_diagnostic(storey: StoreyRecord, checks: StoreyChecks) -> Diagnostic:
    """Make the warning of an implausible storey, naming its likely causes."""
    return Diagnostic.make(
        "areas.storey_implausible", Severity.WARNING, global_id=storey.global_id,
        storey=storey.name, area=round(checks.gross_m2, 2),
        rooms=round(checks.rooms_m2, 2) if checks.rooms_m2 is not None else "—",
        ratio=round(checks.rooms_ratio, 2) if checks.rooms_ratio is not None else "—",
        authored=round(checks.authored_gross_m2, 2)
        if checks.authored_gross_m2 is not None else "—",
        causes=checks.causes)
