"""The project file ``<model>.cimcheck.yaml``: site, limits, households, pack, overrides.

It holds the site area, planning limits, households, the pack, parameter overrides and
reviewer classifications.

Example::

    pack: hz-future-community-2019
    name: 某某未来社区一期                # the project, on every printed page
    client: 某某城市更新有限公司          # 建设单位
    plot_id: XS-2026-031                # 用地编号
    site_area_m2: 1200
    limits: {max_plot_ratio: 2.5, max_building_density: 0.35, min_green_ratio: 0.30,
             max_height_m: 24}
    households: 8
    persons_per_household: 2.8          # 户均人口, for 居住人数
    parking: {ground: 12, underground: 80, mechanical: 0}
    parameters: {cs.rate_per_100hh: 100, far.height_profile: {enabled: true}}
    overrides:
      - {global_id: 3x9..., category: disaster_passage, comment: 经审查确认为防灾通道}

Values the file leaves out fall back to the model's ``Pset_SiteCommon`` (TotalArea,
FloorAreaRatio, SiteCoverageRatio, BuildingHeightLimit) and the run says where each came
from. Nothing here is required: a model with no project file is checked with what it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cimcheck.engine.values import count_problem, positive_problem
from cimcheck.errors import CimcheckError
from cimcheck.vocab import AREA_CATEGORIES

__all__ = ["LIMITS", "ProjectFile", "default_project_path", "load_project", "resolve_inputs",
           "save_project"]

#: Planning limits and the Pset_SiteCommon property each falls back to.
LIMITS = {
    "max_plot_ratio": "FloorAreaRatio",
    "max_building_density": "SiteCoverageRatio",
    "min_green_ratio": None,
    "max_height_m": "BuildingHeightLimit",
}
#: Kinds of parking space a project file may count (停车位: 地面、地下、机械).
PARKING_KINDS = ("ground", "underground", "mechanical")
_KEYS = {"pack", "site_area_m2", "limits", "households", "parameters", "overrides", "name",
         "client", "plot_id", "persons_per_household", "parking"}


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
    client: str | None = None
    plot_id: str | None = None
    persons_per_household: float | None = None
    parking: dict[str, int] = field(default_factory=dict)


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


#: A project file larger than this is not one (bytes).
MAX_PROJECT_BYTES = 1024**2


def _fail(path: Path, field_name: str, problem: str, **params: Any) -> CimcheckError:
    return CimcheckError("project.invalid", path=str(path), field=field_name, problem=problem,
                         **params)


def _number(path: Path, name: str, value: Any) -> float:
    problem = positive_problem(value)
    if problem is not None:
        raise _fail(path, name, problem, value=repr(value))
    return float(value)


@cache
def _no_alias_loader() -> type:
    """Return a YAML loader that loads safely and without anchors and aliases.

    A "billion laughs" file of a few hundred bytes expands to gigabytes through aliases, and
    a project file never needs one. (Made on first use: the YAML library is imported only
    when a project file is read or written, 30 ms of a cached re-check that reads none.)
    """
    import yaml
    import yaml.composer

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed in a project file",
                    event.start_mark)
            return super().compose_node(parent, index)

    return NoAliasLoader


def _read_yaml(path: Path) -> Any:
    """Read a project file: UTF-8, size-capped, no aliases; errors in one line."""
    import yaml

    try:
        if path.stat().st_size > MAX_PROJECT_BYTES:
            raise CimcheckError("project.too_large", path=str(path),
                                limit_kb=MAX_PROJECT_BYTES // 1024)
        raw = path.read_bytes()
    except OSError as err:
        raise CimcheckError("project.unreadable", path=str(path),
                            reason=err.strerror or str(err)) from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CimcheckError("project.not_utf8", path=str(path)) from err
    try:
        return yaml.load(text, Loader=_no_alias_loader())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise CimcheckError("project.yaml_syntax", path=str(path),
                            line=mark.line + 1 if mark else 0,
                            column=mark.column + 1 if mark else 0,
                            problem=str(err.problem or err.context or "").strip()) from err
    except yaml.YAMLError as err:
        raise CimcheckError("project.yaml_syntax", path=str(path), line=0, column=0,
                            problem=str(err).splitlines()[0]) from err


def _mapping(path: Path, name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, name, "problem.mapping", value=repr(value)[:60])
    return value


def load_project(path: Path) -> ProjectFile:
    """Read and validate a project file.

    Raises
    ------
    CimcheckError
        Unreadable, not UTF-8, too large, YAML syntax (with line and column), an alias, or a
        field of the wrong type or value (named, with what is allowed).
    """
    data = _read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _fail(path, "(top level)", "problem.mapping", value=repr(data)[:60])
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        raise _fail(path, unknown[0], "problem.unknown_key", allowed=", ".join(sorted(_KEYS)))
    for text_key in ("pack", "name", "client", "plot_id"):
        if data.get(text_key) is not None and not isinstance(data[text_key], str):
            raise _fail(path, text_key, "problem.text", value=repr(data[text_key])[:60])
    households = data.get("households")
    if households is not None and count_problem(households) is not None:
        raise _fail(path, "households", "problem.count", value=repr(households))
    parameters = _mapping(path, "parameters", data.get("parameters"))
    return ProjectFile(
        path=path,
        pack=data.get("pack"),
        name=data.get("name"),
        site_area_m2=_number(path, "site_area_m2", data["site_area_m2"])
        if data.get("site_area_m2") is not None else None,
        limits=_limits(path, data.get("limits")),
        households=households,
        parameters=dict(parameters),
        overrides=_overrides(path, data.get("overrides")),
        client=data.get("client"),
        plot_id=data.get("plot_id"),
        persons_per_household=_number(path, "persons_per_household",
                                      data["persons_per_household"])
        if data.get("persons_per_household") is not None else None,
        parking=_parking(path, data.get("parking")),
    )


def _parking(path: Path, value: Any) -> dict[str, int]:
    """Read ``parking``: counts of ground, underground and mechanical spaces."""
    counts = {}
    for key, item in _mapping(path, "parking", value).items():
        if key not in PARKING_KINDS:
            raise _fail(path, f"parking.{key}", "problem.unknown_key",
                        allowed=", ".join(PARKING_KINDS))
        if count_problem(item) is not None:
            raise _fail(path, f"parking.{key}", "problem.count", value=repr(item))
        counts[key] = item
    return counts


def _limits(path: Path, value: Any) -> dict[str, float]:
    """Read ``limits``: known keys, each a positive number."""
    limits = {}
    for key, item in _mapping(path, "limits", value).items():
        if key not in LIMITS:
            raise _fail(path, f"limits.{key}", "problem.unknown_key", allowed=", ".join(LIMITS))
        limits[key] = _number(path, f"limits.{key}", item)
    return limits


def _overrides(path: Path, value: Any) -> dict[str, tuple[str, str]]:
    """Read ``overrides``: a list of {global_id (quoted), category, comment}."""
    overrides = {}
    entries = value or []
    if not isinstance(entries, list):
        raise _fail(path, "overrides", "problem.list", value=repr(entries)[:60])
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "global_id" not in entry or "category" not in entry:
            raise _fail(path, f"overrides[{i}]", "problem.override")
        if not isinstance(entry["global_id"], str):
            # YAML reads 0123… as a number and loses the GlobalId: it must be quoted.
            raise _fail(path, f"overrides[{i}].global_id", "problem.text",
                        value=repr(entry["global_id"]))
        category = str(entry["category"]).strip().lower()
        if category not in AREA_CATEGORIES:
            raise _fail(path, f"overrides[{i}].category", "problem.category",
                        value=repr(entry["category"]), allowed=", ".join(AREA_CATEGORIES))
        overrides[str(entry["global_id"])] = (category, str(entry.get("comment", "")))
    return overrides


def resolve_inputs(project: ProjectFile, site_psets: Mapping[str, Any],
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

    def put(key: str, cli_value: Any, file_value: Any, pset_key: str | None) -> None:
        if cli_value is not None:
            values[key], sources[key] = cli_value, "command line"
        elif file_value is not None:
            values[key], sources[key] = file_value, "project file"
        elif pset_key and site_psets.get(pset_key) is not None:
            declared = site_psets[pset_key]
            if positive_problem(declared) is None:
                values[key] = float(declared)
                sources[key] = f"Pset_SiteCommon.{pset_key}"
            else:
                # A negative, zero or non-numeric model value is no value: the run says so
                # (a missing site area fails its check) instead of computing with it.
                values[key] = None
                sources[key] = f"Pset_SiteCommon.{pset_key} = {declared!r} (invalid, ignored)"
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
    for key in ("client", "plot_id", "persons_per_household"):
        if getattr(project, key) is not None:
            data[key] = getattr(project, key)
    if project.parking:
        data["parking"] = dict(project.parking)
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
    if not data:
        # Nothing left to say (the last override undone): no file, rather than "{}".
        Path(path).unlink(missing_ok=True)
        return Path(path)
    import yaml

    text = "# cimcheck project file (see README: the compliance check)\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False)
    return write_atomic(path, text.encode("utf-8"))
