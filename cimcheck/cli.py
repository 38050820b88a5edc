"""The ``cimcheck`` command line: batch use and scripting over the same core as the UI.

Exit codes: 0 success (every finding PASS, WARN or not applicable), 1 a FAIL
finding, 2 bad input (a CimcheckError, one line on stderr, no traceback unless ``--debug``),
3 an ERROR finding or an internal error.
Output speaks Chinese by default; ``--lang en`` switches to English.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO

from cimcheck.errors import CimcheckError
from cimcheck.forkmap import join_background
from cimcheck.present.formats import describe_households, describe_source, format_indicator
from cimcheck.text import LANGUAGES, Words, default_lang, tr
from cimcheck.version import __version__
from cimcheck.vocab import INDICATORS, severity_rank

if TYPE_CHECKING:
    from cimcheck.analysis import Analysis
    from cimcheck.engine.project import ProjectFile
    from cimcheck.facts.items import AreaTable
    from cimcheck.progress import TerminalProgress
    from cimcheck.resultcache import Text
    from cimcheck.results.finding import CheckRun

#: Prints a command's document in a language (``_print_info``, ``_print_check``, ...).
Printer = Callable[[dict[str, Any], str, TextIO], None]

__all__ = ["main"]

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_ERROR_FINDING = 3


def _terminal_progress() -> TerminalProgress:
    from cimcheck.progress import TerminalProgress

    return TerminalProgress(sys.stderr)


def _emit_json(document: dict[str, Any], target: str, out: TextIO, lang: str,
               text: Text | None = None) -> None:
    """Write the document (``text``: already encoded, UTF-8) to ``target``, "-" for ``out``."""
    from cimcheck.atomic import write_atomic
    from cimcheck.resultcache import document_text, text_bytes

    # No NaN or Infinity: they are not JSON, and every number a report carries is checked.
    data = text if text is not None else document_text(document)
    if target == "-":
        out.write(text_bytes(data).decode("utf-8"))
    else:
        write_atomic(target, data)
        print(tr("cli.written", lang, path=target), file=sys.stderr)


def _format_number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _print_info(doc: dict[str, Any], lang: str, out: TextIO) -> None:
    model, units = doc["model"], doc["units"]
    w = out.write
    w(f"{tr('cli.model', lang)}: {model['file']}\n")
    w(f"  SHA-256: {model['sha256']}\n")
    w(f"  {tr('cli.schema', lang)}: {model['schema_identifier']}\n")
    w(f"  {tr('cli.application', lang)}: {model['application'] or '—'}\n")
    inferred = tr("cli.area_inferred", lang) if units["area_unit_inferred"] else ""
    w(f"  {tr('cli.units', lang)}: "
      + tr("cli.units_line", lang, unit=units["length_unit"], length=f"{units['length_to_m']:g}",
           area=f"{units['area_to_m2']:g}", inferred=inferred) + "\n")
    w(f"\n{tr('cli.storeys', lang)}:\n")
    if not doc["storeys"]:
        w(f"  {tr('cli.no_storeys', lang)}\n")
    else:
        header = [tr(k, lang) for k in ("cli.col_name", "cli.col_elevation", "cli.col_height",
                                        "cli.col_source", "cli.col_spaces")]
        rows = [
            [s["name"] or "—", _format_number(s["elevation_m"]), _format_number(s["height_m"]),
             tr(f"height.{s['height_source']}", lang), str(s["spaces"])]
            for s in doc["storeys"]
        ]
        _table(header, rows, out)
    w(f"\n{tr('cli.counts', lang)}:\n")
    counts = sorted(doc["counts"].items(), key=lambda kv: (-kv[1], kv[0]))
    for name, n in counts:
        w(f"  {name:<32} {n:>6}\n")
    geo = doc["geometry"]
    how = tr("cli.from_cache" if geo["source"] == "cache" else "cli.tessellated", lang)
    kernels = ", ".join(f"{k} {v}" for k, v in sorted(geo["kernels"].items())) or "—"
    w(f"\n{tr('cli.geometry', lang)}: "
      + tr("cli.geometry_line", lang, meshes=geo["meshes"], how=how, seconds=geo["seconds"],
           kernels=kernels) + "\n")
    _print_diagnostics(doc["diagnostics"], lang, out)


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _table(header: list[str], rows: list[list[str]], out: TextIO) -> None:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        out.write("  " + "  ".join(cells).rstrip() + "\n")


def _document_command(args: argparse.Namespace, out: TextIO,
                      build: Callable[[Any], dict[str, Any]], printer: Printer) -> int:
    """Answer ``info`` or ``areas``: from the result cache, or analysed, printed and cached.

    The cache is looked up before the geometry stack is even imported, so a re-check of an
    unchanged file costs little more than starting Python (see ``resultcache``).
    """
    from pathlib import Path

    from cimcheck import resultcache

    model = Path(args.model)
    key = None if args.no_cache else resultcache.result_key(
        model, args.command, lang=args.lang, file=model.name)
    cached = _cached_answer(args, out, key)
    if cached is not None:
        return cached
    from cimcheck.forkmap import usable_processes
    from cimcheck.pipeline import analyse

    progress = _terminal_progress()
    try:
        analysis = analyse(args.model, progress=progress, use_cache=not args.no_cache,
                           processes=usable_processes())
    finally:
        progress.close()
    # Filed under the bytes analysed: if the file changed since the lookup, the lookup key
    # is not this document's.
    save_key = None if key is None else resultcache.key_for(
        analysis.model.sha256, args.command, lang=args.lang, file=model.name)
    return _answer(args, out, save_key, build(analysis), printer, EXIT_OK)


def _cached_answer(args: argparse.Namespace, out: TextIO, key: str | None) -> int | None:
    """Write the answer cached under ``key`` as the command would; its exit code, or None."""
    from cimcheck import resultcache
    from cimcheck.atomic import holds

    answer = resultcache.load_answer(key, text=False)
    if answer is None:
        return None
    if args.json and args.json != "-" and holds(args.json, answer.size, answer.digest):
        # The target holds this document already (an unchanged re-check): its 25 MB at
        # 100,000 elements are neither read from the cache nor written again.
        print(tr("cli.written", args.lang, path=args.json), file=sys.stderr)
    elif args.json:
        answer = resultcache.load_answer(key, text=True)
        if answer is None:
            return None
        _emit_json({}, args.json, out, args.lang, answer.text)
    if args.json != "-":
        out.write(answer.report)
    return answer.exit_code


def _answer(args: argparse.Namespace, out: TextIO, key: str | None, document: dict[str, Any],
            printer: Printer, exit_code: int, text: Text | None = None,
            joined: tuple[str, Text] | None = None) -> int:
    """Write the document as JSON (``--json``) and print it; cache what was written.

    The document is encoded only when ``--json`` asks for it (a second on a 100,000-element
    model); a later run with ``--json`` computes it then.
    """
    import io

    from cimcheck import resultcache

    if args.json:
        # Raises ValueError for a NaN: not JSON, and no report number may be one.
        text = text if text is not None else resultcache.document_text(document)
        _emit_json(document, args.json, out, args.lang, text)
    report = io.StringIO()
    printer(document, args.lang, report)
    if args.json != "-":
        out.write(report.getvalue())
    resultcache.save_answer(key, resultcache.Answer(exit_code, report.getvalue(), text),
                            joined=joined)
    return exit_code


def _cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    def build(analysis: Analysis) -> dict[str, Any]:
        from cimcheck.present.info import info_dict

        return info_dict(analysis, args.lang)

    return _document_command(args, out, build, _print_info)


def _print_diagnostics(diagnostics: list[dict[str, Any]], lang: str, out: TextIO) -> None:
    out.write(f"\n{tr('cli.diagnostics', lang)} ({len(diagnostics)}):\n")
    if not diagnostics:
        out.write(f"  {tr('cli.no_diagnostics', lang)}\n")
    for d in diagnostics:
        out.write(f"  [{tr('severity.' + d['severity'], lang)}] {d['message']}\n")


def _plausibility_cells(checks: dict[str, Any] | None, lang: str) -> list[str]:
    """Rooms, ratio, authored gross area and the verdict of a storey's plausibility line."""
    if checks is None:
        return ["—"] * 4
    ratio = checks["rooms_ratio"]
    return [_format_number(checks["rooms_m2"], 2),
            "—" if ratio is None else f"×{ratio:.2f}",
            _format_number(checks["authored_gross_m2"], 2),
            tr("cli.check_ok" if checks["plausible"] else "cli.check_warn", lang)]


def _print_areas(doc: dict[str, Any], lang: str, out: TextIO) -> None:
    w = out.write
    w(f"{tr('cli.model', lang)}: {doc['model']['file']}\n\n{tr('cli.storeys', lang)}:\n")
    header = [tr(k, lang) for k in ("cli.col_name", "cli.col_elevation", "cli.col_height",
                                    "cli.col_kind", "cli.col_area", "cli.col_rooms",
                                    "cli.col_ratio", "cli.col_authored", "cli.col_check")]
    rows = [[s["name"] or "—", _format_number(s["elevation_m"]), _format_number(s["height_m"]),
             tr(f"cat.{s['kind']}", lang), _format_number(s["building_area_m2"], 2),
             *_plausibility_cells(s.get("checks"), lang)]
            for s in doc["storeys"]]
    _table(header, rows, out)
    totals = doc["totals"]
    w("\n" + tr("cli.totals_line", lang, total=totals["building_area_m2"],
                above=totals["above_ground_m2"], below=totals["below_ground_m2"],
                footprint=totals["footprint_m2"],
                households="—" if totals["households"] is None else totals["households"],
                household_source=describe_households(totals["household_source"], lang))
      + "\n")
    w(f"\n{tr('cli.items_by_category', lang)}:\n")
    groups: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for item in doc["items"]:
        groups.setdefault((item["category"], item["area_coefficient"]), []).append(item)
    header = [tr(k, lang) for k in ("cli.col_category", "cli.col_count", "cli.col_measured")]
    header += ["×", tr("cli.col_area", lang)]
    rows = [[tr(f"cat.{cat}", lang), str(len(items)),
             f"{sum(i['area_m2'] for i in items):.2f}", f"{coeff:g}",
             f"{sum(i['building_area_m2'] for i in items):.2f}"]
            for (cat, coeff), items in sorted(groups.items())]
    _table(header, rows, out)
    inferred = [i for i in doc["items"] if i["inferred"]]
    if inferred:
        w(f"\n{tr('cli.inferred', lang)} ({len(inferred)}):\n")
        shown = _cut(inferred)
        for item in shown:
            w(f"  {item['id']} {tr('cat.' + item['category'], lang)} {item['area_m2']:.2f} m²"
              f" — {item['evidence'][0] if item['evidence'] else ''}\n")
        if len(shown) < len(inferred):
            w(f"  {tr('cli.items_more', lang, count=len(inferred) - len(shown))}\n")
    _print_diagnostics(doc["diagnostics"], lang, out)


def _cmd_areas(args: argparse.Namespace, out: TextIO) -> int:
    def build(analysis: Analysis) -> dict[str, Any]:
        from cimcheck.facts.area import compute_areas
        from cimcheck.forkmap import usable_processes
        from cimcheck.present.areas import areas_dict

        return areas_dict(analysis, compute_areas(analysis, processes=usable_processes()),
                          args.lang)

    return _document_command(args, out, build, _print_areas)


def _print_check(doc: dict[str, Any], lang: str, out: TextIO) -> None:
    w = out.write
    title = Words.of(doc["pack"]["title"])
    if isinstance(title, Words):
        title = title.pick(lang)
    w(f"{tr('cli.model', lang)}: {doc['model']['file']}\n")
    w(f"{tr('cli.pack', lang)}: {doc['pack']['id']} {doc['pack']['version']} — {title}\n")
    w(f"\n{tr('cli.indicators', lang)}:\n")
    rows = []
    for key in INDICATORS:
        value = doc["indicators"].get(key)
        if isinstance(value, dict) and key == "exempt_area_m2":
            # The exempt area, then a row per category (as the workbook's 不计容明细).
            rows.append([tr(f"ind.{key}", lang), f"{sum(value.values()):.2f}", ""])
            rows += [[tr("cli.of_which", lang, part=tr("cat." + k, lang)), f"{v:.2f}", ""]
                     for k, v in value.items() if v]
            continue
        if isinstance(value, dict):         # heights by building name
            text = _dict_cell({str(k): v for k, v in value.items() if v}, lang)
        else:
            text = format_indicator(key, value)
        source = doc["indicator_sources"].get(key)
        rows.append([tr(f"ind.{key}", lang), text,
                     describe_source(source, lang) if source else ""])
    _table([tr(k, lang) for k in ("cli.col_indicator", "cli.col_value", "cli.col_from")],
           rows, out)
    w(f"\n{tr('cli.findings', lang)} ({len(doc['findings'])}):\n")
    labels = {s: tr(f"status.{s}", lang) for s in {f["status"] for f in doc["findings"]}}
    rank = {s: severity_rank(s) for s in labels}
    ordered = sorted(doc["findings"], key=lambda f: rank[f["status"]])
    for (status, rule_id), group in groupby(ordered, key=lambda f: (f["status"], f["rule_id"])):
        findings = list(group)
        shown = _cut(findings)
        w("".join(f"  [{labels[status]}] {rule_id} {f['message']}\n" for f in shown))
        if len(shown) < len(findings):
            w(f"  [{labels[status]}] {rule_id} "
              f"{tr('cli.findings_more', lang, count=len(findings) - len(shown))}\n")
    _print_diagnostics(doc["diagnostics"], lang, out)
    w(f"\n{tr('cli.result', lang)}: {tr('status.' + doc['result'], lang)}\n")


#: A report prints this many findings of one rule and status, then how many more there
#: are, when there are more than twice as many: a 100-tower community has 13,300 areas to
#: confirm, one line each in the --json document, the workbook and the BCF file; a
#: terminal showed them as a wall.
FINDINGS_SHOWN = 10
#: ... and an indicator given per key (heights by building) this wide a cell, in terminal
#: columns.
CELL_WIDTH = 48


def _cut(lines: list[Any]) -> list[Any]:
    """Return the lines a report prints of a long list (the caller says how many more).

    All of them up to twice ``FINDINGS_SHOWN``, else the first ``FINDINGS_SHOWN``.
    """
    return lines if len(lines) <= 2 * FINDINGS_SHOWN else lines[:FINDINGS_SHOWN]


def _dict_cell(values: dict[str, float], lang: str) -> str:
    """Return the cell of an indicator given per key, at most ``CELL_WIDTH`` columns wide.

    The table is as wide as its widest cell: a hundred buildings' heights in one cell made
    every row of the indicators 1,400 characters wide. The entries in their own order when
    they fit, else the largest that fit and how many there are.
    """
    if not values:
        return "0.00"
    separator = tr("cli.list_separator", lang)
    whole = separator.join(f"{k} {v:.2f}" for k, v in values.items())
    if _width(whole) <= CELL_WIDTH:
        return whole
    more = tr("cli.cell_more", lang, total=len(values))
    shown: list[str] = []
    for key, value in sorted(values.items(), key=lambda kv: -kv[1]):
        entry = f"{key} {value:.2f}"
        if shown and _width(separator.join([*shown, entry]) + more) > CELL_WIDTH:
            break
        shown.append(entry)
    return separator.join(shown) + more


def _project_for(args: argparse.Namespace) -> ProjectFile:
    """Load the project file named by --project, else the one beside the model, if any."""
    from pathlib import Path

    from cimcheck.engine.project import ProjectFile, default_project_path, load_project

    path = Path(args.project) if args.project else default_project_path(Path(args.model))
    return load_project(path) if args.project or path.exists() else ProjectFile()


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from cimcheck import resultcache

    model = Path(args.model)
    _check_numbers(args)
    # A re-check of an unchanged model under the same pack, project file and inputs is
    # answered from the result cache (exports need the run itself, so they always compute).
    options = _check_cache_options(args) if not (args.no_cache or args.xlsx
                                                 or args.diagrams or args.bcf) else None
    sha256 = resultcache.file_sha256(model) if options is not None else None
    key = resultcache.key_for(sha256, "check", **options) \
        if options is not None and sha256 is not None else None
    cached_code = _cached_answer(args, out, key)
    if cached_code is not None:
        return cached_code
    from cimcheck.forkmap import usable_processes
    from cimcheck.pipeline import (
        analyse,
        check,
        check_cached,
        give_back_memory,
        save_snapshot,
        start_preflight,
        without_model_data,
    )
    project = _project_for(args)
    cli_inputs = {"site_area_m2": args.site_area, "households": args.households}
    # A new project file or input on an unchanged model: its areas, heights and data
    # pre-flight come from the cache, and the file is not opened at all. Exports
    # (options is None) draw the geometry: they take the whole path.
    cached = None if options is None or sha256 is None else check_cached(
        model, args.pack, project, cli_inputs=cli_inputs, sha256=sha256, with_table=False)
    head = None
    if cached is not None:
        analysis, run = cached
        head = _cached_head(args, analysis, project)
        if head is None:            # the areas part is built again: it draws the table
            cached = check_cached(model, args.pack, project, cli_inputs=cli_inputs,
                                  sha256=sha256)
    if cached is not None:
        analysis, run = cached
    else:
        # The data pre-flight starts now, in a second process, beside the analysis.
        runner = start_preflight(model, sha256, args.pack, project) \
            if sha256 is not None else None
        progress = _terminal_progress()
        try:
            analysis = analyse(model, progress=progress, use_cache=not args.no_cache,
                               processes=usable_processes(),
                               on_open=runner.opened if runner is not None else None)
        except BaseException:
            if runner is not None:
                runner.close()
            raise
        finally:
            progress.close()
        # The cache entries only a later run reads are pickled by forked children while
        # this run writes its report (main joins them).
        run = check(analysis, args.pack, project, cli_inputs=cli_inputs,
                    use_cache=not args.no_cache, parallel=True, ids_runner=runner,
                    processes=usable_processes())
        if not args.no_cache:
            save_snapshot(analysis, background=True)
        if not args.bcf:                # the BCF snapshots draw the meshes
            # The document is built on top of what the run holds: the parsed file and the
            # meshes go first (nothing else holds them once the runner is gone).
            runner = None
            analysis = without_model_data(analysis)
            give_back_memory()
    table = run.table
    head_key = None if args.no_cache else _head_key(args, analysis, project)
    document, text, tail = _check_document(args, analysis, run, project, head_key, head=head)
    if args.xlsx or args.diagrams:
        _export(run, table, args)
    if args.bcf:
        from cimcheck.present.bcf import write_bcf

        write_bcf(run, args.bcf, analysis=analysis, version=args.bcf_version,
                  statuses=[s.strip() for s in args.bcf_status.split(",") if s.strip()],
                  lang=args.lang)
        print(tr("cli.written", args.lang, path=args.bcf), file=sys.stderr)
    statuses = {f["status"] for f in document["findings"]}
    exit_code = EXIT_ERROR_FINDING if "ERROR" in statuses else \
        EXIT_FAIL if "FAIL" in statuses else EXIT_OK
    # Filed under the bytes analysed (see _document_command). Not a check made from the
    # cached analysis (a project change): it is made again as fast as it would be read
    # back, and at 100,000 elements each site area tried kept 16 MB more in the cache.
    save_key = None if options is None or head is not None else resultcache.key_for(
        analysis.model.sha256, "check", **options)
    return _answer(args, out, save_key, document, _print_check, exit_code, text,
                   joined=(head_key, tail) if head_key is not None and tail is not None
                   else None)


#: From this many area items on, a check's two document parts are built side by side:
#: the areas part by a forked child while this process builds the verdict (a fork of a
#: large process costs tens of milliseconds).
SPLIT_DOCUMENT_ITEMS = 2000

#: The keys of the areas part a report reads; the rest is only written (``--json``).
_HEAD_KEYS = ("cimcheck_version", "model", "totals", "diagnostics")


def _head_key(args: argparse.Namespace, analysis: Analysis, project: ProjectFile) -> str:
    """Key of a check document's areas part (see ``_check_document``)."""
    from pathlib import Path

    from cimcheck import resultcache
    from cimcheck.pipeline import measurement_key

    return resultcache.key_for(analysis.model.sha256, "check-areas", lang=args.lang,
                               file=Path(args.model).name,
                               measurement=measurement_key(analysis, args.pack, project))


def _cached_head(args: argparse.Namespace, analysis: Analysis,
                 project: ProjectFile) -> tuple[dict[str, Any], memoryview | None] | None:
    """Return the cached areas part of a check document (its head keys and text), or None.

    The text is a view of the cache entry (stored apart from the pickle), not a copy; None
    without ``--json`` (not read: a report prints the head keys alone).
    """
    from cimcheck import resultcache

    if args.no_cache:
        return None
    text = bool(args.json)
    cached = resultcache.load_object(_head_key(args, analysis, project), texts=text)
    if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], dict):
        if isinstance(cached[1], bytes | memoryview):
            return cached[0], memoryview(cached[1])
        if cached[1] is None and not text:
            return cached[0], None
    return None


def _check_document(args: argparse.Namespace, analysis: Analysis, run: CheckRun,
                    project: ProjectFile, head_key: str | None, *,
                    head: tuple[dict[str, Any], memoryview | None] | None
                    ) -> tuple[dict[str, Any], Text | None, Text | None]:
    """Build a check's document in its two parts: the areas, then the verdict.

    The areas part (storeys, items, evidence: 23 of the 25 MB at 100,000 elements) depends
    on the model and its measurement alone. It is cached under ``head_key`` as the keys a
    report reads and its text, so a re-check under another site area, limit or household
    count only builds the verdict and joins the texts (``resultcache.document_pieces``).
    ``head``: that part from the cache (``_cached_head``), when the analysis came from
    the cache too (``check_cached``). A fresh analysis builds the part again: its notes on
    the caches themselves (an entry found damaged) are its own.

    Returns
    -------
    document : dict
        The verdict and the areas part's ``_HEAD_KEYS``: what ``_print_check`` reads.
    text : Text or None
        The whole document's ``--json`` text (in pieces), when asked for.
    tail : Text or None
        The verdict's text, when the areas part is cached (``save_answer``'s ``joined``).
    """
    from cimcheck import resultcache
    from cimcheck.forkmap import fork_map
    from cimcheck.pipeline import save_object, verdict_key
    from cimcheck.present.check import ModelTexts, verdict_document

    # The text: for --json, and for the caches when the areas part is built now (its entry,
    # the answer). A report made from the cached parts alone needs none.
    encode = bool(args.json) or (head_key is not None and head is None)
    # What the model alone decides is written from its cached text on a re-check from the
    # cache (14 of the 25 MB at 100,000 elements; 0.5 s to render and encode).
    model_key = verdict_key(analysis, args.pack, project) if head_key is not None else None
    texts_key = None if model_key is None else resultcache.key_for(
        analysis.model.sha256, "verdict-texts", lang=args.lang, verdict=model_key)
    # Read back, the texts are views of their cache entry, which do not pickle: only the
    # verdict made here reads them (with a cached head), never one made by a forked child.
    # A report alone reads none of them (texts=False: each is None), only what it prints.
    texts = resultcache.load_object(texts_key, texts=encode) if head is not None else None

    def verdict() -> tuple[dict[str, Any], Text | None]:
        part, text, made = verdict_document(
            run, args.lang, texts if isinstance(texts, ModelTexts) else None, encode=encode)
        if made is not texts and encode:
            save_object(texts_key, made, background=True, texts_apart=True)
        return part, text

    def areas() -> tuple[dict[str, Any], bytes | None]:
        from cimcheck.present.areas import areas_dict  # with the geometry stack

        whole = areas_dict(analysis, run.table, args.lang)
        text = resultcache.document_text(whole) if encode else None
        return {k: whole[k] for k in _HEAD_KEYS}, text

    head_text: Text | memoryview | None
    if head is not None:
        head_part, head_text = head
        part, part_text = verdict()
    else:
        jobs = [verdict, areas]
        processes = 2 if len(run.table.items) >= SPLIT_DOCUMENT_ITEMS else 1
        (part, part_text), (head_part, head_text) = fork_map(lambda job: job(), jobs,
                                                             processes)
        if head_key is not None and head_text is not None:
            save_object(head_key, (head_part, head_text), background=True, texts_apart=True)
    document = head_part | part
    text = resultcache.document_pieces(head_text, part_text) \
        if args.json and head_text is not None and part_text is not None else None
    return document, text, part_text if head_key is not None else None


def _check_cache_options(args: argparse.Namespace) -> dict[str, Any]:
    """List what a ``check`` document depends on besides the model and the code.

    The project file by content (it may change without the model), the rule packs and their
    IDS files by content (they are data beside the code), the pack chosen and the
    command-line inputs.
    """
    import hashlib
    from pathlib import Path

    import cimcheck_rules

    from cimcheck.engine.project import default_project_path

    project = Path(args.project) if args.project else default_project_path(Path(args.model))
    try:
        project_digest = hashlib.sha256(project.read_bytes()).hexdigest() \
            if project.is_file() else "none"
    except OSError:
        project_digest = "unreadable"
    packs = hashlib.sha256()
    root = Path(cimcheck_rules.PACKS_DIR)
    for path in sorted([*root.rglob("*.yaml"), *root.rglob("*.ids")]):
        packs.update(path.as_posix().encode())
        packs.update(path.read_bytes())
    return {"lang": args.lang, "file": Path(args.model).name, "pack": args.pack,
            "project": project_digest,
            "packs": packs.hexdigest(), "site_area": args.site_area,
            "households": args.households}


def _check_numbers(args: argparse.Namespace) -> None:
    """Refuse a site area or household count that no plot ratio can be computed from."""
    from cimcheck.engine.values import count_problem, positive_problem

    for flag, value, judge in (("--site-area", args.site_area, positive_problem),
                               ("--households", args.households, count_problem)):
        problem = judge(value) if value is not None else None
        if problem is not None:
            raise CimcheckError("input.invalid", flag=flag, problem=problem, value=repr(value))


def _export(run: CheckRun, table: AreaTable, args: argparse.Namespace) -> None:
    """Write the workbook (with diagrams inside) and/or the diagram files."""
    import tempfile
    from pathlib import Path

    from cimcheck.present.diagrams import write_diagrams
    from cimcheck.present.excel import write_workbook

    with tempfile.TemporaryDirectory(prefix="cimcheck-diagrams-") as scratch:
        folder = Path(args.diagrams) if args.diagrams else Path(scratch)
        formats = ("png", "svg", "pdf") if args.diagrams else ("png",)
        diagrams = write_diagrams(table.storeys, folder, run=run, lang=args.lang,
                                  formats=formats)
        if args.diagrams:
            print(tr("cli.written", args.lang, path=folder), file=sys.stderr)
        if args.xlsx:
            write_workbook(run, args.xlsx, args.lang, diagrams=diagrams)
            print(tr("cli.written", args.lang, path=args.xlsx), file=sys.stderr)


def _cmd_diagrams(args: argparse.Namespace, out: TextIO) -> int:
    from cimcheck.forkmap import usable_processes
    from cimcheck.pipeline import analyse, check

    project = _project_for(args)
    analysis = analyse(args.model, use_cache=not args.no_cache, processes=usable_processes())
    run = check(analysis, args.pack, project)
    table = run.table
    args.xlsx, args.diagrams = None, args.out
    _export(run, table, args)
    return EXIT_OK


def _cmd_packs(args: argparse.Namespace, out: TextIO) -> int:
    from cimcheck.engine.pack import discover_packs

    lang = args.lang
    out.write(f"{tr('cli.packs_header', lang)}:\n")
    for info in discover_packs().values():
        out.write(f"  {info.id}  {info.version}  {info.title['zh' if lang == 'zh' else 'en']}"
                  f"{'  ← ' + info.extends if info.extends else ''}\n")
        for source in info.sources:
            out.write(f"      [{source['id']}] {source['title']}\n")
    return EXIT_OK


#: Sizes the ``cache`` command prints are in MiB, as ``CIMCHECK_CACHE_LIMIT_MB`` reads them.
MIB = 1024**2


def _mib_text(size: int) -> str:
    """Write a size in MiB as a user would: ``4096``, ``0.5``, ``0.01``; never 0 if not."""
    for digits in (2, 4, 6, 9):
        text = f"{size / MIB:.{digits}f}".rstrip("0").rstrip(".")
        if text != "0":
            return text
    return f"{size / MIB:.3e}"


def _cmd_cache(args: argparse.Namespace, out: TextIO) -> int:
    """Show the cache folder's size and bound, trim it to the bound, or empty it."""
    from cimcheck import cachelimit

    lang = args.lang
    root = cachelimit.cache_root().absolute()
    if root.exists() and not root.is_dir():
        raise CimcheckError("cli.cache_not_folder", path=str(root))
    if args.clear or args.trim:
        done = cachelimit.clear(root) if args.clear else cachelimit.trim(root)
        out.write(tr("cli.cache_cleared" if args.clear else "cli.cache_trimmed", lang,
                     removed=done.removed, entries=done.entries, mb=done.freed / MIB) + "\n")
        if done.failed:
            raise CimcheckError("cli.cache_not_removed", failed=done.failed,
                                entries=done.entries, path=str(root), reason=done.problem)
        if done.problem:
            raise CimcheckError("cli.cache_unreadable", reason=done.problem)
        return EXIT_OK
    out.write(tr("cli.cache_folder", lang, path=str(root)) + "\n")
    found, problem = cachelimit.usage(root)
    for name, (entries, size) in found.items():
        out.write(tr(f"cli.cache_{name}", lang, entries=entries, mb=size / MIB) + "\n")
    entries, size = (sum(part) for part in zip(*found.values(), strict=True))
    out.write(tr("cli.cache_total", lang, entries=entries, mb=size / MIB) + "\n")
    bound = cachelimit.limit_bytes()
    out.write((tr("cli.cache_bound", lang, mb=_mib_text(bound)) if bound is not None
               else tr("cli.cache_unbounded", lang)) + "\n")
    if bound is not None and size > bound:
        out.write(tr("cli.cache_over", lang) + "\n")
    if problem:                         # what could be read is shown; the rest is said
        raise CimcheckError("cli.cache_unreadable", reason=problem)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "info": _cmd_info,
    "areas": _cmd_areas,
    "check": _cmd_check,
    "packs": _cmd_packs,
    "diagrams": _cmd_diagrams,
    "cache": _cmd_cache,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cimcheck",
        description="BIM/CIM model checker for Zhejiang future-community pilots "
        "(未来社区模型审查).",
    )
    parser.add_argument("--version", action="version", version=f"cimcheck {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=default_lang(),
                        help="output language (default: zh, or CIMCHECK_LANG)")
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def model_command(name: str, help_text: str, *,
                      json_output: bool = True) -> argparse.ArgumentParser:
        command = sub.add_parser(name, parents=[common], help=help_text)
        command.add_argument("model", help="an .ifc or .ifczip file")
        if json_output:
            command.add_argument("--json", metavar="PATH",
                                 help="also write JSON to PATH ('-': stdout only)")
        command.add_argument("--no-cache", action="store_true",
                             help="ignore the geometry and result caches")
        return command

    model_command("info", "describe a model: schema, units, storeys, counts, diagnostics")
    model_command("areas", "building area per storey and area items (GB/T 50353-2013)")
    check = model_command("check", "check a model under a rule pack and the project file")
    check.add_argument("--pack", help="rule pack id (default: the project file's, else "
                                      "zj-future-community-2019); see 'cimcheck packs'")
    check.add_argument("--project", metavar="FILE",
                       help="project file (default: MODEL.cimcheck.yaml beside the model)")
    check.add_argument("--site-area", type=float, metavar="M2", help="site area in m²")
    check.add_argument("--households", type=int, metavar="N", help="number of households")
    check.add_argument("--xlsx", metavar="PATH", help="write the compliance workbook (.xlsx)")
    check.add_argument("--diagrams", metavar="DIR",
                       help="write per-storey area diagrams (PNG, SVG, PDF) into DIR")
    check.add_argument("--bcf", metavar="PATH",
                       help="write a BCF file: one topic per finding (Revit, ArchiCAD, "
                            "Solibri, BIMcollab)")
    check.add_argument("--bcf-version", choices=("2.1", "3.0"), default="2.1",
                       help="BCF version (default 2.1)")
    check.add_argument("--bcf-status", default="FAIL,WARN", metavar="LIST",
                       help="statuses that get a topic (default FAIL,WARN)")
    diagrams = model_command("diagrams", "per-storey area diagrams (面积计算简图): PNG, SVG, PDF",
                             json_output=False)
    diagrams.add_argument("--out", required=True, metavar="DIR", help="output folder")
    diagrams.add_argument("--pack", help="rule pack id (colours exempt areas by its rules)")
    diagrams.add_argument("--project", metavar="FILE", help="project file")
    sub.add_parser("packs", parents=[common], help="list the rule packs with their sources")
    cache_command = sub.add_parser(
        "cache", parents=[common],
        help="show the cache folder's size and bound (CIMCHECK_CACHE_LIMIT_MB)",
        description="The cache folder (CIMCHECK_CACHE_DIR, else the user cache folder) "
        "keeps meshes and results so that re-checks are instant. After a check that "
        "writes to it, the entries used least recently are removed until it holds 90% of "
        "CIMCHECK_CACHE_LIMIT_MB (MiB, a decimal number; default 4096; 0 for no bound).")
    what = cache_command.add_mutually_exclusive_group()
    what.add_argument("--trim", action="store_true",
                      help="remove the entries used least recently until within the bound")
    what.add_argument("--clear", action="store_true",
                      help="remove every cache entry (results and geometry; logs/ stays)")
    ids_command = model_command("ids", "check a model against IDS data requirements "
                                       "(default: rules/cimcheck.ids and the pack's own)")
    ids_command.add_argument("--ids", action="append", metavar="FILE",
                             help="an IDS 1.0 file (repeatable); replaces the default files")
    ids_command.add_argument("--pack", help="rule pack whose IDS files are the default")
    ids_command.add_argument("--project", metavar="FILE",
                             help="project file (its pack is the default pack)")
    ids_command.add_argument("--xlsx", metavar="PATH", help="write the results as a workbook")
    ids_command.add_argument("--bcf", metavar="PATH",
                             help="write a BCF file: one topic per failing specification")
    ids_command.add_argument("--bcf-version", choices=("2.1", "3.0"), default="2.1",
                             help="BCF version (default 2.1)")
    summary = sub.add_parser("bcf-summary", parents=[common],
                             help="list a returned BCF's topics: status and comments")
    summary.add_argument("bcf", help="a .bcf file (BCF 2.1 or 3.0)")
    summary.add_argument("--model", help="check this model and say which topics still fail")
    summary.add_argument("--pack", help="rule pack id for --model")
    batch = sub.add_parser("batch", parents=[common],
                           help="check many models (files, folders, lists of paths)")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="model files, folders (searched for .ifc/.ifczip) or text files "
                            "listing paths")
    batch.add_argument("--out", required=True, metavar="DIR", help="output folder")
    batch.add_argument("--pack", help="rule pack id for every model")
    batch.add_argument("--project-dir", metavar="DIR",
                       help="folder of project files named <model stem>.cimcheck.yaml "
                            "(default: beside each model)")
    batch.add_argument("--jobs", type=int, metavar="N",
                       help="models checked at once (default: the number of cores)")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="run on Dask: tcp://host:8786, or local:N for N local workers")
    batch.add_argument("--timeout", type=float, metavar="S", default=3600.0,
                       help="seconds one model may take (default 3600)")
    batch.add_argument("--xlsx", action="store_true", help="also write each model's workbook")
    batch.add_argument("--bcf", action="store_true",
                       help="also write each model's BCF (FAIL and WARN findings)")
    batch.add_argument("--force", action="store_true",
                       help="check every model again, even those already done")
    return parser


def _same_file(a: str, b: str) -> bool:
    import os
    from pathlib import Path

    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        return False
    return Path(a).resolve() == Path(b).resolve()


def _guard_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, an output that would overwrite an input or another output.

    ``check model.ifc --xlsx model.ifc`` used to replace the model with a workbook.
    """
    from pathlib import Path

    from cimcheck.engine.project import default_project_path
    from cimcheck.errors import ExportError

    model = getattr(args, "model", None)
    if model is None:
        return
    inputs = [("model", model)]
    project = getattr(args, "project", None) or str(default_project_path(Path(model)))
    inputs.append(("project", project))
    outputs = [(flag, value) for flag, value in (
        ("--json", getattr(args, "json", None)), ("--xlsx", getattr(args, "xlsx", None)),
        ("--bcf", getattr(args, "bcf", None)),
        ("--diagrams", getattr(args, "diagrams", None)), ("--out", getattr(args, "out", None)))
        if value and value != "-"]
    for flag, target in outputs:
        for kind, source in inputs:
            if _same_file(target, source):
                key = f"export.overwrites_{kind}"
                raise ExportError(key, flag=flag, path=target)
    for i, (flag, target) in enumerate(outputs):
        for other_flag, other in outputs[i + 1:]:
            if _same_file(target, other):
                raise ExportError("export.same_output", flag=flag, other=other_flag,
                                  path=target)


def _crash_log(argv: Sequence[str] | None) -> str:
    """Write the traceback of an internal error to the log folder; return the file's path.

    The user sees one line; the details a developer needs wait in the file (cache folder,
    ``logs/``). Without a writable folder, the path says so.
    """
    import datetime as dt
    import os

    from cimcheck.geometry.cache import cache_dir

    try:
        folder = cache_dir().parent / "logs"  # beside the geometry and result caches
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
        path.write_text(f"cimcheck {__version__}\nargv: {list(argv or sys.argv[1:])}\n\n"
                        + traceback.format_exc(), encoding="utf-8")
        return str(path)
    except OSError:
        return "(no log: the cache folder is not writable)"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null after its reader went away (no 'Exception ignored')."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _cmd_batch(args: argparse.Namespace, out: TextIO) -> int:
    import time
    from pathlib import Path

    from cimcheck import batch
    from cimcheck.present.summary import write_summary

    lang = args.lang
    models = batch.find_models(args.inputs)
    if not models:
        print(f"{tr('cli.error', lang)}: {tr('cli.batch_empty', lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    rows = []
    for row in batch.run(args.inputs, args.out, pack=args.pack, project_dir=args.project_dir,
                         jobs=args.jobs, scheduler=args.scheduler, timeout=args.timeout,
                         xlsx=args.xlsx, lang=lang, force=args.force, bcf=args.bcf):
        rows.append(row)
        done = len(rows)
        eta = (time.perf_counter() - started) / done * (len(models) - done)
        state = (tr("cli.batch_skipped", lang) if row.get("skipped")
                 else tr(f"status.{row['verdict']}", lang) if row.get("verdict")
                 else f"{tr('cli.error', lang)}: {row['error']}")
        out.write(f"[{done}/{len(models)}] {Path(row['file']).name}: {state}"
                  + (f"  (ETA {eta:.0f} s)" if done < len(models) else "") + "\n")
        out.flush()
    summary = write_summary(rows, Path(args.out) / "summary.xlsx", lang)
    out.write(tr("cli.written", lang, path=str(summary)) + "\n")
    return batch.exit_code(rows)


COMMANDS["batch"] = _cmd_batch


def _cmd_bcf_summary(args: argparse.Namespace, out: TextIO) -> int:
    """Print each topic of a returned BCF: status, title and newest comment.

    With ``--model``, also whether the topic's finding is still there.
    """
    from cimcheck.present.bcf import match_topics, read_bcf

    lang = args.lang
    topics = read_bcf(args.bcf)
    still: set[str] = set()
    if args.model:
        from cimcheck.pipeline import analyse, check

        run = check(analyse(args.model), args.pack)
        still = {t.guid for n, t in match_topics(run, topics).items()
                 if str(run.findings[n].status) in ("FAIL", "WARN", "ERROR")}
    for topic in topics.values():
        state = ""
        if args.model:
            state = "  " + tr("cli.bcf_still" if topic.guid in still else "cli.bcf_gone", lang)
        out.write(f"[{topic.status or '—'}] {topic.title}{state}\n")
        if topic.last_comment:
            out.write(f"    {topic.last_comment}\n")
    out.write(tr("cli.bcf_count", lang, count=len(topics)) + "\n")
    return EXIT_OK


COMMANDS["bcf-summary"] = _cmd_bcf_summary


def _ids_rule_and_files(args: argparse.Namespace) -> tuple[str, dict[str, Any], list[Any]]:
    """Return the pack id, its pre-flight rule (titles, topic GUIDs) and the IDS files.

    Without ``--ids``: the files the pack's pre-flight rule names, then the pack's own.
    """
    from pathlib import Path

    from cimcheck.engine.pack import load_pack, packs_root
    from cimcheck.engine.preflight import DEFAULT_RULE
    from cimcheck.pipeline import DEFAULT_PACK

    pack = load_pack(args.pack or _project_for(args).pack or DEFAULT_PACK)
    rule = next((r for r in pack.rules if r.get("check") == "ids_preflight"), DEFAULT_RULE)
    if args.ids:
        return pack.id, rule, [Path(p) for p in args.ids]
    files = [packs_root() / p for p in rule["params"]["ids"]]
    return pack.id, rule, files + [p for p in pack.ids if p not in files]


def _cmd_ids(args: argparse.Namespace, out: TextIO) -> int:
    """Run IDS files on a model: a line per specification, the failing elements counted."""
    from pathlib import Path

    from cimcheck.engine.preflight import findings_of, run_ids

    lang = args.lang
    pack_id, rule, paths = _ids_rule_and_files(args)
    if args.bcf:        # the topics' cameras and snapshots need the geometry
        from cimcheck.pipeline import analyse

        analysis: Any = analyse(args.model, use_cache=not args.no_cache)
        model = analysis.model
    else:
        from cimcheck.model.loader import open_model

        analysis, model = None, open_model(args.model)
    results = run_ids(model.file, paths)
    document = {"model": str(args.model), "preflight": [r.as_dict() for r in results]}
    code = EXIT_OK if all(r.status != "FAIL" for r in results) else EXIT_FAIL
    if args.json:
        _emit_json(document, args.json, out, lang)
    if args.json != "-":
        for result in results:
            out.write(f"[{tr('status.' + result.status, lang)}] {result.name}: "
                      + tr("cli.ids_line", lang, applicable=result.applicable,
                           failed=len(result.failed)) + "\n")
    if args.xlsx:
        from cimcheck.present.ids_report import write_ids_workbook

        write_ids_workbook(results, args.xlsx, Path(args.model).name, lang, model.sha256)
        print(tr("cli.written", lang, path=args.xlsx), file=sys.stderr)
    if args.bcf:
        from cimcheck.present.bcf import write_bcf
        from cimcheck.results.finding import CheckRun

        run = CheckRun(pack={"id": pack_id, "version": "", "title": {}},
                       project={}, indicators={}, indicator_sources={}, ledger=(),
                       findings=tuple(findings_of(results, rule)),
                       model={"file": Path(args.model).name, "sha256": model.sha256})
        write_bcf(run, args.bcf, analysis=analysis, version=args.bcf_version, lang=lang)
        print(tr("cli.written", lang, path=args.bcf), file=sys.stderr)
    return code


COMMANDS["ids"] = _cmd_ids


#: Python's cycle collector for one command over a large model. By default it looks at
#: every object alive again each time the heap has grown by a quarter: 18 such passes over
#: the index, meshes and areas took 1.3 s of a cold check of the 100-tower community, and
#: 0.45 s of a 1.5 s re-check under a new site area (mostly over the measurement just
#: read back). Young objects are still collected (every 50,000 allocations); the full
#: passes all but stop, and peak memory is the same (measured: 720 MB either way).
GC_THRESHOLDS = (50_000, 20, 100)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; return the exit code."""
    import time

    started = time.time()
    out = out or sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(out)
        return EXIT_BAD_INPUT
    lang = args.lang
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    collector = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        _guard_outputs(args)
        code = COMMANDS[args.command](args, out)
        out.flush()
        return code
    except BrokenPipeError:
        # The reader closed the pipe (`cimcheck check … | head`): nothing more to say.
        _quiet_stdout()
        return EXIT_OK
    except CimcheckError as err:
        if args.debug:
            traceback.print_exc()
        print(f"{tr('cli.error', lang)}: {err.localized(lang)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(tr("cli.interrupted", lang), file=sys.stderr)
        return 130
    except OSError as err:
        # Writing the report itself failed (stdout on a full disk, /dev/full).
        if args.debug:
            traceback.print_exc()
        reason = err.strerror or str(err)
        print(f"{tr('cli.error', lang)}: {tr('cli.output_failed', lang, reason=reason)}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # noqa: BLE001 - the last line of defence for the user
        if args.debug:
            traceback.print_exc()
        reason = f"{type(err).__name__}: {err}"
        print(tr("cli.internal_error", lang, reason=reason, log=_crash_log(argv)),
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        join_background()       # cache entries written by forked children
        # The cache folder kept within its bound after a run that wrote to it; what this
        # run used stays (its re-check is instant). Never raises.
        from cimcheck.cachelimit import trim_if_written

        trim_if_written(started)
        gc.set_threshold(*collector)


def run() -> int:
    """Run the ``cimcheck`` command in a process that ends with it; return the exit code.

    What the command leaves alive is the operating system's to take back when the process
    exits: frozen, it is not walked once more by the cycle collector on the way out (15-25
    ms of a 0.2 s re-check under a new site area at 100,000 elements). Not for ``main``
    called by a process that goes on (tests, a host application): what is frozen is never
    collected.
    """
    code = main()
    gc.freeze()
    return code
