"""Property-based tests: whatever a user or a file throws at the loaders, the answer is a
result or a CimcheckError, never another exception.

Bounded for CI (a few hundred cases); set ``CIMCHECK_FUZZ_CASES`` for a longer run.
"""

from __future__ import annotations

import math
import os
import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cimcheck.engine.project import _KEYS, load_project
from cimcheck.engine.values import count_problem, positive_problem
from cimcheck.errors import CimcheckError
from cimcheck.facts.classify import CATEGORIES, classify
from cimcheck.model.index import build_index
from cimcheck.model.loader import open_model
from cimcheck.model.records import ElementRecord
from tests.builders import simple_house

CASES = int(os.environ.get("CIMCHECK_FUZZ_CASES", "150"))
PROFILE = settings(max_examples=CASES, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
keys = st.one_of(st.sampled_from(sorted(_KEYS)), st.text(max_size=10))


@PROFILE
@given(st.dictionaries(keys, values, max_size=6))
def test_any_project_file_loads_or_says_what_is_wrong(tmp_path, data):
    path = tmp_path / "p.cimcheck.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        project = load_project(path)
    except CimcheckError as err:
        assert err.localized("en") and err.localized("zh")
        return
    if project.site_area_m2 is not None:
        assert math.isfinite(project.site_area_m2) and project.site_area_m2 > 0
    assert all(math.isfinite(v) and v > 0 for v in project.limits.values())
    assert project.households is None or project.households >= 0
    assert all(category in CATEGORIES for category, _ in project.overrides.values())


@PROFILE
@given(st.binary(max_size=400))
def test_any_bytes_as_a_project_file_load_or_say_what_is_wrong(tmp_path, raw):
    path = tmp_path / "p.cimcheck.yaml"
    path.write_bytes(raw)
    try:
        load_project(path)
    except CimcheckError:
        pass


@PROFILE
@given(scalars)
def test_the_number_rules_accept_exactly_the_sensible_numbers(value):
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    assert (positive_problem(value) is None) == (is_number and math.isfinite(value)
                                                  and value > 0)
    assert (count_problem(value) is None) == (isinstance(value, int)
                                              and not isinstance(value, bool) and value >= 0)


@PROFILE
@given(name=st.text(max_size=30), long_name=st.text(max_size=30),
       object_type=st.text(max_size=20), predefined=st.text(max_size=12),
       category=scalars, kind=scalars, depth=scalars)
def test_the_classifier_takes_any_names_and_values(name, long_name, object_type, predefined,
                                                   category, kind, depth):
    record = ElementRecord(
        "0" * 22, "IfcSpace", "spaces", name, long_name, object_type, "", predefined, None, 1,
        True, psets={"CIMCheck_Area": {"AreaCategory": category},
                     "CIMCheck_Greening": {"GreeningKind": kind, "SoilDepth": depth}})
    result = classify(record)
    assert result.category is None or result.category in CATEGORIES


@pytest.fixture(scope="module")
def house_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "house.ifc"
    simple_house("IFC4").write(path)
    return path.read_bytes()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        at = rng.randrange(len(out))
        if kind < 0.4:
            out[at] = rng.randrange(256)                       # flip a byte
        elif kind < 0.7:
            del out[at:at + rng.randint(1, 40)]                 # cut a piece
        else:
            piece = bytes(out[rng.randrange(len(out)):][:rng.randint(1, 40)])
            out[at:at] = piece                                   # duplicate a piece
    return bytes(out)


def test_mutated_models_open_or_fail_with_a_clear_error(tmp_path, house_bytes):
    # A fuzz of the STEP loader and the index: every mutated file opens and is indexed (the
    # parser repairs and reports) or raises a CimcheckError; nothing else, and no crash.
    rng = random.Random(20261201)
    path = tmp_path / "fuzz.ifc"
    outcomes = {"opened": 0, "refused": 0}
    for _ in range(CASES):
        path.write_bytes(_mutate(house_bytes, rng))
        try:
            build_index(open_model(path))     # the index reads every attribute it needs
            outcomes["opened"] += 1
        except CimcheckError:
            outcomes["refused"] += 1
    assert sum(outcomes.values()) == CASES


def _match_name_pattern_by_pattern(*texts: str):
    """``match_name`` as it was before its one-search prefilter: every pattern in turn."""
    from cimcheck.facts.classify import _patterns

    for category, patterns in _patterns():
        for text in texts:
            for pattern in (p for p in patterns if text):
                if pattern.search(text):
                    return category, text, pattern.pattern
    return None


_KEYWORD_PIECES = ["阳台", "balcony", "Balkon", "roof", " ", "-", "2F", "屋顶", "绿化", "sky",
                   "garden", "R3", "green", "FUNDBALK", "terrace", "lobby", "_", "地下"]


@PROFILE
@given(st.lists(st.one_of(st.text(max_size=12), st.lists(st.sampled_from(_KEYWORD_PIECES),
                                                         max_size=4).map("".join)),
                max_size=3))
def test_the_name_prefilter_never_changes_a_match(texts):
    from cimcheck.facts.classify import match_name

    assert match_name(*texts) == _match_name_pattern_by_pattern(*texts)
