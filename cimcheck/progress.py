"""Progress reporting and cancellation through one callable.

A long stage of the core (opening, tessellating, checking) takes a ``progress`` argument:
any callable ``progress(fraction, stage)`` with ``fraction`` in [0, 1] and ``stage`` a
short English key such as ``"tessellate"``. The core calls it at its own pace; the caller
decides what to show. To cancel, the callable raises :class:`OperationCancelled`: the core
lets it propagate, so a cancelled run leaves no partial result behind. The core never
knows whether a terminal, a Qt progress bar or nothing at all is listening.

Examples
--------
>>> seen = []
>>> p = scaled(lambda f, s: seen.append((round(f, 2), s)), 0.5, 1.0)
>>> p(0.5, "tessellate")
>>> seen
[(0.75, 'tessellate')]
>>> token = CancellableProgress()
>>> token.cancel()
>>> token(0.1, "open")
Traceback (most recent call last):
...
cimcheck.errors.OperationCancelled: Cancelled by the user during: open.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Protocol, TextIO

from cimcheck.errors import OperationCancelled

__all__ = [
    "CancellableProgress",
    "NullProgress",
    "Progress",
    "TerminalProgress",
    "scaled",
]


class Progress(Protocol):
    """Anything called as ``progress(fraction, stage)``; may raise OperationCancelled."""

    def __call__(self, fraction: float, stage: str) -> None:
        """Report that ``fraction`` of the work is done, now in ``stage``."""


class NullProgress:
    """A progress sink that shows nothing and never cancels."""

    def __call__(self, fraction: float, stage: str) -> None:
        """Ignore the report."""
        return None


class CancellableProgress:
    """Forward progress to ``callback`` and raise OperationCancelled once ``cancel()`` ran.

    ``cancel()`` is thread-safe: a UI thread may call it while a worker thread runs the
    core. The worker notices at its next progress call (the core calls at least once per
    few hundred elements, so cancelling takes well under a second).
    """

    def __init__(self, callback: Callable[[float, str], None] | None = None) -> None:
        self._callback = callback
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the running operation to stop at its next progress call."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """True once ``cancel()`` has been called."""
        return self._cancelled.is_set()

    def __call__(self, fraction: float, stage: str) -> None:
        """Raise OperationCancelled if cancelled, else forward the report."""
        if self._cancelled.is_set():
            raise OperationCancelled("run.cancelled", stage=stage)
        if self._callback is not None:
            self._callback(fraction, stage)


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """Map a sub-stage's [0, 1] onto [start, end] of the parent's progress."""

    def _scaled(fraction: float, stage: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), stage)

    return _scaled


class TerminalProgress:
    """A one-line progress bar on a terminal stream (stderr by default).

    It draws only when the stream is a terminal, and at most ten times a second, so that
    redirected output and logs stay clean.
    """

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._width = width
        self._last = 0.0
        self._active = bool(getattr(self._stream, "isatty", lambda: False)())

    def __call__(self, fraction: float, stage: str) -> None:
        """Redraw the bar (at most ten times a second)."""
        if not self._active:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and fraction < 1.0:
            return
        self._last = now
        filled = int(round(self._width * min(max(fraction, 0.0), 1.0)))
        bar = "#" * filled + "-" * (self._width - filled)
        self._stream.write(f"\r[{bar}] {fraction * 100:5.1f}% {stage:<20}")
        self._stream.flush()

    def close(self) -> None:
        """Clear the bar's line."""
        if self._active:
            self._stream.write("\r" + " " * (self._width + 40) + "\r")
            self._stream.flush()
