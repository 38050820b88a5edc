"""Shared fixtures: an isolated geometry cache per test, tiny models per schema, the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.builders import SCHEMAS, simple_house

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

os.environ.setdefault("QT_API", "pyside6")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own empty geometry cache."""
    monkeypatch.setenv("CIMCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(params=SCHEMAS)
def schema(request) -> str:
    return request.param


@pytest.fixture
def house_path(tmp_path, schema) -> Path:
    """The two-storey test house in the parametrised schema, in metres."""
    path = tmp_path / f"house_{schema}.ifc"
    simple_house(schema).write(path)
    return path


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.fail(f"corpus file missing: {path} (the corpus lives in ../shared/corpus)")
    return path
