"""Benchmark: cimcheck against web-ifc, whole process against whole process, same run.

Models: a scale series of generated communities (``make_community.py``: residential
towers on one site, about 1,000 products a tower; default 2, 10, 25, 50 and 100 towers)
and the corpus in ../shared/corpus. For each model, as separate processes (interpreter or
Node start-up included), ``--repeat`` times, median kept:

- ``cimcheck check`` on a cold cache (empty cache folder);
- ``cimcheck check`` again, the file unchanged (a re-check);
- ``cimcheck check --site-area ...`` (a project change: nothing of the model changed),
  with ``--json`` as the other runs, and printing its report alone (no document to write:
  at 100 towers the document is 25 MB, written and synced);
- web-ifc (npm ``web-ifc``) opening the file and streaming every mesh, when Node.js is
  present (``npm install`` runs in bench/ on first use), each run right after a cold
  check: the ratio cold / web-ifc is the median of these pairs' ratios (the VM's speed
  drifts by up to 2x within minutes; three cold runs of 100 towers, then three web-ifc
  runs, compared one minute's speed with another's);

with the peak resident memory of each process (``wait4``), the ratios cold / web-ifc and
peak / file size, and the growth exponent of each over the series (least squares of
log time against log product count: 1.0 is linear). It prints Markdown tables and
writes everything as JSON. Not a test: numbers depend on the machine; compare ratios
taken in one run. cimcheck's bytecode is compiled first, as an installation has it.

Usage: .venv/bin/python bench/run.py [--towers 2 10 25 50 100] [--no-corpus]
                                     [--only NAME ...] [--repeat 1] [--json PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = REPO.parent / "shared" / "corpus"
MODELS = BENCH / ".models"        # generated models, kept between runs (git-ignored)


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Row:
    model: str
    products: int
    file_mb: float
    cold: Run
    warm: Run
    project_change: Run
    webifc: Run | None
    project_change_report: Run | None = None
    pair_ratios: list[float] | None = None

    @property
    def ratio(self) -> float | None:
        """Median of the ratios of the cold runs to the web-ifc runs right after them."""
        if self.pair_ratios:
            return statistics.median(self.pair_ratios)
        return self.cold.seconds / self.webifc.seconds if self.webifc else None


def run_once(cmd: list[str], env: dict | None = None) -> Run:
    """Run ``cmd`` to the end; its wall time and peak RSS (this child only)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            err.seek(0)
            tail = err.read()[-800:].decode(errors="replace")
            message = f"{' '.join(cmd)} failed ({child.returncode}): {tail}"
            raise RuntimeError(message)
    return Run(elapsed, usage.ru_maxrss / 1024)     # ru_maxrss is in KiB on Linux


def median_run(repeat: int, make) -> Run:
    return median_of([make() for _ in range(repeat)])


def median_of(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs),
               statistics.median(r.peak_mb for r in runs))


def webifc_ready() -> bool:
    if shutil.which("node") is None:
        return False
    if not (BENCH / "node_modules" / "web-ifc").exists():
        subprocess.run(["npm", "install", "--silent"], cwd=BENCH, capture_output=True,
                       timeout=600)
    return (BENCH / "node_modules" / "web-ifc").exists()


def community(towers: int) -> Path:
    """The generated community of ``towers`` towers, rebuilt when its generator changed."""
    source = hashlib.sha256((BENCH / "make_community.py").read_bytes()
                            + (REPO / "tests" / "builders.py").read_bytes()).hexdigest()[:12]
    path = MODELS / f"community_{towers:03d}_towers_{source}.ifc"
    if not path.exists():
        MODELS.mkdir(exist_ok=True)
        print(f"generating {path.name} ...", flush=True)
        partial = path.with_suffix(".tmp")
        subprocess.run([sys.executable, str(BENCH / "make_community.py"), str(partial),
                        "--towers", str(towers)], check=True)
        partial.replace(path)
    return path


def products(path: Path) -> int:
    """Count the model's products in a child process.

    Not in this one: a child forked from a large process reports the parent's resident
    size as its own peak (Linux keeps the high-water mark across exec), so this process
    must stay small for the peaks measured after it to be the children's.
    """
    count = ("import ifcopenshell, sys; "
             "print(len(ifcopenshell.open(sys.argv[1]).by_type('IfcProduct')))")
    done = subprocess.run([sys.executable, "-c", count, str(path)], capture_output=True,
                          text=True, check=True)
    return int(done.stdout)


def measure(model: Path, work: Path, repeat: int, node: bool) -> Row:
    """Median whole-process runs of the four commands on one model."""
    cache = work / f"cache-{model.stem}"
    env = {**os.environ, "CIMCHECK_CACHE_DIR": str(cache)}
    check = [sys.executable, "-m", "cimcheck", "check", str(model), "--json",
             str(work / "out.json")]

    def cold() -> Run:
        shutil.rmtree(cache, ignore_errors=True)
        return run_once(check, env)

    def web() -> Run:
        return run_once(["node", str(BENCH / "webifc_stream.mjs"), str(model)])

    # Each cold run with a web-ifc run right after it, at the same speed of the VM.
    pairs = [(cold(), web() if node else None) for _ in range(repeat)]
    cold_run = median_of([c for c, _ in pairs])
    web_run = median_of([w for _, w in pairs if w]) if node else None
    warm_run = median_run(repeat, lambda: run_once(check, env))
    areas = iter(range(10_000, 10_000 + 200 * repeat, 100))   # a new value every time
    change_run = median_run(repeat, lambda: run_once(
        [*check, "--site-area", str(next(areas))], env))
    report_run = median_run(repeat, lambda: run_once(
        [*check[:-2], "--site-area", str(next(areas))], env))
    label = model.name.split("_towers_")[0] + "_towers.ifc" if "_towers_" in model.name \
        else model.name
    return Row(label, products(model), model.stat().st_size / 1e6, cold_run, warm_run,
               change_run, web_run, report_run,
               [c.seconds / w.seconds for c, w in pairs if w] or None)


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) against log(x): the growth exponent."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def table(rows: list[Row]) -> list[str]:
    lines = ["| model | products | file MB | check cold s | web-ifc s | cold / web-ifc | "
             "re-check s | project change s | … report only s | peak MB | peak / file | "
             "web-ifc peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        web = f"{r.webifc.seconds:.2f}" if r.webifc else "—"
        web_peak = f"{r.webifc.peak_mb:.0f}" if r.webifc else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio else "—"
        report = f"{r.project_change_report.seconds:.2f}" if r.project_change_report else "—"
        lines.append(
            f"| {r.model} | {r.products:,} | {r.file_mb:.1f} | {r.cold.seconds:.2f} | {web} | "
            f"{ratio} | {r.warm.seconds:.2f} | {r.project_change.seconds:.2f} | {report} | "
            f"{r.cold.peak_mb:.0f} | {r.cold.peak_mb / r.file_mb:.1f}× | {web_peak} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towers", type=int, nargs="*", default=[2, 10, 25, 50, 100])
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--only", nargs="*", help="corpus files whose name contains one of these")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "scale.json")
    args = parser.parse_args()

    # As installed: pip writes the bytecode of a package it installs, and a bundle holds
    # it. A checkout run under PYTHONDONTWRITEBYTECODE (this sandbox sets it) compiles
    # every module on every start: 0.04 s of a re-check, on top of the engine's own time.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "cimcheck"),
                    str(REPO / "rules")], check=True)
    node = webifc_ready()
    if not node:
        print("web-ifc unavailable (no Node.js or npm install failed): no baseline column")
    work = Path(tempfile.mkdtemp(prefix="cimcheck-bench-"))
    series = [community(n) for n in args.towers]
    corpus = [] if args.no_corpus else sorted(CORPUS.glob("*.ifc"))
    if args.only:
        corpus = [m for m in corpus if any(o in m.name for o in args.only)]

    rows: dict[str, list[Row]] = {"series": [], "corpus": []}
    for part, models in (("series", series), ("corpus", corpus)):
        for model in models:
            row = measure(model, work, args.repeat, node)
            rows[part].append(row)
            print(table([row])[-1], flush=True)
    shutil.rmtree(work, ignore_errors=True)

    growth = {
        "check cold": exponent([(r.products, r.cold.seconds) for r in rows["series"]]),
        "web-ifc": exponent([(r.products, r.webifc.seconds) for r in rows["series"]
                             if r.webifc]),
        "peak memory": exponent([(r.products, r.cold.peak_mb) for r in rows["series"]]),
    }
    print("\n### Scale series (generated communities)\n")
    print("\n".join(table(rows["series"])))
    print("\ncold / web-ifc: the median of each cold run's ratio to the web-ifc run right after "
          "it (not the quotient of the two medians in the table)")
    print("\ngrowth exponent over the series (1.0 = linear): "
          + ", ".join(f"{k} {v:.2f}" for k, v in growth.items() if v is not None))
    if rows["corpus"]:
        print("\n### Corpus\n")
        print("\n".join(table(rows["corpus"])))
    python_start = median_run(3, lambda: run_once([sys.executable, "-c", "pass"]))
    print(f"\ninterpreter start-up alone: {python_start.seconds:.3f} s")

    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%d"),
        "repeat": args.repeat,
        "growth_exponent": growth,
        "python_start_s": python_start.seconds,
        **{part: [{**asdict(r), "ratio": r.ratio} for r in part_rows]
           for part, part_rows in rows.items()},
    }
    partial = args.json.with_suffix(".tmp")
    partial.write_text(json.dumps(document, indent=1), "utf-8")
    partial.replace(args.json)
    print(f"written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
