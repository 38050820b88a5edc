"""The composition of the core's stages; each stage is a function from one value to the next.

::

    path ── open_model ──► LoadedModel ── build_index ──► ModelIndex
                                              │
                     cache.load(key) ─────────┤ hit: meshes from disk
                     tessellate ──────────────┘ miss: meshes from ifcopenshell.geom
                                              │
              complete_storey_heights ────────┴──► Analysis
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cimcheck.analysis import Analysis, GeometryInfo
from cimcheck.progress import NullProgress, Progress, scaled

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from cimcheck.engine.evaluate import ModelVerdict
    from cimcheck.engine.pack import RulePack
    from cimcheck.engine.preflight import IdsRunner
    from cimcheck.engine.project import ProjectFile
    from cimcheck.facts.height import BuildingHeight
    from cimcheck.facts.items import AreaTable
    from cimcheck.facts.params import AreaParams
    from cimcheck.geometry.mesh import Mesh
    from cimcheck.model.loader import LoadedModel
    from cimcheck.model.records import ModelIndex
    from cimcheck.results.finding import CheckRun

log = logging.getLogger(__name__)

#: The pack used when neither the command line nor the project file names one.
DEFAULT_PACK = "zj-future-community-2019"

__all__ = ["analyse", "check", "check_cached", "give_back_memory", "measurement_key",
           "save_snapshot", "start_preflight", "without_model_data"]


def _top_z_by_storey(index: ModelIndex, meshes: Mapping[str, Mesh]) -> dict[str, float]:
    tops: dict[str, float] = defaultdict(lambda: float("-inf"))
    for record in index.elements:
        mesh = meshes.get(record.global_id)
        if mesh is not None and record.storey_id is not None and not mesh.is_empty:
            tops[record.storey_id] = max(tops[record.storey_id], float(mesh.vertices[:, 2].max()))
    return dict(tops)


def _selection_digest(index: ModelIndex) -> str:
    """Digest the choice of elements to tessellate (the STEP ids with a body)."""
    ids = sorted(e.step_id for e in index.elements
                 if e.has_body and e.step_id not in index.unplaceable)
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]


def analyse(
    path: str | Path, *, progress: Progress | None = None, use_cache: bool = True,
    processes: int = 1, on_open: Callable[[LoadedModel], None] | None = None,
) -> Analysis:
    """Open, index and tessellate a model.

    Parameters
    ----------
    path : str or Path
        An .ifc or .ifczip file; it is only read.
    progress : Progress, optional
        ``progress(fraction, stage)``; raising OperationCancelled from it cancels the run.
    use_cache : bool
        Read and write the geometry cache (default). False always tessellates.
    processes : int
        Processes sharing the indexing and the tessellation of a large model (the command
        line passes ``forkmap.usable_processes()``).
    on_open : callable, optional
        Called with the opened model before it is indexed (the command line forks the data
        pre-flight of a large model there: ``start_preflight``).

    Returns
    -------
    Analysis

    Raises
    ------
    ModelOpenError, UnsupportedSchemaError
        The file cannot be opened as a supported IFC model.
    OperationCancelled
        The progress callable cancelled the run.
    """
    # The geometry stack is imported here, not with the module: a re-check answered from
    # the cache (``check_cached``) never needs it.
    from cimcheck.geometry import cache
    from cimcheck.geometry.tessellate import (
        DEFAULT_KERNEL,
        EXTRUSION_READER,
        FALLBACK_KERNELS,
        SETTINGS,
        tessellate,
    )
    from cimcheck.model.index import build_index, complete_storey_heights
    from cimcheck.model.loader import open_model
    from cimcheck.results.diagnostic import Diagnostic, Severity

    progress = progress or NullProgress()
    progress(0.0, "open")
    model = open_model(path)
    progress(0.05, "open")
    if on_open is not None:
        on_open(model)
    index = build_index(model, progress=scaled(progress, 0.05, 0.2), processes=processes)

    started = time.perf_counter()
    key = cache.cache_key(
        model.sha256,
        {"settings": SETTINGS, "kernel": DEFAULT_KERNEL, "fallbacks": list(FALLBACK_KERNELS),
         "extrusions": EXTRUSION_READER,
         # Which elements are tessellated is part of the key: a new index selection (wall
         # parts, stairs) must not be answered with meshes cached before it.
         "elements": _selection_digest(index)},
    )
    cached = cache.load(key) if use_cache else cache.CacheMiss("disabled")
    extra: list[Diagnostic] = []
    if isinstance(cached, cache.CacheMiss):
        if cached.reason == "corrupt":
            extra.append(Diagnostic.make("geometry.cache_corrupt", Severity.INFO))
        result = tessellate(model, index, progress=scaled(progress, 0.2, 0.95),
                            processes=processes)
        meshes, geometry_diagnostics = result.meshes, result.diagnostics
        if use_cache:
            problem = cache.save(key, meshes, geometry_diagnostics)
            if problem is not None:
                extra.append(problem)
        info = GeometryInfo("tessellated", len(meshes), result.kernels,
                            time.perf_counter() - started, key)
    else:
        meshes, geometry_diagnostics = cached
        kernels: dict[str, int] = defaultdict(int)
        for mesh in meshes.values():
            kernels[mesh.kernel] += 1
        info = GeometryInfo("cache", 0, dict(kernels), time.perf_counter() - started, key)
        progress(0.95, "cache")

    index = complete_storey_heights(index, _top_z_by_storey(index, meshes))
    progress(1.0, "done")
    return Analysis(
        model=model,
        index=index,
        meshes=meshes,
        diagnostics=index.diagnostics + tuple(geometry_diagnostics) + tuple(extra),
        geometry=info,
    )


def context_geometry(analysis: Analysis, *, progress: Progress | None = None,
                     use_cache: bool = True) -> tuple[dict[str, Mesh], dict[str, int]]:
    """Tessellate the products the area engine leaves out, for the 3D view.

    Beams, members, doors, furniture and accessories are not needed to measure areas (the
    engine tessellates only what it indexes), but a reviewer expects to see the whole
    model. Cached like the engine's geometry, under a key of its own.

    Returns
    -------
    meshes : dict of str to Mesh
    not_drawn : dict of str to int
        Products with a representation that neither pass could draw, counted by IFC class
        (the view says so instead of showing an incomplete model silently).
    """
    from cimcheck.geometry import cache
    from cimcheck.geometry.tessellate import (
        DEFAULT_KERNEL,
        EXTRUSION_READER,
        FALLBACK_KERNELS,
        SETTINGS,
        context_products,
        tessellate_context,
    )

    drawn = set(analysis.meshes)
    targets = context_products(analysis.model,
                               drawn | {e.global_id for e in analysis.index.elements})
    key = cache.cache_key(analysis.model.sha256, {
        "settings": SETTINGS, "kernel": DEFAULT_KERNEL, "fallbacks": list(FALLBACK_KERNELS),
        "extrusions": EXTRUSION_READER, "context": True,
        "elements": _selection_digest(analysis.index)})
    cached = cache.load(key) if use_cache else cache.CacheMiss("disabled")
    if isinstance(cached, cache.CacheMiss):
        meshes = tessellate_context(analysis.model, targets, progress=progress).meshes
        if use_cache:
            cache.save(key, meshes, ())
    else:
        meshes = cached[0]
    failed: dict[str, int] = defaultdict(int)
    for target in targets.values():
        if target.global_id not in meshes:
            failed[target.ifc_class] += 1
    for element in analysis.index.elements:      # indexed with a body, yet no mesh
        if element.has_body and element.global_id not in drawn:
            failed[element.ifc_class] += 1
    return meshes, dict(failed)


class _FileNotLoaded:
    """Stands for the ifcopenshell file of an analysis read back from the cache.

    Such an analysis is only used when everything its check needs (areas, heights, the
    IDS pre-flight) is cached too; touching the file would be a programming error, said
    at once rather than met as a None somewhere later.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):       # introspection (doctest, copy, inspect): no such thing
            raise AttributeError(name)
        message = f"the model file is not loaded (a cached analysis); asked for {name!r}"
        raise RuntimeError(message)

    def __reduce__(self) -> str:
        return "_FILE_NOT_LOADED"


_FILE_NOT_LOADED = _FileNotLoaded()


class _NotKept(tuple[Any, ...]):
    """Stands for the element and zone records a cached analysis leaves out.

    A re-check from the cache judges the cached areas; the rules and the report read the
    model's project, site, buildings and storeys, never its elements (at 100,000 elements
    their records took a second to read back). Reading them is a programming error, said
    at once rather than met as an empty model.
    """

    def _refuse(self, *_args: Any) -> Any:
        message = "the element records are not kept in a cached analysis"
        raise RuntimeError(message)

    __iter__ = __len__ = __getitem__ = __contains__ = __bool__ = _refuse

    def __reduce__(self) -> str:
        return "_NOT_KEPT"


_NOT_KEPT = _NotKept()


def without_model_data(analysis: Analysis) -> Analysis:
    """Return the analysis without its parsed file and meshes (a report needs neither).

    The command line's ``check`` drops them before it builds its document, the peak of a
    large model's run: the document on top of the parsed model (issue 10: at 50 towers, 455
    MB, 8.6 times the file). Their memory returns to the system only once no one holds the
    old analysis, and then only after ``give_back_memory``.
    """
    from dataclasses import replace

    return replace(analysis, model=replace(analysis.model, file=cast("Any", _FILE_NOT_LOADED)),
                   meshes={})


def give_back_memory() -> None:
    """Hand the heap pages freed so far back to the system (glibc only; elsewhere nothing).

    The C allocator keeps what a parsed model freed for reuse: the process stays as large
    as at its peak. ``malloc_trim`` returns the free pages (62 MB at 50 towers once the
    parsed file and meshes were dropped; 12 MB with them still held).
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):     # musl and other C libraries have no malloc_trim
        return
    trim(0)


def save_object(key: str | None, value: Any, *, background: bool = False,
                texts_apart: bool = False) -> None:
    """``resultcache.save_object``; ``background``: pickled and written by a forked child.

    While the caller goes on (``forkmap.in_background``; the command line's ``main`` joins
    it): at 100,000 products the analysis and its measurement take a second to pickle.
    """
    from cimcheck import cachelimit, resultcache
    from cimcheck.forkmap import in_background

    if key is None:                     # nothing to keep (--no-cache): no child forked
        return
    if background:
        in_background(lambda: resultcache.save_object(key, value, texts_apart=texts_apart))
        cachelimit.note_written()       # by the child: this process trims after it
    else:
        resultcache.save_object(key, value, texts_apart=texts_apart)


def _snapshot_key(sha256: str) -> str:
    from cimcheck import resultcache

    return resultcache.key_for(sha256, "analysis-snapshot")


def save_snapshot(analysis: Analysis, *, background: bool = False) -> None:
    """Cache the analysis without its file, meshes and element records.

    With the areas and the pre-flight cached as well, a re-check under another project
    file or command-line input needs neither the IFC file nor the geometry
    (``check_cached``). ``background``: written by a forked child
    (``forkmap.in_background``; the caller joins it).
    """
    from dataclasses import replace


    slim = without_model_data(analysis)
    snapshot = replace(slim, index=replace(analysis.index, elements=cast("Any", _NOT_KEPT),
                                           zones=cast("Any", _NOT_KEPT)))
    save_object(_snapshot_key(analysis.model.sha256), snapshot, background=background)


def _measure_key(analysis: Analysis, params: AreaParams,
                 overrides: Mapping[str, tuple[str, str]]) -> str:
    """Key of a model's measurement: the geometry, the area parameters, the overrides."""
    from dataclasses import asdict

    from cimcheck import resultcache

    return resultcache.key_for(analysis.model.sha256, "measurement",
                               geometry=analysis.geometry.cache_key, params=asdict(params),
                               overrides={k: list(v) for k, v in sorted(overrides.items())})


def _pack_measure_key(analysis: Analysis, pack: RulePack, project: ProjectFile) -> str:
    """Key of the measurement a check under ``pack`` and ``project`` judges."""
    from cimcheck.engine.params import area_params, effective_parameters

    return _measure_key(analysis, area_params(effective_parameters(pack, project)),
                        project.overrides)


def _verdict_key(analysis: Analysis, pack: RulePack, project: ProjectFile,
                 measure_key: str) -> str | None:
    """Key of a ``ModelVerdict``: what decides it.

    The measurement, the pack's rules and effective parameters (after the project's
    overrides), and the bytes of its pre-flight's IDS files. None when an IDS file cannot
    be read (the pre-flight says why, every time).
    """
    import json

    from cimcheck import resultcache
    from cimcheck.engine.params import effective_parameters

    try:
        ids = {str(f): hashlib.sha256(f.read_bytes()).hexdigest()
               for files in _preflight_files(pack) for f in files}
    except OSError:
        return None
    decides = json.dumps([pack.id, pack.version, list(pack.chain), list(pack.rules),
                          effective_parameters(pack, project)], sort_keys=True, default=str)
    return resultcache.key_for(analysis.model.sha256, "model-verdict", measurement=measure_key,
                               pack=hashlib.sha256(decides.encode()).hexdigest(), ids=ids)


def _judge(analysis: Analysis,  # noqa: PLR0913 - the measurement, pack, project, caches
           measured: tuple[AreaTable, list[BuildingHeight]] | None, pack: RulePack,
           project: ProjectFile, *, cli_inputs: dict[str, Any] | None, ids_runner: IdsRunner,
           key: str | None, save: str | None, model: ModelVerdict | None = None) -> CheckRun:
    """Judge the model under the pack and project, the model's part from the cache if kept.

    ``measured``: the area table and building heights. ``model``: the model's part, when
    the caller has read it already; ``measured`` may be None only then. ``save``: where a
    model's part judged now is pickled into the cache: "here", "background" (a forked
    child) or None (not kept).
    """
    from cimcheck import resultcache
    from cimcheck.engine.evaluate import ModelVerdict, judge, judge_model

    if model is None:
        model = resultcache.load_object(key)
    if not isinstance(model, ModelVerdict):
        assert measured is not None, "no table to judge and no cached model verdict"
        model = judge_model(analysis, measured[0], pack, project, ids_runner=ids_runner,
                            heights=measured[1])
        if save is not None:
            save_object(key, model, background=save == "background")
    return judge(analysis, model, pack, project, cli_inputs=cli_inputs,
                 table=measured[0] if measured is not None else None)


def measurement_key(analysis: Analysis, pack_id: str | None = None,
                    project: ProjectFile | None = None) -> str:
    """Key of the measurement ``check`` judges under this pack and project (see ``check``).

    What the model and its measurement alone decide (a check document's areas part) may
    be cached under it: another site area, limit or household count keeps it.
    """
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.project import ProjectFile

    project = project or ProjectFile()
    return _pack_measure_key(analysis, load_pack(pack_id or project.pack or DEFAULT_PACK),
                             project)


def verdict_key(analysis: Analysis, pack_id: str | None = None,
                project: ProjectFile | None = None) -> str | None:
    """Key of what the model alone decides under this pack and project (``ModelVerdict``).

    What is made from it alone (the text of its findings and ledger) may be cached under
    it: another site area, limit or household count keeps it.
    """
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.project import ProjectFile

    project = project or ProjectFile()
    pack = load_pack(pack_id or project.pack or DEFAULT_PACK)
    return _verdict_key(analysis, pack, project, _pack_measure_key(analysis, pack, project))


def check_cached(path: str | Path, pack_id: str | None = None,
                 project: ProjectFile | None = None, *,
                 cli_inputs: dict[str, Any] | None = None,
                 sha256: str | None = None,
                 with_table: bool = True) -> tuple[Analysis, CheckRun] | None:
    """Check a model from the cache alone, or return None when anything is missing.

    A project change (site area, limits, households) or another pack with the same area
    parameters does not change the model's areas, heights or data pre-flight: with the
    analysis snapshot, the measurement and the IDS results all cached for these bytes,
    the file is hashed and nothing else of it is read (issue 10: a re-check of a
    100,000-element model with a new site area took as long as the first check).
    What the model alone decides (``evaluate.ModelVerdict``) comes from the cache too;
    ``with_table=False`` leaves the area table (and ``run.table``) out when the caller
    needs no more (at 100,000 elements reading it back takes 0.3 s).
    """
    from dataclasses import replace

    from cimcheck import resultcache
    from cimcheck.engine.evaluate import ModelVerdict
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.preflight import IdsRunner
    from cimcheck.engine.project import ProjectFile

    path = Path(path)
    sha256 = sha256 or resultcache.file_sha256(path)     # the caller may have hashed it
    if sha256 is None:
        return None
    analysis = resultcache.load_object(_snapshot_key(sha256))
    if not isinstance(analysis, Analysis) or analysis.model.sha256 != sha256:
        return None
    analysis = replace(analysis, model=replace(analysis.model, path=path))
    project = project or ProjectFile()
    pack = load_pack(pack_id or project.pack or DEFAULT_PACK)
    measure_key = _pack_measure_key(analysis, pack, project)
    key = _verdict_key(analysis, pack, project, measure_key)
    runner = IdsRunner(analysis.model)
    measured = None
    model = resultcache.load_object(key)
    if not isinstance(model, ModelVerdict) or with_table:
        # The model's verdict under other parameters (or its table asked for): judged
        # again from the cached measurement and pre-flight.
        measured = resultcache.load_object(measure_key)
        if not isinstance(measured, tuple) or len(measured) != 2:
            return None
        if not all(runner.cached(files) for files in _preflight_files(pack)):
            return None
    return analysis, _judge(analysis, measured, pack, project, cli_inputs=cli_inputs,
                            ids_runner=runner, key=key, save="here",
                            model=model if isinstance(model, ModelVerdict) else None)


def _preflight_files(pack: RulePack) -> list[list[Path]]:
    """Return the IDS files of each enabled pre-flight rule of the pack (packs have one)."""
    from cimcheck.engine.preflight import ids_files_of

    return [ids_files_of(rule, pack.ids) for rule in pack.rules
            if rule.get("check") == "ids_preflight" and rule.get("enabled", True)]


#: From this size on, the data pre-flight is forked once the analysis has parsed the file
#: (sharing the parsed model), instead of parsing it a second time beside the analysis.
#: Two parsers side by side slow each other (the 100-tower community: 4.2 s each, 3.3 s
#: alone); below it, the early start wins. Measured (whole ``check``, cold, 2 cores):
#: 26 MB +0.19 s, 53 MB -0.17 s, 107 MB -0.4 s when forked after the parse.
SHARED_PARSE_BYTES = 40_000_000


def start_preflight(path: str | Path, sha256: str, pack_id: str | None = None,
                    project: ProjectFile | None = None) -> IdsRunner:
    """Start the data pre-flight of a file in a second process beside its analysis.

    The worker runs the IDS files beside the analysis instead of after it, which pays at
    every size (a one-second check of a small model spent 0.4 s there). Below
    ``SHARED_PARSE_BYTES`` it starts now and opens the file itself; a larger file's worker
    is forked once the analysis has opened it: pass ``runner.opened`` as ``analyse``'s
    ``on_open``. Pass the runner to ``check``; it falls back to a run in process.
    """
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.preflight import FileRef, IdsRunner
    from cimcheck.engine.project import ProjectFile
    from cimcheck.errors import CimcheckError

    path = Path(path)
    project = project or ProjectFile()
    size = path.stat().st_size
    runner = IdsRunner(FileRef(path, sha256, size))
    # The worker starts before the pack's files are checked against the schema: on a
    # small model it is the last to finish, and the check (0.14 s where it has not run
    # before) would delay its start. A broken pack is still said before the analysis.
    pack_id = pack_id or project.pack or DEFAULT_PACK
    try:
        pack = load_pack(pack_id, validate=False)
    except (CimcheckError, LookupError, TypeError, AttributeError, ValueError):
        pack = None         # the validated load below says what is wrong
    for files in _preflight_files(pack)[:1] if pack is not None else ():
        if size < SHARED_PARSE_BYTES:
            # The worker opens the file with the IFC library, which this process is about
            # to import too: imported first, it is the worker's without a second import
            # (on two cores the two processes share every second of work).
            import ifcopenshell  # noqa: F401
            runner.prefetch(files, min_bytes=0)
        else:
            runner.prefetch_when_opened(files)
    try:
        load_pack(pack_id)
    except BaseException:
        runner.close()
        raise
    return runner


def check(analysis: Analysis, pack_id: str | None = None, project: ProjectFile | None = None,
          *, cli_inputs: dict[str, Any] | None = None, use_cache: bool = True,
          parallel: bool = False, ids_runner: IdsRunner | None = None,
          processes: int = 1) -> CheckRun:
    """Evaluate an Analysis under a rule pack and a project file (no re-tessellation).

    The pack is the one named, else the project file's, else ``DEFAULT_PACK``. The run
    holds no sentences, only keys and numbers: any view renders it in its own language.

    Parameters
    ----------
    use_cache : bool
        Read and write the measurement (areas and heights under these area parameters and
        overrides) and the IDS pre-flight's results in the cache (default).
    parallel : bool
        Run the IDS pre-flight of a large file in a second process while the areas are
        measured, and write the measurement to the cache from a forked child while the run
        goes on (``forkmap.in_background``: the caller joins it; in the desktop app, which
        never forks, it is written here). For the command line and the desktop app; not
        inside batch workers, which already use every core.
    ids_runner : IdsRunner, optional
        From ``start_preflight`` (started before the analysis).
    processes : int
        Processes measuring the storeys (``compute_areas``; the command line passes
        ``forkmap.usable_processes()``).

    Returns
    -------
    CheckRun
        ``run.table`` is the area table it judged.
    """
    import threading

    from cimcheck import resultcache
    from cimcheck.engine.pack import load_pack
    from cimcheck.engine.params import area_params, effective_parameters
    from cimcheck.engine.preflight import IdsRunner
    from cimcheck.engine.project import ProjectFile
    from cimcheck.facts.area import compute_areas
    from cimcheck.facts.height import building_heights
    from cimcheck.forkmap import usable_processes
    from cimcheck.results.packed import Packed

    project = project or ProjectFile()
    pack = load_pack(pack_id or project.pack or DEFAULT_PACK)
    runner = ids_runner or IdsRunner(analysis.model)
    runner.use_cache = use_cache
    runner.attach(analysis.model)
    try:
        if parallel and not runner.pending:
            for files in _preflight_files(pack)[:1]:     # one worker: the first rule's
                runner.prefetch(files)
        params = area_params(effective_parameters(pack, project))
        key = _measure_key(analysis, params, project.overrides) if use_cache else None
        measured = resultcache.load_object(key)
        if isinstance(measured, tuple) and len(measured) == 2:
            table, heights = measured
        else:
            table = compute_areas(analysis, overrides=project.overrides, params=params,
                                  processes=processes)
            heights = building_heights(analysis, table)
            save_object(key, (table, heights), background=parallel)
        verdict_key = _verdict_key(analysis, pack, project, key) if key is not None else None
        # Kept for a later project change from the command line (pickled by a forked child
        # where it can be); not by the desktop app's worker threads, which never read it.
        save = "background" if parallel and usable_processes() > 1 else \
            "here" if threading.current_thread() is threading.main_thread() else None
        run = _judge(analysis, (table, heights), pack, project, cli_inputs=cli_inputs,
                     ids_runner=runner, key=verdict_key, save=save)
        # A cached model verdict is read back here, not where the run is first looked at
        # (the desktop app's UI thread).
        for part in (run.ledger, *(seq for _, seq in getattr(run.findings, "segments", ()))):
            if isinstance(part, Packed):
                part.items  # noqa: B018 - unpickles them
        return run
    finally:
        runner.close()
