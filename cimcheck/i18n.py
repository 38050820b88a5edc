"""Translate user-facing strings: 简体中文 by default, English on request.

Sentences live in :mod:`cimcheck.messages`; this module picks the language. The default
language is Chinese, overridden by ``--lang`` or the ``CIMCHECK_LANG`` environment
variable.
"""

from __future__ import annotations

import os
from typing import Any

from cimcheck.messages import MESSAGES

__all__ = ["LANGUAGES", "default_lang", "tr"]

LANGUAGES = ("zh", "en")


def default_lang() -> str:
    """Return the language to use when none is given: ``CIMCHECK_LANG`` or "zh"."""
    lang = os.environ.get("CIMCHECK_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def tr(key: str, lang: str, **params: Any) -> str:
    """Return the catalogue sentence ``key`` in ``lang``, formatted with ``params``.

    Examples
    --------
    >>> tr("cli.storeys", "en")
    'Storeys'
    >>> tr("cli.storeys", "zh")
    '楼层'
    """
    en, zh = MESSAGES.get(key, (key, key))
    template = zh if lang.startswith("zh") else en
    return template.format(**params) if params else template
