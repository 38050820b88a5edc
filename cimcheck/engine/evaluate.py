"""Evaluate an area table under a rule pack and a project file: the CheckRun.

::

    inputs     = command line > project file > Pset_SiteCommon   (with their sources)
    parameters = pack chain, then the project file's overrides      (engine.params)
    area phase     far_base → far_height_multiplier → far_exempt → exempt_condition
                   → exempt_cap → green_credit   (the 计容 ledger; order from the registry)
    indicators     far area, plot ratio, exempt areas, density, green ratio, height …
    finding phase  limits, service space, exempt-ratio warning, please-confirm, declared

``judge_model`` runs what the model alone decides (the area phase, the finding kinds that
read no project input); ``judge`` adds the inputs, the indicators they make and the
findings of the kinds that read them. A project change keeps the first (cached).

A check that raises becomes an ERROR finding and the run goes on: one broken rule must not
hide what the others found. Nothing here touches geometry: switching pack or project never
re-tessellates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cimcheck.analysis import Analysis
from cimcheck.engine.checks import CheckKind, Context, get_check
from cimcheck.engine.pack import RulePack
from cimcheck.engine.params import effective_parameters
from cimcheck.engine.project import ProjectFile, resolve_inputs
from cimcheck.results.finding import CheckRun, Finding, LedgerEntry, Status
from cimcheck.results.packed import Packed, Segments
from cimcheck.version import __version__
from cimcheck.vocab import EXEMPT_CATEGORIES, worst_status

if TYPE_CHECKING:   # a project change judges a cached verdict without the geometry stack
    from cimcheck.facts.height import BuildingHeight
    from cimcheck.facts.items import AreaTable

log = logging.getLogger(__name__)

__all__ = ["ModelVerdict", "evaluate", "judge", "judge_model"]



def _building_height(analysis: Analysis,
                     heights: list[BuildingHeight]) -> tuple[float | None, dict[str, float]]:
    """Return the tallest building's height (GB 50352-2019 4.5.2), and each building's."""
    names = {b.global_id: b.name for b in analysis.index.buildings}
    per_building = {names.get(h.building_id or "", "") or (h.building_id or "—"): h.height_m
                    for h in heights}
    return (max(h.height_m for h in heights) if heights else None), per_building


def _kind(rule: dict[str, Any]) -> CheckKind:
    kind = get_check(rule["check"])
    if kind is None:  # the pack loader refuses unknown kinds: this is a programming error
        message = f"rule {rule['id']}: no check kind {rule['check']!r} is registered"
        raise LookupError(message)
    return kind


def _run(ctx: Context, rule: dict[str, Any]) -> None:
    kind = _kind(rule)
    try:
        kind.func(ctx, rule)
    except Exception as err:
        # The finding says it in one line; the traceback is for --debug only.
        log.warning("check %s (%s) failed: %s", rule["id"], rule["check"], err)
        log.debug("traceback of check %s", rule["id"], exc_info=True)
        ctx.add(rule, Status.ERROR, "finding.error", kind=rule["check"],
                error=f"{type(err).__name__}: {err}")


class _NoInputs(dict[str, Any]):
    """The inputs of a context that judges the model alone: reading one is an error."""

    def _refuse(self, key: object, *_default: Any) -> Any:
        message = (f"input {key!r} read by a check kind registered with "
                   f"reads_inputs=False (it would be judged once for every project)")
        raise LookupError(message)

    __getitem__ = get = __contains__ = _refuse


@dataclass(frozen=True)
class ModelVerdict:
    """What a pack decides from a model's measurement alone, whatever the project.

    The area phase (the 计容 ledger and its indicators) and the findings of the kinds that
    never read the project's inputs (``reads_inputs=False``: items to confirm, declared
    mismatches, measurement warnings, the IDS pre-flight, the exempt-share warning). A
    project change (another site area, limit or household count) keeps it; ``judge``
    adds the rest. On a 100,000-element model this is nearly all of an evaluation (13,000
    items to confirm), so ``pipeline`` caches it beside the measurement.

    Attributes
    ----------
    ledger : Packed of LedgerEntry
    area_indicators : dict
        What the area kinds set (green areas and credits), in the order they set it.
    indicators : dict
        The indicators the measurement alone gives (building, plot-ratio, exempt,
        footprint, green and service areas; building heights).
    findings : dict of rule id to Packed of Finding
        What each rule said (summary: their worst status, None without findings): the
        area rules (a storey-height multiplier's warning), then every enabled finding rule
        of a kind that reads no input.
    preflight : tuple of dict
    totals : dict
        ``facts.totals.totals`` of the table.

    Its ledger and findings are ``results.packed.Packed``: a re-check from the cache that
    writes them from their cached text never unpickles them.
    households, household_source
        The households the model declares (the project's count wins over them).
    """

    ledger: Packed[LedgerEntry]
    area_indicators: dict[str, Any]
    indicators: dict[str, Any]
    findings: dict[str, Packed[Finding]]
    preflight: tuple[dict[str, Any], ...]
    totals: dict[str, Any]
    households: int | None
    household_source: str | None


def _area_rules(pack: RulePack) -> list[dict[str, Any]]:
    """Return the enabled area rules in the registry's order, whatever the pack's.

    Multipliers run before the exemptions that are taken from the multiplied area.
    """
    return sorted((r for r in pack.rules if r.get("enabled", True)
                   and _kind(r).phase == "area"), key=lambda r: _kind(r).order)


def _finding_rules(pack: RulePack) -> list[dict[str, Any]]:
    """Return the enabled finding rules, in the pack's order."""
    return [r for r in pack.rules if r.get("enabled", True) and _kind(r).phase == "finding"]


def _findings_of(ctx: Context, rule: dict[str, Any]) -> list[Finding]:
    """Run one rule; return the findings it added."""
    first = len(ctx.findings)
    _run(ctx, rule)
    return ctx.findings[first:]


def _packed(findings: list[Finding]) -> Packed[Finding]:
    return Packed(findings, summary=worst_status(f.status for f in findings)
                  if findings else None)


def judge_model(
    analysis: Analysis,
    table: AreaTable,
    pack: RulePack,
    project: ProjectFile | None = None,
    *,
    ids_runner: Callable[[list[Path]], list[Any]] | None = None,
    heights: list[BuildingHeight] | None = None,
) -> ModelVerdict:
    """Run what of ``pack`` reads the model alone (see ``ModelVerdict``).

    The area phase, then the finding kinds registered with ``reads_inputs=False``; of
    ``project`` only its parameter overrides count. The parameters are ``evaluate``'s.
    """
    from cimcheck.facts.height import building_heights
    from cimcheck.facts.totals import totals

    project = project or ProjectFile()
    total = totals(table)
    ctx = Context(table=table, totals=total, inputs=_NoInputs(),
                  parameters=effective_parameters(pack, project), analysis=analysis,
                  ids_files=pack.ids, ids_runner=ids_runner)
    findings = {rule["id"]: _packed(_findings_of(ctx, rule)) for rule in _area_rules(pack)}

    ledger = tuple(
        LedgerEntry(e.item.id, e.item.storey, e.item.category, e.item.global_ids,
                    e.item.building_area_m2, e.far_multiplier, e.exempt_m2, e.exemption,
                    e.rule_id, e.clause, e.item.inferred)
        for e in ctx.ledger.values()
    )
    exempt = dict.fromkeys(EXEMPT_CATEGORIES, 0.0)
    for entry in ledger:
        if entry.exempt_m2 > 0:
            exempt[entry.category] = exempt.get(entry.category, 0.0) + entry.exempt_m2
    height, per_building = _building_height(
        analysis, heights if heights is not None else building_heights(analysis, table))
    area_indicators = dict(ctx.indicators)
    indicators = {
        "total_building_area_m2": total["building_area_m2"],
        "far_area_m2": sum(e.far_area_m2 for e in ledger),
        "exempt_area_m2": exempt,
        "footprint_m2": total["footprint_m2"],
        "green_area_m2": ctx.indicators.get("green_area_m2", total["green_ground_m2"]),
        "green_credit_m2": ctx.indicators.get("green_credit_m2", 0.0),
        "service_area_m2": total["service_area_m2"],
        "building_height_m": height,
        "building_heights_m": per_building,
    }
    ctx.indicators.update(indicators)
    findings.update((rule["id"], _packed(_findings_of(ctx, rule)))
                    for rule in _finding_rules(pack) if not _kind(rule).reads_inputs)
    return ModelVerdict(Packed(ledger), area_indicators, indicators, findings, tuple(ctx.preflight),
                        total, table.households, table.household_source)


def judge(
    analysis: Analysis,
    model: ModelVerdict,
    pack: RulePack,
    project: ProjectFile | None = None,
    *,
    cli_inputs: dict[str, Any] | None = None,
    table: AreaTable | None = None,
) -> CheckRun:
    """Finish a ``ModelVerdict`` under a project: the rest of the CheckRun.

    The inputs, the indicators they make and the findings of the kinds that read them,
    with the model's findings, in the pack's rule order.

    ``table``: the area table the model verdict came from, kept on the run for the views
    and exports that draw it (None when the verdict came from the cache alone).
    """
    project = project or ProjectFile()
    site = analysis.index.sites[0].psets.get("Pset_SiteCommon", {}) if analysis.index.sites \
        else {}
    inputs, sources = resolve_inputs(project, site, cli_inputs or {})
    if inputs["households"] is None and model.households is not None:
        inputs["households"] = model.households
        sources["households"] = f"model ({model.household_source})"
    site_area = inputs["site_area_m2"]
    measured = model.indicators
    ctx = Context(table=table, totals=model.totals, inputs=inputs,
                  parameters=effective_parameters(pack, project), analysis=analysis,
                  ids_files=pack.ids)
    ctx.indicators.update(model.area_indicators)
    ctx.indicators.update({
        "site_area_m2": site_area,
        "total_building_area_m2": measured["total_building_area_m2"],
        "far_area_m2": measured["far_area_m2"],
        "plot_ratio": measured["far_area_m2"] / site_area if site_area else None,
        "exempt_area_m2": measured["exempt_area_m2"],
        "footprint_m2": measured["footprint_m2"],
        "building_density": measured["footprint_m2"] / site_area if site_area else None,
        "green_area_m2": measured["green_area_m2"],
        "green_credit_m2": measured["green_credit_m2"],
        "green_ratio": measured["green_area_m2"] / site_area if site_area else None,
        "households": inputs["households"],
        "service_area_m2": measured["service_area_m2"],
        "service_required_m2": None,
        "building_height_m": measured["building_height_m"],
        "building_heights_m": measured["building_heights_m"],
    })
    segments: list[tuple[str, Sequence[Finding]]] = [
        (rule["id"], model.findings.get(rule["id"], ())) for rule in _area_rules(pack)]
    segments += [(rule["id"], tuple(_findings_of(ctx, rule)) if _kind(rule).reads_inputs
                  else model.findings.get(rule["id"], ())) for rule in _finding_rules(pack)]
    sources["building_height_m"] = "geometry"
    indicators = {k: v for k, v in ctx.indicators.items() if k != "green_items"}
    return CheckRun(
        pack={"id": pack.id, "version": pack.version, "title": pack.title,
              "chain": list(pack.chain)},
        project={"file": str(project.path) if project.path else None, "name": project.name,
                 "client": project.client, "plot_id": project.plot_id,
                 "persons_per_household": project.persons_per_household,
                 "parking": dict(project.parking),
                 **{k: v for k, v in inputs.items()},
                 "overrides": {k: {"category": c, "comment": m}
                               for k, (c, m) in project.overrides.items()}},
        indicators=indicators,
        indicator_sources=sources,
        ledger=model.ledger,
        findings=Segments(segments),
        parameters={k: {kk: vv for kk, vv in v.items()} for k, v in ctx.parameters.items()},
        model={"file": analysis.model.path.name, "sha256": analysis.model.sha256,
               "project": analysis.index.project.name if analysis.index.project else "",
               "true_north": list(analysis.index.project.true_north)
               if analysis.index.project and analysis.index.project.true_north else None,
               "schema": analysis.model.schema, "application": analysis.model.application},
        table=table,
        cimcheck_version=__version__,
        preflight=model.preflight,
        model_rules=tuple(model.findings),
    )


def evaluate(
    analysis: Analysis,
    table: AreaTable,
    pack: RulePack,
    project: ProjectFile | None = None,
    *,
    cli_inputs: dict[str, Any] | None = None,
    ids_runner: Callable[[list[Path]], list[Any]] | None = None,
    heights: list[BuildingHeight] | None = None,
) -> CheckRun:
    """Judge a model's area table under ``pack`` and ``project``.

    ``judge_model`` (what the model alone decides), then ``judge`` (the project's part).

    Parameters
    ----------
    analysis : Analysis
    table : AreaTable
        From ``compute_areas(analysis, overrides=project.overrides)``.
    pack : RulePack
    project : ProjectFile, optional
    cli_inputs : dict, optional
        ``site_area_m2`` / ``households`` given on the command line (they win).
    ids_runner : callable, optional
        Runs the pre-flight's IDS files (``preflight.IdsRunner``: cached, pre-fetched);
        by default they run here on ``analysis.model.file``.
    heights : list of BuildingHeight, optional
        ``facts.height.building_heights(analysis, table)`` when already measured (cached);
        by default measured here from the meshes.

    Returns
    -------
    CheckRun
    """
    model = judge_model(analysis, table, pack, project, ids_runner=ids_runner,
                        heights=heights)
    return judge(analysis, model, pack, project, cli_inputs=cli_inputs, table=table)
