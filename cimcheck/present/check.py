"""The ``cimcheck check`` document: the areas document plus the verdict of a rule pack.

Adds (stable keys): ``pack {id, version, title, chain}``, ``project {...}``,
``indicators {site_area_m2, total_building_area_m2, far_area_m2, plot_ratio,
exempt_area_m2 {balcony, bay_window, stilt, disaster_passage, public_open, sky_garden},
footprint_m2, building_density, green_area_m2, green_credit_m2, green_ratio, households,
service_area_m2, service_required_m2, building_height_m}``, ``indicator_sources``,
``findings [{rule_id, status, measured, required, unit, message, message_key, clause,
global_ids, indicator}]`` (``message`` in the document's language),
``ledger [...]`` (how every item enters the plot-ratio area), ``parameters`` and
``result`` (the worst status).
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple

from cimcheck.results.finding import CheckRun
from cimcheck.results.packed import Segments

if TYPE_CHECKING:   # the verdict is written without the geometry stack (a project change)
    from cimcheck.analysis import Analysis
    from cimcheck.facts.items import AreaTable
    from cimcheck.resultcache import Text

__all__ = ["ModelTexts", "check_dict", "verdict_dict", "verdict_document"]


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    return value


def check_dict(analysis: Analysis, table: AreaTable, run: CheckRun,
               lang: str = "en") -> dict[str, Any]:
    """Describe a CheckRun as a JSON-ready dict: ``areas_dict``, then ``verdict_dict``."""
    from cimcheck.present.areas import areas_dict

    return areas_dict(analysis, table, lang) | verdict_dict(run, lang)


def verdict_dict(run: CheckRun, lang: str = "en") -> dict[str, Any]:
    """Describe the keys of a check document that the pack and the project decide.

    ``areas_dict`` holds the rest, which the model and its measurement alone decide: a
    re-check under another project writes that part as it was (``cli``).
    """
    return _verdict(run, [f.to_dict(lang) for f in run.findings], _ledger_rows(run))


def _verdict(run: CheckRun, findings: list[Any], ledger: Any) -> dict[str, Any]:
    return {
        "pack": run.pack,
        "project": {k: _number(v) for k, v in run.project.items()},
        "indicators": {k: _number(v) for k, v in run.indicators.items()},
        "indicator_sources": dict(run.indicator_sources),
        "findings": findings,
        "ledger": ledger,
        "parameters": {k: {kk: vv for kk, vv in v.items() if kk != "pack"} | {"pack": v.get("pack")}
                       for k, v in run.parameters.items()},
        "preflight": list(run.preflight),
        "result": str(run.worst),
    }


def _ledger_rows(run: CheckRun) -> list[dict[str, Any]]:
    return [
        {"item": e.item_id, "storey": e.storey, "category": e.category,
         "global_ids": list(e.global_ids), "building_area_m2": round(e.building_area_m2, 4),
         "far_multiplier": e.far_multiplier, "exempt_m2": round(e.exempt_m2, 4),
         "far_area_m2": round(e.far_area_m2, 4), "exemption": e.exemption,
         "rule_id": e.rule_id, "clause": e.clause, "inferred": e.inferred}
        for e in run.ledger
    ]


class ModelTexts(NamedTuple):
    """The text of what the model alone decides in a verdict document, in one language.

    ``ledger``: the ledger's text (``resultcache.value_text``); ``findings``: by rule id,
    the text of the rule's findings (``resultcache.members_text``) and the status, rule id
    and message of each (what a report prints). Made from a run by ``verdict_document``
    and cached with the model's verdict: at 100,000 elements these are 14 MB, rendered
    and encoded in 0.5 s, that a re-check under another site area writes as they were.
    """

    ledger: bytes | memoryview
    findings: dict[str, tuple[bytes | memoryview | None, tuple[tuple[str, str, str], ...]]]


def verdict_document(run: CheckRun, lang: str, texts: ModelTexts | None = None, *,
                     encode: bool = True) -> tuple[dict[str, Any], Text | None, ModelTexts]:
    """Return the verdict part of a check document as a report reads it, and its text.

    The text is ``document_text(verdict_dict(run, lang))``, in pieces where it splices the
    cached texts (views of their entry, ``resultcache.document_text_pieces``); None when
    not ``encode`` (the report alone). The findings of the run's ``model_rules`` (the rules
    whose findings the model alone decides) and the ledger are taken from ``texts`` when
    given, else rendered and returned for the cache. The dict has the verdict's keys but
    ``ledger``, each finding with its ``status``, ``rule_id`` and ``message`` at least (a
    report prints no more).
    """
    from cimcheck.resultcache import document_text_pieces, members_text, spliced, value_text

    model_rules = set(run.model_rules)
    made = texts or ModelTexts(value_text(_ledger_rows(run)) if encode else b"", {})
    printed: list[dict[str, Any]] = []
    written: list[Any] = []
    parts = run.findings.segments if isinstance(run.findings, Segments) else [
        (rule_id, tuple(group))
        for rule_id, group in groupby(run.findings, key=lambda f: f.rule_id)]
    for rule_id, findings in parts:
        if rule_id in model_rules:
            if rule_id not in made.findings:
                rows = [f.to_dict(lang) for f in findings]
                made.findings[rule_id] = (members_text(rows) if encode else None, tuple(
                    (r["status"], r["rule_id"], r["message"]) for r in rows))
            text, lines = made.findings[rule_id]
            printed += [{"status": status, "rule_id": rule, "message": message}
                        for status, rule, message in lines]
            if encode and text is not None:     # a report alone writes none (nor imports orjson)
                written.append(spliced(text))
        else:
            rows = [f.to_dict(lang) for f in findings]
            printed += rows
            written += rows
    document = _verdict(run, printed, None)
    del document["ledger"]
    if not encode:
        return document, None, made
    return document, document_text_pieces(_verdict(run, written, spliced(made.ledger))), made
