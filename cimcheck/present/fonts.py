"""The Simplified Chinese font every drawing uses: shipped with cimcheck, never the system's.

Noto Sans SC (SIL Open Font License 1.1) comes with the ``pylopdf-fonts-zh-cn`` package, a
dependency, so diagrams render Chinese on a machine with no CJK font installed, and always
with the Simplified Chinese glyph forms (a system's Noto Sans CJK may pick the Japanese
ones). A system CJK font is used only if the package is missing, with a warning.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["cjk_font_path", "matplotlib_family"]

#: System fonts tried when the shipped font is missing, best first.
_SYSTEM_NAMES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei")


def cjk_font_path() -> Path | None:
    """Return the shipped Noto Sans SC file (None when its package is not installed)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


@cache
def matplotlib_family() -> str | None:
    """Register the Chinese font with matplotlib once; return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return str(font_manager.FontProperties(fname=str(path)).get_name())
    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in _SYSTEM_NAMES:
        if name in available:
            log.warning("the shipped Chinese font is missing (pip install "
                        "pylopdf-fonts-zh-cn); using the system's %s", name)
            return name
    log.warning("no Chinese font: Chinese labels will not render (pip install "
                "pylopdf-fonts-zh-cn)")
    return None
