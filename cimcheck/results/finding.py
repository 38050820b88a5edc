"""Findings and the check run: what a rule pack decided about a model.

A :class:`Finding` is data: the rule, the status, measured and required values, the clause
and the elements concerned; the sentence is rendered from the rule's message template. A
:class:`CheckRun` is an Analysis evaluated under one pack and one project file; it is
immutable and is what every report and view reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["CheckRun", "Finding", "LedgerEntry", "Status"]


class Status(StrEnum):
    """Outcome of one rule on one subject."""

    PASS = "PASS"
    FAIL = "FAIL"
    WARN = "WARN"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    ERROR = "ERROR"


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict.

    Attributes
    ----------
    rule_id : str
    status : Status
    measured, required : float or None
    unit : str
    message : str
        Rendered in the run's language.
    clause : str
        The source (document and article) of the rule.
    global_ids : tuple of str
        The elements the finding points at (empty for model-wide indicators).
    """

    rule_id: str
    status: Status
    measured: float | None
    required: float | None
    unit: str
    message: str
    clause: str
    global_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form (stable keys)."""
        return {
            "rule_id": self.rule_id,
            "status": str(self.status),
            "measured": None if self.measured is None else round(self.measured, 4),
            "required": None if self.required is None else round(self.required, 4),
            "unit": self.unit,
            "message": self.message,
            "clause": self.clause,
            "global_ids": list(self.global_ids),
        }


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """How one area item enters the plot-ratio area (计容面积): the audit trail.

    ``far_area_m2 = building_area_m2 × far_multiplier − exempt_m2``.
    """

    item_id: str
    storey: str
    category: str
    global_ids: tuple[str, ...]
    building_area_m2: float
    far_multiplier: float
    exempt_m2: float
    exemption: str
    rule_id: str
    clause: str
    inferred: bool

    @property
    def far_area_m2(self) -> float:
        """The item's contribution to the plot-ratio area."""
        return self.building_area_m2 * self.far_multiplier - self.exempt_m2


@dataclass(frozen=True, slots=True)
class CheckRun:
    """An Analysis evaluated under a rule pack and a project file.

    Attributes
    ----------
    pack : dict
        ``{"id", "version", "title"}``.
    project : dict
        The effective project values.
    indicators : dict
        Plain numbers (``exempt_area_m2`` is a dict of numbers).
    indicator_sources : dict
        Where each input indicator came from ("project file", "Pset_SiteCommon.TotalArea", ...).
    ledger : tuple of LedgerEntry
    findings : tuple of Finding
    parameters : dict
        Effective parameters (after pack inheritance and project overrides).
    model : dict
        ``{"file", "sha256", "schema", "application"}`` of the checked model.
    table : AreaTable or None
        The area table the run judged (storeys, items with polygons, totals).
    cimcheck_version : str
    """

    pack: dict[str, Any]
    project: dict[str, Any]
    indicators: dict[str, Any]
    indicator_sources: dict[str, str]
    ledger: tuple[LedgerEntry, ...]
    findings: tuple[Finding, ...]
    parameters: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    table: Any = None
    cimcheck_version: str = ""

    @property
    def worst(self) -> Status:
        """The most serious status among the findings (ERROR > FAIL > WARN > PASS)."""
        order = [Status.ERROR, Status.FAIL, Status.WARN, Status.PASS, Status.NOT_APPLICABLE]
        present = {f.status for f in self.findings}
        return next((s for s in order if s in present), Status.PASS)
