"""Map a function over jobs in forked copies of this process, else in this one.

The area engine measures a large model's storeys on every core this way. A forked child
shares the parent's parsed model, meshes and footprints copy-on-write, so nothing is
pickled on the way in; only its results come back, through a pipe.

Fork is used only where it is safe: on Linux, from a process running one thread. A fork
copies only the thread that calls it, and a lock another thread holds (a Qt worker's, the
allocator's) stays locked in the child for ever; macOS frameworks refuse to run after a
fork; Windows has none. Elsewhere everything runs in this process. A child that fails or
dies (a crash in a geometry library) costs only time: its share is computed again here,
so the results are the same as a run in one process, in the same order.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["MAX_PROCESSES", "die_with_parent", "end_with_starter", "fork_map", "in_background",
           "join_background", "refuse", "usable_processes"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Children share pages copy-on-write but each one copies what it touches (reference
#: counts live beside the objects): more than this many cost more memory than they save.
MAX_PROCESSES = 4

#: Why this process must never fork (see ``refuse``); empty: it may.
_refusals: set[str] = set()


def refuse(reason: str) -> None:
    """Never fork in this process from now on.

    For an application running threads that Python's ``threading`` cannot see: a Qt
    application's event threads and QThreads. A fork would copy none of them, and a lock
    one of them holds would stay locked in the child, which could then hang for ever.
    """
    _refusals.add(reason)


def usable_processes() -> int:
    """Return how many processes ``fork_map`` (and other forks) may use here.

    The cores this process may run on, at most ``MAX_PROCESSES``; 1 where forking is not
    safe: not Linux, more than one Python thread running, or ``refuse`` was called.
    """
    if _refusals or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


def fork_map(function: Callable[[T], R], jobs: Sequence[T], processes: int = 1, *,
             min_jobs: int = 1, here: bool = True,
             waiting: Callable[[], None] | None = None) -> list[R]:
    """Return ``[function(job) for job in jobs]``, computed by up to ``processes`` processes.

    Parameters
    ----------
    function : callable
        Its results must pickle. It must not write to the terminal or to shared files: a
        child's output would interleave with this process's.
    jobs : sequence
        Cut into ``processes`` runs of consecutive jobs: neighbouring jobs often read the
        same data (a storey the slabs of the storeys above and below), which a process
        computes once for its run.
    processes : int
        This process and ``processes - 1`` forked children; see ``usable_processes``.
    min_jobs : int
        Fewest jobs worth a child of their own.
    here : bool
        False: every run goes to a child, and this process only waits (for work that
        grows a process's memory for good, such as a geometry iterator's caches: a child's
        memory is returned when it ends). Jobs are still computed here when no child can be.
    waiting : callable, optional
        Called about every 0.1 s while this process waits for a child (to report progress;
        an exception it raises stops the children and is raised here).
    """
    n = max(1, min(processes, len(jobs) // max(min_jobs, 1)))
    if n == 1 or usable_processes() == 1:
        return [function(job) for job in jobs]
    sys.stdout.flush()
    sys.stderr.flush()
    # Objects alive now are left out of garbage collections from here on: a collection
    # writes into every object it visits, which would copy each shared page (Python's
    # documentation of gc.freeze).
    gc.freeze()
    cuts = [len(jobs) * k // n for k in range(n + 1)]
    children: list[tuple[int, int, range]] = []
    parent = os.getpid()
    mine = [range(cuts[0], cuts[1])] if here else []
    try:
        for k in range(1 if here else 0, n):
            share = range(cuts[k], cuts[k + 1])
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError as err:      # out of processes or memory: the rest runs here
                os.close(read)
                os.close(write)
                log.warning("no process forked (%s); %d jobs run here", err,
                            len(jobs) - cuts[k])
                mine.append(range(cuts[k], len(jobs)))
                break
            if pid == 0:        # the child: compute, send, leave without cleaning up
                os.close(read)
                _child(function, [jobs[i] for i in share], write, parent)
            os.close(write)
            children.append((pid, read, share))
        results: list[R | None] = [None] * len(jobs)
        for i in (i for run in mine for i in run):
            results[i] = function(jobs[i])
        while children:
            pid, read, share = children.pop(0)
            computed = _collect(pid, read, len(share), waiting)
            if computed is None:
                log.warning("a worker process failed; its %d jobs run here", len(share))
                computed = [function(jobs[i]) for i in share]
            for i, value in zip(share, computed, strict=True):
                results[i] = value
        return results   # type: ignore[return-value]
    finally:
        for pid, read, _share in children:        # an exception here: stop the others
            _stop(pid, read)
        gc.unfreeze()


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process (a worker) when its parent ``parent`` ends (Linux).

    A worker otherwise outlives a parent killed by a signal it cannot handle (SIGKILL; a
    closed terminal's SIGHUP, SIGTERM): it computes its share for nothing, on a core the
    next run needs, for seconds to minutes on a large model. If the parent ended already,
    this one ends now. Only for a worker started by its parent's main thread: the signal
    comes when the *thread* that started it ends. Elsewhere nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (ImportError, OSError, AttributeError):   # no ctypes or prctl: as before
        return
    if os.getppid() != parent:              # the parent died before the call
        os._exit(1)


#: prctl(2): the signal a process gets when its parent thread ends.
_PR_SET_PDEATHSIG = 1


def end_with_starter() -> None:
    """End this ``multiprocessing`` child as soon as the process that started it ends.

    For workers of the pre-flight and of a batch: killed (SIGKILL, a closed terminal), the
    command cleans nothing up, and they went on with their model, up to a batch's time
    limit. The kernel's parent-death signal (``die_with_parent``) cannot serve here: a
    batch worker's parent is the fork server, which waits for its children, and the
    desktop app starts its pre-flight from a worker thread, whose end would kill it. The
    starter's sentinel, watched by a daemon thread, follows the starting process itself.
    With that thread running, ``usable_processes()`` is 1 in the child: it never forks.
    A child of the starter forked later holds the sentinel's pipe open too: one that is
    not ended with it (an ``in_background`` cache writer) delays this end by its own
    remaining time (about a second).
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        threading.Thread(target=_end_with, args=(parent.sentinel,), daemon=True,
                         name="end-with-starter").start()


def _end_with(sentinel: int) -> None:
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os._exit(1)


#: Children started by ``in_background`` and not yet waited for.
_background: list[int] = []


def in_background(function: Callable[[], object]) -> None:
    """Run ``function`` in a forked child and go on; ``join_background`` waits for it.

    For work whose result only a later run reads (writing a cache entry): the command line
    pickles a large model's analysis and measurement (1.3 s at 100,000 products) while it
    writes its report. Where forking is not safe (``usable_processes``), or fails, the
    function runs here and now. A failure in the child is its own: nothing is written,
    as when the function fails quietly here. The caller must ``join_background`` before it
    ends (the command line's ``main`` does).
    """
    if usable_processes() == 1:
        function()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        function()
        return
    if pid == 0:
        gc.disable()        # a collection would write into (and copy) every shared page
        code = 1
        try:
            function()
            code = 0
        except BaseException:  # noqa: BLE001 - the cache entry is simply not written
            pass
        finally:
            os._exit(code)
    _background.append(pid)


def join_background() -> None:
    """Wait for every child ``in_background`` started.

    An interrupt (Ctrl+C) stops the waiting, not the children: they finish on their own
    (a cache entry, written atomically), and the interrupted command ends as it would.
    """
    try:
        while _background:
            try:
                os.waitpid(_background[-1], 0)
            except ChildProcessError:
                pass
            _background.pop()
    except KeyboardInterrupt:
        _background.clear()


def _child(function: Callable[[T], R], jobs: list[T], write: int, parent: int) -> None:
    """Compute ``jobs`` and write the pickled list; never returns (ends with ``parent``)."""
    code = 1
    try:
        die_with_parent(parent)
        data = pickle.dumps([function(job) for job in jobs], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:   # noqa: BLE001 - the parent computes this share itself
        pass
    finally:
        os._exit(code)


def _collect(pid: int, read: int, count: int,
             waiting: Callable[[], None] | None = None) -> list[Any] | None:
    """Read a child's results to the end and reap it; None if it failed."""
    import select

    chunks: list[bytes] = []
    try:
        while True:
            if waiting is not None:
                while not select.select([read], [], [], 0.1)[0]:
                    waiting()
            chunk = os.read(read, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:       # waiting() cancelled, or an interrupt: stop the child
        _stop(pid, read)
        raise
    os.close(read)
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        values = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a torn result is a failed child
        return None
    return values if isinstance(values, list) and len(values) == count else None


def _stop(pid: int, read: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    try:
        os.close(read)
    except OSError:
        pass
