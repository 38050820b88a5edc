"""Housekeeping that waits until nobody uses the window: the pauses no turn can split.

Two things hold the UI thread for longer than a user notices (100 ms) and cannot be cut
into steps of ``Turns``: a full garbage collection (CPython 3.11 walks every tracked object
at once: 0.3 s on the 22,000-element block, to free a few dozen objects of the replaced
model) and an IFC file's destructor (ifcopenshell's C++ frees every entity while it holds
the interpreter: 0.06-0.12 s; in another thread it would only stop the UI thread at an
unknown moment). Like the idle-time collection of a browser's script engine, they wait
here until the keyboard and mouse have been still for ``IDLE_MS`` and no job (an open, a
re-check) runs; then one task per turn, input in between postponing the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

__all__ = ["UserIdle"]

#: How long the keyboard and mouse must be still before a task runs (ms).
IDLE_MS = 2000
#: The pause between two tasks (ms): input that came during one is seen before the next.
BETWEEN_MS = 250

_E = QtCore.QEvent.Type
_INPUT = frozenset({
    _E.MouseButtonPress, _E.MouseButtonRelease, _E.MouseButtonDblClick, _E.MouseMove,
    _E.Wheel, _E.KeyPress, _E.KeyRelease, _E.TouchBegin, _E.TouchUpdate, _E.TabletPress,
    _E.DragMove, _E.Drop,
})


class UserIdle(QtCore.QObject):
    """Tasks run one by one once the user has been idle and ``blocked()`` is false.

    While tasks wait, an event filter on the application sees every input event and
    restarts the wait (a few microseconds an event); it is removed when none is left.
    """

    def __init__(self, blocked: Callable[[], bool]) -> None:
        super().__init__()
        self._blocked = blocked
        self._tasks: list[Callable[[], None]] = []
        self._watching = False
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    @property
    def pending(self) -> int:
        """How many tasks wait."""
        return len(self._tasks)

    def add(self, task: Callable[[], None]) -> None:
        """Run ``task`` once the user is idle (the same task twice: once)."""
        if task not in self._tasks:
            self._tasks.append(task)
        self._wait(IDLE_MS)

    def run_all(self) -> None:
        """Run every waiting task now (a script or test that needs the memory back)."""
        self._timer.stop()
        try:
            while self._tasks:
                self._tasks.pop(0)()
        finally:
            self._unwatch()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _INPUT:
            self._timer.start(IDLE_MS)
        return False

    def _wait(self, ms: int) -> None:
        if not self._watching:
            app = QtWidgets.QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._watching = True
        self._timer.start(ms)

    def _run(self) -> None:
        if not self._tasks:
            self._unwatch()
            return
        if self._blocked():               # a job or the views' turns run: not idle either
            self._wait(IDLE_MS)
            return
        try:
            self._tasks.pop(0)()
        finally:                          # a task that raised leaves the rest queued
            if self._tasks:
                self._wait(BETWEEN_MS)
            else:
                self._unwatch()

    def _unwatch(self) -> None:
        if self._watching:
            app = QtWidgets.QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._watching = False
