"""Check kinds: the closed vocabulary a rule pack can use, each a small function.

A pack rule names a kind (``check: far_exempt``) and gives its parameters; a parameter
value written ``$param:key`` is read from the pack's parameter table, so numbers live in
one place and a child pack or a project file can override them. Kinds run in two phases:

- ``area`` kinds build the plot-ratio ledger (计容面积): base multiplier, storey-height
  multipliers, exemptions, green credits, service space;
- ``finding`` kinds compare indicators with limits and turn inferred items and declared
  mismatches into findings.

The registry follows pyvista's reader registry: ``@register_check`` normalises the name,
refuses a clash unless ``replace=True`` and records where each kind came from.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cimcheck.engine.params import Switch, switch_of
from cimcheck.results.finding import Finding, Status
from cimcheck.text import Text
from cimcheck.vocab import RATIO_OF

if TYPE_CHECKING:   # a pack is read before the geometry stack is imported (``start_preflight``)
    from cimcheck.facts.items import AreaItem

__all__ = ["PARAM_REF", "CheckKind", "Context", "RegistrationError", "check_kinds_markdown",
           "get_check", "register_check", "registered_checks"]

PARAM_REF = "$param:"


class ParamSpec(NamedTuple):
    """Accepted types of one check parameter, and whether a rule must give it."""

    types: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class CheckKind:
    """A registered check kind."""

    name: str
    phase: str
    params: dict[str, ParamSpec]
    func: Callable[[Context, dict[str, Any]], None]
    module: str
    order: int = 0
    #: False: the kind reads the model's measurement and the pack's parameters only, never
    #: the project's inputs (site area, limits, households), so its findings stand for any
    #: project (``evaluate.judge_model``). Area kinds never read them.
    reads_inputs: bool = True


_REGISTRY: dict[str, CheckKind] = {}


class DuplicateCheckError(ValueError):
    """A check kind of that name is already registered."""


class RegistrationError(ValueError):
    """A check kind is registered without what its phase needs (an area kind's order)."""


PHASES = ("area", "finding")
CheckFunc = Callable[["Context", dict[str, Any]], None]


def register_check(name: str, *, phase: str, params: dict[str, ParamSpec],
                   order: int | None = None, reads_inputs: bool = True,
                   replace: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check kind (use as a decorator).

    Area kinds build the ledger in a fixed ``order`` whatever the pack's rule order (the
    height multiplier before the exemptions taken from the multiplied area); an area kind
    without one, or two with the same, is a registration error, raised at import time.
    A finding kind that judges the model alone (``reads_inputs=False``) is run once per
    measurement and pack, whatever the project: reading an input there is an error.
    """
    key = name.strip().lower()
    if phase not in PHASES:
        message = f"check kind '{key}': phase must be one of {PHASES}, not {phase!r}"
        raise RegistrationError(message)
    if phase == "area":
        taken = {k.order: k.name for k in _REGISTRY.values() if k.phase == "area"
                 and k.name != key}
        if order is None or order in taken:
            message = (f"area check kind '{key}' needs an order of its own "
                       f"(taken: {dict(sorted(taken.items()))})")
            raise RegistrationError(message)

    def decorator(func: CheckFunc) -> CheckFunc:
        if key in _REGISTRY and not replace:
            message = f"check kind '{key}' is already registered by {_REGISTRY[key].module}"
            raise DuplicateCheckError(message)
        _REGISTRY[key] = CheckKind(key, phase, params, func, func.__module__, order or 0,
                                   reads_inputs and phase != "area")
        return func

    return decorator


def get_check(name: str) -> CheckKind | None:
    """Return the kind registered under ``name``, or None."""
    return _REGISTRY.get(str(name).strip().lower())


def registered_checks() -> tuple[CheckKind, ...]:
    """All registered kinds, by name."""
    return tuple(_REGISTRY[k] for k in sorted(_REGISTRY))


def check_kinds_markdown() -> str:
    """Describe the registered kinds as the Markdown table of ``rules/README.md``.

    Area kinds first, in the order they run, then finding kinds by name; a required
    parameter is marked ``*``. ``python -m cimcheck.engine.checks`` prints it.
    """
    kinds = sorted(registered_checks(), key=lambda k: (k.phase != "area", k.order, k.name))
    lines = ["| kind | phase | parameters (* required) | what it does |", "|---|---|---|---|"]
    for kind in kinds:
        params = ", ".join(f"`{name}`{'*' if spec.required else ''}"
                           for name, spec in kind.params.items()) or "—"
        summary = (kind.func.__doc__ or "").strip().splitlines()[0] if kind.func.__doc__ else ""
        phase = f"area ({kind.order})" if kind.phase == "area" else kind.phase
        lines.append(f"| `{kind.name}` | {phase} | {params} | {summary} |")
    return "\n".join(lines) + "\n"


# -- evaluation context ---------------------------------------------------------------------


@dataclass
class Entry:
    """Mutable ledger row while the area phase runs (frozen into LedgerEntry afterwards)."""

    item: Any
    far_multiplier: float = 1.0
    exempt_m2: float = 0.0
    exemption: str = ""
    rule_id: str = ""
    clause: str = ""


@dataclass
class Context:
    """What check functions read and write during one evaluation.

    Attributes
    ----------
    table : AreaTable
    totals : dict
        Area totals (``report.areas.totals``).
    inputs : dict
        Site area, limits and households after fall-backs.
    parameters : dict
        Effective pack parameters (after project overrides).
    ledger : dict of item id to Entry
    indicators : dict
    findings : list of Finding
    """

    table: Any
    totals: dict[str, Any]
    inputs: dict[str, Any]
    parameters: dict[str, dict[str, Any]]
    analysis: Any = None
    ids_files: tuple[Path, ...] = ()
    #: Runs IDS files on the model (cached, pre-fetched); None runs them here.
    ids_runner: Callable[[list[Path]], list[Any]] | None = None
    preflight: list[dict[str, Any]] = field(default_factory=list)
    building_height_m: float | None = None
    ledger: dict[str, Entry] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def value(self, raw: Any) -> Any:
        """Resolve a ``$param:key`` reference to the parameter's value."""
        if isinstance(raw, str) and raw.startswith(PARAM_REF):
            return self.parameters[raw[len(PARAM_REF):]]["value"]
        return raw

    def parameter(self, raw: Any) -> dict[str, Any] | None:
        """Return the parameter entry behind a ``$param:`` reference (None if literal)."""
        if isinstance(raw, str) and raw.startswith(PARAM_REF):
            return self.parameters[raw[len(PARAM_REF):]]
        return None

    def switch(self, raw: Any) -> Switch:
        """Return the enabled/enforce switch of the parameter behind ``raw``."""
        return switch_of(self.parameter(raw))

    def add(self, rule: dict[str, Any], status: Status, key: str, *,
            measured: float | None = None, required: float | None = None, unit: str = "",
            global_ids: tuple[str, ...] = (), indicator: str | None = None,
            **params: Any) -> None:
        """Append a finding for ``rule``; its sentence is ``key`` with ``params`` (as data)."""
        text = Text.of(key, title=rule.get("title", rule["id"]), measured=measured,
                       required=required, unit=unit, **params)
        self.findings.append(Finding(
            rule_id=rule["id"], status=status, measured=measured, required=required,
            unit=unit, text=text, clause=rule.get("clause", ""),
            global_ids=tuple(global_ids), indicator=indicator))


# -- area phase -----------------------------------------------------------------------------


@register_check("far_base", phase="area", order=10, params={
    "count_below_ground": ParamSpec(("bool",)),
})
def far_base(ctx: Context, rule: dict[str, Any]) -> None:
    """Every item enters the plot-ratio area with its building area; below ground not."""
    below = bool(ctx.value(rule.get("params", {}).get("count_below_ground", False)))
    for storey in ctx.table.storeys:
        for item in storey.items:
            entry = ctx.ledger.setdefault(item.id, Entry(item))
            entry.far_multiplier = 1.0 if storey.above_ground or below else 0.0
            entry.rule_id, entry.clause = rule["id"], rule.get("clause", "")


@register_check("far_height_multiplier", phase="area", order=20, params={
    "residential_bands": ParamSpec(("list",), True),
    "other_bands": ParamSpec(("list",), True),
})
def far_height_multiplier(ctx: Context, rule: dict[str, Any]) -> None:
    """Multiply tall storeys' plot-ratio area by band (HZ-01); off unless the profile is on."""
    params = rule["params"]
    if not ctx.switch(params["residential_bands"]).enabled:
        return
    for storey in ctx.table.storeys:
        height = storey.storey.height_m
        if height is None or not storey.above_ground:
            continue
        residential = any(i.category == "dwelling" for i in storey.items)
        bands = ctx.value(params["residential_bands" if residential else "other_bands"])
        factor = next((m for lo, hi, m in bands if lo <= round(height, 3) < hi), 1.0)
        if factor == 1.0:
            continue
        for item in storey.items:
            entry = ctx.ledger.get(item.id)
            if entry is not None and entry.far_multiplier > 0:
                entry.far_multiplier *= factor
        ctx.add(rule, Status.WARN, "finding.height_multiplier", measured=height, unit="m",
                storey=storey.storey.name, factor=factor)


def _planted_part(ctx: Context, item: AreaItem) -> float:
    """Area of sky-garden planting (CIMCheck_Greening SKY_GARDEN) inside a garden item."""
    total = 0.0
    for green in ctx.table.items:
        if green.category == "green" and green.storey_id == item.storey_id and str(
                green.attributes.get("GreeningKind", "")).upper() == "SKY_GARDEN":
            total += green.polygon.intersection(item.polygon).area
    return min(total, item.area_m2)


@register_check("far_exempt", phase="area", order=30, params={
    "categories": ParamSpec(("list",), True),
    "exemption": ParamSpec(("string",), True),
    "planted_only": ParamSpec(("bool",)),
})
def far_exempt(ctx: Context, rule: dict[str, Any]) -> None:
    """Exempt items of the given categories from the plot-ratio area (pilot policy)."""
    params = rule["params"]
    categories = set(ctx.value(params["categories"]))
    planted_only = bool(ctx.value(params.get("planted_only", False)))
    for entry in ctx.ledger.values():
        item = entry.item
        if item.category not in categories or item.building_area_m2 <= 0:
            continue
        full = item.building_area_m2 * entry.far_multiplier
        if planted_only:
            share = _planted_part(ctx, item) / item.area_m2 if item.area_m2 > 0 else 0.0
            amount = full * share
        else:
            amount = full
        entry.exempt_m2 = amount
        entry.exemption = params["exemption"]
        entry.rule_id, entry.clause = rule["id"], rule.get("clause", "")


@register_check("exempt_condition", phase="area", order=40, params={
    "categories": ParamSpec(("list",), True),
    "attribute": ParamSpec(("string",), True),
    "maximum": ParamSpec(("number",)),
    "minimum": ParamSpec(("number",)),
})
def exempt_condition(ctx: Context, rule: dict[str, Any]) -> None:
    """Check a default-not-law condition on exempted items (balcony depth ≤ 2.4 m ...).

    The parameter behind ``maximum`` decides: ``enabled: false`` skips the rule (shipped
    so, with the analogue value in its note); enabled, it warns; with ``enforce: true`` an
    item that breaks the condition loses its exemption.
    """
    params = rule["params"]
    bound_key = "maximum" if "maximum" in params else "minimum"
    switch = ctx.switch(params[bound_key])
    if not switch.enabled:
        return
    bound = float(ctx.value(params[bound_key]))
    categories = set(ctx.value(params["categories"]))
    for entry in ctx.ledger.values():
        item = entry.item
        value = item.attributes.get(params["attribute"])
        if item.category not in categories or not isinstance(value, (int, float)):
            continue
        broken = value > bound if bound_key == "maximum" else round(value, 3) < bound
        if broken:
            enforce = switch.enforce
            if enforce:
                entry.exempt_m2, entry.exemption = 0.0, ""
            ctx.add(rule, Status.FAIL if enforce else Status.WARN,
                    f"finding.condition_{bound_key}", measured=float(value), required=bound,
                    unit="m", global_ids=item.global_ids, item=item.id,
                    attribute=params["attribute"])


@register_check("exempt_cap", phase="area", order=50, params={
    "categories": ParamSpec(("list",), True),
    "unit_category": ParamSpec(("string",), True),
    "ratio": ParamSpec(("number",), True),
})
def exempt_cap(ctx: Context, rule: dict[str, Any]) -> None:
    """Cap the exempted area per dwelling unit at ``ratio`` × the unit's area (D default).

    Units are told apart by ``CIMCheck_Area.UnitId``: the exempt items of a unit (balconies,
    bay windows) are summed and compared with the unit's own items (dwelling area). Shipped
    ``enabled: false``; enabled it warns; with ``enforce: true`` the part beyond the cap is
    counted again (each item of the unit loses the same share of its exemption).
    """
    params = rule["params"]
    switch = ctx.switch(params["ratio"])
    if not switch.enabled:
        return
    ratio = float(ctx.value(params["ratio"]))
    categories = set(ctx.value(params["categories"]))
    unit_area: dict[str, float] = {}
    exempt: dict[str, list] = {}
    for entry in ctx.ledger.values():
        unit = str(entry.item.attributes.get("UnitId") or "").strip()
        if not unit:
            continue
        if entry.item.category == params["unit_category"]:
            unit_area[unit] = unit_area.get(unit, 0.0) + entry.item.area_m2
        elif entry.item.category in categories and entry.exempt_m2 > 0:
            exempt.setdefault(unit, []).append(entry)
    for unit, entries in sorted(exempt.items()):
        total = sum(e.exempt_m2 for e in entries)
        cap = ratio * unit_area.get(unit, 0.0)
        if total <= cap + 1e-9:
            continue
        enforce = switch.enforce
        if enforce:
            keep = cap / total if total > 0 else 0.0
            for entry in entries:
                entry.exempt_m2 *= keep
        gids = tuple(g for e in entries for g in e.item.global_ids)
        ctx.add(rule, Status.FAIL if enforce else Status.WARN, "finding.cap", measured=total,
                required=cap, unit="m²", global_ids=gids, dwelling=unit, ratio=ratio)


def _is_length(value: Any) -> bool:
    """Tell whether a property value is a length in metres (a finite number ≥ 0)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def _soil_coefficient(table: list, depth: float | None) -> float:
    if depth is None:
        return 0.0
    for minimum, coefficient in sorted(table, key=lambda row: -row[0]):
        if round(depth, 3) >= minimum:
            return float(coefficient)
    return 0.0


@register_check("green_credit", phase="area", order=60, params={
    "kinds": ParamSpec(("list",), True),
    "soil_table": ParamSpec(("list",)),
    "vertical_coefficient": ParamSpec(("number",)),
})
def green_credit(ctx: Context, rule: dict[str, Any]) -> None:
    """Green area: ground greening in full, listed 3D greening converted by soil depth."""
    params = rule["params"]
    kinds = {str(k).upper() for k in ctx.value(params["kinds"])}
    table = ctx.value(params.get("soil_table", [])) or []
    vertical = float(ctx.value(params.get("vertical_coefficient", 0.0)))
    ground = credit = 0.0
    rows = []
    for item in ctx.table.items:
        if item.category != "green":
            continue
        kind = str(item.attributes.get("GreeningKind", "GROUND")).upper()
        depth = item.attributes.get("SoilDepth")
        if kind == "GROUND":
            ground += item.area_m2
            rows.append((item.id, kind, depth, 1.0, item.area_m2))
        elif kind in kinds:
            if kind != "VERTICAL" and depth is not None and not _is_length(depth):
                # "deep", -1 or NaN is no soil depth: no credit, and the element is named.
                ctx.add(rule, Status.WARN, "finding.soil_invalid", global_ids=item.global_ids,
                        item=item.id, value=repr(depth))
                depth = None
            coeff = vertical if kind == "VERTICAL" else _soil_coefficient(table, depth)
            credit += item.area_m2 * coeff
            rows.append((item.id, kind, depth, coeff, item.area_m2 * coeff))
        else:
            rows.append((item.id, kind, depth, 0.0, 0.0))
    ctx.indicators["green_ground_m2"] = ground
    ctx.indicators["green_credit_m2"] = credit
    ctx.indicators["green_area_m2"] = ground + credit
    ctx.indicators["green_items"] = rows


@register_check("service_space", phase="finding", params={
    "rate_per_100hh": ParamSpec(("number",), True),
})
def service_space(ctx: Context, rule: dict[str, Any]) -> None:
    """Community service space ≥ rate per 100 households (FC-05)."""
    rate = float(ctx.value(rule["params"]["rate_per_100hh"]))
    households = ctx.inputs.get("households")
    provided = ctx.indicators["service_area_m2"]
    if households is None:
        ctx.indicators["service_required_m2"] = None
        ctx.add(rule, Status.NOT_APPLICABLE, "finding.no_households", measured=provided,
                unit="m²", indicator="service_area_m2")
        return
    required = float(math.ceil(households / 100.0 * rate))
    ctx.indicators["service_required_m2"] = required
    status = Status.PASS if round(provided, 2) >= required else Status.FAIL
    ctx.add(rule, status, "finding.service", measured=provided, required=required, unit="m²",
            households=households, rate=rate, indicator="service_area_m2")


# -- finding phase --------------------------------------------------------------------------

_OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
#: The relation a failing value has to its limit.
_BROKEN = {"<=": ">", ">=": "<"}
#: Floating-point noise allowed at a limit (a plot ratio of exactly 2.5 computed as
#: 2.5000000000000004 passes a cap of 2.5); anything larger counts.
_NOISE = 1e-9


@register_check("limit", phase="finding", params={
    "indicator": ParamSpec(("string",), True),
    "op": ParamSpec(("string",), True),
    "limit": ParamSpec(("string",), True),
    "digits": ParamSpec(("number",)),
})
def limit(ctx: Context, rule: dict[str, Any]) -> None:
    """Compare an indicator with a planning limit from the project (plot ratio ≤ max ...)."""
    params = rule["params"]
    indicator = params["indicator"]
    measured = ctx.indicators.get(indicator)
    required = ctx.inputs.get(params["limit"])
    digits = int(params.get("digits", 2))
    if required is None:
        ctx.add(rule, Status.NOT_APPLICABLE, "finding.no_limit", measured=measured,
                limit=params["limit"], indicator=indicator)
        return
    if measured is None:
        ctx.add(rule, Status.FAIL, "finding.no_measure", required=required,
                indicator=indicator, what=Text(f"ind.{indicator}"))
        return
    # Compare the unrounded values: a plot ratio of 2.504 is over a cap of 2.50, however
    # it prints. ``digits`` only says how many decimals a margin in the unit shows.
    op = params["op"]
    slack = (required - measured) if op == "<=" else (measured - required)
    ok = slack >= -_NOISE * max(1.0, abs(required))
    ctx.add(rule, Status.PASS if ok else Status.FAIL, "finding.limit", measured=measured,
            required=required, op=op if ok else _BROKEN[op], indicator=indicator,
            margin=_margin(ctx, indicator, abs(slack), ok, digits))


def _margin(ctx: Context, indicator: str, slack: float, ok: bool, digits: int) -> Text:
    """Say by how much a value is within or over its limit: in m² for a ratio of the site."""
    site = ctx.inputs.get("site_area_m2")
    word = "within" if ok else "over"
    if indicator in RATIO_OF and site:
        return Text.of(f"finding.margin_{word}_m2", amount=slack * site)
    return Text.of(f"finding.margin_{word}", amount=round(slack, digits + 1))


@register_check("site_area_required", phase="finding", params={})
def site_area_required(ctx: Context, rule: dict[str, Any]) -> None:
    """Require the site area: without it there is no plot ratio."""
    if ctx.inputs.get("site_area_m2") is None:
        ctx.add(rule, Status.FAIL, "finding.no_site_area", indicator="site_area_m2")
    else:
        ctx.add(rule, Status.PASS, "finding.site_area", measured=ctx.inputs["site_area_m2"],
                unit="m²", indicator="site_area_m2")


@register_check("exempt_ratio_warning", phase="finding", reads_inputs=False, params={
    "ratio": ParamSpec(("number",), True),
})
def exempt_ratio_warning(ctx: Context, rule: dict[str, Any]) -> None:
    """Warn when exempted area is a large share of the gross plot-ratio area (D)."""
    ratio = float(ctx.value(rule["params"]["ratio"]))
    exempt = sum(ctx.indicators["exempt_area_m2"].values())
    gross = ctx.indicators["far_area_m2"] + exempt
    share = exempt / gross if gross > 0 else 0.0
    ctx.add(rule, Status.WARN if share > ratio else Status.PASS, "finding.exempt_ratio",
            measured=share, required=ratio)


@register_check("confirm_inferred", phase="finding", reads_inputs=False, params={})
def confirm_inferred(ctx: Context, rule: dict[str, Any]) -> None:
    """Every item decided by name or geometry alone asks the reviewer to confirm it."""
    for item in ctx.table.items:
        if item.inferred:
            ctx.add(rule, Status.WARN, "finding.inferred", measured=item.area_m2, unit="m²",
                    global_ids=item.global_ids, item=item.id,
                    reason=item.evidence[0].as_text() if item.evidence else "")


@register_check("declared_mismatch", phase="finding", reads_inputs=False, params={})
def declared_mismatch(ctx: Context, rule: dict[str, Any]) -> None:
    """Report declared areas and coefficients that differ from the derived ones."""
    for c in ctx.table.comparisons:
        if not c.within_tolerance:
            ctx.add(rule, Status.WARN, "finding.declared", measured=c.derived,
                    required=c.declared, global_ids=(c.subject_id,), subject=c.subject,
                    quantity=c.quantity, source=c.source)
    for d in ctx.table.diagnostics:
        if d.code in ("areas.unknown_category", "areas.override_unknown"):
            # A declaration, or a reviewer's decision, that could not be used.
            ctx.add(rule, Status.WARN, "finding.measurement", global_ids=(d.global_id,),
                    detail=d.text)


@register_check("ids_preflight", phase="finding", reads_inputs=False, params={
    "ids": ParamSpec(("list",), True),
})
def ids_preflight(ctx: Context, rule: dict[str, Any]) -> None:
    """Check the data the rules need against IDS files before trusting the rules (pre-flight).

    The files are the rule's ``ids`` (relative to the packs folder) and then every IDS a
    pack of the chain adds with its own ``ids:`` key (a city's data standard). One finding
    per failed specification (FAIL if required, WARN otherwise) with every failing element;
    a PASS finding when all pass. Results also go to the run's ``preflight`` list.
    """
    from cimcheck.engine.preflight import findings_of, ids_files_of, run_ids

    if ctx.analysis is None:
        return
    files = ids_files_of(rule, ctx.ids_files)
    results = ctx.ids_runner(files) if ctx.ids_runner is not None \
        else run_ids(ctx.analysis.model.file, files)
    ctx.preflight.extend(r.as_dict() for r in results)
    ctx.findings.extend(findings_of(results, rule))


#: Engine warnings that say a storey's building area may not be right, and why.
MEASUREMENT_WARNINGS = frozenset({
    "areas.partial_model", "areas.no_enclosure", "areas.enclosure_open", "areas.slab_edges",
    "areas.storey_implausible", "areas.geometry_missing", "areas.damaged_elements",
})


@register_check("storey_plausibility", phase="finding", reads_inputs=False, params={})
def storey_plausibility(ctx: Context, rule: dict[str, Any]) -> None:
    """Warn wherever a storey could not be measured right, saying why (a number or a why)."""
    for d in ctx.table.diagnostics:
        if d.code in MEASUREMENT_WARNINGS:
            ctx.add(rule, Status.WARN, "finding.measurement",
                    global_ids=(d.global_id,) if d.global_id else (),
                    detail=d.text)


if __name__ == "__main__":  # pragma: no cover - prints the table for rules/README.md
    import sys

    sys.stdout.write(check_kinds_markdown())
