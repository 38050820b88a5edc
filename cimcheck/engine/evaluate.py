"""Evaluate an area table under a rule pack and a project file: the CheckRun.

::

    inputs     = command line > project file > Pset_SiteCommon   (with their sources)
    parameters = pack chain, then the project file's overrides      (engine.params)
    area phase     far_base → far_height_multiplier → far_exempt → exempt_condition
                   → exempt_cap → green_credit   (the 计容 ledger; order from the registry)
    indicators     far area, plot ratio, exempt areas, density, green ratio, height …
    finding phase  limits, service space, exempt-ratio warning, please-confirm, declared

A check that raises becomes an ERROR finding and the run goes on: one broken rule must not
hide what the others found. Nothing here touches geometry: switching pack or project never
re-tessellates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cimcheck.analysis import Analysis
from cimcheck.engine.checks import CheckKind, Context, get_check
from cimcheck.engine.pack import RulePack
from cimcheck.engine.params import effective_parameters
from cimcheck.engine.project import ProjectFile, resolve_inputs
from cimcheck.facts.height import BuildingHeight, building_heights
from cimcheck.facts.items import AreaTable
from cimcheck.facts.totals import totals
from cimcheck.results.finding import CheckRun, LedgerEntry, Status
from cimcheck.version import __version__
from cimcheck.vocab import EXEMPT_CATEGORIES

log = logging.getLogger(__name__)

__all__ = ["evaluate"]



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
    project = project or ProjectFile()
    site = analysis.index.sites[0].psets.get("Pset_SiteCommon", {}) if analysis.index.sites \
        else {}
    inputs, sources = resolve_inputs(project, site, cli_inputs or {})
    if inputs["households"] is None and table.households is not None:
        inputs["households"] = table.households
        sources["households"] = f"model ({table.household_source})"
    total = totals(table)
    ctx = Context(table=table, totals=total, inputs=inputs,
                  parameters=effective_parameters(pack, project), analysis=analysis,
                  ids_files=pack.ids, ids_runner=ids_runner)
    active = [r for r in pack.rules if r.get("enabled", True)]
    # Area kinds run in the registry's order whatever the pack order: multipliers before
    # the exemptions that are taken from the multiplied area.
    area_rules = sorted((r for r in active if _kind(r).phase == "area"),
                        key=lambda r: _kind(r).order)
    for rule in area_rules:
        _run(ctx, rule)

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
    site_area = inputs["site_area_m2"]
    far_area = sum(e.far_area_m2 for e in ledger)
    height, per_building = _building_height(
        analysis, heights if heights is not None else building_heights(analysis, table))
    green_area = ctx.indicators.get("green_area_m2", total["green_ground_m2"])
    ctx.indicators.update({
        "site_area_m2": site_area,
        "total_building_area_m2": total["building_area_m2"],
        "far_area_m2": far_area,
        "plot_ratio": far_area / site_area if site_area else None,
        "exempt_area_m2": exempt,
        "footprint_m2": total["footprint_m2"],
        "building_density": total["footprint_m2"] / site_area if site_area else None,
        "green_area_m2": green_area,
        "green_credit_m2": ctx.indicators.get("green_credit_m2", 0.0),
        "green_ratio": green_area / site_area if site_area else None,
        "households": inputs["households"],
        "service_area_m2": total["service_area_m2"],
        "service_required_m2": None,
        "building_height_m": height,
        "building_heights_m": per_building,
    })
    for rule in active:
        if _kind(rule).phase == "finding":
            _run(ctx, rule)
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
        ledger=ledger,
        findings=tuple(ctx.findings),
        parameters={k: {kk: vv for kk, vv in v.items()} for k, v in ctx.parameters.items()},
        model={"file": analysis.model.path.name, "sha256": analysis.model.sha256,
               "project": analysis.index.project.name if analysis.index.project else "",
               "true_north": list(analysis.index.project.true_north)
               if analysis.index.project and analysis.index.project.true_north else None,
               "schema": analysis.model.schema, "application": analysis.model.application},
        table=table,
        cimcheck_version=__version__,
        preflight=tuple(ctx.preflight),
    )
