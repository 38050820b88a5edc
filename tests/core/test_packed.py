"""Packed sequences: read back only when used, and the same as tuples when they are."""

from __future__ import annotations

import pickle

import pytest

from cimcheck.results.finding import CheckRun, Finding
from cimcheck.results.packed import Packed, Segments
from cimcheck.text import Text
from cimcheck.vocab import Status


def _finding(rule: str, status: Status) -> Finding:
    return Finding(rule, status, None, None, "", Text("finding.inferred"), "", ("g",))


def test_a_packed_sequence_is_unpickled_at_its_first_read_and_equals_its_tuple():
    items = [_finding("R", Status.WARN), _finding("R", Status.PASS)]
    packed = pickle.loads(pickle.dumps(Packed(items, summary=Status.WARN)))
    assert (len(packed), packed.summary, packed.loaded) == (2, Status.WARN, False)
    assert packed == tuple(items) and packed.loaded
    assert list(packed) == items and packed[-1] == items[1] and packed[:1] == (items[0],)
    # Pickled again after it was read, and before: the same items either way.
    assert pickle.loads(pickle.dumps(packed)) == items
    assert pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(Packed(items))))) == items


def test_segments_read_as_one_sequence_and_skip_empty_ones():
    joined = Segments([("a", (1, 2)), ("empty", ()), ("b", Packed([3, 4]))])
    assert [name for name, _ in joined.segments] == ["a", "b"]
    assert list(joined) == [1, 2, 3, 4] and len(joined) == 4
    assert (joined[0], joined[2], joined[-1], joined[1:3]) == (1, 3, 4, (2, 3))
    with pytest.raises(IndexError):
        joined[4]
    assert joined == (1, 2, 3, 4) and joined != (1, 2, 3)


def test_the_worst_status_of_a_run_reads_packed_findings_by_their_summary():
    """A cached model verdict's 13,000 findings are not unpickled to tell the run's result:
    the summary (their worst status, computed when they were packed) answers."""
    packed = pickle.loads(pickle.dumps(Packed([_finding("M", Status.FAIL)],
                                              summary=Status.FAIL)))
    run = CheckRun({}, {}, {}, {}, (), Segments([("M", packed),
                                                 ("I", (_finding("I", Status.WARN),))]))
    assert run.worst is Status.FAIL and not packed.loaded
    plain = CheckRun({}, {}, {}, {}, (), (_finding("I", Status.WARN),))
    assert plain.worst is Status.WARN
