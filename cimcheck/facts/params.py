"""Thresholds of the area engine: GB/T 50353-2013's own, and the tolerances of its measuring.

These are the standard's numbers, not local policy; the rule packs may still override them
(a pack's ``gb.*`` parameters). Boundaries follow Chinese drafting usage: "X及以上" is
``>= X`` and "X以下" is ``< X``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AreaParams"]


@dataclass(frozen=True, slots=True)
class AreaParams:
    """Numbers the area engine compares against.

    Attributes
    ----------
    full_height_m : float
        Structural storey height at or above which a storey counts in full (GB-01: 2.20 m).
    slope_full_clear_m, slope_half_clear_m : float
        Clear-height bands under sloped roofs (GB-03: 2.10 m and 1.20 m).
    bay_sill_max_m, bay_clear_min_m : float
        Bay windows count at half when the sill step is below 0.45 m and the clear height is
        at least 2.10 m (GB-10, 3.0.13); otherwise not at all (3.0.27-7).
    enclosure_min_height_m : float
        Walls lower than this are parapets or kerbs, not enclosure (1.5 m; design choice).
    outside_slab_min_m2 : float
        A floor-slab part outside the outline smaller than this is a ledge, not a balcony.
    grade_z_m : float
        Outdoor grade in world z; storeys entirely below it are basements (GB-05).
    outline_gap_m : float
        Gaps between enclosing elements up to this width are closed before the outline is
        taken (0.3 m): authoring tools leave slivers where walls join, and without closing
        a ring of walls with one open corner has no inside.

    The engine's design choices (measured on the samples and the corpus; not in the
    standard, so not pack parameters):

    stilt_open_share : float
        A storey whose enclosed outline leaves more than this share of the slab above open
        is taken as an overhead (stilt) storey when nothing else says so (0.5, inferred).
    cover_above_min_m : float
        Slabs and roofs whose underside is at least this far above a storey's floor cover
        it from above; its own floor slab, and steps in it, are lower (0.5 m).
    plan_grow_m : float
        The floor slabs of the level above are grown by this much before their outer rings
        are taken as its floor plan, so that joints between slabs do not split it (0.5 m).
    min_storey_m2 : float
        A storey whose outline is smaller than this, with no spaces and no floor, has no
        building area: slivers of walls passing through a roof level (1.0 m²).
    elevated_m : float
        A storey at least this far above grade can carry cantilevered balconies, and its
        planting is roof greening (0.5 m).
    overhang_share_max : float
        A floor slab with less than this share of its area outside the outline is an
        overhang of the floor: a cantilevered balcony (0.5).
    small_balcony_slab_m2 : float
        A separate slab wholly outside the outline is a balcony only up to this size; a
        bigger one is more likely a terrace or a canopy (15 m²).
    facade_contact_m : float
        Such a slab is "against the facade" within this distance of the outline (0.3 m).
    recessed_perimeter_share : float
        Share of a balcony's perimeter that must run along the structure for it to be
        recessed inside the main structure (3.0.21): three sides of a 2.6 × 1.3 m loggia
        are 0.67, a cantilever touching along one long side 0.33 (0.5).
    wall_contact_m : float
        A balcony edge runs along the structure within this distance of it (0.05 m).
    open_edge_contact_m : float
        A stilt storey's edge is closed where an enclosing wall runs within this distance
        (GZ-01's open-perimeter ratio; columns do not close it) (0.3 m).
    rooftop_share_max : float
        A storey on top of the main roof smaller than this share of the largest storey
        below is a rooftop structure (3.0.17) (0.5).
    """

    full_height_m: float = 2.20
    slope_full_clear_m: float = 2.10
    slope_half_clear_m: float = 1.20
    bay_sill_max_m: float = 0.45
    bay_clear_min_m: float = 2.10
    enclosure_min_height_m: float = 1.5
    outside_slab_min_m2: float = 0.5
    grade_z_m: float = 0.0
    outline_gap_m: float = 0.3
    stilt_open_share: float = 0.5
    cover_above_min_m: float = 0.5
    plan_grow_m: float = 0.5
    min_storey_m2: float = 1.0
    elevated_m: float = 0.5
    overhang_share_max: float = 0.5
    small_balcony_slab_m2: float = 15.0
    facade_contact_m: float = 0.3
    recessed_perimeter_share: float = 0.5
    wall_contact_m: float = 0.05
    open_edge_contact_m: float = 0.3
    rooftop_share_max: float = 0.5
