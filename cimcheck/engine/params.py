"""Effective parameters: a pack chain's parameter table with the project file's overrides.

A pack declares every number it uses once, with its source and basis::

    parameters: {zj.balcony_depth_max: {value: 2.4, enabled: false, enforce: false, ...}}

A project file may override any of them, by value or by entry (a switch)::

    parameters: {zj.balcony_depth_max: 1.8, far.height_profile: {enabled: true}}

This module is the one place where the two are merged (and the project's entries are
checked against the pack's), and where the ``enabled`` / ``enforce`` idiom is read: a
parameter that is *not enabled* turns its rule off; an enabled one warns; with ``enforce``
the rule changes the numbers (an exemption is lost, a cap applies).
"""

from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING, Any, NamedTuple

from cimcheck.errors import CimcheckError

if TYPE_CHECKING:
    from cimcheck.engine.pack import RulePack
    from cimcheck.engine.project import ProjectFile
    from cimcheck.facts.params import AreaParams

__all__ = ["GB_PARAMETERS", "Switch", "area_params", "effective_parameters", "switch_of",
           "validate_parameters"]

#: Pack parameters that set the area engine's GB/T 50353 thresholds (``AreaParams`` fields).
GB_PARAMETERS = {
    "gb.full_height": "full_height_m",
    "gb.slope_full_clear": "slope_full_clear_m",
    "gb.slope_half_clear": "slope_half_clear_m",
    "gb.baywindow_sill_max": "bay_sill_max_m",
    "gb.baywindow_clear_min": "bay_clear_min_m",
}
_SWITCHES = ("enabled", "enforce")


class Switch(NamedTuple):
    """Whether a parameter's rule runs, and whether it changes numbers or only warns."""

    enabled: bool = True
    enforce: bool = False


def switch_of(entry: dict[str, Any] | None) -> Switch:
    """Read the ``enabled`` / ``enforce`` switch of a parameter entry (None: a literal)."""
    if entry is None:
        return Switch()
    return Switch(bool(entry.get("enabled", True)), bool(entry.get("enforce", False)))


def _value_problem(default: Any, value: Any) -> str | None:
    """Say how a project's parameter value does not fit the pack's (None when it fits)."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "problem.parameter_bool"
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or value < 0:
            return "problem.parameter_number"
        return None
    if isinstance(default, list):
        if not isinstance(value, list):
            return "problem.parameter_list"
        if default and all(isinstance(row, list) for row in default):
            ok = all(isinstance(row, list) and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                for x in row) for row in value)
            return None if ok else "problem.parameter_table"
        return None
    if isinstance(default, str):
        return None if isinstance(value, str) else "problem.text"
    return None


def _check_entry(where: str, key: str, default: Any, given: Any) -> None:
    entry = given if isinstance(given, dict) else {"value": given}
    extra = sorted(set(entry) - {"value", *_SWITCHES})
    if extra:
        raise CimcheckError("project.invalid", path=where, field=f"parameters.{key}.{extra[0]}",
                            problem="problem.unknown_key", allowed="value, enabled, enforce")
    for name in _SWITCHES:
        if name in entry and not isinstance(entry[name], bool):
            raise CimcheckError("project.invalid", path=where, field=f"parameters.{key}.{name}",
                                problem="problem.parameter_bool", value=repr(entry[name]))
    if "value" in entry:
        problem = _value_problem(default, entry["value"])
        if problem is not None:
            raise CimcheckError("project.invalid", path=where, field=f"parameters.{key}",
                                problem=problem, value=repr(entry["value"])[:60],
                                default=repr(default)[:60])


def validate_parameters(pack: RulePack, project: ProjectFile) -> None:
    """Refuse project parameters the pack does not declare, or of the wrong type.

    A rate of "abc" used to crash the check that read it (with a traceback); a misspelt
    name was silently ignored.

    Raises
    ------
    CimcheckError
        ``project.invalid`` naming the parameter and what it expects.
    """
    where = str(project.path) if project.path else "project"
    for key, given in project.parameters.items():
        if key not in pack.parameters:
            raise CimcheckError("project.invalid", path=where, field=f"parameters.{key}",
                                problem="problem.unknown_parameter", pack=pack.id,
                                allowed=", ".join(sorted(pack.parameters)))
        _check_entry(where, key, pack.parameters[key].get("value"), given)


def effective_parameters(pack: RulePack, project: ProjectFile) -> dict[str, dict[str, Any]]:
    """Merge the pack's parameter table with the project's overrides (validated first).

    Returns
    -------
    dict
        ``key → entry``; an overridden entry says so in ``overridden_by``.
    """
    validate_parameters(pack, project)
    parameters = copy.deepcopy(pack.parameters)
    for key, value in project.parameters.items():
        entry = parameters.setdefault(key, {"enabled": True, "pack": "project"})
        if isinstance(value, dict):
            entry.update(value)
        else:
            entry["value"] = value
        entry["overridden_by"] = "project file"
    return parameters


def area_params(parameters: dict[str, dict[str, Any]]) -> AreaParams:
    """Return the area engine's thresholds from effective parameters (``gb.*``)."""
    from cimcheck.facts.params import AreaParams

    values = {}
    for key, field_name in GB_PARAMETERS.items():
        value = parameters.get(key, {}).get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[field_name] = float(value)
    return AreaParams(**values)
