"""Run the core off the UI thread: open, tessellate and check, with progress and Cancel.

The worker lives in a QThread and calls the core with a ``CancellableProgress`` whose
callback emits a Qt signal; ``cancel()`` makes the core raise OperationCancelled at its
next progress call (the core reports at least every few hundred elements, so a Cancel
takes effect within a second or two). The core never sees Qt.
"""

from __future__ import annotations

import gc
import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from cimcheck_ui.idle import UserIdle
from cimcheck_ui.turns import any_busy as views_busy
from PySide6 import QtCore

from cimcheck.errors import CimcheckError, OperationCancelled
from cimcheck.progress import CancellableProgress

log = logging.getLogger(__name__)

__all__ = ["OpenWorker", "RecheckWorker", "freeze_startup", "hold_collection", "idle_tasks",
           "release_collection", "run_in_thread", "start_open", "when_user_idle"]

_held = 0
_full = False
_frozen = False


def freeze_startup() -> None:
    """Take what the application imported out of the garbage collector's walks (once).

    A full collection walks every object the collector tracks. Before any model is open
    the app already holds 226,000 of them (the functions, descriptors and types of Qt,
    VTK, numpy, shapely, ifcopenshell): 0.09–0.14 s of the UI thread for every full
    collection, automatic or after an open (``release_collection``), for nothing, since
    they live as long as the process. Called by the entry point after its imports and
    before the window exists: collected first, so nothing frozen is garbage (a frozen
    cycle of Qt wrappers would never be freed; see ``release_collection``).
    """
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


def hold_collection() -> None:
    """Collect no garbage automatically until the workers are done (UI thread).

    Python runs a collection in whichever thread happens to allocate. A collection in a
    worker thread finalises whatever cycles are garbage at that moment, also Qt and VTK
    objects of closed windows that must die in the UI thread: that crashed the process
    (in ``ifcopenshell.open``, then in ``yaml`` while a re-check read its pack). While a
    worker runs, automatic collection is off; the UI thread sweeps the young generations
    itself every ``SWEEP_MS`` (``_sweep``), so what the worker builds reaches the old
    generation in small walks (a few ms each) instead of one walk of the whole new model
    at its end (0.1-0.3 s on the 22,000-element block). Nothing is collected here: a full
    collection when an open starts walked the open model (40-120 ms of the click on the
    25-tower community) to free nothing (the model stays until the new one replaces it).
    """
    global _held
    _held += 1
    gc.disable()
    _collect_full_only_when_idle()
    _sweeper().start()


#: How often the UI thread sweeps the young generations while a worker runs (ms).
SWEEP_MS = 200
_sweep_timer: QtCore.QTimer | None = None
_idle: UserIdle | None = None


def _sweeper() -> QtCore.QTimer:
    global _sweep_timer
    if _sweep_timer is None:
        _sweep_timer = QtCore.QTimer()
        _sweep_timer.setInterval(SWEEP_MS)
        _sweep_timer.timeout.connect(_sweep)
    return _sweep_timer


def _sweep() -> None:
    # Generation 1 and 0: what was made since the last sweep, moved to the old generation
    # (or freed). Never generation 2 (every tracked object).
    gc.collect(1)


def _collect_full_only_when_idle() -> None:
    """No automatic full collection: the app runs one when the user is idle (``_collect_all``).

    CPython collects the old generation in full once a quarter of it is new: right after
    an open, in whichever step of the views allocates next (0.1-0.3 s on a large model).
    The young generations are still collected automatically (cheap: only new objects).
    """
    global _watch_timer
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)
    if _watch_timer is None:
        # Garbage made without any job (a long review of clicks and dialogs) reaches the
        # old generation too: a full collection is queued for idleness once the middle
        # generation has been collected FULL_AFTER times since the last one (CPython's
        # first condition; its second, a quarter of the old generation new, is not
        # readable from Python). The sweeps count too: a job of 2 s or more queues one.
        _watch_timer = QtCore.QTimer()
        _watch_timer.setInterval(WATCH_MS)
        _watch_timer.timeout.connect(_queue_full_if_due)
        _watch_timer.start()


#: How often the app looks whether a full collection is due (ms), and after how many
#: collections of the middle generation since the last full one (CPython's threshold).
WATCH_MS = 60_000
FULL_AFTER = 10
_watch_timer: QtCore.QTimer | None = None


def _queue_full_if_due() -> None:
    if gc.get_count()[2] >= FULL_AFTER:
        when_user_idle(_collect_all)


def when_user_idle(task: Callable[[], None]) -> None:
    """Run ``task`` in the UI thread once the user is idle and no worker runs (``UserIdle``)."""
    global _idle
    if _idle is None:
        _idle = UserIdle(blocked=lambda: _held > 0 or views_busy())
    _idle.add(task)


def idle_tasks() -> UserIdle | None:
    """Return the waiting housekeeping (None before any was asked for)."""
    return _idle


class _Relay(QtCore.QObject):
    """Ends a hold from a plain Python thread: the signal is delivered in the UI thread."""

    ended = QtCore.Signal()


_relay: _Relay | None = None


def run_in_thread(job, name: str) -> None:
    """Run ``job()`` in a Python thread, automatic collection held until it returns.

    For short jobs of the views (an area diagram drawn off the UI thread). Call it from
    the UI thread; ``job`` reports its result by emitting a signal of its own.
    """
    import threading

    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.ended.connect(release_collection)
    relay = _relay
    hold_collection()

    def body() -> None:
        try:
            job()
        except Exception:                 # a view's job: logged, never a crash
            log.exception("%s failed", name)
        finally:
            relay.ended.emit()

    # Not a daemon: the interpreter waits for it when it exits. A daemon thread still
    # drawing then is stopped inside C++ code (matplotlib, Qt) when it asks for the GIL,
    # and the forced unwind through a noexcept frame aborts the process ("terminate
    # called without an active exception", seen once at the end of a tests/ui run).
    threading.Thread(target=body, name=name, daemon=False).start()


def release_collection(model: bool = False) -> None:
    """End one ``hold_collection``; the last one re-enables collection (UI thread).

    The last one sweeps the young generations (what the jobs made since the last sweep).
    ``model`` (the job brought a new model: an open) asks for a full collection once the
    user is idle (``when_user_idle``): what the replaced model left in cycles is freed
    then. After other jobs (a re-check, a drawn diagram) one is queued only when due
    (``_queue_full_if_due``), not after every diagram of a click on a storey. Freezing the
    new model instead (``gc.freeze``) was tried: it kept the Python wrappers of deleted Qt
    objects, garbage then, alive, and PySide handed one back for a new object at the same
    address (a window's menu bar seen as a "QSurface" in tests/ui).
    """
    global _held, _full
    _held = max(_held - 1, 0)
    _full = _full or model
    if _held == 0:
        _sweeper().stop()
        gc.collect(1)
        gc.enable()
        if _full:
            _full = False
            when_user_idle(_collect_all)
        else:
            _queue_full_if_due()


def _collect_all() -> None:
    """Collect in full (once the user is idle; never while a worker runs)."""
    gc.collect(2)


class OpenWorker(QtCore.QObject):
    """Open a model and check it; the result arrives through ``finished``.

    Signals
    -------
    progress(float, str)
    finished(object)
        ``(analysis, table, run, project, project_path, context_meshes, not_drawn)``.
    failed(str, str)
        The user message and the technical details.
    cancelled()
    """

    progress = QtCore.Signal(float, str)
    finished = QtCore.Signal(object)
    failed = QtCore.Signal(str, str)
    cancelled = QtCore.Signal()

    def __init__(self, path: Path, project_path: Path | None, pack_id: str | None,
                 lang: str) -> None:
        super().__init__()
        self.path = path
        self.project_path = project_path
        self.pack_id = pack_id
        self.lang = lang
        self.token = CancellableProgress(lambda f, stage: self.progress.emit(f, stage))

    def cancel(self) -> None:
        """Ask the running job to stop (thread-safe)."""
        self.token.cancel()

    @QtCore.Slot()
    def run(self) -> None:
        """Do the work (in the worker thread)."""
        from cimcheck.cachelimit import trim_if_written
        from cimcheck.engine.project import ProjectFile, default_project_path, load_project
        from cimcheck.pipeline import analyse, check

        started = time.time()
        try:
            project_path = self.project_path or default_project_path(self.path)
            project = load_project(project_path) if project_path.exists() else ProjectFile()
            analysis = analyse(self.path, progress=self.token)
            self.token(0.97, "check")
            run = check(analysis, self.pack_id, project, parallel=True)
            table = run.table
            context, not_drawn = self._context(analysis)
            # Grouped here, not on the UI thread when the model tree first asks (0.03-0.1 s
            # on the 22,000-element block: the storeys were measured in other processes).
            analysis.index.elements_by_storey  # noqa: B018 - a cached property, computed
            self.token(1.0, "done")
            self.finished.emit((analysis, table, run, project, project_path, context,
                                not_drawn))
        except OperationCancelled:
            self.cancelled.emit()
        except CimcheckError as err:
            self.failed.emit(err.localized(self.lang), traceback.format_exc())
        except Exception as err:  # noqa: BLE001 - the UI must survive any bad file
            self.failed.emit(f"{type(err).__name__}: {err}", traceback.format_exc())
        finally:
            trim_if_written(started)    # the cache folder kept within its bound


    def _context(self, analysis) -> tuple[dict, dict[str, int]]:
        """Tessellate the products the engine leaves out, for the view (never fatal)."""
        from cimcheck.pipeline import context_geometry
        from cimcheck.progress import scaled

        try:
            return context_geometry(analysis, progress=scaled(self.token, 0.98, 1.0))
        except OperationCancelled:
            raise
        except Exception:  # the model is checked: show it without them (logged)
            log.warning("context geometry failed", exc_info=True)
            return {}, {}


class RecheckWorker(QtCore.QObject):
    """Evaluate an Analysis again (new pack or project file) off the UI thread.

    Signals
    -------
    finished(object, int)
        The CheckRun and the generation it was asked for.
    failed(str, str)
    cancelled()
        Never emitted; present so ``start_open`` can wire every worker alike.
    """

    finished = QtCore.Signal(object, int)
    failed = QtCore.Signal(str, str)
    cancelled = QtCore.Signal()

    def __init__(self, analysis: object, pack_id: str | None, project: object,
                 generation: int, lang: str) -> None:
        super().__init__()
        self.analysis, self.pack_id, self.project = analysis, pack_id, project
        self.generation, self.lang = generation, lang

    @QtCore.Slot()
    def run(self) -> None:
        """Do the work (in the worker thread)."""
        from cimcheck.cachelimit import trim_if_written
        from cimcheck.pipeline import check

        started = time.time()
        try:
            self.finished.emit(check(self.analysis, self.pack_id, self.project),
                               self.generation)
        except CimcheckError as err:
            self.failed.emit(err.localized(self.lang), traceback.format_exc())
        except Exception as err:  # noqa: BLE001 - a broken re-check must not kill the app
            self.failed.emit(f"{type(err).__name__}: {err}", traceback.format_exc())
        finally:
            trim_if_written(started)


def start_open(parent: QtCore.QObject, worker: QtCore.QObject) -> QtCore.QThread:
    """Move ``worker`` to a new thread and start it; the thread quits when the job ends.

    The worker is owned by Python (no ``deleteLater``): the caller keeps a reference until
    the thread has finished, so the C++ object is never deleted twice or while it runs.
    """
    thread = QtCore.QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in (worker.finished, worker.failed, worker.cancelled):
        signal.connect(thread.quit)
    thread.start()
    return thread
