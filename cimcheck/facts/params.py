"""Thresholds of GB/T 50353-2013 used by the area engine (regulations.md §1 and §7).

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
