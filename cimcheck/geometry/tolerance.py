"""The one tolerance object of cimcheck: no bare epsilons elsewhere.

Each value says why it was chosen. Code compares against ``TOL.<field>``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TOL", "Tolerance"]


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Geometric tolerances, in metres and square metres.

    Attributes
    ----------
    length_m : float
        Two points closer than this are the same point (1e-6 m). Tessellators emit
        vertices in float64 metres; 1 µm is far below any drawing precision but above
        float noise for coordinates up to ~1e6 m.
    area_m2 : float
        Polygons smaller than this are slivers and dropped (1e-4 m² = 1 cm²). Projected
        vertical faces leave triangles of ~1e-12 m²; real parts of a floor plan are never
        this small.
    triangle_area_m2 : float
        Triangles whose plan projection is smaller than this are vertical and skipped
        when building footprints (1e-9 m²).
    section_offset_m : float
        Height above a storey's floor at which walls and columns are cut for the storey
        outline (0.1 m): above the slab top and its finishes' tolerance, below any sill.
    threshold_m : float
        Slack on height thresholds such as 2.20 m (0.005 m); the reports say when a
        value was within it.
    declared_rel, declared_abs_m2 : float
        A declared area (authored quantity, GFA space) differs from the derived one when
        the gap exceeds both 1 % and 0.05 m²: authoring tools round to 0.01 m² and measure
        to slightly different boundaries (finish vs structure); 1 % is what the issue sets
        for storey areas.
    """

    length_m: float = 1e-6
    area_m2: float = 1e-4
    triangle_area_m2: float = 1e-9
    section_offset_m: float = 0.1
    threshold_m: float = 0.005
    declared_rel: float = 0.01
    declared_abs_m2: float = 0.05


TOL = Tolerance()
