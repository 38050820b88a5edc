"""Load rule packs: validate against the schema, resolve ``extends``, check every rule.

A pack extends another by id and overrides what it names: parameters by key (value,
``enabled``, ``enforce``...), rules by id (a rule with only ``enabled: false`` switches the
inherited rule off). Validation happens here, once, and errors point at the exact spot:
``rules/zj/future_community_2019/pack.yaml, rule ZJ-FC-03, params.categories: expected a
list``: the file, the rule and the key, so the author can fix it without a traceback.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cimcheck import resultcache
from cimcheck.engine.checks import PARAM_REF, get_check
from cimcheck.errors import RulePackError

__all__ = ["RELEASE_MANIFEST", "PackInfo", "RulePack", "discover_packs", "ids_at_release",
           "load_pack", "packs_root", "release_validators", "validated_at_release"]

#: The shipped files validated at release, beside the packs (``validated_at_release``).
RELEASE_MANIFEST = "validated.json"


@dataclass(frozen=True)
class PackInfo:
    """A pack file found on disk: id, version, title and what it extends."""

    id: str
    version: str
    title: dict[str, str]
    extends: str | None
    path: Path
    sources: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class RulePack:
    """A resolved pack: the chain it extends, its effective parameters and rules.

    Attributes
    ----------
    id, version : str
    title : dict
        ``{"zh": ..., "en": ...}``.
    chain : tuple of str
        Pack ids from the root to this pack.
    parameters : dict
        Parameter key → ``{"value", "unit", "basis", "enabled", "enforce", "source",
        "note", "pack"}`` after inheritance.
    rules : tuple of dict
        Effective rules in order (inherited first), each with ``pack`` and ``path``.
    sources : tuple of dict
    ids : tuple of Path
        IDS files the packs of the chain add to the pre-flight (their ``ids:`` key, each
        relative to its pack's folder), root first.
    """

    id: str
    version: str
    title: dict[str, str]
    chain: tuple[str, ...]
    parameters: dict[str, dict[str, Any]]
    rules: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, str], ...] = field(default_factory=tuple)
    ids: tuple[Path, ...] = field(default_factory=tuple)


#: The rule pack schema, beside this module (in a bundle too: installer/cimcheck.spec).
_SCHEMA_FILE = Path(__file__).with_name("rulepack.schema.json")


def packs_root() -> Path:
    """Return the folder holding the shipped packs (``cimcheck_rules``)."""
    import cimcheck_rules

    return cimcheck_rules.PACKS_DIR


@cache
def _release_manifest() -> dict[str, Any]:
    """Return the manifest of the shipped files validated at release (empty: unreadable)."""
    try:
        data = json.loads((packs_root() / RELEASE_MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _shipped_name(path: Path) -> str | None:
    try:
        return path.resolve().relative_to(packs_root()).as_posix()
    except (OSError, ValueError):
        return None


@cache
def _schema_digest() -> str:
    """sha256 of the pack schema (``rulepack.schema.json``) as installed."""
    schema = _SCHEMA_FILE.read_bytes()
    return hashlib.sha256(schema).hexdigest()


def _ids_tools() -> dict[str, str]:
    """Versions of the libraries that validate and decode IDS files (imports ifctester)."""
    import ifctester
    import xmlschema

    return {"ifctester": str(getattr(ifctester, "__version__", "?")),
            "xmlschema": str(getattr(xmlschema, "__version__", "?"))}


def release_validators() -> dict[str, str]:
    """Return what validates the shipped files now: the pack schema's hash, the IDS tools.

    Recorded in the release manifest; a file counts as validated at release only while
    these are the same (a stricter schema, or another ifctester decoding IDS files
    otherwise, validates the files again).
    """
    return {"rulepack.schema.json": _schema_digest(), **_ids_tools()}


@cache
def _validators_unchanged(kind: str) -> bool:
    """Whether the validators of ``kind`` ("pack" or "ids") are the release's.

    A pack's check needs only the schema's hash: the IDS tools are not imported for it.
    """
    recorded = _release_manifest().get("validators")
    if not isinstance(recorded, dict):
        return False
    now = {"rulepack.schema.json": _schema_digest()} if kind == "pack" else _ids_tools()
    return all(recorded.get(name) == value for name, value in now.items())


def ids_at_release(path: Path, content: bytes) -> dict[str, Any] | None:
    """Return a shipped IDS file as ifctester decoded it at release, or None.

    For ``ifctester.ids.Ids().parse``: what ``ids.open`` gives, without building the IDS
    XSD (0.17 s, most of the pre-flight of a small model). None when ``path`` is not a
    shipped IDS file byte for byte as validated (``validated_at_release``).
    """
    name = _shipped_name(path)
    decoded = _release_manifest().get("ids", {}).get(name) if name else None
    return decoded if isinstance(decoded, dict) and validated_at_release(path, content) \
        else None


def validated_at_release(path: Path, content: bytes) -> bool:
    """Whether ``path`` is a shipped pack or IDS file, byte for byte as validated at release.

    ``rules/make_validated.py`` validates every shipped file against its schema and
    records its sha256 (``validated.json``; a test keeps them in step). Such a file needs
    no validation when it is used: the schema libraries and the IDS XSD cost 0.1 s and
    0.2 s of a one-second check with a cold cache. A file edited since, or not shipped, is
    validated as always, and so is every file once the validators differ from the
    release's (``release_validators``: a changed pack schema, another ifctester).
    """
    name = _shipped_name(path)
    files = _release_manifest().get("files")
    digest = files.get(name) if name is not None and isinstance(files, dict) else None
    return isinstance(digest, str) and digest == hashlib.sha256(content).hexdigest() \
        and _validators_unchanged("ids" if path.suffix == ".ids" else "pack")


@cache
def _schema() -> dict:
    text = _SCHEMA_FILE.read_text("utf-8")
    return json.loads(text)


def _title(value: Any) -> dict[str, str]:
    return value if isinstance(value, dict) else {"zh": str(value), "en": str(value)}


def _read(path: Path, validate: bool = True) -> dict[str, Any]:
    import yaml  # here: a pack found in the cache needs no YAML (30 ms to import)

    from cimcheck.yamldata import SAFE_LOADER

    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise RulePackError("pack.unreadable", path=str(path), reason=str(err)) from err
    # A pack file validated once is known by its content (and the schema's, part of the
    # code's hash): jsonschema alone took a twentieth of the check of a small model. A
    # shipped one, as it was validated at release, is known without a cache.
    if not validate or validated_at_release(path, raw):
        return data
    valid = resultcache.key_for(hashlib.sha256(raw).hexdigest(), "pack-valid")
    if resultcache.load(valid) is None:
        _validate(path, data)
        resultcache.save(valid, {"pack": str(data.get("pack", "")) if isinstance(data, dict)
                                 else ""})
    return data


def _validate(path: Path, data: Any) -> None:
    """Raise RulePackError for the first place where a pack file breaks the schema."""
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data),
                    key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = list(error.absolute_path)
        rule_id = "-"
        if len(where) >= 2 and where[0] == "rules" and isinstance(where[1], int):
            rules = data.get("rules") or []
            rule_id = rules[where[1]].get("id", f"#{where[1] + 1}") if where[1] < len(
                rules) and isinstance(rules[where[1]], dict) else f"#{where[1] + 1}"
            where = where[2:]
        raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id,
                            field=".".join(str(p) for p in where) or "(top level)",
                            problem=error.message)


def discover_packs(root: Path | None = None, *, validate: bool = True) -> dict[str, PackInfo]:
    """All packs under ``root`` (default: the shipped ones), by id."""
    root = root or packs_root()
    found: dict[str, PackInfo] = {}
    for path in sorted(root.rglob("pack.yaml")):
        data = _read(path, validate)
        if data["pack"] in found:
            raise RulePackError("pack.duplicate", path=str(path), pack=data["pack"],
                                other=str(found[data["pack"]].path))
        found[data["pack"]] = PackInfo(data["pack"], data["version"], _title(data["title"]),
                                       data.get("extends"), path,
                                       tuple(data.get("sources", ())))
    return found


def _check_rule(rule: dict[str, Any], path: Path, parameters: dict[str, Any]) -> None:
    kind = get_check(rule.get("check", ""))
    rule_id = rule["id"]
    if kind is None:
        raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id, field="check",
                            problem=f"unknown check kind '{rule.get('check')}'")
    params = rule.get("params", {})
    for name, value in params.items():
        if name not in kind.params:
            raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id,
                                field=f"params.{name}",
                                problem=f"'{kind.name}' takes no parameter '{name}' "
                                        f"(it takes: {', '.join(sorted(kind.params))})")
        if isinstance(value, str) and value.startswith(PARAM_REF):
            key = value[len(PARAM_REF):]
            if key not in parameters:
                raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id,
                                    field=f"params.{name}",
                                    problem=f"refers to parameter '{key}', which no pack in "
                                            "the chain defines")
            value = parameters[key]["value"]
        expected = kind.params[name].types
        if not _is_type(value, expected):
            raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id,
                                field=f"params.{name}",
                                problem=f"expected {' or '.join(expected)}, got "
                                        f"{type(value).__name__} {value!r}")
    for name, spec in kind.params.items():
        if spec.required and name not in params:
            raise RulePackError("pack.invalid", path=str(path), rule_id=rule_id,
                                field=f"params.{name}", problem="missing required parameter")


_TYPES = {"number": (int, float), "string": (str,), "bool": (bool,), "list": (list,),
          "dict": (dict,)}


def _is_type(value: Any, expected: tuple[str, ...]) -> bool:
    for name in expected:
        if name == "number" and isinstance(value, bool):
            continue
        if isinstance(value, _TYPES[name]):
            return True
    return False


_ID_RE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9.]+)+$")


def _ids_files(path: Path, data: dict[str, Any]) -> list[Path]:
    """Return the IDS files a pack adds (its ``ids:`` key), each beside the pack file."""
    found = []
    for name in data.get("ids", ()):
        ids_path = (path.parent / name).resolve()
        if not ids_path.is_file():
            raise RulePackError("pack.ids_missing", path=str(path), name=name)
        found.append(ids_path)
    return found


#: Packs loaded in this process, by (id, root, validate, digest of the files under root).
_loaded: dict[tuple[str, str, bool, str], RulePack] = {}


def _files_digest(root: Path) -> str:
    """Hash of the name and bytes of every file under ``root`` (ten shipped, 60 KB)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_pack(pack_id: str, root: Path | None = None, *, validate: bool = True) -> RulePack:
    """Load and resolve a pack by id (with everything it extends).

    ``validate=False`` skips the schema check of the files (for a first look that a
    validated load follows: the schema library and its check cost 0.14 s on a machine
    that has not checked these files before); a broken file may then raise anything.

    The resolved pack is kept, by the bytes of the files under ``root``, in this process
    and in the result cache: a check asks for its pack up to four times (its cache keys,
    its verdict, its texts), and each load parsed every pack file (60 ms, and 30 ms more
    to import the YAML library, of a 0.27 s re-check with a new site area). Any edit of a
    pack file is a new key. The pack returned is shared: nothing may change its
    dictionaries.

    Raises
    ------
    RulePackError
        Unknown id, a cycle in ``extends``, or a file, rule or field that does not validate.
    """
    root = root or packs_root()
    digest = _files_digest(root)
    memo = (pack_id, str(root), validate, digest)
    pack = _loaded.get(memo)
    if pack is None:
        stored = resultcache.key_for(digest, "rule-pack", pack=pack_id, root=str(root),
                                     validate=validate)
        pack = resultcache.load_object(stored)
        if not isinstance(pack, RulePack) or pack.id != pack_id:
            pack = _load_pack(pack_id, root, validate)
            resultcache.save_object(stored, pack)
        _loaded[memo] = pack
    return pack


def _load_pack(pack_id: str, root: Path, validate: bool) -> RulePack:
    available = discover_packs(root, validate=validate)
    if pack_id not in available:
        raise RulePackError("pack.unknown", pack=pack_id,
                            known=", ".join(sorted(available)) or "(none)")
    chain: list[PackInfo] = []
    current: str | None = pack_id
    while current is not None:
        if current not in available:
            raise RulePackError("pack.unknown", pack=current,
                                known=", ".join(sorted(available)))
        if any(p.id == current for p in chain):
            raise RulePackError("pack.cycle", pack=pack_id,
                                chain=" → ".join(p.id for p in chain))
        chain.append(available[current])
        current = available[current].extends
    chain.reverse()

    parameters: dict[str, dict[str, Any]] = {}
    rules: dict[str, dict[str, Any]] = {}
    sources: list[dict[str, str]] = []
    ids_files: list[Path] = []
    for info in chain:
        data = _read(info.path, validate)
        sources.extend(data.get("sources", ()))
        ids_files.extend(_ids_files(info.path, data))
        for key, spec in (data.get("parameters") or {}).items():
            merged = {**parameters.get(key, {}), **spec, "pack": info.id}
            merged.setdefault("enabled", True)
            parameters[key] = merged
        for rule in data["rules"]:
            if rule["id"] in rules and set(rule) <= {"id", "enabled"}:
                rules[rule["id"]] = {**rules[rule["id"]], **rule}
                continue
            if "check" not in rule or "clause" not in rule or "title" not in rule:
                missing = next(k for k in ("title", "clause", "check") if k not in rule)
                raise RulePackError("pack.invalid", path=str(info.path), rule_id=rule["id"],
                                    field=missing, problem="missing (a new rule needs title, "
                                                           "clause and check)")
            rules[rule["id"]] = {**rule, "pack": info.id, "path": str(info.path)}
    for rule in rules.values():
        _check_rule(rule, Path(rule["path"]), parameters)
    top = chain[-1]
    return RulePack(top.id, top.version, top.title, tuple(p.id for p in chain), parameters,
                    tuple(rules.values()), tuple(sources), tuple(ids_files))
