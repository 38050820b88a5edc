"""Qt translations: 简体中文 by default, English on request.

Source strings in the UI are English, wrapped in ``t()`` (one translation context,
``cimcheck``). The Chinese translations live in ``i18n/cimcheck_zh_CN.ts`` (Qt Linguist
format, in the repository); the ``.qm`` that Qt loads is compiled from it by
``pyside6-lrelease`` in the install step (``./dev``), or here on first use when it is
missing or older than the ``.ts``.

Usage::

    python -m cimcheck_ui.translations      # compile every .ts to .qm
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6 import QtCore

log = logging.getLogger(__name__)

__all__ = ["CONTEXT", "LANGUAGES", "build", "current_lang", "install_language", "t"]

CONTEXT = "cimcheck"
HERE = Path(__file__).resolve().parent / "i18n"
#: UI languages and their .ts file (None: the English source strings).
LANGUAGES = {"zh": "cimcheck_zh_CN", "en": None}
_current: QtCore.QTranslator | None = None
_qt_own: QtCore.QTranslator | None = None
_current_lang: str = "en"


def t(text: str) -> str:
    """Translate a UI string into the installed language."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


def current_lang() -> str:
    """Return the language the UI speaks now ("zh" or "en"): the one every view renders in.

    The core's words (findings, evidence, categories) are rendered with it at display time,
    so they always match Qt's own. A Chinese choice whose translations failed to load
    speaks English, and so do the core's words.
    """
    return _current_lang if _current is not None else "en"


def _lrelease() -> str | None:
    candidates = [Path(sys.executable).with_name("pyside6-lrelease"),
                  Path(sys.executable).with_name("lrelease")]
    try:
        import PySide6

        candidates.append(Path(PySide6.__file__).with_name("lrelease"))
    except ImportError:  # pragma: no cover
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def build(name: str) -> Path | None:
    """Compile ``i18n/<name>.ts`` to a .qm if needed; return the .qm path (None on failure)."""
    source = HERE / f"{name}.ts"
    target = HERE / f"{name}.qm"
    if target.exists() and (not source.exists()
                            or target.stat().st_mtime >= source.stat().st_mtime):
        return target                 # (an installed app or a bundle ships the .qm only)
    if not source.exists():
        log.warning("no translation %s: the UI stays in English", source)
        return None
    tool = _lrelease()
    if tool is None:
        log.warning("pyside6-lrelease not found: the UI stays in English")
        return None
    result = subprocess.run([tool, str(source), "-qm", str(target)], capture_output=True,
                            text=True, timeout=120)
    if result.returncode != 0 or not target.exists():
        log.warning("lrelease failed: %s", result.stderr.strip())
        return None
    return target


def install_language(app: QtCore.QCoreApplication, lang: str) -> bool:
    """Install the translator for ``lang`` ("zh" or "en"); widgets get a LanguageChange.

    Installing the language already in place does nothing (no LanguageChange storm).
    """
    global _current, _current_lang, _qt_own
    if lang == _current_lang and (_current is not None or lang == "en"):
        return True
    _current_lang = lang
    if _current is not None:
        app.removeTranslator(_current)
        _current = None
    if _qt_own is not None:
        app.removeTranslator(_qt_own)
        _qt_own = None
    name = LANGUAGES.get(lang)
    if name is None:
        return lang == "en"
    # Qt's own words (OK, Cancel, Show Details…, the file dialog) from Qt's translations.
    own = QtCore.QTranslator(app)
    folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    if own.load(f"qtbase_{name.split('_', 1)[1]}", folder):
        app.installTranslator(own)
        _qt_own = own
    qm = build(name)
    translator = QtCore.QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    _current = translator
    return True


if __name__ == "__main__":
    for ts_name in filter(None, LANGUAGES.values()):
        print(build(ts_name))
