"""The area diagram is drawn off the UI thread (issue 15: drawing a storey of the 22,000-
element block froze the window for two seconds on every open and re-check)."""

from __future__ import annotations

import threading

from tests.ui.conftest import open_and_wait


def _show_diagram_tab(window) -> None:
    window.docks["diagram"].show()
    window.docks["diagram"].raise_()


def test_the_diagram_is_drawn_in_another_thread_and_shown(qtbot, window, residential,
                                                          monkeypatch):
    import cimcheck.present.diagrams as diagrams

    open_and_wait(qtbot, window, residential)
    _show_diagram_tab(window)
    threads = []
    real = diagrams.draw_storey

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(diagrams, "draw_storey", recorded)
    window.diagram.label.clear()
    window.diagram.show_storey(None)
    qtbot.waitUntil(lambda: not window.diagram.pending, timeout=60_000)
    assert threads and threads[-1] is not threading.main_thread()
    assert not window.diagram.label.pixmap().isNull()


def test_a_diagram_asked_for_later_wins_over_one_still_drawing(qtbot, window, residential,
                                                              monkeypatch):
    """Two storeys chosen in quick succession: the first drawing, finishing last, must not
    replace the second on screen."""
    import cimcheck.present.diagrams as diagrams

    open_and_wait(qtbot, window, residential)
    _show_diagram_tab(window)
    qtbot.waitUntil(lambda: not window.diagram.pending, timeout=60_000)
    storeys = [s for s in window.state.run.table.storeys if s.items]
    first, second = storeys[0].storey, storeys[1].storey
    release_first = threading.Event()
    drawn = []
    real = diagrams.draw_storey

    def slow_for_the_first(storey, *args, **kwargs):
        if storey.storey.global_id == first.global_id:
            release_first.wait(30)
        drawn.append(storey.storey.global_id)
        return real(storey, *args, **kwargs)

    monkeypatch.setattr(diagrams, "draw_storey", slow_for_the_first)
    window.diagram.show_storey(first.global_id)
    window.diagram.show_storey(second.global_id)
    qtbot.waitUntil(lambda: drawn == [second.global_id], timeout=60_000)
    qtbot.waitUntil(lambda: not window.diagram.pending, timeout=60_000)
    second_picture = window.diagram.label.pixmap().toImage()
    release_first.set()
    qtbot.waitUntil(lambda: len(drawn) == 2, timeout=60_000)
    qtbot.wait(300)                      # the first drawing's picture arrives, and is dropped
    assert window.diagram.label.pixmap().toImage() == second_picture
    assert window.diagram.storey_id == second.global_id
