"""Progress reporting and cancellation through the one callable."""

from __future__ import annotations

import io

import pytest

from cimcheck.errors import OperationCancelled
from cimcheck.pipeline import analyse
from cimcheck.progress import CancellableProgress, TerminalProgress


def test_progress_is_monotonic_and_complete(house_path):
    seen = []
    analyse(house_path, progress=lambda f, stage: seen.append((f, stage)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(b >= a for a, b in zip(fractions, fractions[1:], strict=False))
    assert {"open", "index", "tessellate"} <= {stage for _, stage in seen}


@pytest.mark.parametrize("stage", ["open", "index", "tessellate"])
def test_cancel_stops_the_run_at_any_stage(house_path, stage):
    token = CancellableProgress()

    def progress(fraction, current):
        if current == stage:
            token.cancel()
        token(fraction, current)

    with pytest.raises(OperationCancelled) as info:
        analyse(house_path, progress=progress)
    assert stage in str(info.value)
    # Nothing half-done was cached: the next run tessellates afresh and completes.
    assert analyse(house_path).geometry.source == "tessellated"


def test_terminal_progress_draws_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    pipe, tty = io.StringIO(), Tty()
    TerminalProgress(pipe)(0.5, "tessellate")
    bar = TerminalProgress(tty)
    bar(1.0, "done")
    assert pipe.getvalue() == ""
    assert "100.0%" in tty.getvalue()
