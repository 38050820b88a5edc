"""What covers a storey is looked up near it (``facts.enclosure.Covers``, issue 10).

A community's towers have slabs at the same heights; the engine used to union every
tower's slabs for every storey. Now it unions only the covers whose footprint box meets
the storey's plan extent. Over that extent the answer must be the one of the whole site:
the reference below unions every cover in the height window and clips both to the extent.
"""

from __future__ import annotations

import random

import shapely
from shapely.geometry import box

from cimcheck.facts.enclosure import Covers


def _reference(items, fp, keep):
    return shapely.union_all([fp(gid) for lo, gid in items if keep(lo)])


def test_covers_near_a_storey_equal_the_whole_site_over_its_extent():
    rng = random.Random(20261201)
    for _ in range(20):
        shapes, items = {}, []
        for i in range(rng.randint(1, 80)):
            x, y = rng.uniform(0, 200), rng.uniform(0, 120)
            shapes[f"s{i}"] = box(x, y, x + rng.uniform(2, 30), y + rng.uniform(2, 15))
            items.append((rng.choice([3.0, 6.0, 9.0, 12.0, 40.0]), f"s{i}"))
        covers = Covers(list(items), shapes.__getitem__)
        for _ in range(10):
            x, y = rng.uniform(0, 200), rng.uniform(0, 120)
            extent = (x, y, x + rng.uniform(5, 60), y + rng.uniform(5, 40))
            window = box(*extent)
            low, high = sorted(rng.sample([2.0, 4.5, 7.5, 10.5, 13.0, 50.0], 2))
            got = covers.between(low, high, extent)
            want = _reference(items, shapes.__getitem__, lambda lo, a=low, b=high: a < lo < b)
            assert abs(got.intersection(window).area - want.intersection(window).area) < 1e-6
            got = covers.from_height(low, extent)
            want = _reference(items, shapes.__getitem__, lambda lo, a=low: lo >= a)
            assert abs(got.intersection(window).area - want.intersection(window).area) < 1e-6


def test_a_tower_is_not_covered_by_its_neighbours_slabs():
    """Two 24 x 12 m towers 40 m apart, slabs at 3 m: tower A's storey sees A's slab only."""
    shapes = {"a": box(0, 0, 24, 12), "b": box(40, 0, 64, 12)}
    covers = Covers([(3.0, "a"), (3.0, "b")], shapes.__getitem__)
    got = covers.between(0.0, 5.0, (-1, -1, 25, 13))
    assert got.area == 288.0          # 24 × 12, not 576


def test_a_towers_stacked_slabs_are_united_once_each_shape(monkeypatch):
    # Thirty typical floors of one 24 × 12 m slab shape (each its own polygon object, as
    # every storey's slab is) and a smaller roof on top: the covers over the ground floor
    # are 31 polygons of two shapes; the union is asked for two, and gives the same plan.
    from cimcheck.facts import enclosure

    shapes = {f"floor{k}": box(0, 0, 24, 12) for k in range(30)}
    shapes["roof"] = box(2, 2, 10, 10)
    items = [(3.0 * (k + 1), f"floor{k}") for k in range(30)] + [(95.0, "roof")]
    asked = []
    real = enclosure.union
    monkeypatch.setattr(enclosure, "union", lambda parts: asked.append(len(
        parts := list(parts))) or real(parts))
    covers = Covers(items, shapes.__getitem__)
    got = covers.from_height(1.0, (-1, -1, 25, 13))
    assert asked == [2]
    assert got.equals(_reference(items, shapes.__getitem__, lambda lo: lo >= 1.0))
    assert got.area == 288.0
