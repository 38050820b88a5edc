"""Balcony grouping (``facts.outside._overlapping``) with an STRtree equals the pairwise rule.

The rule: in order, each record joins the first group holding a record whose footprint it
overlaps by more than the area tolerance, else starts a new group. The reference below
tests every pair (quadratic, as the engine did before issue 10); the engine must give the
same groups on random layouts, including records that touch at an edge only (no overlap)
and records that bridge two groups (they join the first).
"""

from __future__ import annotations

import random
from types import SimpleNamespace

from shapely.geometry import box

from cimcheck.facts.outside import _overlapping
from cimcheck.geometry.tolerance import TOL


def _reference(records, fp):
    groups = []
    for record in records:
        for group in groups:
            if any(fp(record.global_id).intersection(fp(g.global_id)).area > TOL.area_m2
                   for g in group):
                group.append(record)
                break
        else:
            groups.append([record])
    return groups


def test_groups_equal_the_pairwise_rule_on_random_layouts():
    rng = random.Random(20261201)
    for _ in range(30):
        shapes = {}
        for i in range(rng.randint(1, 120)):
            x, y = rng.randint(0, 40), rng.randint(0, 40)       # integer grid: edge contacts
            shapes[f"g{i}"] = box(x, y, x + rng.randint(1, 4), y + rng.randint(1, 3))
        records = [SimpleNamespace(global_id=gid) for gid in shapes]
        ctx = SimpleNamespace(fp=shapes.__getitem__)
        got = [[r.global_id for r in g] for g in _overlapping(records, ctx)]
        want = [[r.global_id for r in g] for g in _reference(records, shapes.__getitem__)]
        assert got == want


def test_a_record_bridging_two_groups_joins_the_first():
    shapes = {"a": box(0, 0, 2, 2), "b": box(10, 0, 12, 2), "c": box(1, 0, 11, 1)}
    records = [SimpleNamespace(global_id=g) for g in shapes]
    groups = _overlapping(records, SimpleNamespace(fp=shapes.__getitem__))
    assert [[r.global_id for r in g] for g in groups] == [["a", "c"], ["b"]]
