"""Pre-flight: the data the rules need, checked with IDS before the rules run.

The project states what a model must carry for the checks to be right (storeys with a name
and an elevation, the site area, the ``CIMCheck_*`` property sets with known values) as
IDS 1.0 specifications (``rules/cimcheck.ids``; a pack may add its own). ``ifctester``
runs them on the opened file, without geometry. A specification that fails is a finding:
FAIL when the specification is required (``minOccurs`` ≥ 1), WARN when it only applies
where the elements exist, with every failing element's GlobalId.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cimcheck.results.finding import Finding, Status
from cimcheck.text import Text

__all__ = ["DEFAULT_RULE", "SpecResult", "findings_of", "run_ids"]

#: The pre-flight rule when a pack has none (``cimcheck ids`` under such a pack).
DEFAULT_RULE: dict[str, Any] = {"id": "IDS", "title": Text.of("ids.rule_title"),
                                "clause": "IDS 1.0", "params": {"ids": ["cimcheck.ids"]}}
#: GlobalIds a finding's sentence names at most (the finding holds them all).
NAMED = 5


@dataclass(frozen=True)
class SpecResult:
    """One IDS specification's outcome on a model."""

    ids: str
    name: str
    description: str
    required: bool
    applicable: int
    failed: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    # (GlobalId, IFC class, reason)

    @property
    def status(self) -> str:
        """PASS, else FAIL for a required specification and WARN for an optional one."""
        if not self.failed and (self.applicable or not self.required):
            return "PASS"
        return "FAIL" if self.required else "WARN"

    def as_dict(self) -> dict[str, Any]:
        """JSON form (``preflight`` of the check document)."""
        return {"ids": self.ids, "specification": self.name, "status": self.status,
                "required": self.required, "applicable": self.applicable,
                "failed": [{"global_id": g, "ifc_class": c, "reason": r}
                           for g, c, r in self.failed]}


def _part(failure: Any, name: str) -> Any:
    """Read a failure's element or reason (ifctester gives dicts; older releases objects)."""
    return failure.get(name) if isinstance(failure, dict) else getattr(failure, name, None)


def run_ids(ifc_file: Any, paths: list[Path]) -> list[SpecResult]:
    """Run the IDS files on an opened model; one result per specification.

    Raises
    ------
    CimcheckError
        ``ids.unreadable`` when an IDS file cannot be read or is not valid IDS 1.0.
    """
    from ifctester import ids

    from cimcheck.errors import CimcheckError

    results: list[SpecResult] = []
    for path in paths:
        try:
            book = ids.open(str(path), validate=True)
        except Exception as err:
            raise CimcheckError("ids.unreadable", path=str(path),
                                reason=f"{type(err).__name__}: {err}"[:200]) from err
        book.validate(ifc_file)
        for spec in book.specifications:
            failed: dict[str, tuple[str, str, str]] = {}
            for requirement in spec.requirements:
                for failure in getattr(requirement, "failures", []) or []:
                    element = _part(failure, "element")
                    gid = str(getattr(element, "GlobalId", "") or "")
                    if element is not None and gid and gid not in failed:
                        failed[gid] = (gid, element.is_a(),
                                       str(_part(failure, "reason") or "")[:300])
            for element in getattr(spec, "failed_entities", []) or []:
                gid = str(getattr(element, "GlobalId", "") or "")
                if gid and gid not in failed:
                    failed[gid] = (gid, element.is_a(), "")
            required = (spec.minOccurs or 0) >= 1
            results.append(SpecResult(path.name, spec.name, spec.description or "",
                                      required, len(spec.applicable_entities or []),
                                      tuple(failed.values())))
    return results


def findings_of(results: list[SpecResult], rule: dict[str, Any]) -> list[Finding]:
    """Turn IDS results into findings of ``rule`` (``id``, ``title``, ``clause``).

    One finding per specification that does not pass, with every failing GlobalId (the
    sentence names the first few); one PASS finding when all pass.
    """
    def finding(status: Status, key: str, gids: tuple[str, ...] = (), **params: Any) -> Finding:
        text = Text.of(key, title=rule.get("title", rule["id"]), **params)
        return Finding(rule_id=rule["id"], status=status, measured=None, required=None,
                       unit="", text=text, clause=rule.get("clause", ""), global_ids=gids)

    found = []
    for result in (r for r in results if r.status != "PASS"):
        gids = tuple(g for g, _, _ in result.failed)
        examples = ", ".join(gids[:NAMED]) + (" …" if len(gids) > NAMED else "")
        found.append(finding(Status(result.status), "finding.ids", gids, spec=result.name,
                             count=len(gids), examples=examples or "—"))
    return found or [finding(Status.PASS, "finding.ids_pass", count=len(results))]
