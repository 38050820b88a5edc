"""The sample models, shipped with the package as ``cimcheck_samples``.

They are built by ``make_samples.py`` and computed by hand in ``README.md`` (the golden
numbers the tests check). The desktop app opens the residential block from 帮助 → 打开示例模型,
and the bundle carries it for its smoke test.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT", "HERE"]

HERE = Path(__file__).resolve().parent
#: The residential block (IFC4) every demo opens.
DEFAULT = HERE / "fc_residential_ifc4.ifc"
