"""Housekeeping waits until the keyboard and mouse are still and no worker runs (UserIdle)."""

from __future__ import annotations

import time

from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest


def _idle(monkeypatch, blocked=lambda: False):
    from cimcheck_ui import idle

    monkeypatch.setattr(idle, "IDLE_MS", 300)
    monkeypatch.setattr(idle, "BETWEEN_MS", 50)
    return idle.UserIdle(blocked)


def test_a_task_waits_while_the_user_types_and_runs_once_idle(qtbot, monkeypatch):
    users_idle = _idle(monkeypatch)
    edit = QtWidgets.QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    ran: list[float] = []
    users_idle.add(lambda: ran.append(time.monotonic()))
    typed_until = time.monotonic() + 1.0
    while time.monotonic() < typed_until:              # a key every 100 ms for a second
        QTest.keyClick(edit, "a")
        qtbot.wait(100)
        assert ran == [], "ran while the user typed"
    qtbot.waitUntil(lambda: bool(ran), timeout=3000)
    assert ran[0] - typed_until >= 0.25 - 0.1           # IDLE_MS after the last key
    assert edit.text().count("a") >= 8                  # the keys reached the widget
    assert users_idle.pending == 0


def test_a_task_waits_for_the_running_job_and_tasks_run_one_per_turn(qtbot, monkeypatch):
    job = [True]
    users_idle = _idle(monkeypatch, blocked=lambda: job[0])
    log: list[str] = []

    def first():
        log.append("first")

    users_idle.add(first)
    users_idle.add(lambda: log.append("second"))
    users_idle.add(first)                               # already waiting: once
    qtbot.wait(800)
    assert log == [], "ran while a job ran"
    job[0] = False
    qtbot.waitUntil(lambda: len(log) == 2, timeout=3000)
    assert log == ["first", "second"]
    # One per turn: a timer event between them.
    order: list[str] = []
    users_idle.add(lambda: order.append("a"))
    users_idle.add(lambda: order.append("b"))
    qtbot.waitUntil(lambda: "a" in order, timeout=3000)
    QtCore.QTimer.singleShot(0, lambda: order.append("between"))
    qtbot.waitUntil(lambda: "b" in order, timeout=3000)
    assert order == ["a", "between", "b"]


def test_run_all_runs_what_waits_now_and_stops_watching_input(qtbot, monkeypatch):
    users_idle = _idle(monkeypatch)
    log: list[str] = []
    users_idle.add(lambda: log.append("x"))
    assert users_idle._watching
    users_idle.run_all()
    assert log == ["x"] and users_idle.pending == 0 and not users_idle._watching


def test_a_full_collection_is_queued_for_idleness_once_due_without_any_job(qtbot):
    # Automatic full collections are off (workers.hold_collection); garbage made by a long
    # review without any job must still be collected, once CPython would have.
    import gc

    from cimcheck_ui import workers

    workers.when_user_idle(lambda: None)          # make sure the queue exists
    workers.idle_tasks().run_all()
    gc.collect()                                  # the middle generation's count is 0
    workers._queue_full_if_due()
    assert workers.idle_tasks().pending == 0
    for _ in range(workers.FULL_AFTER):
        gc.collect(1)
    workers._queue_full_if_due()
    assert workers.idle_tasks().pending == 1
    workers.idle_tasks().run_all()
    assert gc.get_count()[2] == 0                 # collected in full


def test_the_apps_housekeeping_waits_for_the_views_turns(qtbot, monkeypatch):
    # A 0.3 s collection between two steps of a hand-over is the block the steps avoid.
    from cimcheck_ui import idle, workers
    from cimcheck_ui.turns import Turns, any_busy

    monkeypatch.setattr(idle, "IDLE_MS", 100)
    turns = Turns()

    def job():
        for _ in range(40):                     # about 0.8 s of steps
            time.sleep(0.02)
            yield

    ran: list[bool] = []
    turns.add("views", job)
    workers.when_user_idle(lambda: ran.append(any_busy()))
    qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    assert ran == [False] and not turns.busy
