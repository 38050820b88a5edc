"""The Examples sections of the core's docstrings run as tests (shapely's practice)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cimcheck


def _modules():
    for info in pkgutil.walk_packages(cimcheck.__path__, "cimcheck."):
        if not info.name.endswith("__main__"):
            yield info.name


@pytest.mark.parametrize("name", sorted(_modules()))
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
