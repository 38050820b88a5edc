"""cimcheck: a BIM/CIM model checker for Zhejiang future-community (未来社区) pilots.

The core library opens IFC models, indexes them, tessellates the elements the area rules
need, measures building area per storey (GB/T 50353-2013) and evaluates rule packs. It
never imports Qt, pyvista or VTK; the desktop application lives in ``cimcheck_ui``.

Public API
----------
open_model(path) -> LoadedModel
    Open an .ifc or .ifczip file (raises a ``CimcheckError`` subclass on bad input).
analyse(path, progress=...) -> Analysis
    Open, index and tessellate a model; the result depends only on the model.
check(analysis, pack_id=None, project=None) -> CheckRun
    Measure areas and judge them under a rule pack and a project file; ``run.table`` is
    the area table. The run holds keys and numbers; render its words with
    ``cimcheck.text.render(finding.text, lang)`` or ``finding.message(lang)``.
"""

from __future__ import annotations

from typing import Any

from cimcheck.version import __version__

__all__ = ["__version__", "analyse", "check", "open_model"]


def __getattr__(name: str) -> Any:
    # Lazy re-exports keep ``import cimcheck`` (and ``cimcheck --version``) cheap.
    if name == "open_model":
        from cimcheck.model.loader import open_model

        return open_model
    if name == "analyse":
        from cimcheck.pipeline import analyse

        return analyse
    if name == "check":
        from cimcheck.pipeline import check

        return check
    msg = f"module 'cimcheck' has no attribute {name!r}"
    raise AttributeError(msg)
