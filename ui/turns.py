"""Work split over turns of the event loop, so that the window keeps answering meanwhile.

A new run reaches every view at once (``AppState.run_changed``). On the 22,000-element
block the views needed about a second of the UI thread to follow it in one go: no repaint,
no click, no timer in between. A view whose work is long gives it to ``Turns`` instead:
a job is a function, or a generator function that yields where it may be interrupted.
One step runs per turn of the event loop (a zero-interval timer: Qt handles the input,
paint and timer events that came meanwhile before the next step), jobs in the order they
were given. A step that asked for a frame of the 3D view may hold the next one until the
frame is drawn (``hold``): the frame then has its turn alone, not shared with the next
step's work (the dashboard's first fill, 13-27 ms, and the new scene's first frame,
88-124 ms, made one block of the 22,000-element block's hand-over). The model tree fills
its element rows with a timer of its own (``SpatialTreePanel._fill_later``), not here: in
this order they would delay the 3D view's first frame by the whole tree.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterator

from PySide6 import QtCore

__all__ = ["HOLD_MS", "Turns", "any_busy"]

#: The longest a ``hold`` waits for its frame (a frame of the 22,000-element block under
#: software OpenGL takes 60-220 ms).
HOLD_MS = 500

Job = Callable[[], Iterator[None] | None]

_live: weakref.WeakSet[Turns] = weakref.WeakSet()


def any_busy() -> bool:
    """Tell whether a job of any window's views waits or runs."""
    return any(turns.busy for turns in list(_live))


class Turns(QtCore.QObject):
    """Jobs run a step per turn of the event loop, in order.

    Signals
    -------
    done()
        No job is left (the views have followed the last change).
    """

    done = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        _live.add(self)
        self._jobs: dict[Hashable, Job | Iterator[None]] = {}
        self._closed = False
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._turn)
        self._held: QtCore.SignalInstance | None = None
        self._hold_timer = QtCore.QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self._let_go)

    @property
    def busy(self) -> bool:
        """True while a job waits or runs."""
        return bool(self._jobs)

    def add(self, key: Hashable, job: Job) -> None:
        """Run ``job`` from the next turn on.

        A job of the same ``key`` that has not finished is dropped: only the newest
        state is worth drawing (a re-check that arrives while the previous one is drawn).
        """
        if self._closed:
            return
        self._jobs.pop(key, None)
        self._jobs[key] = job
        if self._held is None:
            self._timer.start()

    def hold(self, drawn: QtCore.SignalInstance, timeout_ms: int = HOLD_MS) -> None:
        """Run no step until ``drawn`` is emitted (a frame drawn) or ``timeout_ms`` passed.

        Called by a step that asked for a frame: the frame is drawn on a turn of its own.
        The timeout is the fallback for a frame that never comes (a window minimised, a
        view closed meanwhile); the caller holds only while its view is visible.
        """
        if self._closed or not self._jobs:
            return
        self._let_go()
        self._held = drawn
        drawn.connect(self._let_go)
        self._timer.stop()
        self._hold_timer.start(timeout_ms)

    def _let_go(self) -> None:
        """End a hold (``hold``): the next step runs on the next turn."""
        held, self._held = self._held, None
        self._hold_timer.stop()
        if held is not None:
            try:
                held.disconnect(self._let_go)
            except (RuntimeError, TypeError):     # its widget already deleted
                pass
        if self._jobs and not self._closed:
            self._timer.start()

    def finish(self) -> None:
        """Run every job to its end now (a script or test that needs the result)."""
        while self._jobs:
            self._turn()
        self._let_go()

    def cancel(self) -> None:
        """Drop every job waiting."""
        self._jobs.clear()
        self._timer.stop()
        self._let_go()

    def close(self) -> None:
        """Drop every job and take no more: the window closes, its views are going away.

        A re-check that ends while the window waits for it still sends ``run_changed``;
        a job its views gave then ran after they were deleted.
        """
        self._closed = True
        self.cancel()

    def _turn(self) -> None:
        if not self._jobs:
            self._timer.stop()
            return
        key, job = next(iter(self._jobs.items()))
        try:
            if not isinstance(job, Iterator):
                steps = job()
                if steps is None:
                    raise StopIteration
                self._jobs[key] = job = steps
            next(job)
        except StopIteration:
            self._forget(key, job)
        except Exception:
            # Never run again; raised on, so PySide prints it (and pytest-qt fails the test).
            self._forget(key, job)
            raise
        finally:
            if not self._jobs:
                self._timer.stop()
                self.done.emit()

    def _forget(self, key: Hashable, job: Job | Iterator[None]) -> None:
        if self._jobs.get(key) is job:
            del self._jobs[key]
