"""Diagnostics: problems with parts of a model that do not stop the run.

A slab that fails to tessellate, a space in no storey, a missing area unit: each becomes a
:class:`Diagnostic` with a stable ``code``, a severity, the element it is about and a
message in English and Chinese. Diagnostics travel with the result (``Analysis``) and are
shown by the CLI, the JSON output and the UI; they never raise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cimcheck.text import Text, render

__all__ = ["Diagnostic", "Severity"]


class Severity(StrEnum):
    """How much a diagnostic matters to the numbers the checker reports."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the model, with the element it points at.

    Attributes
    ----------
    code : str
        Stable dotted key, also the message key (``"geometry.failed"``).
    severity : Severity
    global_id : str or None
        IfcRoot.GlobalId of the element concerned, if any.
    ifc_class : str or None
        The element's IFC class, for reading without the model at hand.
    params : tuple of (str, object)
        Values that fill the message template (kept as a tuple so the record is hashable).
    """

    code: str
    severity: Severity
    global_id: str | None = None
    ifc_class: str | None = None
    params: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    @classmethod
    def make(
        cls,
        code: str,
        severity: Severity,
        *,
        global_id: str | None = None,
        ifc_class: str | None = None,
        **params: Any,
    ) -> Diagnostic:
        """Build a diagnostic from keyword parameters."""
        return cls(code, severity, global_id, ifc_class, tuple(sorted(params.items())))

    @property
    def text(self) -> Text:
        """The message as data; the element's GlobalId and class fill their fields."""
        values = {"global_id": self.global_id, "ifc_class": self.ifc_class, **dict(self.params)}
        return Text.of(self.code, **values)

    def message(self, lang: str = "en") -> str:
        """Return the sentence for a user, in ``lang`` ("en" or "zh")."""
        return render(self.text, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON form (stable keys)."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "global_id": self.global_id,
            "ifc_class": self.ifc_class,
            "message": self.message(lang),
        }
