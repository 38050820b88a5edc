"""Words for users as data: a catalogue key with parameters, rendered in a language on demand.

Results never hold sentences. An error, a diagnostic, a finding or a piece of evidence holds
a :class:`Text` (a catalogue key and its parameters); every view (terminal, JSON, workbook,
desktop) renders it in *its* language when it shows it, with :func:`render`. That is how a
re-check in the English desktop still reads English: nothing was rendered in advance.

Parameters may themselves be words:

- a :class:`Text` renders in the same language (a diagnostic quoted inside a finding);
- :class:`Words` is a pair given as data (a rule pack's ``title: {en, zh}``);
- a tuple of catalogue keys reads as a list (the likely causes of a problem);
- a string naming a ``problem.*`` sentence renders that sentence with the same parameters
  (the *what is wrong* part of a project-file error).

The language is "zh" (简体中文, the default) or "en"; ``CIMCHECK_LANG`` or ``--lang`` choose.

Examples
--------
>>> text = Text.of("cli.written", path="a.json")
>>> render(text, "en")
'Written: a.json'
>>> render(text, "zh")
'已写入：a.json'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, NamedTuple

from cimcheck.text.catalogue import MESSAGES

__all__ = ["LANGUAGES", "MESSAGES", "Text", "Words", "default_lang", "is_zh", "render", "tr"]

#: The languages every catalogue entry has.
LANGUAGES = ("zh", "en")


def default_lang() -> str:
    """Return the language to use when none is given: ``CIMCHECK_LANG`` or "zh"."""
    lang = os.environ.get("CIMCHECK_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def is_zh(lang: str) -> bool:
    """Say whether ``lang`` ("zh", "zh_CN", "en", ...) asks for Chinese."""
    return lang.lower().startswith("zh")


class Words(NamedTuple):
    """A phrase given in both languages by data (a pack title), not by the catalogue."""

    en: str
    zh: str

    @classmethod
    def of(cls, value: Any) -> Words | str:
        """Read ``{"en": ..., "zh": ...}`` as Words; anything else as its string."""
        if isinstance(value, dict) and "en" in value and "zh" in value:
            return cls(str(value["en"]), str(value["zh"]))
        return value if isinstance(value, Words) else str(value)

    def pick(self, lang: str) -> str:
        """Return the phrase in ``lang``."""
        return self.zh if is_zh(lang) else self.en


@dataclass(frozen=True, slots=True)
class Text:
    """A catalogue key and its parameters: a sentence not yet put into a language.

    Attributes
    ----------
    key : str
        Dotted catalogue key (``"finding.limit"``).
    params : tuple of (str, object)
        The template's fields, sorted by name (a tuple, so that the record is hashable).
    """

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Text:
        """Build a Text from keyword parameters (dict titles become :class:`Words`)."""
        return cls(key, tuple(sorted((k, _freeze(v)) for k, v in params.items())))

    def render(self, lang: str) -> str:
        """Return the sentence in ``lang`` (see :func:`render`)."""
        return render(self, lang)

    def param(self, name: str, default: Any = None) -> Any:
        """Return one parameter's value."""
        return dict(self.params).get(name, default)


def _freeze(value: Any) -> Any:
    if isinstance(value, dict) and set(value) >= {"en", "zh"}:
        return Words.of(value)
    if isinstance(value, list):
        return tuple(value)
    return value


def _word(value: Any, lang: str, params: dict[str, Any]) -> Any:
    """Render one parameter value that is itself words; leave numbers and names alone."""
    if isinstance(value, Text):
        return render(value, lang)
    if isinstance(value, Words):
        return value.pick(lang)
    if isinstance(value, tuple) and value and all(
            isinstance(v, Text) or (isinstance(v, str) and v in MESSAGES) for v in value):
        parts = [render(v if isinstance(v, Text) else Text(v), lang) for v in value]
        return ("；" if is_zh(lang) else "; ").join(parts)
    if isinstance(value, str) and value.startswith("problem.") and value in MESSAGES:
        inner = MESSAGES[value][1 if is_zh(lang) else 0]
        try:
            return inner.format(**params)
        except (KeyError, IndexError, ValueError):
            return inner
    return value


def render(text: Text | Words | str, lang: str) -> str:
    """Put words into ``lang``: the one place where a template meets its parameters.

    A key missing from the catalogue, or a template and call site that disagree on the
    fields, still give something a user can report: the key and its values.
    """
    if isinstance(text, Words):
        return text.pick(lang)
    if isinstance(text, str):
        text = Text(text)
    raw = dict(text.params)
    entry = MESSAGES.get(text.key)
    if entry is None:
        return f"{text.key}: {raw}" if raw else text.key
    template = entry[1] if is_zh(lang) else entry[0]
    values = {name: _word(value, lang, raw) for name, value in raw.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return f"{text.key}: {raw}"


def tr(key: str, lang: str, **params: Any) -> str:
    """Return the catalogue sentence ``key`` in ``lang``, formatted with ``params``.

    Examples
    --------
    >>> tr("cli.storeys", "en")
    'Storeys'
    >>> tr("cli.storeys", "zh")
    '楼层'
    """
    return render(Text.of(key, **params), lang)
