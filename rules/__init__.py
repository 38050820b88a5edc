"""cimcheck_rules: the rule packs, as data (YAML), one folder per jurisdiction.

Installed under the import name ``cimcheck_rules`` (the folder is ``rules/``). It holds no
code beyond this locator; packs arrive with the rule-pack issue:
``cn/gbt50353_2013`` → ``zj/future_community_2019`` → ``hz/future_community_2019``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKS_DIR"]

#: The folder that holds the packs.
PACKS_DIR = Path(__file__).resolve().parent
