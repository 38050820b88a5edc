"""Storeys measured by several processes: the same table, in the same order, whatever
happens to a child (issue 10: the second core sat idle while the storeys were measured)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path

import pytest

import cimcheck.facts.area
from cimcheck import forkmap
from cimcheck.forkmap import fork_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="forking is used on Linux only; elsewhere fork_map "
                                       "is the plain loop")

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def _forks_allowed(monkeypatch):
    """As in the command line: a desktop window made earlier in this test process
    refused forks for good (``forkmap.refuse``); these tests are about the forks."""
    monkeypatch.setattr(forkmap, "_refusals", set())


def test_a_refusal_keeps_the_work_in_this_process():
    forkmap.refuse("a Qt application")
    assert forkmap.usable_processes() == 1
    assert {p for _, p in fork_map(_square_and_pid, list(range(30)), 3)} == {PARENT}


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The pids of the children forked during the test."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_order_from_several_processes():
    results = fork_map(_square_and_pid, list(range(30)), 3)
    assert [r for r, _ in results] == [x * x for x in range(30)]
    pids = [p for _, p in results]
    assert pids[:10] == [PARENT] * 10                 # the first run of jobs stays here
    assert len(set(pids)) == 3 and PARENT not in pids[10:]


def _slow_square_and_pid(x: int) -> tuple[int, int]:
    import time

    time.sleep(0.05)
    return x * x, os.getpid()


def test_with_here_false_every_run_goes_to_a_child_and_waiting_is_called():
    """For work that grows a process for good (a geometry iterator's caches): this process
    only waits, and reports while it does."""
    calls = []
    results = fork_map(_slow_square_and_pid, list(range(12)), 2, here=False,
                       waiting=lambda: calls.append(1))
    assert [r for r, _ in results] == [x * x for x in range(12)]
    pids = {p for _, p in results}
    assert len(pids) == 2 and PARENT not in pids
    assert calls                    # 6 jobs of 0.05 s per child: several 0.1 s waits


def test_a_cancel_while_waiting_stops_the_children(forked):
    """An exception from ``waiting`` (the user cancelled) is raised here, and the children
    are stopped and reaped, not waited for."""
    import time

    def cancel() -> None:
        raise KeyboardInterrupt

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        fork_map(_slow_square_and_pid, list(range(200)), 2, here=False, waiting=cancel)
    assert time.perf_counter() - started < 3          # 100 jobs of 0.05 s per child: 5 s
    assert len(forked) == 2
    for pid in forked:
        with pytest.raises(ChildProcessError):        # reaped: no zombie left behind
            os.waitpid(pid, os.WNOHANG)


def _dies_in_a_child(x: int) -> int:
    if os.getpid() != PARENT and x == 25:
        os.kill(os.getpid(), signal.SIGKILL)   # out of memory, or a crash in a library
    return x + 1


def test_a_child_that_crashes_costs_only_time(caplog):
    assert fork_map(_dies_in_a_child, list(range(30)), 3) == list(range(1, 31))
    assert "failed" in caplog.text


def _raises(x: int) -> int:
    if x == 17:
        raise ValueError("bad storey 17")
    return x


def test_an_error_in_a_childs_share_is_raised_here_as_in_one_process(forked):
    with pytest.raises(ValueError, match="bad storey 17"):
        fork_map(_raises, list(range(30)), 2)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):            # reaped: no zombie left behind
        os.waitpid(forked[0], os.WNOHANG)


def test_no_fork_while_another_thread_runs():
    """A fork copies only the calling thread; a lock held by another one (a Qt worker's,
    the allocator's) would stay locked in the child. With a thread running, one process."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forkmap.usable_processes() == 1
        assert {p for _, p in fork_map(_square_and_pid, list(range(10)), 4)} == {PARENT}
    finally:
        stop.set()
        thread.join()


def _canonical(value):
    """A comparable form of an area table: dataclasses field by field, shapes as WKB."""
    from shapely.geometry.base import BaseGeometry

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple((f.name, _canonical(getattr(value, f.name)))
                     for f in dataclasses.fields(value))
    if isinstance(value, BaseGeometry):
        return value.wkb_hex
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(_canonical(v)) for v in value))
    return repr(value)


SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"


@pytest.mark.parametrize("model", ["fc_residential_ifc4.ifc", "tower_mixed_ifc4.ifc",
                                   "corpus:lake_kegonsa_revit2014_feet.ifc",
                                   "corpus:fzk_haus_ac20_ifc4.ifc"])
def test_the_area_table_is_the_same_for_any_number_of_processes(model, monkeypatch):
    from cimcheck.pipeline import analyse
    from tests.conftest import corpus_file

    path = corpus_file(model.split(":")[1]) if model.startswith("corpus:") \
        else SAMPLES / model
    analysis = analyse(path)
    one = _canonical(cimcheck.facts.area.compute_areas(analysis))
    monkeypatch.setattr(cimcheck.facts.area, "MIN_STOREYS_PER_PROCESS", 1)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    for processes in (2, 3):
        assert _canonical(cimcheck.facts.area.compute_areas(
            analysis, processes=processes)) == one
    assert len(forks) >= 2                 # the storeys were measured by other processes


def test_a_fork_that_fails_leaves_the_work_here(monkeypatch, caplog):
    """Out of processes or memory (fork raises): every job is still computed, here."""
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    results = fork_map(_square_and_pid, list(range(12)), 3)
    assert results == [(x * x, PARENT) for x in range(12)]
    assert "no process forked" in caplog.text


@pytest.mark.parametrize("model", ["tower_mixed_ifc4.ifc", "corpus:renga_house_ifc2x3.ifc",
                                   "corpus:archicad22_es_prototipo2016.ifc"])
def test_the_meshes_are_the_same_for_any_number_of_processes(model, monkeypatch):
    """The bulk tessellation pass split over processes gives the same meshes, with the same
    kernels and diagnostics, in the same order (Renga and ArchiCAD: elements the bulk pass
    leaves to the fallback kernels, and elements no kernel reads). The elements retried
    one by one are shared too (ArchiCAD 22: twenty for opencascade, some for no kernel)."""
    import numpy as np

    import cimcheck.geometry.tessellate as tessellation
    from cimcheck.model.index import build_index
    from cimcheck.model.loader import open_model
    from tests.conftest import corpus_file

    path = corpus_file(model.split(":")[1]) if model.startswith("corpus:") \
        else SAMPLES / model
    loaded = open_model(path)
    index = build_index(loaded)
    one = tessellation.tessellate(loaded, index)
    monkeypatch.setattr(tessellation, "MIN_SHAPES_PER_PROCESS", 5)
    monkeypatch.setattr(tessellation, "MIN_RETRIES_PER_PROCESS", 2)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    for processes in (2, 3):
        split = tessellation.tessellate(loaded, index, processes=processes)
        assert list(split.meshes) == list(one.meshes)
        for global_id, mesh in one.meshes.items():
            other = split.meshes[global_id]
            assert (other.ifc_class, other.kernel) == (mesh.ifc_class, mesh.kernel)
            assert np.array_equal(other.vertices, mesh.vertices)
            assert np.array_equal(other.faces, mesh.faces)
            assert not other.vertices.flags.writeable and not other.faces.flags.writeable
        assert split.diagnostics == one.diagnostics
        assert split.kernels == one.kernels
    assert len(forks) >= 3                 # 1 child for 2 processes, 2 for 3


@pytest.mark.parametrize("model", ["fc_residential_ifc4.ifc",
                                   "corpus:duplex_a_revit2011_ifc2x3.ifc"])
def test_the_index_is_the_same_for_any_number_of_processes(model, monkeypatch):
    """Element records read by several processes: the same index, records in the same
    order, the same diagnostics (a bow-tie space among them)."""
    import cimcheck.model.index as indexing
    from cimcheck.model.loader import open_model
    from tests.conftest import corpus_file

    path = corpus_file(model.split(":")[1]) if model.startswith("corpus:") \
        else SAMPLES / model
    loaded = open_model(path)
    if model == "fc_residential_ifc4.ifc":       # a damaged profile, for the diagnostics
        space = next(s for s in loaded.file.by_type("IfcSpace") if s.Name == "2F-01")
        points = space.Representation.Representations[0].Items[0].SweptArea.OuterCurve.Points
        points[1].Coordinates, points[2].Coordinates = points[2].Coordinates, \
            points[1].Coordinates
    one = indexing.build_index(loaded)
    monkeypatch.setattr(indexing, "MIN_ELEMENTS_PER_PROCESS", 10)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    for processes in (2, 3):
        assert indexing.build_index(loaded, processes=processes) == one
    assert len(forks) >= 3
    assert any(d.code == "index.profile_invalid" for d in one.diagnostics) \
        == (model == "fc_residential_ifc4.ifc")


def test_work_in_the_background_is_done_by_a_child_and_joined(tmp_path, forked):
    """A cache entry written while the run goes on: by a child, finished once joined."""
    import time

    target = tmp_path / "entry"

    def write() -> None:
        time.sleep(0.2)
        target.write_text(str(os.getpid()))

    forkmap.in_background(write)
    assert len(forked) == 1 and not target.exists()      # this process went on at once
    forkmap.join_background()
    assert target.read_text() == str(forked[0])
    with pytest.raises(ChildProcessError):                # reaped: no zombie left behind
        os.waitpid(forked[0], os.WNOHANG)


def test_work_in_the_background_runs_here_where_forking_is_not_safe(tmp_path, forked):
    forkmap.refuse("a Qt application")
    target = tmp_path / "entry"
    forkmap.in_background(lambda: target.write_text(str(os.getpid())))
    assert target.read_text() == str(PARENT) and forked == []
    forkmap.join_background()


def test_a_failure_in_the_background_is_the_childs_own(tmp_path, forked):
    """Nothing is written, nothing is raised here: as a cache write that fails quietly."""
    def fail() -> None:
        raise OSError(28, "No space left on device")

    forkmap.in_background(fail)
    forkmap.join_background()
    assert len(forked) == 1


def test_a_check_on_several_processes_writes_the_same_document(tmp_path, monkeypatch, forked):
    """Through the front door: ``cimcheck check --json`` with every stage split over
    processes (index, tessellation, storeys; the thresholds lowered for a sample) writes
    the same bytes as with forking refused, and the cache entries its children wrote
    answer a project change without measuring again."""
    import cimcheck.geometry.tessellate as tessellation
    import cimcheck.model.index as indexing
    from cimcheck.cli import main

    model = SAMPLES / "fc_residential_ifc4.ifc"
    documents = []
    for name, split in (("one", False), ("several", True)):
        monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path / f"cache-{name}"))
        monkeypatch.setattr(forkmap, "_refusals", set() if split else {"test: one process"})
        monkeypatch.setattr(tessellation, "MIN_SHAPES_PER_PROCESS", 5 if split else 2000)
        monkeypatch.setattr(indexing, "MIN_ELEMENTS_PER_PROCESS", 5 if split else 5000)
        monkeypatch.setattr(cimcheck.facts.area, "MIN_STOREYS_PER_PROCESS", 1 if split else 24)
        before = len(forked)
        out = tmp_path / f"{name}.json"
        assert main(["check", str(model), "--json", str(out)]) in (0, 1)
        assert (len(forked) > before) == split
        documents.append(out.read_bytes())
    assert documents[0] == documents[1]
    monkeypatch.setattr(cimcheck.facts.area, "compute_areas",
                        lambda *a, **k: pytest.fail("the areas were measured again"))
    assert main(["check", str(model), "--site-area", "1600", "--json",
                 str(tmp_path / "change.json")]) in (0, 1)
