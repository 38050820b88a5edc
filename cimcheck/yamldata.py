"""YAML for the data cimcheck ships: rule packs and the name keyword table.

libyaml's safe loader, when PyYAML was built with it, reads the packs of one check about
ten times faster than the Python one (0.12 s of a one-second check of a small model).
Project files, written by users, keep their own loader (no aliases, ``engine.project``).
"""

from __future__ import annotations

import yaml

__all__ = ["SAFE_LOADER"]

#: The safe loader to read shipped YAML with: libyaml's if present, else PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
