"""The one exception hierarchy of cimcheck.

The core raises only these, and only when it cannot go on: a file that cannot be opened, a
rule pack that does not validate, an export that cannot be written, a cancelled run.
Problems with single elements (a slab that does not tessellate, a space in no storey) are
*not* exceptions: they become diagnostics and the run continues.

Every error carries a message key and its parameters. ``str(err)`` is the English
sentence; ``err.localized("zh")`` the Chinese one. Both say what is wrong and what to do.

Examples
--------
>>> err = ModelOpenError("open.empty", path="a.ifc")
>>> str(err).startswith("a.ifc is empty")
True
>>> err.localized("zh").startswith("a.ifc 是空文件")
True
"""

from __future__ import annotations

from typing import Any

from cimcheck.text import Text, render

__all__ = [
    "CimcheckError",
    "ExportError",
    "ModelOpenError",
    "OperationCancelled",
    "RulePackError",
    "UnsupportedSchemaError",
]


class CimcheckError(Exception):
    """Base class: an error meant for the user, with a message that says what to do."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.localized("en"))

    def localized(self, lang: str = "en") -> str:
        """Return the message in ``lang`` ("en" or "zh")."""
        return render(self.text, lang)

    @property
    def text(self) -> Text:
        """The message as data: its catalogue key and parameters."""
        return Text.of(self.key, **self.params)

    @property
    def path(self) -> str | None:
        """The file the error is about, when there is one."""
        return self.params.get("path")


class ModelOpenError(CimcheckError):
    """The model file cannot be read as an IFC model."""


class UnsupportedSchemaError(ModelOpenError):
    """The file is IFC, but of a schema cimcheck does not support (or declares it wrongly)."""


class RulePackError(CimcheckError):
    """A rule pack does not validate; the message names file, rule and field."""


class ExportError(CimcheckError):
    """An output (workbook, JSON, diagram, BCF) cannot be written."""


class OperationCancelled(CimcheckError):
    """The user cancelled a long operation through the progress callable."""
