"""Findings and the check run: what a rule pack decided about a model.

A :class:`Finding` is data: the rule, the status, measured and required values, the clause,
the elements concerned and its sentence as a :class:`~cimcheck.text.Text` (a catalogue key
and parameters), rendered by whoever shows it, in their language. A
:class:`CheckRun` is an Analysis evaluated under one pack and one project file; it is
immutable and is what every report and view reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cimcheck.results.packed import Packed, Segments
from cimcheck.text import Text, render
from cimcheck.vocab import Status, worst_status

__all__ = ["CheckRun", "FarBreakdown", "Finding", "LedgerEntry", "Status", "Verdict"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict.

    Attributes
    ----------
    rule_id : str
    status : Status
    measured, required : float or None
    unit : str
    text : Text
        The sentence, as data: ``finding.message(lang)`` renders it.
    clause : str
        The source (document and article) of the rule.
    global_ids : tuple of str
        The elements the finding points at (empty for model-wide indicators).
    indicator : str or None
        The indicator (``vocab.Indicator``) this finding judges, if any: views find an
        indicator's verdict through it, never through a rule id.
    """

    rule_id: str
    status: Status
    measured: float | None
    required: float | None
    unit: str
    text: Text
    clause: str
    global_ids: tuple[str, ...] = ()
    indicator: str | None = None

    def message(self, lang: str = "en") -> str:
        """Return the sentence in ``lang``."""
        return render(self.text, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON form (stable keys), the message in ``lang``."""
        return {
            "rule_id": self.rule_id,
            "status": str(self.status),
            "measured": None if self.measured is None else round(self.measured, 4),
            "required": None if self.required is None else round(self.required, 4),
            "unit": self.unit,
            "message": self.message(lang),
            "message_key": self.text.key,
            "clause": self.clause,
            "global_ids": list(self.global_ids),
            "indicator": self.indicator,
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
    ledger : sequence of LedgerEntry
    findings : sequence of Finding
        In the pack's rule order; ``evaluate.judge`` gives them as ``packed.Segments``, one
        per rule.
    parameters : dict
        Effective parameters (after pack inheritance and project overrides).
    model : dict
        ``{"file", "sha256", "schema", "application"}`` of the checked model.
    table : AreaTable or None
        The area table the run judged (storeys, items with polygons, totals).
    preflight : tuple of dict
        The IDS pre-flight, one entry per specification (``engine.preflight``).
    model_rules : tuple of str
        The rules whose findings the model alone decides (``evaluate.ModelVerdict``):
        another site area, limit or household count leaves them as they are.
    cimcheck_version : str
    """

    pack: dict[str, Any]
    project: dict[str, Any]
    indicators: dict[str, Any]
    indicator_sources: dict[str, str]
    ledger: Sequence[LedgerEntry]
    findings: Sequence[Finding]
    parameters: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    table: Any = None
    cimcheck_version: str = ""
    preflight: tuple[dict[str, Any], ...] = ()
    model_rules: tuple[str, ...] = ()

    @property
    def worst(self) -> Status:
        """The most serious status among the findings (ERROR > FAIL > WARN > PASS).

        A packed segment of findings (a cached model verdict's) answers by its summary,
        without being unpickled.
        """
        parts = self.findings.segments if isinstance(self.findings, Segments) \
            else (("", self.findings),)
        statuses: list[Status] = []
        for _, part in parts:
            if isinstance(part, Packed) and isinstance(part.summary, Status):
                statuses.append(part.summary)
            else:
                statuses.extend(f.status for f in part)
        return worst_status(statuses)

    def breakdown(self) -> FarBreakdown:
        """Split the building area into 计容 and its 不计容 lines (see FarBreakdown)."""
        above_ids = {s.storey.global_id for s in self.table.storeys if s.above_ground} \
            if self.table is not None else set()
        items = {i.id: i for i in self.table.items} if self.table is not None else {}
        above = below_ground = below = height = 0.0
        exempt: dict[str, float] = {}
        for entry in self.ledger:
            item = items.get(entry.item_id)
            if item is not None and item.storey_id in above_ids:
                above += entry.building_area_m2
            else:
                below_ground += entry.building_area_m2
            if entry.far_multiplier == 0:
                below += entry.building_area_m2
            elif entry.far_multiplier != 1:
                height += entry.building_area_m2 * (1 - entry.far_multiplier)
            if entry.exempt_m2 > 0:
                exempt[entry.category] = exempt.get(entry.category, 0.0) + entry.exempt_m2
        return FarBreakdown(above + below_ground, above, below_ground,
                            sum(e.far_area_m2 for e in self.ledger), below, height, exempt)

    def verdict(self, indicator: str) -> Verdict:
        """Return what the pack's rules decided about ``indicator`` (a ``vocab.Indicator``).

        Views look indicators up here, never by rule id: a pack may judge plot ratio under
        any rule id, or not at all (then the status is None).
        """
        return self.verdicts((indicator,))[indicator]

    def verdicts(self, indicators: Sequence[str]) -> dict[str, Verdict]:
        """Return ``verdict`` of each of ``indicators``, reading the findings once.

        (A dashboard asks for eight; each ``verdict`` walked every finding, 10,000 on a
        22,000-element model.)
        """
        found: dict[str, list[Finding]] = {key: [] for key in indicators}
        for finding in self.findings:
            if finding.indicator in found:
                found[finding.indicator].append(finding)
        out = {}
        for key, findings in found.items():
            if not findings:
                out[key] = Verdict(self.indicators.get(key), None, None, ())
                continue
            limit = next((f.required for f in findings if f.required is not None), None)
            out[key] = Verdict(self.indicators.get(key), limit,
                               worst_status(f.status for f in findings), tuple(findings))
        return out


class FarBreakdown(NamedTuple):
    """How the building area splits into 计容 and 不计容 (all m²), so a view can add it up.

    ``total = far + non_far`` where ``non_far = below + height + Σ exempt``: ``below`` is
    building area with plot-ratio multiplier 0 (basements), ``height`` the building area
    minus the multiplied base where a multiplier is neither 0 nor 1 (negative: a tall
    storey counted more than once), ``exempt`` the pilot exemptions by category.
    """

    total: float
    above: float
    below_ground: float
    far: float
    below: float
    height: float
    exempt: dict[str, float]

    @property
    def non_far(self) -> float:
        """Everything in the building area that is not in 计容."""
        return self.below + self.height + sum(self.exempt.values())


class Verdict(NamedTuple):
    """An indicator's value, its limit and status under the pack, and the findings judging it.

    ``limit`` is the required value of the first finding that gives one (a maximum plot
    ratio, the required service space); ``status`` is None when no rule judges it.
    """

    value: Any
    limit: float | None
    status: Status | None
    findings: tuple[Finding, ...]
