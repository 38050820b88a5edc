"""How long the desktop app blocks its UI thread on a large model, and selection latency.

    .venv/bin/python bench/ui_latency.py [--storeys 400 | --towers 25]

Generates the block of ``make_large.py`` (400 storeys: about 22,000 elements; issue 15's
model), or with ``--towers`` the community of ``run.py``'s scale series (25 towers: about
25,000 elements, the "25k model" of the scale targets), opens it in the main window under
a virtual display, and measures with a 10 ms timer on the UI event loop:

- the time from "open" to the views showing the model (its first coloured frame) on an
  empty cache, against web-ifc opening the same file and streaming every mesh (Node.js,
  as ``run.py``), and the longest UI-thread block while the model opens and is handed to
  the views;
- a re-check after a reclassification (the check runs off the UI thread; the views'
  update when it arrives is on it);
- the housekeeping left for when the user is idle (``workers.when_user_idle``);
- the latency of a selection (``state.select`` until the events it posted, the repaint of
  the 3D view included, are processed), for 20 elements, and the time of one frame alone;
  then of the same selections while a re-check runs in its worker.

A benchmark, not a test: it prints the numbers for the issue notes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


class Watchdog:
    """A 10 ms timer on the UI thread; the longest gap between ticks is the longest block.

    With ``CIMCHECK_PROFILE`` set, a sampling thread also looks at the UI thread's Python
    stack every 5 ms while a tick is overdue (more than 50 ms), and ``report`` prints the
    samples of each gap over 100 ms: what the UI thread ran then. (The sampler needs the
    interpreter: while the UI thread is inside C++ that holds it, a render, it samples the
    frame the UI thread is in when it lets go.)
    """

    def __init__(self) -> None:
        from PySide6 import QtCore

        self.ticks: list[float] = []
        self.timer = QtCore.QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.samples: list[tuple[float, str]] = []
        self._sampling = False

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.samples = []
        self.timer.start()
        if os.environ.get("CIMCHECK_PROFILE") and not self._sampling:
            import threading

            self._sampling = True
            ui = threading.get_ident()
            threading.Thread(target=self._sample, args=(ui,), daemon=True).start()

    def _sample(self, ui: int) -> None:
        import traceback

        while self._sampling:
            time.sleep(0.005)
            now = time.perf_counter()
            if self.ticks and now - self.ticks[-1] > 0.05:
                frame = sys._current_frames().get(ui)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-6:]
                    self.samples.append((now, " < ".join(
                        f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack))))

    def stop(self) -> float:
        self.timer.stop()
        self._sampling = False
        self.ticks.append(time.perf_counter())
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False))

    def frames_note(self) -> str:
        """``" (the longest, each block's 3D frames taken out: N ms)"``: ``without_frames``.

        The longest block once every block has its frames taken out, which may be another
        block than the longest: a block of 124 ms holding an 88 ms frame, beside one of
        85 ms without a frame, gives 85.
        """
        return (f" (the longest, each block's 3D frames taken out: "
                f"{self.without_frames() * 1000:.0f} ms)")

    def without_frames(self) -> float:
        """The longest gap less the 3D view's frames drawn in it (``frames``).

        What the UI thread would block on a machine whose GPU draws a frame in a few
        milliseconds: here every frame is drawn by the CPU (software OpenGL).
        """
        longest = 0.0
        for a, b in zip(self.ticks, self.ticks[1:], strict=False):
            drawn = sum(min(b, end) - max(a, begin) for begin, end in FRAMES
                        if begin < b and end > a)
            longest = max(longest, b - a - drawn)
        return longest

    def report(self, over: float = 0.1) -> None:
        """Print each gap over ``over`` seconds with the UI thread's stacks sampled in it."""
        from collections import Counter

        for a, b in zip(self.ticks, self.ticks[1:], strict=False):
            if b - a > over:
                seen = Counter(stack for t, stack in self.samples if a < t <= b)
                print(f"  block {1000 * (b - a):.0f} ms at +{a - self.ticks[0]:.2f} s:")
                for stack, count in seen.most_common(4):
                    print(f"    {count} x {stack}")
                for begin, end, where in STEPS:
                    if begin < b and end > a:
                        print(f"    step {1000 * (end - begin):.0f} ms: {where}")
                for begin, end in FRAMES:
                    if begin < b and end > a:
                        print(f"    frame {1000 * (end - begin):.0f} ms")


#: (start, end) of every frame of the 3D view drawn in this process (``_time_frames``).
FRAMES: list[tuple[float, float]] = []


def _time_frames() -> None:
    """Record when the 3D view's widget draws a frame (VTK's render: the widget's
    ``paintGL`` in an OpenGL widget, its ``paintEvent`` in a native window)."""
    from pyvistaqt import rwi

    widget = rwi.QVTKRenderWindowInteractor
    name = "paintGL" if hasattr(widget, "paintGL") else "paintEvent"
    paint = getattr(widget, name)

    def timed(self, *event) -> None:
        started = time.perf_counter()
        try:
            paint(self, *event)
        finally:
            FRAMES.append((started, time.perf_counter()))

    setattr(widget, name, timed)


#: (start, end, where) of every step the views' ``Turns`` ran (``_time_steps``).
STEPS: list[tuple[float, float, str]] = []


def _time_steps() -> None:
    """Record each step of the views' work split over turns (``Turns``), and where it was.

    ``where``: the job's key and the line its generator resumed from (with
    ``CIMCHECK_PROFILE`` set, ``Watchdog.report`` prints the steps of each long block).
    """
    from cimcheck_ui.turns import Turns

    if not os.environ.get("CIMCHECK_PROFILE"):
        return
    turn = Turns._turn

    def timed(self) -> None:
        where = "?"
        if self._jobs:
            key, job = next(iter(self._jobs.items()))
            frame = getattr(job, "gi_frame", None)
            where = f"{key[0] if isinstance(key, tuple) else key}"
            if frame is not None:
                where += f" {frame.f_code.co_name}:{frame.f_lineno}"
            else:
                where += f" {getattr(job, '__qualname__', job)} (start)"
        started = time.perf_counter()
        try:
            turn(self)
        finally:
            STEPS.append((started, time.perf_counter(), where))

    Turns._turn = timed


def _profiled(window_class):
    """Profile the window's hand-over of an opened model (with ``CIMCHECK_PROFILE`` set)."""
    import cProfile

    profile = cProfile.Profile()
    if os.environ.get("CIMCHECK_PROFILE"):
        import functools

        slot = window_class._on_opened

        @functools.wraps(slot)      # under its own name: PySide queues it to the UI thread
        def on_opened(self, result) -> None:
            profile.enable()
            try:
                slot(self, result)
            finally:
                profile.disable()

        window_class._on_opened = on_opened
    return profile


def _webifc_seconds(model: Path) -> float | None:
    """Median of three web-ifc runs opening ``model`` and streaming every mesh, or None."""
    import subprocess

    from run import BENCH, webifc_ready

    if not webifc_ready():
        return None
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(["node", str(BENCH / "webifc_stream.mjs"), str(model)],
                       capture_output=True, check=True)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--storeys", type=int, default=400)
    parser.add_argument("--towers", type=int, default=0,
                        help="open the scale series' community of this many towers instead")
    parser.add_argument("--over", type=float, default=100,
                        help="with CIMCHECK_PROFILE set, report each block longer than this "
                             "(ms)")
    args = parser.parse_args()
    from pyvirtualdisplay import Display

    display = Display(visible=False, size=(1960, 1120), color_depth=24)
    display.start()
    os.environ.setdefault("QT_API", "pyside6")
    from cimcheck_ui.main_window import MainWindow
    from cimcheck_ui.translations import install_language
    from cimcheck_ui.workers import freeze_startup
    from make_large import build
    from PySide6 import QtCore, QtWidgets
    from run import community

    folder = Path(tempfile.mkdtemp())
    # "cold" is an empty cache: this run's own, not the user's.
    os.environ["CIMCHECK_CACHE_DIR"] = str(folder / "cache")
    if args.towers:
        model = folder / f"community_{args.towers}.ifc"     # a copy: never the user's path
        model.write_bytes(community(args.towers).read_bytes())
        label = f"community of {args.towers} towers"
    else:
        model = folder / f"block_{args.storeys}.ifc"
        build(args.storeys).write(model)
        label = f"{args.storeys} storeys"
    webifc = _webifc_seconds(model)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    QtCore.QSettings.setPath(QtCore.QSettings.Format.NativeFormat,
                             QtCore.QSettings.Scope.UserScope, str(folder / "settings"))
    install_language(app, "zh")
    freeze_startup()                                   # as the app's entry point does
    _time_frames()
    _time_steps()
    handover = _profiled(MainWindow)
    window = MainWindow("zh")
    window.resize(1920, 1080)
    window.show()
    dog = Watchdog()

    def wait_for(condition, timeout: float = 600.0) -> None:
        """Run the event loop (as the app does) until ``condition`` holds."""
        loop = QtCore.QEventLoop()
        deadline = time.perf_counter() + timeout
        poll = QtCore.QTimer()
        poll.setInterval(20)
        poll.timeout.connect(lambda: (condition() or time.perf_counter() > deadline)
                             and loop.quit())
        poll.start()
        if not condition():
            loop.exec()
        poll.stop()

    # The window is shown and drawn (its first GL frame: the context made, the shaders
    # compiled) before a user can click Open.
    wait_for(lambda: False, 1.0)
    opened = []
    window.opened.connect(lambda: opened.append(time.perf_counter()))
    for attempt in ("cold", "cached"):
        opened.clear()
        dog.start()
        started = time.perf_counter()
        window.open_model(model)
        wait_for(lambda: bool(opened))
        wait_for(lambda: False, 1.0)  # let the views settle
        block = dog.stop()
        versus = f" ({(opened[0] - started) / webifc:.2f}× web-ifc's {webifc:.1f} s)" \
            if webifc and attempt == "cold" else ""
        print(f"open ({attempt}): {opened[0] - started:.1f} s to the views showing the model"
              f"{versus}; longest UI-thread block {block * 1000:.0f} ms"
              f"{dog.frames_note()}")
        if os.environ.get("CIMCHECK_PROFILE"):
            dog.report(args.over / 1000)
    elements = len(window.state.analysis.index.elements)
    print(f"model: {label}, {elements} indexed elements, "
          f"{len(window.state.analysis.meshes)} meshes")

    space = next(e for e in window.state.analysis.index.elements if e.group == "spaces")
    dog.start()
    window.state.reclassify(space.global_id, "community_service", "bench")
    wait_for(lambda: not window.state.rechecking)
    wait_for(lambda: False, 1.0)
    print(f"re-check after a reclassification: longest UI-thread block "
          f"{dog.stop() * 1000:.0f} ms{dog.frames_note()}")
    if os.environ.get("CIMCHECK_PROFILE"):
        dog.report(args.over / 1000)

    # What waited for the user to be idle (a full garbage collection, the replaced IFC
    # file's destructor): the pauses a turn cannot split, run when nobody is clicking.
    from cimcheck_ui.workers import idle_tasks

    dog.start()
    started = time.perf_counter()
    wait_for(lambda: idle_tasks() is None or not idle_tasks().pending)
    print(f"housekeeping once the user is idle (after {time.perf_counter() - started:.1f} s "
          f"without input): longest UI-thread block {dog.stop() * 1000:.0f} ms")

    gids = [e.global_id for e in window.state.analysis.index.elements
            if e.global_id in window.state.analysis.meshes][:: max(1, elements // 20)][:20]
    latencies, renders = [], []
    import cProfile
    import pstats

    profile = cProfile.Profile()
    for gid in gids:
        started = time.perf_counter()
        profile.enable()
        window.state.select([gid])
        app.processEvents()          # the repaint the selection scheduled draws the frame
        profile.disable()
        latencies.append(time.perf_counter() - started)
        drawn = time.perf_counter()
        window.viewer.plotter.ren_win.Render()
        renders.append(time.perf_counter() - drawn)
    print(f"selection latency over {len(latencies)} elements: median "
          f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
          f"(one frame of the model alone: median {statistics.median(renders) * 1000:.0f} ms; "
          "software OpenGL here)")

    # The same clicks while a re-check runs in its worker (a reclassification measures the
    # storeys again, in Python): the UI thread shares the interpreter with it.
    busy = []
    window.state.reclassify(space.global_id, "lobby_atrium", "bench")
    for gid in gids:
        if not window.state.rechecking:
            break
        started = time.perf_counter()
        window.state.select([gid])
        app.processEvents()
        busy.append(time.perf_counter() - started)
    wait_for(lambda: not window.state.rechecking)
    if busy:
        print(f"selection latency while a re-check runs, over {len(busy)} elements: median "
              f"{statistics.median(busy) * 1000:.0f} ms, max {max(busy) * 1000:.0f} ms")
    if os.environ.get("CIMCHECK_PROFILE"):
        print("latencies (ms):", [round(x * 1000) for x in latencies],
              "while a re-check runs:", [round(x * 1000) for x in busy])
        print("== selection")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
        print("== hand-over of an opened model")
        pstats.Stats(handover).sort_stats("cumulative").print_stats(30)
    window.close()
    window.deleteLater()
    app.processEvents()
    display.stop()


if __name__ == "__main__":
    main()
