"""The core never imports Qt, VTK, pyvista or the UI; packaging lists every package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib

from tests.conftest import REPO

FORBIDDEN = ("PySide6", "pyvista", "pyvistaqt", "vtk", "vtkmodules", "cimcheck_ui")


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports") or str(REPO / ".venv" / "bin" / "lint-imports")
    result = subprocess.run([lint, "--config", str(REPO / "pyproject.toml")], cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_running_the_core_loads_no_ui_library(house_path):
    code = (
        "import sys, cimcheck.cli, cimcheck.pipeline;"
        f"cimcheck.pipeline.analyse({str(house_path)!r});"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_pyproject_lists_every_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "cimcheck").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert {"cimcheck_ui", "cimcheck_rules"} <= listed


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(REPO / ".venv" / "bin" / "ruff")
    result = subprocess.run([ruff, "check", "cimcheck", "ui", "rules", "tests", "sample_models"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_is_type_clean():
    """mypy as configured in pyproject.toml: every function of cimcheck/ annotated."""
    mypy = shutil.which("mypy") or str(REPO / ".venv" / "bin" / "mypy")
    result = subprocess.run([mypy], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_message_key_is_defined_twice():
    import re
    from collections import Counter

    keys = Counter()
    for path in (REPO / "cimcheck" / "text" / "catalogue").glob("*.py"):
        source = path.read_text("utf-8")
        keys.update(re.findall(r'^\s+"([a-z_]+\.[A-Za-z_.]+)":', source, re.MULTILINE))
    assert keys and [k for k, n in keys.items() if n > 1] == []


def test_every_code_of_the_vocabulary_has_words_in_both_languages():
    from cimcheck.present.palette import AREA_CLASSES, DIAGRAM_CLASSES, STATUS_COLOURS, STATUS_FILL
    from cimcheck.text import MESSAGES
    from cimcheck.vocab import AREA_CATEGORIES, EXEMPT_CATEGORIES, INDICATORS, STOREY_KINDS, Status

    wanted = {f"cat.{c}" for c in (*AREA_CATEGORIES, *STOREY_KINDS)}
    wanted |= {f"ind.{i}" for i in INDICATORS} | {f"status.{s}" for s in Status}
    wanted |= {f"class.{c}" for c in DIAGRAM_CLASSES}
    assert sorted(wanted - MESSAGES.keys()) == []
    assert set(EXEMPT_CATEGORIES) <= set(AREA_CATEGORIES)
    assert {f"exempt:{c}" for c in EXEMPT_CATEGORIES} <= AREA_CLASSES.keys()
    assert set(Status) <= STATUS_FILL.keys()
    # N/A does not colour an element in 3D: it reads as "no finding".
    assert set(Status) - {Status.NOT_APPLICABLE} <= STATUS_COLOURS.keys()


def test_every_message_has_both_languages_and_the_same_fields():
    import string

    from cimcheck.text import MESSAGES

    def fields(template):
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, (en, zh) in MESSAGES.items():
        assert en and zh, key
        extra = fields(zh) - fields(en) - {"hint_zh"}
        assert not extra, (key, extra)


def test_views_find_indicators_not_rule_ids():
    """No rule id of any pack appears in the desktop code or in the presentation layer."""
    import re

    from cimcheck.engine.pack import discover_packs, load_pack

    rule_ids = {r["id"] for pack_id in discover_packs() for r in load_pack(pack_id).rules}
    assert len(rule_ids) > 10
    pattern = re.compile("|".join(re.escape(i) for i in sorted(rule_ids, key=len, reverse=True)))
    sources = [*(REPO / "ui").rglob("*.py"), *(REPO / "cimcheck" / "present").rglob("*.py")]
    found = {str(p.relative_to(REPO)): sorted(set(pattern.findall(p.read_text("utf-8"))))
             for p in sources}
    assert {k: v for k, v in found.items() if v} == {}


def test_each_vocabulary_is_defined_once():
    """The exempt categories, the status order and the area colours have one home each."""
    import re

    literals = {
        "exempt categories": re.compile(r'"balcony",\s*"bay_window",\s*"stilt"'),
        "status order": re.compile(r'"ERROR"[^\n]{0,12}"FAIL"[^\n]{0,12}"WARN"'),
        "area colours": re.compile(r'"counted":\s*(\(\s*\d|"#)'),
    }
    homes = {"exempt categories": {"cimcheck/vocab.py"}, "status order": set(),
             "area colours": {"cimcheck/present/palette.py"}}
    for name, pattern in literals.items():
        where = {str(p.relative_to(REPO)) for folder in ("cimcheck", "ui")
                 for p in (REPO / folder).rglob("*.py") if pattern.search(p.read_text("utf-8"))}
        assert where == homes[name], name
