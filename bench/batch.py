"""Batch throughput: the corpus ×10 through ``cimcheck batch``, models per minute.

    .venv/bin/python bench/batch.py [--copies 10]

Copies every corpus model ``--copies`` times into a temporary folder (each copy is a new
file for the batch: its own result, the geometry cache shared by content) and runs the
batch with ``--jobs 1``, ``--jobs 2`` and ``--scheduler local:2``, printing models per
minute for each. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    models = sorted(CORPUS.glob("*.ifc"))
    for n in range(args.copies):
        for model in models:
            shutil.copy(model, folder / f"{model.stem}_{n:02d}.ifc")
    total = len(models) * args.copies
    print(f"{total} models ({len(models)} corpus files × {args.copies})")
    for label, options in (("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"]),
                           ("--scheduler local:2", ["--scheduler", "local:2"])):
        out = folder / f"out_{label.replace(' ', '_').replace(':', '')}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cimcheck", "batch", str(folder), "--out",
                        str(out), "--lang", "en", *options], capture_output=True, check=False)
        seconds = time.perf_counter() - started
        print(f"{label:22s} {seconds:7.1f} s  {total / seconds * 60:6.1f} models/minute")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
