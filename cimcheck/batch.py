"""Batch checks: many models under one pack, each in a process of its own, one summary.

A city platform or a consultant checks tens to thousands of submissions. Each model is
checked in a separate worker process (``--jobs`` at a time): a bad file, a crash or a
timeout becomes that model's error row and the others go on. Every model's JSON (and, when
asked, its workbook) lands under ``OUT/results/``, named ``<stem>-<hash of its path>`` so
two ``model.ifc`` from different folders do not collide. ``OUT/summary.jsonl`` gets one
line per model as it finishes (flushed: an interrupted batch loses nothing finished) and
``OUT/summary.xlsx`` the table at the end.

A rerun skips every model whose result is already there for the same file (sha256), pack,
project file and cimcheck version (``--force`` redoes them).

Python API::

    for row in run(["submissions/"], "out/", pack="zj-future-community-2019", jobs=2):
        print(row["file"], row["verdict"] or row["error"])

``scheduler="local:N"`` or ``"tcp://host:8786"`` runs the same tasks on Dask (see
``docs/batch.md``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cimcheck.atomic import write_atomic
from cimcheck.version import __version__

log = logging.getLogger(__name__)

__all__ = ["Task", "check_one", "exit_code", "find_models", "run"]

#: Model file extensions a folder is searched for.
SUFFIXES = (".ifc", ".ifczip")
#: Seconds a model may take before its worker is stopped (generous: a 500 MB model).
DEFAULT_TIMEOUT_S = 3600.0
#: Exit codes: all pass, some FAIL, some inputs bad or lost, internal error.
EXIT_PASS, EXIT_FAIL, EXIT_BAD, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class Task:
    """One model to check: what a worker needs (paths and options only, picklable)."""

    path: str
    key: str
    out_dir: str
    pack: str | None
    project: str | None
    lang: str
    xlsx: bool
    identity: dict[str, Any]
    bcf: bool = False


def find_models(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand inputs: model files, folders (searched recursively) and lists of paths.

    A text file (not .ifc/.ifczip) is read as one path per line; blank lines and lines
    starting with ``#`` are skipped. Duplicates are dropped, order kept.
    """
    found: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
                            and p.is_file())
        elif path.suffix.lower() in SUFFIXES or not path.is_file():
            found.append(path)
        else:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            found += [Path(line.strip()) for line in lines
                      if line.strip() and not line.strip().startswith("#")]
    seen: set[Path] = set()
    out = []
    for path in found:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            out.append(path)
    return out


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _project_for(model: Path, project_dir: Path | None) -> Path | None:
    from cimcheck.engine.project import default_project_path

    if project_dir is not None:
        candidate = project_dir / f"{model.stem}.cimcheck.yaml"
        return candidate if candidate.exists() else None
    beside = default_project_path(model)
    return beside if beside.exists() else None


def _task(model: Path, out_dir: Path, pack: str | None, project_dir: Path | None,
          lang: str, xlsx: bool, bcf: bool = False) -> Task:
    project = _project_for(model, project_dir)
    key = f"{model.stem}-{hashlib.sha1(str(model.resolve()).encode()).hexdigest()[:8]}"
    identity = {"sha256": _sha256(model), "pack": pack, "version": __version__,
                "project": _sha256(project) if project is not None else None,
                "xlsx": xlsx, "lang": lang, "bcf": bcf}
    return Task(str(model), key, str(out_dir), pack, str(project) if project else None,
                lang, xlsx, identity, bcf)


def _counts(findings: list[dict[str, Any]]) -> tuple[int, int]:
    return (sum(f["status"] == "FAIL" for f in findings),
            sum(f["status"] == "WARN" for f in findings))


def _row(task: Task, document: dict[str, Any] | None, seconds: float,
         error: str | None = None, kind: str | None = None) -> dict[str, Any]:
    """Summary row of one model (what summary.jsonl and summary.xlsx hold)."""
    row: dict[str, Any] = {"file": task.path, "key": task.key,
                           "sha256": task.identity.get("sha256"), "seconds": round(seconds, 2),
                           "error": error, "error_kind": kind, "identity": task.identity}
    if document is not None:
        ind = document["indicators"]
        fails, warns = _counts(document["findings"])
        row.update({
            "pack": document["pack"]["id"], "verdict": document["result"],
            "total_building_area_m2": ind.get("total_building_area_m2"),
            "far_area_m2": ind.get("far_area_m2"), "plot_ratio": ind.get("plot_ratio"),
            "exempt_area_m2": ind.get("exempt_area_m2"),
            "building_density": ind.get("building_density"),
            "green_ratio": ind.get("green_ratio"), "service_area_m2": ind.get("service_area_m2"),
            "service_required_m2": ind.get("service_required_m2"),
            "building_height_m": ind.get("building_height_m"),
            "fail": fails, "warn": warns,
            "workbook": f"results/{task.key}.xlsx" if task.xlsx else None})
    else:
        row["verdict"] = None
    return row


def check_one(task: Task) -> dict[str, Any]:
    """Check one model and write its results; return its summary row (runs in a worker).

    A problem with the model is its row's ``error`` (``error_kind`` "input"); anything
    else is "internal". Nothing raises.
    """
    from cimcheck.errors import CimcheckError

    started, since = time.perf_counter(), time.time()
    if os.environ.get("CIMCHECK_BATCH_CRASH") and Path(task.path).name == os.environ[
            "CIMCHECK_BATCH_CRASH"]:
        os._exit(139)  # a worker killed mid-model (tests only)
    try:
        from cimcheck.engine.project import ProjectFile, load_project
        from cimcheck.pipeline import analyse, check
        from cimcheck.present.check import check_dict

        project = load_project(Path(task.project)) if task.project else ProjectFile()
        analysis = analyse(task.path)
        run_ = check(analysis, task.pack, project)
        document = check_dict(analysis, run_.table, run_, task.lang)
        document["batch"] = task.identity
        results = Path(task.out_dir) / "results"
        if task.xlsx:
            from cimcheck.present.excel import write_workbook

            write_workbook(run_, results / f"{task.key}.xlsx", task.lang)
        if task.bcf:
            from cimcheck.present.bcf import write_bcf

            write_bcf(run_, results / f"{task.key}.bcf", analysis=analysis, lang=task.lang)
        write_atomic(results / f"{task.key}.json",
                     json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        return _row(task, document, time.perf_counter() - started)
    except CimcheckError as err:
        return _row(task, None, time.perf_counter() - started, err.localized(task.lang),
                    "input")
    except Exception as err:
        log.debug("internal error on %s", task.path, exc_info=True)
        return _row(task, None, time.perf_counter() - started,
                    f"{type(err).__name__}: {err}", "internal")
    finally:
        # Each worker keeps the caches within their bound after each model: a batch of
        # many large models would otherwise fill the folder before it ends.
        from cimcheck.cachelimit import trim_if_written

        trim_if_written(since)


def _child(task: Task, queue: Any) -> None:
    from cimcheck.forkmap import end_with_starter

    end_with_starter()      # a killed batch's workers end with it (check_one never forks)
    queue.put(check_one(task))


def _done_before(task: Task) -> dict[str, Any] | None:
    """Return the row of a result already in OUT for the same identity, or None."""
    path = Path(task.out_dir) / "results" / f"{task.key}.json"
    if task.identity.get("sha256") is None or not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if document.get("batch") != task.identity:
        return None
    if task.xlsx and not (Path(task.out_dir) / "results" / f"{task.key}.xlsx").exists():
        return None
    row = _row(task, document, 0.0)
    row["skipped"] = True
    return row


#: What the fork server imports once for every worker: the whole core. The pipeline
#: imports the geometry stack only when it analyses, so it is named here (without it a
#: worker imported ifcopenshell, numpy and shapely itself: 156 models a minute on one
#: core instead of 202, the corpus ×3 through ``bench/batch.py``).
PRELOADED = ("cimcheck.pipeline", "cimcheck.model.index", "cimcheck.geometry.cache",
             "cimcheck.geometry.tessellate", "cimcheck.facts.area", "cimcheck.engine.evaluate",
             "cimcheck.present.check", "cimcheck.present.excel", "cimcheck.engine.checks")


def _local(tasks: list[Task], jobs: int, timeout: float) -> Iterator[dict[str, Any]]:
    """Run tasks in worker processes, ``jobs`` at a time; one retry after a crash."""
    # A fork server with the core imported: each model gets a fresh process (isolation,
    # timeouts, crashes its own) without paying for the imports again (spawn: ~0.5 s).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOADED))
    queue: list[tuple[Task, int]] = [(task, 0) for task in tasks]
    running: dict[Any, tuple[Task, int, Any, float]] = {}
    while queue or running:
        while queue and len(running) < jobs:
            task, attempt = queue.pop(0)
            channel = context.Queue()
            process = context.Process(target=_child, args=(task, channel), daemon=True)
            process.start()
            running[process] = (task, attempt, channel, time.perf_counter())
        for process, (task, attempt, channel, started) in list(running.items()):
            result = None
            try:
                result = channel.get(timeout=0.05)
            except Exception:  # noqa: BLE001 - queue.Empty: not finished yet
                result = None
            if result is not None:
                process.join(5)
                del running[process]
                yield result
                continue
            if not process.is_alive():
                del running[process]
                if attempt == 0:
                    log.warning("worker for %s died (exit %s): retrying once", task.path,
                                process.exitcode)
                    queue.append((task, 1))
                else:
                    yield _row(task, None, time.perf_counter() - started,
                               f"the worker process died (exit code {process.exitcode}) "
                               "twice on this model", "crash")
            elif time.perf_counter() - started > timeout:
                process.terminate()
                process.join(5)
                del running[process]
                yield _row(task, None, time.perf_counter() - started,
                           f"stopped after {timeout:.0f} s (--timeout)", "timeout")


def _dask(tasks: list[Task], scheduler: str) -> Iterator[dict[str, Any]]:
    """Run tasks on a Dask cluster; the client writes the summary as results stream in."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as err:
        from cimcheck.errors import CimcheckError

        raise CimcheckError("export.missing_library", library="distributed") from err
    cluster = None
    if scheduler.startswith("local:"):
        cluster = LocalCluster(n_workers=int(scheduler.split(":", 1)[1]), threads_per_worker=1,
                               processes=True, dashboard_address=None,
                               silence_logs=logging.WARNING)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        pending = list(tasks)
        # A bounded queue: no worker is handed more models than it works on.
        futures = as_completed()
        for task in pending[: 2 * workers]:
            futures.add(client.submit(check_one, task, pure=False, key=f"check-{task.key}"))
        pending = pending[2 * workers:]
        for future in futures:
            try:
                row = future.result()
            except Exception as err:  # noqa: BLE001 - a lost worker is that model's error
                task = next((t for t in tasks if future.key == f"check-{t.key}"), tasks[0])
                row = _row(task, None, 0.0, f"the Dask worker failed: {err}", "crash")
            yield row
            if pending:
                task = pending.pop(0)
                futures.add(client.submit(check_one, task, pure=False,
                                          key=f"check-{task.key}"))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(inputs: Iterable[str | Path], out_dir: str | Path, *, pack: str | None = None,  # noqa: PLR0913 - the batch options, keyword-only
        project_dir: str | Path | None = None, jobs: int | None = None,
        scheduler: str | None = None, timeout: float = DEFAULT_TIMEOUT_S, xlsx: bool = False,
        lang: str = "zh", force: bool = False, bcf: bool = False) -> Iterator[dict[str, Any]]:
    """Check every model of ``inputs``; yield each model's summary row as it finishes.

    Rows are appended to ``OUT/summary.jsonl`` as they come; ``write_summary`` writes the
    workbook of the whole batch.
    """
    out = Path(out_dir)
    (out / "results").mkdir(parents=True, exist_ok=True)
    models = find_models(inputs)
    tasks = [_task(m, out, pack, Path(project_dir) if project_dir else None, lang, xlsx, bcf)
             for m in models]
    todo = []
    journal = (out / "summary.jsonl").open("a", encoding="utf-8")
    try:
        for task in tasks:
            previous = None if force else _done_before(task)
            if previous is not None:
                _journal(journal, previous)
                yield previous
            else:
                todo.append(task)
        rows = _dask(todo, scheduler) if scheduler else _local(
            todo, jobs or os.cpu_count() or 1, timeout)
        for row in rows:
            _journal(journal, row)
            yield row
    finally:
        journal.close()


def _journal(handle: Any, row: dict[str, Any]) -> None:
    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    handle.flush()
    os.fsync(handle.fileno())


def exit_code(rows: list[dict[str, Any]]) -> int:
    """Return the batch's exit code: 3 internal, 2 bad or lost inputs, 1 FAIL, 0 pass."""
    kinds = {r.get("error_kind") for r in rows if r.get("error")}
    if "internal" in kinds:
        return EXIT_INTERNAL
    if kinds:
        return EXIT_BAD
    return EXIT_FAIL if any(r.get("verdict") in ("FAIL", "ERROR") for r in rows) else EXIT_PASS

