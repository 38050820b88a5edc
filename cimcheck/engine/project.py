"""The project file ``<model>.cimcheck.yaml``: site, limits, households, pack, overrides.

It holds the site area, planning limits, households, the pack, parameter overrides and
reviewer classifications.

Example::

    pack: hz-future-community-2019
    site_area_m2: 1200
    limits: {max_plot_ratio: 2.5, max_building_density: 0.35, min_green_ratio: 0.30,
             max_height_m: 24}
    households: 8
    parameters: {cs.rate_per_100hh: 100, far.height_profile: {enabled: true}}
    overrides:
      - {global_id: 3x9..., category: disaster_passage, comment: 经审查确认为防灾通道}

Values the file leaves out fall back to the model's ``Pset_SiteCommon`` (TotalArea,
FloorAreaRatio, SiteCoverageRatio, BuildingHeightLimit) and the run says where each came
from. Nothing here is required: a model with no project file is checked with what it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cimcheck.errors import CimcheckError

__all__ = ["LIMITS", "ProjectFile", "default_project_path", "load_project", "resolve_inputs",
           "save_project"]

#: Planning limits and the Pset_SiteCommon property each falls back to.
LIMITS = {
    "max_plot_ratio": "FloorAreaRatio",
    "max_building_density": "SiteCoverageRatio",
    "min_green_ratio": None,
    "max_height_m": "BuildingHeightLimit",
}
_KEYS = {"pack", "site_area_m2", "limits", "households", "parameters", "overrides", "name"}


@dataclass(frozen=True)
class ProjectFile:
    """What a project file says (all optional)."""

    path: Path | None = None
    pack: str | None = None
    name: str | None = None
    site_area_m2: float | None = None
    limits: dict[str, float] = field(default_factory=dict)
    households: int | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)


def default_project_path(model: Path) -> Path:
    """Return the project file beside a model: ``<stem>.cimcheck.yaml``.

    ``<name>.cimcheck.yaml`` (with the model's extension kept) is accepted too when only
    that one exists.

    Examples
    --------
    >>> default_project_path(Path("/p/block.ifc")).name
    'block.cimcheck.yaml'
    """
    preferred = model.with_name(model.stem + ".cimcheck.yaml")
    alternative = model.with_name(model.name + ".cimcheck.yaml")
    return alternative if alternative.exists() and not preferred.exists() else preferred


def _fail(path: Path, field_name: str, problem: str) -> CimcheckError:
    return CimcheckError("project.invalid", path=str(path), field=field_name, problem=problem)


def _number(path, name, value, *, positive=True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(path, name, f"expected a number, got {value!r}")
    if positive and value <= 0:
        raise _fail(path, name, f"must be greater than 0, got {value}")
    return float(value)


def load_project(path: Path) -> ProjectFile:
    """Read and validate a project file."""
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise CimcheckError("project.unreadable", path=str(path), reason=str(err)) from err
    if not isinstance(data, dict):
        raise _fail(path, "(top level)", "expected a mapping of keys to values")
    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(path, sorted(unknown)[0], f"unknown key; allowed: {', '.join(sorted(_KEYS))}")
    limits = {}
    for key, value in (data.get("limits") or {}).items():
        if key not in LIMITS:
            raise _fail(path, f"limits.{key}", f"unknown limit; allowed: {', '.join(LIMITS)}")
        limits[key] = _number(path, f"limits.{key}", value)
    households = data.get("households")
    if households is not None and (isinstance(households, bool)
                                   or not isinstance(households, int) or households < 0):
        raise _fail(path, "households", f"expected a whole number ≥ 0, got {households!r}")
    overrides = {}
    for i, entry in enumerate(data.get("overrides") or []):
        if not isinstance(entry, dict) or "global_id" not in entry or "category" not in entry:
            raise _fail(path, f"overrides[{i}]", "needs global_id and category")
        overrides[str(entry["global_id"])] = (str(entry["category"]).lower(),
                                              str(entry.get("comment", "")))
    parameters = data.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise _fail(path, "parameters", "expected a mapping")
    return ProjectFile(
        path=path,
        pack=data.get("pack"),
        name=data.get("name"),
        site_area_m2=_number(path, "site_area_m2", data["site_area_m2"])
        if data.get("site_area_m2") is not None else None,
        limits=limits,
        households=households,
        parameters=dict(parameters),
        overrides=overrides,
    )


def resolve_inputs(project: ProjectFile, site_psets: dict[str, Any],
                   cli: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Effective inputs and where each came from: command line > project file > model.

    Returns
    -------
    (values, sources) : (dict, dict)
        Keys ``site_area_m2``, the ``LIMITS`` keys and ``households``; missing values are
        None with source "missing".
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(key, cli_value, file_value, pset_key):
        if cli_value is not None:
            values[key], sources[key] = cli_value, "command line"
        elif file_value is not None:
            values[key], sources[key] = file_value, "project file"
        elif pset_key and site_psets.get(pset_key) is not None:
            values[key] = float(site_psets[pset_key])
            sources[key] = f"Pset_SiteCommon.{pset_key}"
        else:
            values[key], sources[key] = None, "missing"

    put("site_area_m2", cli.get("site_area_m2"), project.site_area_m2, "TotalArea")
    for key, pset_key in LIMITS.items():
        put(key, None, project.limits.get(key), pset_key)
    put("households", cli.get("households"), project.households, None)
    return values, sources


def save_project(project: ProjectFile, path: str | Path) -> Path:
    """Write a project file (atomically); keys it does not set are left out.

    Raises
    ------
    ExportError
        The file cannot be written.
    """
    from cimcheck.atomic import write_atomic

    data: dict[str, Any] = {}
    if project.name:
        data["name"] = project.name
    if project.pack:
        data["pack"] = project.pack
    if project.site_area_m2 is not None:
        data["site_area_m2"] = project.site_area_m2
    if project.limits:
        data["limits"] = dict(project.limits)
    if project.households is not None:
        data["households"] = project.households
    if project.parameters:
        data["parameters"] = dict(project.parameters)
    if project.overrides:
        data["overrides"] = [{"global_id": gid, "category": category, "comment": comment}
                             for gid, (category, comment) in project.overrides.items()]
    text = "# cimcheck project file (see README: the compliance check)\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False)
    return write_atomic(path, text.encode("utf-8"))
