"""Pre-flight: the data the rules need, checked with IDS before the rules run.

The project states what a model must carry for the checks to be right (storeys with a name
and an elevation, the site area, the ``CIMCheck_*`` property sets with known values) as
IDS 1.0 specifications (``rules/cimcheck.ids``; a pack may add its own). ``ifctester``
runs them on the opened file, without geometry. A specification that fails is a finding:
FAIL when the specification is required (``minOccurs`` ≥ 1), WARN when it only applies
where the elements exist, with every failing element's GlobalId.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cimcheck.results.finding import Finding, Status
from cimcheck.text import Text

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from cimcheck.model.loader import LoadedModel

__all__ = ["DEFAULT_RULE", "FileRef", "IdsRunner", "SpecResult", "findings_of", "ids_files_of",
           "run_ids"]

log = logging.getLogger(__name__)

#: The pre-flight rule when a pack has none (``cimcheck ids`` under such a pack).
DEFAULT_RULE: dict[str, Any] = {"id": "IDS", "title": Text.of("ids.rule_title"),
                                "clause": "IDS 1.0", "params": {"ids": ["cimcheck.ids"]}}
#: GlobalIds a finding's sentence names at most (the finding holds them all).
NAMED = 5


@dataclass(frozen=True)
class FileRef:
    """A model file not yet analysed: where it is, its bytes' hash and size."""

    path: Path
    sha256: str
    size_bytes: int


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


    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpecResult:
        """Read back ``as_dict`` (the results cache)."""
        return cls(data["ids"], data["specification"], data.get("description", ""),
                   bool(data["required"]), int(data["applicable"]),
                   tuple((f["global_id"], f["ifc_class"], f["reason"])
                         for f in data["failed"]))


def ids_files_of(rule: dict[str, Any], pack_ids: tuple[Path, ...] | list[Path]) -> list[Path]:
    """Return the IDS files a pre-flight rule runs, in order.

    The rule's own ``ids`` (relative to the packs folder), then every IDS a pack of the
    chain adds with its ``ids:`` key.
    """
    from cimcheck.engine.pack import packs_root

    files = [packs_root() / p for p in rule["params"]["ids"]]
    return files + [p for p in pack_ids if p not in files]


def _ids_in_child(path: str, sha256: str, files: list[str]) -> list[SpecResult]:
    """Open the model again in a worker process and run the IDS files on it."""
    from cimcheck.errors import CimcheckError
    from cimcheck.model.loader import open_model

    model = open_model(path)
    if model.sha256 != sha256:
        raise CimcheckError("ids.unreadable", path=path, reason="the file changed meanwhile")
    return run_ids(model.file, [Path(f) for f in files])


def _ids_worker(send: Connection, path: str | Any, sha256: str, files: list[str]) -> None:
    """Run the IDS files in the worker process; send ``("ok", results)`` or an error.

    ``path`` is the model's file name (a spawned worker opens it), or the opened
    ``ifcopenshell.file`` itself in a forked worker (it shares the parsed model). The
    worker ends with the process that started it (``forkmap.end_with_starter``).
    """
    from cimcheck.forkmap import end_with_starter

    end_with_starter()
    try:
        results = _ids_in_child(path, sha256, files) if isinstance(path, str) \
            else run_ids(path, [Path(f) for f in files])
        send.send(("ok", results))
    except Exception as err:  # noqa: BLE001 - any failure is reported; the parent runs it
        send.send(("error", f"{type(err).__name__}: {err}"[:300]))
    finally:
        send.close()


class IdsRunner:
    """Runs IDS files on one model: from the cache, from a pre-fetch, or here and now.

    The pre-flight reads only the file (no geometry) and takes seconds on a large model
    (ifctester looks up every applicable element's property sets), while the area engine
    measures geometry for longer still. ``prefetch`` starts it in a second process that
    opens the file itself, so the two run on two cores; the results are the same as a run
    here (a changed file or a failed worker falls back to one). Where forking is safe
    (``forkmap``) the worker is a fork of this process: no new interpreter and imports,
    and the parsed model shared if it is open already. Results are cached by the
    model's content, the IDS files' content and the code: a re-check under another pack or
    project never runs them again.
    """

    #: Smaller files are checked in process when the worker would start only after the
    #: analysis: it would not finish before it is needed. Started before the analysis
    #: (``prefetch(..., min_bytes=0)`` from ``pipeline.start_preflight``), it gains at
    #: every size: its imports, schema and validation run beside the parent's.
    PREFETCH_MIN_BYTES = 5_000_000

    def __init__(self, ref: FileRef | LoadedModel, *, use_cache: bool = True) -> None:
        self.ref: FileRef | LoadedModel = ref
        # A LoadedModel can run the files here; a FileRef waits for ``attach``.
        self.model: LoadedModel | None = cast("LoadedModel", ref) if hasattr(ref, "file") \
            else None
        self.use_cache = use_cache
        self._worker: BaseProcess | None = None
        self._pending: tuple[str | None, Connection] | None = None
        self._deferred: list[Path] | None = None

    def attach(self, model: LoadedModel) -> None:
        """Give the runner the analysed model (its file, for a run in process).

        A worker started for other bytes (the file changed before it was analysed) is
        stopped: its answer would be another model's.
        """
        if model.sha256 != self.ref.sha256:
            self.close()
        self.ref, self.model = model, model

    @property
    def pending(self) -> bool:
        """True while a worker runs (or has run) for this runner."""
        return self._pending is not None

    def _key(self, files: list[Path]) -> str | None:
        from cimcheck import resultcache

        try:
            digests = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
        except OSError:
            return None     # run_ids says what is wrong with the file
        return resultcache.key_for(self.ref.sha256, "ids-preflight", files=digests)

    def _cached(self, key: str | None) -> list[SpecResult] | None:
        from cimcheck import resultcache

        if not self.use_cache or key is None:
            return None
        document = resultcache.load(key)
        if document is None:
            return None
        try:
            return [SpecResult.from_dict(item) for item in document["results"]]
        except (KeyError, TypeError, ValueError):
            return None

    def cached(self, files: list[Path]) -> bool:
        """Tell whether the results of ``files`` on this model are in the cache."""
        return self._cached(self._key(files)) is not None

    def prefetch_when_opened(self, files: list[Path]) -> None:
        """Start the IDS run of ``files`` in a fork once ``opened`` gives the parsed model."""
        self._deferred = files

    def opened(self, model: LoadedModel) -> None:
        """Take the model the analysis has just opened; start a pre-fetch deferred to now.

        For ``analyse(..., on_open=runner.opened)``: the fork shares the parsed model, so a
        large file is parsed once, not twice at the same time (two parsers side by side
        slowed each other: 4.2 s each for the 100-tower community, 3.3 s alone).
        """
        self.attach(model)
        files, self._deferred = self._deferred, None
        if files is not None:
            self.prefetch(files, min_bytes=0)

    def prefetch(self, files: list[Path], min_bytes: int | None = None) -> None:
        """Start the IDS run in a worker process (files of ``min_bytes`` and up)."""
        key = self._key(files)
        least = self.PREFETCH_MIN_BYTES if min_bytes is None else min_bytes
        if (self.ref.size_bytes < least or (os.cpu_count() or 1) < 2
                or getattr(sys, "frozen", False) or self._cached(key) is not None):
            return
        import multiprocessing

        from cimcheck.forkmap import usable_processes

        # A fork starts at once with everything imported, and shares the model if this
        # process has opened it; where forking is not safe, a new interpreter starts. A
        # worker without the model opens the file itself (on the other core).
        fork = usable_processes() > 1
        context = multiprocessing.get_context("fork") if fork \
            else multiprocessing.get_context("spawn")
        source = self.model.file if fork and self.model is not None else str(self.ref.path)
        receive, send = context.Pipe(duplex=False)
        try:
            if fork:
                sys.stdout.flush()       # the child flushes its copies when it ends
                sys.stderr.flush()
            # A daemon: stopped when this process ends normally; it ends by itself when
            # this one is killed (``_ids_worker``).
            self._worker = context.Process(
                target=_ids_worker, daemon=True,
                args=(send, source, self.ref.sha256, [str(f) for f in files]))
            self._worker.start()
        except (OSError, AssertionError) as err:  # no processes here (a daemonic worker)
            log.info("IDS pre-flight runs in process: %s", err)
            self._worker = None
            receive.close()
            return
        finally:
            send.close()
        self._pending = (key, receive)

    def _collect(self) -> list[SpecResult] | None:
        """Wait for the worker's answer; None if it failed or died (the run falls back)."""
        if self._pending is None or self._worker is None:
            return None
        receive = self._pending[1]
        # Poll rather than block: a worker that dies (a crash in the IFC library) sends
        # nothing, and a plain recv() would wait for ever.
        while not receive.poll(0.1):
            if not self._worker.is_alive() and not receive.poll(0):
                log.info("IDS pre-flight worker ended (exit %s) without an answer",
                         self._worker.exitcode)
                return None
        try:
            kind, payload = receive.recv()
        except (EOFError, OSError):
            return None
        if kind != "ok":
            log.info("IDS pre-flight worker failed, running in process: %s", payload)
            return None
        return list(payload)

    def __call__(self, files: list[Path]) -> list[SpecResult]:
        """Return the results of ``files`` on the model."""
        from cimcheck import resultcache

        key = self._key(files)
        results = self._cached(key)
        if results is not None:
            return results
        if self._pending is not None and self._pending[0] == key:
            results = self._collect()
            self.close()
        if results is None:
            if self.model is None:
                message = "IdsRunner: no model attached to run the IDS files on"
                raise RuntimeError(message)
            results = run_ids(self.model.file, files)
        if self.use_cache and key is not None:
            resultcache.save(key, {"results": [
                {**r.as_dict(), "description": r.description} for r in results]})
        return results

    def close(self) -> None:
        """Stop a worker that is no longer needed."""
        if self._worker is not None:
            if self._worker.is_alive():
                self._worker.terminate()
            self._worker.join()
        if self._pending is not None:
            self._pending[1].close()
        self._worker, self._pending = None, None


def _part(failure: Any, name: str) -> Any:
    """Read a failure's element or reason (ifctester gives dicts; older releases objects)."""
    return failure.get(name) if isinstance(failure, dict) else getattr(failure, name, None)


@contextlib.contextmanager
def _schema_remembered() -> Iterator[None]:
    """Let ``ifcopenshell.file.schema`` answer from a table while ifctester validates.

    ifctester asks it for every property it checks, through a new file wrapper each time,
    and the property parses the schema identifier with a regular expression: 40 % of a
    25,000-element pre-flight. The answer is a function of the identifier alone, so it is
    remembered per identifier; the property is restored afterwards. Left alone if a
    release of ifcopenshell defines it differently.
    """
    import inspect

    import ifcopenshell

    cls = ifcopenshell.file
    original = inspect.getattr_static(cls, "schema", None)     # defined on a base class
    if not isinstance(original, property) or original.fget is None:
        yield
        return
    compute = original.fget
    own = "schema" in vars(cls)
    known: dict[str, Any] = {}

    def schema(self: Any) -> Any:
        identifier = self.schema_identifier
        if identifier not in known:
            known[identifier] = compute(self)
        return known[identifier]

    cls.schema = property(schema, doc=original.__doc__)   # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        if own:
            cls.schema = original   # type: ignore[method-assign,assignment]
        else:
            del cls.schema


def _carriers(ifc_file: Any, name: str) -> set[int]:
    """STEP ids of everything that can carry a property set (or quantity set) named ``name``.

    A superset of where ``ifcopenshell.util.element.get_pset(e, name)`` finds one: the
    objects a ``IfcRelDefinesByProperties`` gives it to, the type objects holding it and
    every occurrence of those types (occurrences inherit their type's sets), and the
    materials and profiles whose extended properties are named so. Anything else that
    refers to such a set is kept too, to stay a superset whatever the schema adds.
    """
    kinds = ["IfcPropertySetDefinition"]
    kinds.append("IfcExtendedMaterialProperties" if ifc_file.schema_identifier == "IFC2X3"
                 else "IfcExtendedProperties")
    carriers: set[int] = set()
    for kind in kinds:
        for definition in ifc_file.by_type(kind):
            if definition.Name != name:
                continue
            for owner in ("Material", "ProfileDefinition"):
                target = getattr(definition, owner, None)
                if target is not None and hasattr(target, "id"):
                    carriers.add(target.id())
            for user in ifc_file.get_inverse(definition):
                if user.is_a("IfcRelDefinesByProperties"):
                    carriers.update(o.id() for o in user.RelatedObjects or ())
                elif user.is_a("IfcTypeObject"):
                    carriers.add(user.id())
                    for rel in ifc_file.get_inverse(user):
                        if rel.is_a("IfcRelDefinesByType"):
                            carriers.update(o.id() for o in rel.RelatedObjects or ())
                else:
                    carriers.add(user.id())
    return carriers


@contextlib.contextmanager
def _property_broadphase(ifc_file: Any) -> Iterator[None]:
    """Let an applicability on a named property set look only where that set is.

    ifctester's broadphase for a property facet is every object definition, material and
    profile of the file; it then looks up the set on each (with its type): 80 % of a
    pre-flight whose specifications apply to ``CIMCheck_*`` sets, on 25,000 elements most
    of which have none. Narrowed to the carriers of the set (``_carriers``), in ifctester's
    own order, every specification applies to the same elements. Left alone for a
    property set given as a pattern, and restored afterwards.
    """
    from ifctester import facet

    original = facet.Property.filter
    known: dict[str, set[int]] = {}

    def narrowed(self: Any, file: Any, elements: Any) -> Any:
        everything = original(self, file, elements)
        if elements is not None or not isinstance(self.propertySet, str) or file is not ifc_file:
            return everything
        if self.propertySet not in known:
            known[self.propertySet] = _carriers(file, self.propertySet)
        carriers = known[self.propertySet]
        return [e for e in everything if e.id() in carriers]

    facet.Property.filter = narrowed
    try:
        yield
    finally:
        facet.Property.filter = original


def run_ids(ifc_file: Any, paths: list[Path]) -> list[SpecResult]:
    """Run the IDS files on an opened model; one result per specification.

    Raises
    ------
    CimcheckError
        ``ids.unreadable`` when an IDS file cannot be read or is not valid IDS 1.0.
    """
    from ifctester import ids

    from cimcheck.engine.pack import ids_at_release
    from cimcheck.errors import CimcheckError

    results: list[SpecResult] = []
    for path in paths:
        try:
            # Against the IDS 1.0 XSD (building it takes 0.17 s), unless shipped as
            # validated at release: then as it was decoded then.
            decoded = ids_at_release(path, path.read_bytes())
            book = ids.Ids().parse(decoded) if decoded is not None \
                else ids.open(str(path), validate=True)
        except Exception as err:
            raise CimcheckError("ids.unreadable", path=str(path),
                                reason=f"{type(err).__name__}: {err}"[:200]) from err
        with _schema_remembered(), _property_broadphase(ifc_file):
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
