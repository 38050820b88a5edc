"""Entry point of the desktop application: ``cimcheck-gui [MODEL] [options]``.

``--screenshot OUT.png`` opens the model, runs the check, renders the main window with the
3D view, saves the PNG and exits 0 (2 with the clear message on a bad model): used by the
docs and the tests. Without a display it starts a virtual one (Xvfb through
pyvirtualdisplay) when it can, since the 3D view needs an OpenGL context.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cimcheck-gui", description="cimcheck desktop app")
    parser.add_argument("model", nargs="?", help="an .ifc or .ifczip file to open")
    parser.add_argument("--project", metavar="FILE", help="project file")
    parser.add_argument("--pack", help="rule pack id")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="UI language")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="open MODEL, check it, save a screenshot of the window and exit")
    parser.add_argument("--size", metavar="WxH", type=_size, default=None,
                        help="window size in pixels (e.g. 1280x800)")
    return parser


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError as err:
        message = f"expected WIDTHxHEIGHT, got {text!r}"
        raise argparse.ArgumentTypeError(message) from err
    return width, height


def _virtual_display(size: tuple[int, int] | None = None):
    """Start Xvfb when there is no display (screenshots need OpenGL through xcb)."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return None
    try:
        from pyvirtualdisplay import Display

        width, height = size or (1600, 1000)
        display = Display(visible=False, size=(max(width, 1600) + 40, max(height, 1000) + 40),
                          color_depth=24)
        display.start()
        return display
    except Exception:  # noqa: BLE001 - fall back to Qt's offscreen platform
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application; return its exit code."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    display = _virtual_display(args.size) if args.screenshot else None
    os.environ.setdefault("QT_API", "pyside6")
    from cimcheck_ui import slot_errors
    from cimcheck_ui.main_window import MainWindow
    from cimcheck_ui.translations import install_language
    from cimcheck_ui.workers import freeze_startup
    from PySide6 import QtCore, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName("cimcheck")         # where the log goes (slot_errors.log_path)
    app.setApplicationName("cimcheck")
    settings = QtCore.QSettings("cimcheck", "cimcheck")
    lang = args.lang or settings.value("language", "zh")
    install_language(app, lang)
    freeze_startup()
    window = MainWindow(lang)
    slot_errors.install(window)
    if args.size:
        window.resize(*args.size)
    window.show()
    code = {"value": 0}
    if args.model:
        if args.screenshot:
            def shoot():
                QtCore.QTimer.singleShot(300, lambda: _save(window, args.screenshot, app))

            def fail(message):
                print(message, file=sys.stderr)
                code["value"] = 2
                QtCore.QTimer.singleShot(0, app.quit)

            # The window's own signals arrive in the UI thread (the worker's would not).
            window.opened.connect(shoot)
            window.open_failed.connect(fail)
            window.open_model(args.model, args.project, args.pack)
        else:
            window.open_model(args.model, args.project, args.pack)
    elif args.screenshot:
        QtCore.QTimer.singleShot(300, lambda: _save(window, args.screenshot, app))
    result = app.exec()
    window.close()
    if display is not None:
        # Qt must let go of the X server before it stops: a connection that breaks under
        # it ends the process with "The X11 connection broke" and exit code 1.
        window.deleteLater()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        app.shutdown()
        display.stop()
    return code["value"] or result


def _save(window, path: str, app) -> None:
    from PySide6 import QtCore

    if window.diagram.pending:          # drawn in a thread: the picture shows it drawn
        QtCore.QTimer.singleShot(100, lambda: _save(window, path, app))
        return
    window.viewer.plotter.render()
    app.processEvents()
    if not window.grab().save(path):
        print(f"could not write the screenshot to {path}", file=sys.stderr)
    app.quit()


if __name__ == "__main__":
    sys.exit(main())
