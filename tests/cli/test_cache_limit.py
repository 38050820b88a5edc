"""The cache folder stays within its bound: the entries used least recently go first.

Through the command line as a user runs it (real processes, one cache folder), and the
trimming rule itself on a folder of known entries.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from cimcheck import cachelimit
from tests.cli.test_cli import run

REPO = Path(__file__).resolve().parents[2]
MIB = 1024**2


def _entries(cache: Path) -> dict[Path, os.stat_result]:
    """Every entry of the cache folder (results and meshes) with its status."""
    return {path: path.stat() for name in cachelimit.FOLDERS
            for path in (cache / name).glob("*") if path.is_file()}


#: Remembered hashes of a model file and of the code: written once either is 2 s old.
_MEMOS = (".sha", ".code")


def _names(entries) -> set[str]:
    """Names of the entries but the remembered hashes (``_MEMOS``)."""
    return {p.name for p in entries if p.suffix not in _MEMOS}


def _size(entries: dict[Path, os.stat_result]) -> int:
    """Bytes of the entries but the remembered hashes (``_MEMOS``)."""
    return sum(s.st_size for p, s in entries.items() if p.suffix not in _MEMOS)


def _date(paths, seconds_ago: float) -> None:
    """Stamp entries as last used ``seconds_ago`` (checked on an earlier day)."""
    when = time.time() - seconds_ago
    for path in paths:
        os.utime(path, (when, when))


def _copy(folder: Path, sample: str) -> Path:
    path = folder / sample
    shutil.copyfile(REPO / "sample_models" / sample, path)
    return path


def _check(model: Path, cache: Path, limit_mb: float | None = None):
    env = {"CIMCHECK_CACHE_DIR": str(cache)}
    if limit_mb is not None:
        env["CIMCHECK_CACHE_LIMIT_MB"] = f"{limit_mb:.6f}"
    result = run("check", str(model), env=env)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_a_check_over_the_limit_removes_the_least_recently_used_entries(tmp_path):
    """Models A and B checked hours ago, A re-checked an hour ago (a hit), then C checked
    under a bound too small for all: the entries go oldest use first (A's not read again,
    then B's), while what A's re-check read and all that C used stay; and a
    trimmed model is simply checked again, with the same report."""
    models = {name: _copy(tmp_path, source) for name, source in (
        ("a", "renewal_recessed_ifc2x3_mm.ifc"), ("b", "fc_residential_ifc4.ifc"),
        ("c", "tower_mixed_ifc4.ifc"))}
    # How much C alone leaves (learnt in a folder of its own).
    _check(models["c"], tmp_path / "c-alone")
    alone = _entries(tmp_path / "c-alone")
    size_c = _size(alone)

    cache = tmp_path / "cache"
    first_a = _check(models["a"], cache)
    a_entries = set(_entries(cache))
    _date(a_entries, 3 * 3600)                      # A: three hours ago
    _check(models["b"], cache)
    b_entries = set(_entries(cache)) - a_entries
    _date(b_entries, 2 * 3600)                      # B: two hours ago
    assert a_entries and b_entries

    again = _check(models["a"], cache)          # answered from the cache: a hit
    assert again.stdout == first_a.stdout
    touched = {p for p, s in _entries(cache).items() if time.time() - s.st_mtime < 600}
    # Read today (the answer), or written (the file's hash, remembered once the copied
    # file is no longer new).
    assert touched & a_entries and not touched & b_entries
    _date(touched, 3600)                            # the re-check: an hour ago
    size = {p: s.st_size for p, s in _entries(cache).items()}
    size_b = sum(size[p] for p in b_entries - touched)
    # The bound: C, what the re-check read and half of B's entries fit under nine
    # tenths of it; so A's untouched entries go, then some (not all) of B's.
    limit = (size_c + sum(size[p] for p in touched) + size_b / 2) / cachelimit.LOW_WATER
    assert limit < sum(size.values()) + size_c
    c_started = time.time()
    _check(models["c"], cache, limit_mb=limit / MIB)

    after = _entries(cache)
    # What C wrote or read (the rule packs' entries, shared with A and B) all stayed: its
    # re-check is a hit.
    used_by_c = {p for p, s in after.items() if s.st_mtime >= c_started - 2}
    assert _names(used_by_c) == _names(alone)          # entries are named by content
    assert sum(s.st_size for s in after.values()) <= limit * cachelimit.LOW_WATER
    assert touched <= set(after), "an entry read later was removed before older ones"
    assert not (a_entries - touched - used_by_c) & set(after), \
        "A's entries not read again were kept"
    removed_b = (b_entries - used_by_c) - set(after)
    assert removed_b and removed_b != b_entries - used_by_c
    # A model whose entries went is checked again, as if new: the same report.
    assert _check(models["a"], cache, limit_mb=limit / MIB).stdout == first_a.stdout


def test_what_the_run_itself_wrote_stays_even_over_the_limit(tmp_path):
    """A bound smaller than one model's entries: the run keeps them (its re-check must
    find them); only older entries go."""
    cache = tmp_path / "cache"
    old = cache / "results" / "0123456789abcdef0123456789abcdef01234567.pickle"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"x" * 4096)
    _date([old], 86400)
    model = _copy(tmp_path, "renewal_recessed_ifc2x3_mm.ifc")
    # Past the racy window: the first check remembers the file's hash, so the re-check
    # writes nothing (a re-check that remembers it writes, and trims what it did not use).
    time.sleep(2.5)
    first = _check(model, cache, limit_mb=0.001)            # about 1 KB
    entries = _entries(cache)
    assert old not in entries and entries
    started = time.time()
    again = _check(model, cache, limit_mb=0.001)
    assert again.stdout == first.stdout
    assert set(_entries(cache)) == set(entries)             # nothing written, nothing lost
    assert time.time() - started < 60


def _entry(folder: Path, name: str, size: int, age_s: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"\0" * size)
    _date([path], age_s)
    return path


def test_trim_goes_by_last_use_across_both_folders(tmp_path):
    results, geometry = tmp_path / "results", tmp_path / "geometry"
    oldest = _entry(geometry, "a.npz", 400, 5000)
    older = _entry(results, "b.pickle", 300, 4000)
    newer = _entry(results, "c.json", 200, 3000)
    newest = _entry(geometry, "d.npz", 100, 2000)
    other = _entry(tmp_path / "logs", "crash.log", 10_000, 9000)   # not a cache entry
    # 1,000 bytes under a bound of 600: down to 540 (nine tenths), oldest first.
    trimmed = cachelimit.trim(tmp_path, 600)
    assert trimmed == cachelimit.Trimmed(total=1000, removed=2, freed=700, entries=4)
    assert not oldest.exists() and not older.exists()
    assert newer.exists() and newest.exists() and other.exists()
    # Within the bound: nothing goes.
    assert cachelimit.trim(tmp_path, 600) == cachelimit.Trimmed(300, 0, 0, 2)
    # No bound: nothing goes either.
    assert cachelimit.trim(tmp_path, None).removed == 0


def test_trim_keeps_what_was_used_since_the_run_began(tmp_path):
    results = tmp_path / "results"
    stale = _entry(results, "a.pickle", 500, 7200)
    used = _entry(results, "b.pickle", 500, 10)          # read or written by this run
    trimmed = cachelimit.trim(tmp_path, 100, keep_since=time.time() - 60)
    assert trimmed.removed == 1 and not stale.exists() and used.exists()


def test_an_interrupted_write_goes_once_it_is_old_a_write_in_progress_stays(tmp_path):
    results = tmp_path / "results"
    interrupted = _entry(results, "tmpab12.tmp", 50, cachelimit.STALE_TEMPORARY_SECONDS + 60)
    in_progress = _entry(results, "tmpcd34.tmp", 50, 5)
    trimmed = cachelimit.trim(tmp_path, None)
    assert trimmed == cachelimit.Trimmed(total=0, removed=0, freed=0, entries=0)
    assert not interrupted.exists() and in_progress.exists()


_BAD = ("lots", "-1", "nan", "inf", "1e400", "1e303", "1e13", "4GB")


@pytest.mark.parametrize(("value", "expected"), [
    ("", cachelimit.DEFAULT_LIMIT_MB * MIB), ("512", 512 * MIB), ("0.5", MIB // 2),
    ("0", None), *((bad, cachelimit.DEFAULT_LIMIT_MB * MIB) for bad in _BAD)])
def test_the_bound_is_read_from_the_environment(monkeypatch, caplog, value, expected):
    from cimcheck import environment

    environment._read.cache_clear()
    monkeypatch.setenv("CIMCHECK_CACHE_LIMIT_MB", value)
    assert cachelimit.limit_bytes() == expected
    assert ("CIMCHECK_CACHE_LIMIT_MB" in caplog.text) == (value in _BAD)
    caplog.clear()
    assert cachelimit.limit_bytes() == expected
    assert "CIMCHECK_CACHE_LIMIT_MB" not in caplog.text      # said once per process


@pytest.mark.parametrize("value", ["lots", "inf"])
def test_a_bad_bound_is_said_and_the_check_still_runs(tmp_path, value):
    result = run("check", str(_copy(tmp_path, "renewal_recessed_ifc2x3_mm.ifc")),
                 env={"CIMCHECK_CACHE_DIR": str(tmp_path / "cache"),
                      "CIMCHECK_CACHE_LIMIT_MB": value})
    assert result.returncode in (0, 1)
    said = [line for line in result.stderr.splitlines() if "CIMCHECK_CACHE_LIMIT_MB" in line]
    assert said == [f"WARNING cimcheck.environment: CIMCHECK_CACHE_LIMIT_MB={value!r} is not "
                    "a size in MiB: using 4096"]
    assert "Traceback" not in result.stderr


def _refuse_removing(monkeypatch, held: Path) -> None:
    """Make ``held`` impossible to remove, as in a read-only folder (we may be root)."""
    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):
        if str(path) == str(held):
            raise PermissionError(13, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)


def test_an_entry_that_cannot_be_removed_is_passed_over(tmp_path, monkeypatch):
    """A read-only folder or a file held open elsewhere: the next entry goes instead."""
    results = tmp_path / "results"
    held = _entry(results, "a.pickle", 500, 7200)
    free = _entry(results, "b.pickle", 500, 3600)
    _refuse_removing(monkeypatch, held)
    trimmed = cachelimit.trim(tmp_path, 600)
    assert trimmed == cachelimit.Trimmed(1000, 1, 500, 2, failed=1, problem="Permission denied")
    assert held.exists() and not free.exists()


def test_a_large_folder_is_scanned_at_most_once_a_minute(tmp_path, monkeypatch):
    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CIMCHECK_CACHE_LIMIT_MB", "0.001")
    stale = _entry(tmp_path / "results", "a.pickle", 5000, 7200)
    stamp = tmp_path / cachelimit.STAMP
    stamp.write_text(str(cachelimit.LARGE_FOLDER_ENTRIES + 1))     # scanned just now
    cachelimit.note_written()
    assert cachelimit.trim_if_written(time.time()) is None and stale.exists()
    _date([stamp], cachelimit.SCAN_INTERVAL_S + 5)                  # a minute ago
    cachelimit.note_written()
    trimmed = cachelimit.trim_if_written(time.time())
    assert trimmed is not None and trimmed.removed == 1 and not stale.exists()
    assert stamp.read_text() == "1"
    # A small folder is scanned after every run that wrote.
    again = _entry(tmp_path / "results", "b.pickle", 5000, 7200)
    cachelimit.note_written()
    assert cachelimit.trim_if_written(time.time()).removed == 1 and not again.exists()
    # Nothing written: no scan.
    assert cachelimit.trim_if_written(time.time()) is None


def test_a_batch_keeps_the_cache_within_its_bound_as_it_goes(tmp_path):
    """Each batch worker trims after its model: an old entry goes, the batch's stay."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    for sample in ("renewal_recessed_ifc2x3_mm.ifc", "tower_mixed_ifc4.ifc"):
        _copy(folder, sample)
    cache = tmp_path / "cache"
    old = cache / "geometry" / "0123456789abcdef0123456789abcdef01234567.npz"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"\0" * MIB)
    _date([old], 86400)
    # A bound smaller than either model's entries: each worker keeps what it used.
    result = run("batch", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2",
                 env={"CIMCHECK_CACHE_DIR": str(cache), "CIMCHECK_CACHE_LIMIT_MB": "0.005"})
    assert result.returncode in (0, 1), result.stderr
    entries = _entries(cache)
    assert old not in entries
    assert len([p for p in entries if p.suffix == ".npz"]) == 2      # each model's meshes


def test_the_cache_command_shows_the_folder_and_clears_it(tmp_path):
    """`cimcheck cache` says where the cache is, what it holds and its bound; `--clear`
    empties it, and the next check computes everything again, with the same report."""
    cache = tmp_path / "cache"
    model = _copy(tmp_path, "renewal_recessed_ifc2x3_mm.ifc")
    first = _check(model, cache)
    entries = _entries(cache)
    results = [p for p in entries if p.parent.name == "results"]
    meshes = [p for p in entries if p.parent.name == "geometry"]
    env = {"CIMCHECK_CACHE_DIR": str(cache), "CIMCHECK_CACHE_LIMIT_MB": "512"}
    shown = run("cache", env=env)
    assert shown.returncode == 0, shown.stderr
    mb = {name: sum(entries[p].st_size for p in part) / MIB
          for name, part in (("results", results), ("meshes", meshes))}
    assert shown.stdout.splitlines() == [
        f"缓存文件夹：{cache}",
        f"  审查结果：{len(results)} 项，{mb['results']:.1f} MB",
        f"  几何数据：{len(meshes)} 项，{mb['meshes']:.1f} MB",
        f"  合计：{len(entries)} 项，{mb['results'] + mb['meshes']:.1f} MB",
        "上限：512 MB（CIMCHECK_CACHE_LIMIT_MB），超出时先删除最久未使用的缓存项"]
    english = run("cache", "--lang", "en", env={**env, "CIMCHECK_CACHE_LIMIT_MB": "0"})
    assert english.stdout.splitlines()[-1] == "Bound: none (CIMCHECK_CACHE_LIMIT_MB=0)"
    # A bound below what the folder holds: said, with what to do; --trim applies it now.
    small = {**env, "CIMCHECK_CACHE_LIMIT_MB": "0.01"}
    over = run("cache", "--lang", "en", env=small).stdout.splitlines()
    assert over[-2:] == [
        "Bound: 0.01 MB (CIMCHECK_CACHE_LIMIT_MB); the entries used least recently go first",
        "Over the bound: trimmed after the next check that writes to it, or now with "
        "'cimcheck cache --trim'"]
    _date(entries, 3600)
    trimmed = run("cache", "--trim", env=small)
    assert trimmed.returncode == 0 and trimmed.stdout.startswith(f"已删除 {len(entries)} 项中的")
    left = _entries(cache)
    assert sum(s.st_size for s in left.values()) <= 0.01 * MIB * cachelimit.LOW_WATER
    assert "Over the bound" not in run("cache", "--lang", "en", env=small).stdout
    cleared = run("cache", "--clear", env=env)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith(f"已删除 {len(left)} 项中的 {len(left)} 项")
    assert _entries(cache) == {}
    assert _check(model, cache).stdout == first.stdout
    assert set(_entries(cache)) >= set(results) | set(meshes)    # named by content


@pytest.mark.parametrize("command", ["--clear", "--trim"])
def test_a_clear_or_trim_that_cannot_remove_says_so(tmp_path, monkeypatch, capsys, command):
    """A folder of another user's or a read-only disk: the entries that stay are said,
    with what to do, and the exit code is 2 (a script must not think the cache empty).
    An interrupted write's old temporary file goes, uncounted (it is no entry)."""
    import io

    from cimcheck.cli import main

    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CIMCHECK_CACHE_LIMIT_MB", "0.0001")       # 104 bytes
    held = _entry(tmp_path / "results", "a.pickle", 500, 7200)
    free = _entry(tmp_path / "geometry", "b.npz", 300, 3600)
    stale = _entry(tmp_path / "results", "tmpx.tmp", 50, 2 * 3600)
    _refuse_removing(monkeypatch, held)
    out = io.StringIO()
    assert main(["cache", command, "--lang", "en"], out=out) == 2
    assert out.getvalue().startswith("Removed 1 of 2 entries (0.0 MB)")
    assert capsys.readouterr().err.strip() == (
        f"Error: 1 of 2 cache entries could not be removed (Permission denied): check the "
        f"permissions of {tmp_path}")
    assert held.exists() and not free.exists() and not stale.exists()


def test_a_cache_folder_that_cannot_be_read_is_said(tmp_path, monkeypatch, capsys):
    """Another user's folder (not to be listed): said, exit 2, never 'removed 0 of 0'."""
    import io

    from cimcheck.cli import main

    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path))
    (tmp_path / "results").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path) == str(tmp_path / "results"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    said = (f"Error: the cache could not be read ({tmp_path / 'results'}: Permission "
            "denied): check the folder's permissions")
    for command in (["--clear"], []):
        assert main(["cache", *command, "--lang", "en"], out=io.StringIO()) == 2
        assert capsys.readouterr().err.strip() == said


def test_a_cache_folder_that_is_a_file_is_said(tmp_path):
    afile = tmp_path / "cache"
    afile.write_text("not a folder")
    result = run("cache", env={"CIMCHECK_CACHE_DIR": str(afile)})
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        f"缓存文件夹 {afile} 不是文件夹：请将 CIMCHECK_CACHE_DIR 设为一个文件夹")
    assert "Traceback" not in result.stderr


def test_clear_removes_every_entry_empty_ones_too(tmp_path):
    empty = _entry(tmp_path / "results", "a.json", 0, 60)
    full = _entry(tmp_path / "geometry", "b.npz", 10, 60)
    assert cachelimit.clear(tmp_path) == cachelimit.Trimmed(10, 2, 10, 2)
    assert not empty.exists() and not full.exists()
