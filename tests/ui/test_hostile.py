"""The desktop application on hostile input: it shows what is wrong and stays usable."""

from __future__ import annotations

import os

from tests.cli.test_hostile_input import _with_looping_placements
from tests.ui.conftest import open_and_wait


def test_a_fifo_shows_a_clear_error_and_the_app_lives_on(qtbot, window, residential, tmp_path):
    # The worker hung forever on a FIFO before (the window stayed busy).
    fifo = tmp_path / "pipe.ifc"
    os.mkfifo(fifo)
    with qtbot.waitSignal(window.open_failed, timeout=30000):
        window.open_model(fifo)
    assert "不是普通文件" in window.last_error
    window.error_dialog.accept()
    assert not window.is_busy()
    open_and_wait(qtbot, window, residential)
    assert window.indicators.value_text("plot_ratio") == "1.27"


def test_a_model_with_a_placement_loop_opens_and_says_so(qtbot, window, tmp_path):
    # It crashed the whole application before (segmentation fault in the geometry kernel).
    path, _ = _with_looping_placements(tmp_path / "loop.ifc", mutual=True)
    open_and_wait(qtbot, window, path)
    assert window.state.run is not None
    assert any(f.rule_id == "GB-AREA-01" for f in window.state.run.findings)


def test_a_balcony_only_model_opens_and_draws_its_diagram(qtbot, window):
    # A storey with items but no outline raised ValueError in the diagram panel: the
    # 'opened' signal never came and the screenshot mode hung.
    from tests.conftest import corpus_file

    open_and_wait(qtbot, window, corpus_file("schep_root_prefab_balkons_ac18.ifc"))
    window.diagram.show_storey(None)
    qtbot.waitUntil(lambda: not window.diagram.pending, timeout=60_000)   # drawn in a thread
    assert not window.diagram.label.pixmap().isNull()


def test_the_desktop_app_never_forks(qtbot, window, residential, monkeypatch):
    """Qt's threads are invisible to Python's threading module, and a fork copies none of
    them (a lock one holds would hang the child): the window refuses forks, and the IDS
    pre-flight of a model it opens starts a new interpreter instead."""
    import multiprocessing

    from cimcheck import forkmap
    from cimcheck.engine.preflight import IdsRunner

    assert forkmap.usable_processes() == 1
    methods = []
    real = multiprocessing.get_context

    def recorded(method=None):
        methods.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", recorded)
    monkeypatch.setattr(IdsRunner, "PREFETCH_MIN_BYTES", 0)     # the sample is small
    open_and_wait(qtbot, window, residential)
    assert "spawn" in methods and "fork" not in methods
