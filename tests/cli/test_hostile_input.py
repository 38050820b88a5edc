"""Hostile input and faults, as a reliability tester attacks the command line.

Every case: a real process, a bounded time, exit 2 with one clear line (no traceback), the
input untouched, and never a different answer without a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.cli.test_cli import run
from tests.conftest import REPO

RESIDENTIAL = REPO / "sample_models" / "fc_residential_ifc4.ifc"
TOWER = REPO / "sample_models" / "tower_mixed_ifc4.ifc"


def _one_clear_line(result, fragment):
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- the model is read once, from a regular file --------------------------------------------

def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "model.ifc"
    os.mkfifo(fifo)
    _one_clear_line(run("info", str(fifo)), "不是普通文件")   # hung forever before


def test_a_device_is_refused(tmp_path):
    # /dev/zero never ends: it ran out of memory after 3.7 GB before.
    _one_clear_line(run("check", "/dev/zero", "--lang", "en"), "not a regular file")


def test_process_substitution_is_refused_not_a_crash():
    # `cimcheck check <(cat model.ifc)`: a pipe read twice (segfault before).
    command = f"{sys.executable} -m cimcheck info <(cat {RESIDENTIAL}) --lang en"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                            timeout=60)
    _one_clear_line(result, "not a regular file")


def test_a_model_over_the_size_cap_is_refused_before_reading(tmp_path):
    env = dict(os.environ, CIMCHECK_MAX_MODEL_MB="0.01")
    result = subprocess.run([sys.executable, "-m", "cimcheck", "info", str(RESIDENTIAL),
                             "--lang", "en"], capture_output=True, text=True, env=env,
                            timeout=60)
    _one_clear_line(result, "CIMCHECK_MAX_MODEL_MB")


@pytest.mark.parametrize("limit", ["100000", "1e9"])
def test_a_raised_size_cap_reads_the_model_not_the_cap(limit):
    """100 GB or 1 PB as the cap: the file is read as large as it is (a read of the cap
    reserved it in memory first: MemoryError, an internal error)."""
    env = dict(os.environ, CIMCHECK_MAX_MODEL_MB=limit)
    result = subprocess.run([sys.executable, "-m", "cimcheck", "info", str(RESIDENTIAL),
                             "--lang", "en"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal" not in result.stderr.lower()


def test_a_model_growing_while_it_is_read_is_read_to_the_cap(tmp_path):
    """A file larger than its status said (written meanwhile) is read on, to one byte
    past the cap: a cap it grew past is still refused."""
    import io

    from cimcheck.model.loader import _read_to

    data = bytes(range(256)) * 1000                  # 256,000 bytes
    assert _read_to(io.BytesIO(data), 1000, 10**6) == data          # grew: read on
    assert _read_to(io.BytesIO(data), 1000, 5000) == data[:5001]    # grew past the cap
    assert _read_to(io.BytesIO(data), len(data), 10**6) == data
    assert _read_to(io.BytesIO(data[:10]), 1000, 10**6) == data[:10]  # shrank


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    # Refused as damaged before. Same model, same answer.
    bom = tmp_path / "bom.ifc"
    bom.write_bytes(b"\xef\xbb\xbf" + RESIDENTIAL.read_bytes())
    with_bom = run("areas", str(bom), "--json", "-")
    assert with_bom.returncode == 0, with_bom.stderr
    plain = json.loads(run("areas", str(RESIDENTIAL), "--json", "-").stdout)
    assert json.loads(with_bom.stdout)["totals"] == plain["totals"]


def test_a_model_swapped_while_it_is_opened_cannot_poison_the_caches(tmp_path, monkeypatch):
    # The file is replaced by another model right after it was read (and hashed). The
    # parse must use the bytes that were hashed: the tower must never be cached, and later
    # read back, under the residential block's hash.
    from cimcheck.model import loader

    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "model.ifc"
    shutil.copy(RESIDENTIAL, model)
    read = loader._read

    def read_then_swap(path, max_bytes):
        data = read(path, max_bytes)
        shutil.copy(TOWER, model)
        return data

    monkeypatch.setattr(loader, "_read", read_then_swap)
    opened = loader.open_model(model)
    assert opened.sha256 == hashlib.sha256(RESIDENTIAL.read_bytes()).hexdigest()
    assert [s.Name for s in opened.file.by_type("IfcBuildingStorey")][0] == "1F 架空层"


def _with_padding(path, points):
    """The residential sample with ``points`` unused Cartesian points: a file parsed slowly."""
    text = RESIDENTIAL.read_text("utf-8")
    end = text.rindex("ENDSEC;")
    padding = "".join(f"#{10_000_000 + i}=IFCCARTESIANPOINT(({i}.,0.,0.));\n"
                      for i in range(points))
    path.write_text(text[:end] + padding + text[end:], "utf-8")
    return path


def _files_held_in(pid, folder):
    held = []
    with contextlib.suppress(OSError):          # the process may end meanwhile
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith(str(folder)):
                    held.append(target)
    return held


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc (Linux)")
def test_a_process_killed_while_it_parses_leaves_no_copy_of_the_model(tmp_path):
    """The model is parsed from a private copy of the bytes it was read as. A process
    killed while it wrote or parsed that copy (a batch model's time limit, the pre-flight
    worker stopped once the check no longer needs it, SIGKILL) left it in the temporary
    folder: as large as the model, one more each time. Here the process is killed while
    it holds a file in its own temporary folder (the copy being written or parsed)."""
    model = _with_padding(tmp_path / "padded.ifc", 300_000)      # 13 MB: parsed for ~0.5 s
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "CIMCHECK_CACHE_DIR": str(tmp_path / "c")}
    child = subprocess.Popen([sys.executable, "-m", "cimcheck", "info", str(model)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not _files_held_in(child.pid, temporary):
            assert child.poll() is None, "the process ended before its copy was seen"
            assert time.monotonic() < deadline
            time.sleep(0.001)
    finally:
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert list(temporary.iterdir()) == []


def _processes():
    """{pid: (parent pid, state)} of every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                with open(f"/proc/{entry}/stat") as file:
                    stat = file.read()
                fields = stat[stat.rindex(")") + 2:].split()
                table[int(entry)] = (int(fields[1]), fields[0])
    return table


def _descendants(pid):
    table, found, todo = _processes(), set(), [pid]
    while todo:
        parent = todo.pop()
        children = [p for p, (ppid, _) in table.items() if ppid == parent and p not in found]
        found.update(children)
        todo += children
    return found


def _descendants_at(pid, depth):
    table, level = _processes(), {pid}
    for _ in range(depth):
        level = {p for p, (ppid, state) in table.items() if ppid in level and state != "Z"}
    return level


def _living(pids):
    table = _processes()
    return {p for p in pids if p in table and table[p][1] != "Z"}


def _wait_until_gone(pids, seconds):
    until = time.monotonic() + seconds
    while _living(pids) and time.monotonic() < until:
        time.sleep(0.01)
    return _living(pids)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc (Linux)")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker beside the check")
@pytest.mark.parametrize("command", ["check", "batch"])
def test_the_workers_of_a_killed_command_end_with_it(tmp_path, command):
    """A command killed by SIGKILL (or a closed terminal's SIGHUP) runs no cleanup: its
    worker processes (the data pre-flight beside a check, a batch's model workers) went
    on with a 36 MB model for seconds, on the core the user's next run needs. They are
    killed with it now. Here the command is killed as soon as it has started a worker
    (the pre-flight alone parses this model for over a second): the worker must be gone
    within a second, the helpers around it (a batch's fork server and resource tracker,
    which wait for their children) soon after."""
    folder = tmp_path / "in"
    folder.mkdir()
    model = _with_padding(folder / "padded.ifc", 800_000)
    args = [str(model)] if command == "check" else [str(folder), "--out", str(tmp_path / "o")]
    env = {**os.environ, "CIMCHECK_CACHE_DIR": str(tmp_path / "c")}
    child = subprocess.Popen([sys.executable, "-m", "cimcheck", command, *args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        # check: the pre-flight worker; batch: the model's worker under the fork server
        depth = 1 if command == "check" else 2
        while not (workers := _descendants_at(child.pid, depth)):
            assert child.poll() is None, "the command ended before it started a worker"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        everyone = _descendants(child.pid)
        child.kill()
        child.wait(timeout=60)
        left = _wait_until_gone(workers, 1.0)
        assert not left, f"{len(left)} of {len(workers)} workers still running 1 s after"
        left = _wait_until_gone(everyone, 10.0)
        assert not left, f"{len(left)} of {len(everyone)} helper processes still running"
    finally:                                # nothing left running after the test either
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=60)


def test_a_check_leaves_nothing_in_the_temporary_folder(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary), "CIMCHECK_CACHE_DIR": str(tmp_path / "c")}
    assert run("check", str(RESIDENTIAL), env=env).returncode in (0, 1)
    cut = tmp_path / "cut.ifc"            # refused (exit 2) while the pre-flight worker runs
    cut.write_bytes(RESIDENTIAL.read_bytes()[: RESIDENTIAL.stat().st_size // 2])
    assert run("check", str(cut), env=env).returncode == 2
    assert list(temporary.iterdir()) == []


def test_the_model_is_never_modified(tmp_path):
    model = tmp_path / "m.ifc"
    shutil.copy(RESIDENTIAL, model)
    before = (model.stat().st_mtime_ns, hashlib.sha256(model.read_bytes()).hexdigest())
    assert run("check", str(model), "--json", str(tmp_path / "out.json")).returncode in (0, 1)
    assert (model.stat().st_mtime_ns, hashlib.sha256(model.read_bytes()).hexdigest()) == before


def test_a_fifo_never_blocks_the_reader_thread(tmp_path):
    # The check happens before any open(): nothing is left waiting on the pipe.
    from cimcheck.errors import ModelOpenError
    from cimcheck.model.loader import open_model

    fifo = tmp_path / "pipe.ifc"
    os.mkfifo(fifo)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(
        pytest.raises(ModelOpenError, open_model, fifo)), daemon=True)
    worker.start()
    worker.join(10)
    assert outcome, "open_model blocked on a FIFO"


# --- structure that crashed the geometry kernel ----------------------------------------------

def _with_looping_placements(path, mutual):
    """The residential block with one wall placed relative to itself (or two to each other)."""
    import ifcopenshell

    model = ifcopenshell.open(str(RESIDENTIAL))
    first, second = [w for w in model.by_type("IfcWall")
                     if w.ContainedInStructure[0].RelatingStructure.Name == "2F"][:2]
    if mutual:
        first.ObjectPlacement.PlacementRelTo = second.ObjectPlacement
        second.ObjectPlacement.PlacementRelTo = first.ObjectPlacement
    else:
        first.ObjectPlacement.PlacementRelTo = first.ObjectPlacement
    model.write(str(path))
    return path, {first.GlobalId, *([second.GlobalId] if mutual else [])}


@pytest.mark.parametrize("mutual", [False, True])
def test_a_placement_loop_is_reported_not_a_segfault(tmp_path, mutual):
    # Segmentation fault before (the geometry kernel recursed forever). Now: the looping
    # walls are left out, the model-level error names them, and 2F's area carries a WARN.
    path, looping = _with_looping_placements(tmp_path / "loop.ifc", mutual)
    result = run("check", str(path), "--json", "-", "--lang", "en")
    assert result.returncode in (0, 1), result.stderr
    doc = json.loads(result.stdout)
    assert any("placement cycle" in d["message"] for d in doc["diagnostics"])
    warnings = [f for f in doc["findings"] if f["rule_id"] == "GB-AREA-01"]
    assert any("2F" in f["message"] and "no geometry" in f["message"] for f in warnings)
    assert "Traceback" not in result.stderr


# --- outputs never touch an input, never replace a device ------------------------------------

@pytest.mark.parametrize("flag", ["--xlsx", "--json"])
def test_an_output_onto_the_model_is_refused_and_the_model_is_untouched(tmp_path, flag):
    model = tmp_path / "m.ifc"
    shutil.copy(RESIDENTIAL, model)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    _one_clear_line(run("check", str(model), flag, str(model), "--lang", "en"),
                    "is the model file")       # exit 0 and a workbook in its place before
    assert hashlib.sha256(model.read_bytes()).hexdigest() == digest


def test_an_output_onto_the_project_file_is_refused(tmp_path):
    model = tmp_path / "m.ifc"
    shutil.copy(RESIDENTIAL, model)
    project = tmp_path / "m.cimcheck.yaml"
    project.write_text("site_area_m2: 1200\n", encoding="utf-8")
    _one_clear_line(run("check", str(model), "--json", str(project), "--lang", "en"),
                    "is the project file")
    assert project.read_text(encoding="utf-8") == "site_area_m2: 1200\n"


def test_two_outputs_onto_one_file_are_refused(tmp_path):
    target = tmp_path / "out"
    _one_clear_line(run("check", str(RESIDENTIAL), "--json", str(target), "--xlsx",
                        str(target), "--lang", "en"), "both point to")


def test_a_device_target_is_written_through_not_renamed_over(tmp_path):
    # /dev/full: a clear "no space" error (it was replaced by a regular file before).
    _one_clear_line(run("info", str(RESIDENTIAL), "--json", "/dev/full", "--lang", "en"),
                    "No space left on device")
    assert not os.path.isfile("/dev/full") and os.path.exists("/dev/full")
    # /dev/stdout: the JSON arrives on stdout and the link stays a link.
    result = run("info", str(RESIDENTIAL), "--json", "/dev/stdout")
    assert result.returncode == 0 and '"sha256"' in result.stdout
    assert os.path.islink("/dev/stdout")


def test_a_full_stdout_is_a_clear_error(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "cimcheck", "info", str(RESIDENTIAL),
                                 "--lang", "en"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=60)
    _one_clear_line(result, "could not write the output")


def test_a_closed_pipe_ends_quietly():
    command = (f"{sys.executable} -m cimcheck areas {TOWER} --no-cache | head -c 1 >/dev/null;"
               " exit ${PIPESTATUS[0]}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_a_killed_writers_temporary_file_is_cleaned_by_the_next_write(tmp_path):
    target = tmp_path / "out.json"
    stale = tmp_path / ".out.json.abc123.tmp"
    stale.write_text("half a document")
    os.utime(stale, (0, 0))                           # left long ago
    fresh = tmp_path / ".out.json.def456.tmp"          # another writer, right now
    fresh.write_text("being written")
    assert run("info", str(RESIDENTIAL), "--json", str(target)).returncode == 0
    assert target.exists() and not stale.exists() and fresh.exists()


def test_an_output_is_written_from_bytes_a_view_or_pieces(tmp_path):
    """``write_atomic`` takes the document whole or in pieces (cached texts written as they
    were read); an unchanged target is left as it is whichever way it is given."""
    from cimcheck.atomic import write_atomic

    target = tmp_path / "out.json"
    for data in (b"abcdef", bytearray(b"abcdef"), memoryview(b"xabcdefx")[1:-1],
                 (b"ab", memoryview(b"-cde-")[1:-1], b"f"), iter([b"abc", b"def"])):
        write_atomic(target, data)
        assert target.read_bytes() == b"abcdef"
    kept = target.stat()
    write_atomic(target, (memoryview(b"abcd"), b"ef"))
    assert (target.stat().st_ino, target.stat().st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    write_atomic(target, (memoryview(b"abcd"), b"eF"))             # one byte differs
    assert target.read_bytes() == b"abcdeF"


def test_a_json_target_holding_the_same_document_is_left_as_it_is(tmp_path):
    # A re-check of an unchanged model rewrote (and synced) a 25 MB document at 100,000
    # elements: a quarter of the re-check. Same bytes: the file is not replaced.
    target = tmp_path / "out.json"
    assert run("check", str(RESIDENTIAL), "--json", str(target)).returncode in (0, 1)
    first = target.stat()
    assert run("check", str(RESIDENTIAL), "--json", str(target)).returncode in (0, 1)
    again = target.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert run("check", str(RESIDENTIAL), "--json", str(target), "--no-cache").returncode \
        in (0, 1)                                      # computed again: the same bytes
    assert (target.stat().st_ino, target.stat().st_mtime_ns) == (first.st_ino,
                                                                 first.st_mtime_ns)
    written = target.read_bytes()
    damaged = bytearray(written)
    damaged[len(damaged) // 2] ^= 0x01                 # one bit, the same length
    target.write_bytes(bytes(damaged))
    assert run("check", str(RESIDENTIAL), "--json", str(target)).returncode in (0, 1)
    assert target.read_bytes() == written              # written again
    # Another document (another site area) replaces it, as before.
    assert run("check", str(RESIDENTIAL), "--site-area", "999", "--json",
               str(target)).returncode in (0, 1)
    assert json.loads(target.read_text("utf-8"))["indicators"]["site_area_m2"] == 999
    # Again: made from the cached analysis (no answer is kept for it) and written in two
    # parts, the areas and the verdict. The same bytes are left as they are; a bit changed
    # in either part is written again.
    kept = target.stat()
    assert run("check", str(RESIDENTIAL), "--site-area", "999", "--json",
               str(target)).returncode in (0, 1)
    assert (target.stat().st_ino, target.stat().st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    written = target.read_bytes()
    for at in (10, len(written) - 10):       # in the areas part, in the verdict part
        damaged = bytearray(written)
        damaged[at] ^= 0x01
        target.write_bytes(bytes(damaged))
        assert run("check", str(RESIDENTIAL), "--site-area", "999", "--json",
                   str(target)).returncode in (0, 1)
        assert target.read_bytes() == written
    target.chmod(0o444)                     # read-only, even with the same bytes: refused
    try:
        result = run("check", str(RESIDENTIAL), "--site-area", "999", "--json", str(target),
                     "--lang", "en")
    finally:
        target.chmod(0o644)
    _one_clear_line(result, str(target))


# --- numbers and types: checked in one place, named when wrong -------------------------------

@pytest.mark.parametrize(("args", "fragment"), [
    (("--site-area", "-5"), "must be greater than 0"),      # plot ratio -304.9 PASS before
    (("--site-area", "nan"), "finite"),                       # NaN in the JSON before
    (("--site-area", "inf"), "finite"),
    (("--households", "-1"), "whole number"),                 # PASS before
])
def test_impossible_numbers_on_the_command_line_are_refused(args, fragment):
    _one_clear_line(run("check", str(RESIDENTIAL), *args, "--lang", "en"), fragment)


def _project(tmp_path, text, *, encoding="utf-8"):
    model = tmp_path / "m.ifc"
    shutil.copy(RESIDENTIAL, model)
    (tmp_path / "m.cimcheck.yaml").write_bytes(text.encode(encoding))
    return model


@pytest.mark.parametrize(("text", "fragment"), [
    ("limits: [1, 2]\n", "limits: expected a mapping"),            # AttributeError before
    ("overrides: 5\n", "overrides: expected a list"),               # TypeError before
    ("site_area_m2: .nan\n", "site_area_m2: expected a finite number"),
    ("site_area_m2: -1200\n", "must be greater than 0"),
    ("households: 2.5\n", "households: expected a whole number"),
    ("limits: {max_plot_ratio: high}\n", "expected a number"),
    ("overrides:\n  - {global_id: abc, category: FOOBAR}\n", "unknown category 'FOOBAR'"),
    ("parameters: {cs.rate_per_100hh: abc}\n", "expected a number ≥ 0"),   # traceback before
    ("parameters: {cs.rate_per_1000hh: 80}\n", "has no such parameter"),   # ignored before
    ("site_area_m2: [1200\n", "line 2, column 1: expected ',' or ']'"),  # 4-6 lines before
    ("a: &x [1, 2]\nb: *x\n", "aliases"),
    ("pack: [zj]\n", "pack: expected text"),
])
def test_a_bad_project_file_is_named_by_field_in_one_line(tmp_path, text, fragment):
    model = _project(tmp_path, text)
    _one_clear_line(run("check", str(model), "--lang", "en"), fragment)


def test_a_yaml_billion_laughs_is_refused_at_once(tmp_path):
    # 3.8 GB and 37 s before.
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    model = _project(tmp_path, "\n".join(lines) + "\n")
    _one_clear_line(run("check", str(model), "--lang", "en"), "aliases")


def test_a_gbk_project_file_says_to_save_it_as_utf8(tmp_path):
    model = _project(tmp_path, "name: 未来社区A地块\nsite_area_m2: 1200\n", encoding="gbk")
    _one_clear_line(run("check", str(model)), "UTF-8")


def test_a_negative_site_area_in_the_model_is_ignored_and_said(tmp_path):
    # Pset_SiteCommon.TotalArea = -1200: "Site area -1200.00 m²" and plot ratio -1.27 PASS
    # before. Now it is no site area: the site-area check fails and says where it looked.
    model = tmp_path / "m.ifc"
    model.write_text(RESIDENTIAL.read_text(encoding="utf-8").replace(
        "IFCAREAMEASURE(1200.)", "IFCAREAMEASURE(-1200.)"), encoding="utf-8")
    assert "IFCAREAMEASURE(-1200.)" in model.read_text(encoding="utf-8")
    result = run("check", str(model), "--json", "-", "--lang", "en")
    doc = json.loads(result.stdout)
    assert result.returncode == 1
    assert doc["indicators"]["plot_ratio"] is None
    assert "invalid, ignored" in doc["indicator_sources"]["site_area_m2"]


def test_an_unknown_area_category_in_the_model_is_reported_by_element(tmp_path):
    # CIMCheck_Area.AreaCategory = FOOBAR was silently ignored before.
    text = RESIDENTIAL.read_text(encoding="utf-8")
    assert text.count("IFCLABEL('DISASTER_PASSAGE')") == 1
    model = tmp_path / "m.ifc"
    model.write_text(text.replace("IFCLABEL('DISASTER_PASSAGE')", "IFCLABEL('FOOBAR')"),
                     encoding="utf-8")
    doc = json.loads(run("check", str(model), "--json", "-", "--lang", "en").stdout)
    warned = [f for f in doc["findings"] if f["rule_id"] == "GB-DECL-01"
              and "'FOOBAR' is not a known category" in f["message"]]
    assert len(warned) == 1 and len(warned[0]["global_ids"]) == 1


# --- model text never breaks a writer -------------------------------------------------------

def _renamed_storeys(tmp_path, names):
    """The residential block with its six storeys renamed (STEP-escaped by ifcopenshell)."""
    import ifcopenshell

    model = ifcopenshell.open(str(RESIDENTIAL))
    storeys = sorted(model.by_type("IfcBuildingStorey"), key=lambda s: s.Elevation)
    for storey, name in zip(storeys, names, strict=False):
        storey.Name = name
    path = tmp_path / "named.ifc"
    model.write(str(path))
    return path


def test_dollar_signs_and_control_characters_in_names_do_not_break_the_exports(tmp_path):
    # "3F $\\foo{$" exited 3 with no workbook; control characters raised
    # IllegalCharacterError in openpyxl; "2F $x^2$" printed x².
    import openpyxl

    names = ["1F", "2F $x^2$ 标高", "3F $\\foo{$", "4F \x0b\x01 bad", "5F", "屋面"]
    model = _renamed_storeys(tmp_path, names)
    book, folder = tmp_path / "r.xlsx", tmp_path / "d"
    result = run("check", str(model), "--xlsx", str(book), "--diagrams", str(folder))
    assert result.returncode in (0, 1), result.stderr
    sheet = openpyxl.load_workbook(book)["分层面积"]
    assert sheet["B3"].value == "2F $x^2$ 标高" and sheet["B4"].value == "3F $\\foo{$"
    assert sheet["B5"].value == "4F \ufffd\ufffd bad"
    assert len(list(folder.glob("*.png"))) == 6


def test_same_and_very_long_storey_names_each_get_their_diagram(tmp_path):
    # A 120-character CJK name failed the write ("File name too long"); six storeys with
    # one name made the workbook embed one diagram of six.
    import openpyxl

    model = _renamed_storeys(tmp_path, ["楼" * 120] + ["Level"] * 5)
    book, folder = tmp_path / "r.xlsx", tmp_path / "d"
    result = run("check", str(model), "--xlsx", str(book), "--diagrams", str(folder))
    assert result.returncode in (0, 1), result.stderr
    assert len(list(folder.glob("*.png"))) == 6
    assert len(openpyxl.load_workbook(book)["面积简图"]._images) == 6


# --- damaged but parseable models: exit 2 or a warning, never an internal error --------------

def _residential_text():
    return RESIDENTIAL.read_text(encoding="utf-8")


def _header():
    text = _residential_text()
    return text[:text.index("DATA;")]


@pytest.mark.parametrize(("body", "fragment"), [
    ("END-ISO-10303-21;\n", "no model data"),                        # IndexError before
    ("DATA;\nENDSEC;\nEND-ISO-10303-21;\n", "no model data"),
])
def test_a_model_without_data_is_bad_input(tmp_path, body, fragment):
    path = tmp_path / "m.ifc"
    path.write_text(_header() + body, encoding="utf-8")
    _one_clear_line(run("check", str(path), "--lang", "en"), fragment)


def test_a_model_without_a_project_is_bad_input(tmp_path):
    path = tmp_path / "m.ifc"
    path.write_text("\n".join(line for line in _residential_text().splitlines()
                              if "IFCPROJECT(" not in line) + "\n", encoding="utf-8")
    _one_clear_line(run("check", str(path), "--lang", "en"), "no IfcProject")


def test_text_where_an_elevation_belongs_is_a_warning_not_an_internal_error(tmp_path):
    text = _residential_text()
    storey = next(line for line in text.splitlines() if "IFCBUILDINGSTOREY(" in line)
    assert storey.endswith(",$,$,$,0.);")
    path = tmp_path / "m.ifc"
    path.write_text(text.replace(storey, storey[:-len("0.);")] + "'high');"),
                    encoding="utf-8")
    result = run("check", str(path), "--json", "-", "--lang", "en")
    assert result.returncode in (0, 1), result.stderr      # exit 3 (ValueError) before
    doc = json.loads(result.stdout)
    assert any("Elevation is 'high'" in d["message"] for d in doc["diagnostics"])
    assert doc["indicators"]["total_building_area_m2"] == pytest.approx(1842.88, abs=0.01)


def test_a_soil_depth_in_words_gets_no_credit_and_a_warning(tmp_path):
    # The roof planting's SoilDepth 0.8 m becomes 'deep': an ERROR finding with a traceback
    # before. Now: no credit for it (hand computation: green 320.00 ground + 0 roof), a
    # WARN naming the item, no ERROR.
    text = _residential_text()
    old = "IFCPROPERTYSINGLEVALUE('SoilDepth',$,IFCLENGTHMEASURE(0.8)"
    assert text.count(old) == 1
    path = tmp_path / "m.ifc"
    path.write_text(text.replace(old, "IFCPROPERTYSINGLEVALUE('SoilDepth',$,IFCLABEL('deep')"),
                    encoding="utf-8")
    result = run("check", str(path), "--json", "-", "--lang", "en")
    doc = json.loads(result.stdout)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert doc["indicators"]["green_area_m2"] == pytest.approx(320.00, abs=0.01)
    statuses = [f["status"] for f in doc["findings"] if f["rule_id"] == "GB-GREEN-01"]
    assert "WARN" in statuses and "ERROR" not in statuses


def test_a_site_area_in_words_is_no_site_area(tmp_path):
    path = tmp_path / "m.ifc"
    path.write_text(_residential_text().replace("IFCAREAMEASURE(1200.)", "IFCLABEL('big')"),
                    encoding="utf-8")
    doc = json.loads(run("check", str(path), "--json", "-", "--lang", "en").stdout)
    assert doc["indicators"]["plot_ratio"] is None
    assert "invalid, ignored" in doc["indicator_sources"]["site_area_m2"]


# --- damage that used to change the total silently --------------------------------------------

def _check_json(path):
    result = run("check", str(path), "--json", "-", "--lang", "en")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def _area_warnings(doc):
    return [f["message"] for f in doc["findings"] if f["rule_id"] == "GB-AREA-01"]


def _edited(tmp_path, edit):
    lines = _residential_text().splitlines()
    path = tmp_path / "m.ifc"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def test_a_dangling_reference_is_named_and_its_storey_warned(tmp_path):
    def edit(lines):
        i = next(i for i, line in enumerate(lines) if "IFCWALL(" in line)
        head, _, tail = lines[i].rpartition(",#90,")        # its Representation
        lines[i] = f"{head},#999999,{tail}"
        return lines

    doc = _check_json(_edited(tmp_path, edit))
    assert any("#999999" in d["message"] for d in doc["diagnostics"])
    assert any("damaged" in m and "1F" in m for m in _area_warnings(doc))


def test_a_wrong_attribute_count_is_named_and_its_storey_warned(tmp_path):
    def edit(lines):
        i = next(i for i, line in enumerate(lines) if "IFCSLAB(" in line)
        lines[i] = lines[i][:lines[i].rindex(",")] + ");"
        return lines

    doc = _check_json(_edited(tmp_path, edit))
    assert any("Expected 9 attribute values, found 8" in d["message"]
               for d in doc["diagnostics"])
    assert any("damaged" in m for m in _area_warnings(doc))


def test_an_entity_cut_short_before_the_end_marker_is_reported(tmp_path):
    def edit(lines):
        i = max(i for i, line in enumerate(lines) if line.startswith("#"))
        lines[i] = lines[i][:len(lines[i]) // 2]
        return lines

    doc = _check_json(_edited(tmp_path, edit))
    assert any("The file is damaged" in d["message"] for d in doc["diagnostics"])


def test_slabs_without_geometry_warn_every_storey_they_shape(tmp_path):
    # Every slab's Representation removed: the total drops from 1842.88 (balconies, the
    # stilt projection), so each storey must say why.
    import ifcopenshell

    model = ifcopenshell.open(str(RESIDENTIAL))
    for slab in model.by_type("IfcSlab"):
        slab.Representation = None
    path = tmp_path / "m.ifc"
    model.write(str(path))
    doc = _check_json(path)
    assert doc["indicators"]["total_building_area_m2"] != pytest.approx(1842.88, abs=0.01)
    for storey in ("1F 架空层", "2F", "3F", "4F", "5F"):
        assert any(f"areas: {storey}: " in m and "no geometry" in m
                   for m in _area_warnings(doc)), storey


def test_an_element_placed_absurdly_far_away_is_left_out_and_named(tmp_path):
    import ifcopenshell

    model = ifcopenshell.open(str(RESIDENTIAL))
    space = model.by_type("IfcSpace")[3]
    space.ObjectPlacement.RelativePlacement.Location.Coordinates = (1e12, 0.0, 0.0)
    path = tmp_path / "m.ifc"
    model.write(str(path))
    doc = _check_json(path)
    assert any(d["global_id"] == space.GlobalId and "km from the rest" in d["message"]
               for d in doc["diagnostics"])
    assert any("no geometry" in m for m in _area_warnings(doc))


def test_an_override_of_an_element_not_in_the_model_is_reported(tmp_path):
    # Silently ignored before.
    model = _project(tmp_path, "overrides:\n  - {global_id: 2nDeleted0000000000000A, "
                               "category: stilt, comment: old model}\n")
    doc = _check_json(model)
    assert any(f["rule_id"] == "GB-DECL-01" and "2nDeleted0000000000000A" in f["message"]
               and "no such element" in f["message"] for f in doc["findings"])


def test_a_global_id_that_yaml_reads_as_a_number_must_be_quoted(tmp_path):
    model = _project(tmp_path, "overrides:\n  - {global_id: 0000000000000000000000, "
                               "category: stilt}\n")
    _one_clear_line(run("check", str(model), "--lang", "en"), "global_id: expected text")


@pytest.mark.parametrize("height", [999986.0, -3.0])
def test_an_absurd_authored_storey_height_is_not_used_and_said(tmp_path, height):
    # A GrossHeight of 999,986 m was accepted; a negative one silently ignored.
    from tests.builders import ModelBuilder

    b = ModelBuilder("IFC4")
    storey = b.storey("1F", 0.0, gross_height=height)
    b.slab(storey, [(0, 0), (10, 0), (10, 8), (0, 8)], 0.0)
    b.walls_around(storey, (0.0, 0.0, 10.0, 8.0), 0.0, 2.8)
    path = tmp_path / "m.ifc"
    b.write(path)
    result = run("areas", str(path), "--json", "-", "--lang", "en")
    doc = json.loads(result.stdout)
    assert any("is not a storey height" in d["message"] for d in doc["diagnostics"])
    # The height comes from the walls instead (2.80 m): 80.00 m² at x1.
    assert doc["storeys"][0]["height_m"] == pytest.approx(2.8, abs=0.01)
    assert doc["storeys"][0]["building_area_m2"] == pytest.approx(80.00, abs=0.01)


def test_an_unclosed_quote_in_the_header_is_bad_input_not_a_segfault(tmp_path):
    # Found by the fuzz test: FILE_SCHEMA(('IFC4<byte>)) crashed ifcopenshell's parser.
    text = _residential_text().replace("FILE_SCHEMA(('IFC4'))", "FILE_SCHEMA(('IFC4\xb6))")
    path = tmp_path / "m.ifc"
    path.write_text(text, encoding="utf-8")
    _one_clear_line(run("check", str(path), "--lang", "en"), "damaged IFC header")


def test_a_unit_without_a_name_is_bad_input(tmp_path):
    # Found by the fuzz test: an AttributeError inside ifcopenshell's unit lookup.
    text = _residential_text()
    assert "#7=IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.);" in text
    path = tmp_path / "m.ifc"
    path.write_text(text.replace("#7=IFCSIUNIT(*,.LENGTHUNIT.,$,.METRE.);",
                                 "#7=IFCSIUNIT(*,.LENGTHUNIT.,$,$);"), encoding="utf-8")
    _one_clear_line(run("check", str(path), "--lang", "en"), "units are damaged")


def test_a_self_intersecting_space_profile_is_named_and_its_storey_warned(tmp_path):
    # The 2F dwelling 2F-01 drawn as a bow-tie (two corners swapped): no warning before.
    import ifcopenshell

    model = ifcopenshell.open(str(RESIDENTIAL))
    space = next(s for s in model.by_type("IfcSpace") if s.Name == "2F-01")
    points = space.Representation.Representations[0].Items[0].SweptArea.OuterCurve.Points
    first, second = points[1].Coordinates, points[2].Coordinates
    points[1].Coordinates, points[2].Coordinates = second, first
    path = tmp_path / "m.ifc"
    model.write(str(path))
    doc = _check_json(path)
    assert any(d["global_id"] == space.GlobalId and "self-intersecting" in d["message"]
               for d in doc["diagnostics"])
    assert any("areas: 2F: " in m and "damaged" in m for m in _area_warnings(doc))
