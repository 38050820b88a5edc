"""Accuracy table: every corpus model, storey by storey, against what else the model says.

For each model in ../shared/corpus it prints, per storey: the kind, our building area (with
the GB/T 50353 coefficients), the gross area compared (outline with clear-height bands),
the rooms (and counted shafts), their ratio, the storey's authored GrossFloorArea and the
authored GrossArea of its floor slabs, the plan of its floor slabs, and the warnings; then
the model's area diagnostics. Not a test: it is the table a developer reads before and after
an engine change (and puts in the issue note).

Usage: .venv/bin/python bench/accuracy.py [--only NAME ...] [--lang en|zh] [--no-cache]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CORPUS = BENCH.parent.parent / "shared" / "corpus"


def _fmt(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report(path: Path, lang: str, use_cache: bool) -> list[str]:
    """Return the table lines of one model."""
    from cimcheck.facts.area import compute_areas
    from cimcheck.pipeline import analyse

    analysis = analyse(path, use_cache=use_cache)
    table = compute_areas(analysis)
    lines = [f"== {path.name} ({analysis.model.application or '?'})"]
    head = (f"  {'storey':<22} {'kind':<13} {'building':>9} {'gross':>9} {'rooms':>9} "
            f"{'ratio':>6} {'authored':>9} {'slabs Q':>9} {'slab plan':>9}  check")
    lines.append(head)
    for s in table.storeys:
        c = s.checks
        lines.append(
            f"  {s.storey.name[:22]:<22} {s.kind:<13} {s.building_area_m2:>9.2f} "
            f"{_fmt(c.gross_m2 if c else None):>9} {_fmt(c.rooms_m2 if c else None):>9} "
            f"{_fmt(c.rooms_ratio if c else None):>6} "
            f"{_fmt(c.authored_gross_m2 if c else None):>9} "
            f"{_fmt(c.slab_gross_m2 if c else None):>9} "
            f"{_fmt(c.slab_outline_m2 if c else None):>9}  "
            f"{'ok' if c is None or c.plausible else 'WARN'}")
    for d in table.diagnostics:
        if d.severity.value in ("warning", "error"):
            lines.append(f"    ! {d.message(lang)}")
    if not table.storeys:
        lines.append("    (no storeys)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the accuracy table of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="file names (substrings)")
    parser.add_argument("--lang", default="en", choices=("en", "zh"))
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 2
    for path in sorted(CORPUS.glob("*.ifc")):
        if args.only and not any(o in path.name for o in args.only):
            continue
        print("\n".join(report(path, args.lang, not args.no_cache)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
