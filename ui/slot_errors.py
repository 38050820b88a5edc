"""Errors nobody caught in the desktop app: logged to a file, shown once, never a crash.

Qt runs slots, timer callbacks and overridden Qt methods (``paintEvent``…) from its event
loop; when one raises, PySide hands the exception to ``sys.excepthook`` and the loop carries
on. The default hook prints to a console the desktop user never sees, and a fault in a view
that draws every run comes back on every re-check. :func:`install` replaces the hook:

- every exception is written, with its traceback, to the application's log file
  (:func:`log_path`; the workers' own ``log.exception`` records go there too);
- the first time a fault occurs (its type and the line that raised it) a dialog says that
  what is on screen may be incomplete and where the log is;
- a fault seen before is only counted in the status bar, never another dialog.

Exceptions of other threads (``threading.excepthook``) are logged: a dialog belongs to the
UI thread, and the workers report their own failures through signals.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from cimcheck_ui.translations import t
from PySide6 import QtCore

log = logging.getLogger(__name__)

__all__ = ["SlotErrors", "install", "log_path"]

LOG_NAME = "cimcheck-gui.log"
#: One log file of at most this size, plus two older ones.
LOG_BYTES = 1_000_000


def log_path() -> Path:
    """Return the log file of the desktop app (in the user's application data folder)."""
    folder = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home() / ".cimcheck") / LOG_NAME


class SlotErrors:
    """The ``sys.excepthook`` of the desktop app (see the module docstring).

    Parameters
    ----------
    window : MainWindow
        Shows the dialog and the status bar message while it exists.
    path : Path
        The log file.
    """

    def __init__(self, window, path: Path) -> None:
        self.window = window
        self.path = path
        #: How often each fault occurred, by (exception type, file, line).
        self.seen: dict[tuple[str, str, int], int] = {}
        self._handling = False
        #: The log file's handler on the root logger (set by :func:`install`).
        self.handler: logging.Handler | None = None

    def __call__(self, kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt) or self._handling:
            sys.__excepthook__(kind, error, trace)
            return
        self._handling = True
        try:
            log.error("uncaught exception in the UI thread", exc_info=(kind, error, trace))
            key = _fault(kind, trace)
            self.seen[key] = count = self.seen.get(key, 0) + 1
            self._tell(count, "".join(traceback.format_exception(kind, error, trace)),
                       f"{kind.__name__}: {error}")
        except Exception:  # noqa: BLE001 - the hook must never raise itself
            sys.__excepthook__(kind, error, trace)
        finally:
            self._handling = False

    def _tell(self, count: int, details: str, summary: str) -> None:
        import shiboken6
        from cimcheck_ui.dialogs.error_dialog import ErrorDialog

        window = self.window
        if window is None or not shiboken6.isValid(window):
            return
        if count > 1:
            window.statusBar().showMessage(
                t("The same internal error occurred again ({n} times); see the log")
                .replace("{n}", str(count)), 10000)
            return
        message = (t("An internal error occurred: {error}. What is on screen may be "
                     "incomplete: open the model again. The details were written to {path}; "
                     "please send that file to the cimcheck developers.")
                   .replace("{error}", summary).replace("{path}", str(self.path)))
        window.last_error = message
        window.error_dialog = ErrorDialog(window, message, details, title=t("Internal error"))
        window.error_dialog.open()

    def log_thread(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: log what a thread left uncaught."""
        log.error("uncaught exception in thread %s",
                  args.thread.name if args.thread is not None else "?",
                  exc_info=(args.exc_type, args.exc_value or args.exc_type(),
                            args.exc_traceback))


def _fault(kind: type[BaseException], trace: TracebackType | None) -> tuple[str, str, int]:
    """Name a fault by its type and the line that raised it."""
    frames = traceback.extract_tb(trace) if trace is not None else []
    last = frames[-1] if frames else None
    return (kind.__qualname__, last.filename if last else "", (last.lineno or 0) if last else 0)


def install(window, path: Path | None = None) -> SlotErrors:
    """Log to ``path`` (default :func:`log_path`) and route uncaught exceptions to ``window``.

    Called by the application's entry point once its window exists. Returns the hook.
    """
    path = path or log_path()
    problem: OSError | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=2, encoding="utf-8")
    except OSError as err:                  # a read-only profile: stderr, as before
        problem, handler = err, logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    if problem is not None:
        log.warning("cannot write the log file %s (%s): logging to stderr", path, problem)
    hook = SlotErrors(window, path)
    hook.handler = handler
    sys.excepthook = hook
    threading.excepthook = hook.log_thread
    return hook
