"""Benchmark: cimcheck against baselines, whole process against whole process, same run.

For every model (the corpus in ../shared/corpus plus a generated model with thousands of
elements) it times, as separate processes (interpreter or Node start-up included):

- ``cimcheck areas`` on a cold cache (empty cache folder);
- ``cimcheck areas`` again on the warm cache (an unchanged file re-checked);
- a bare ``ifcopenshell.geom.iterator`` pass over all products with default settings;
- web-ifc (npm ``web-ifc``) opening the file and streaming every mesh, when Node.js is
  present (``npm install`` runs in bench/ on first use).

Each is run ``--repeat`` times and the median kept. It prints the times and the ratios
cold / web-ifc, cold / iterator and warm / cold, with geometric means. Not a test: numbers
depend on the machine; compare ratios taken in one run.

Usage: .venv/bin/python bench/run.py [--repeat 3] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CORPUS = REPO.parent / "shared" / "corpus"


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        message = f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr[-500:]}"
        raise RuntimeError(message)
    return elapsed


def median_of(repeat: int, run) -> float:
    return statistics.median(run() for _ in range(repeat))


def webifc_ready() -> bool:
    if shutil.which("node") is None:
        return False
    if not (BENCH / "node_modules" / "web-ifc").exists():
        subprocess.run(["npm", "install", "--silent"], cwd=BENCH, capture_output=True,
                       timeout=600)
    return (BENCH / "node_modules" / "web-ifc").exists()


def measure(model: Path, work: Path, repeat: int, node: bool):
    """Median whole-process times of the four runs on one model."""
    cimcheck = [sys.executable, "-m", "cimcheck", "areas", str(model), "--json",
                str(work / "out.json")]
    cache = work / f"cache-{model.stem}"
    env = {**os.environ, "CIMCHECK_CACHE_DIR": str(cache)}

    def cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return timed(cimcheck, env)

    cold_s = median_of(repeat, cold)
    warm_s = median_of(repeat, lambda: timed(cimcheck, env))
    iter_s = median_of(repeat, lambda: timed(
        [sys.executable, str(BENCH / "iterator_pass.py"), str(model)]))
    web_s = median_of(repeat, lambda: timed(
        ["node", str(BENCH / "webifc_stream.mjs"), str(model)])) if node else None
    return model.name, cold_s, warm_s, iter_s, web_s


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cimcheck-bench-"))
    large = work / "generated_2200_elements.ifc"
    subprocess.run([sys.executable, str(BENCH / "make_large.py"), str(large)], check=True)
    models = sorted(CORPUS.glob("*.ifc")) + [large]
    if args.only:
        models = [m for m in models if any(o in m.name for o in args.only)]
    node = webifc_ready()

    rows = []
    for model in models:
        rows.append(measure(model, work, args.repeat, node))
        name, cold_s, warm_s, iter_s, web_s = rows[-1]
        print(f"{name:45} cold {cold_s:6.2f}s  warm {warm_s:5.2f}s  "
              f"iterator {iter_s:6.2f}s  web-ifc {'—' if web_s is None else f'{web_s:5.2f}s'}",
              flush=True)

    def geomean(values):
        values = [v for v in values if v]
        return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")

    print("\nratios (lower is better for cimcheck)")
    print(f"{'model':45} {'cold/web-ifc':>12} {'cold/iterator':>14} {'warm/cold':>10}")
    for name, cold_s, warm_s, iter_s, web_s in rows:
        web = f"{cold_s / web_s:12.2f}" if web_s else f"{'—':>12}"
        print(f"{name:45} {web} {cold_s / iter_s:14.2f} {warm_s / cold_s:10.2f}")
    print(f"{'geometric mean':45} "
          f"{geomean([c / w for _, c, _, _, w in rows if w]):12.2f} "
          f"{geomean([c / i for _, c, _, i, _ in rows]):14.2f} "
          f"{geomean([w / c for _, c, w, _, _ in rows]):10.2f}")
    python_start = median_of(args.repeat, lambda: timed([sys.executable, "-c", "pass"]))
    print(f"\ninterpreter start-up alone: {python_start:.3f}s")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
