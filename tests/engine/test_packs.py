"""Rule packs load, inherit and validate; a bad pack names file, rule and field."""

from __future__ import annotations

import textwrap

import pytest

from cimcheck.engine.checks import registered_checks
from cimcheck.engine.pack import discover_packs, load_pack
from cimcheck.errors import RulePackError
from tests.conftest import REPO

PACKS = ("cn-gbt50353-2013", "zj-future-community-2019", "hz-future-community-2019")


def test_shipped_packs_load_and_extend_each_other():
    found = discover_packs()
    assert set(found) == set(PACKS)
    hz = load_pack("hz-future-community-2019")
    assert hz.chain == PACKS
    assert hz.parameters["cs.rate_per_100hh"]["value"] == 100  # Hangzhou overrides 80
    assert load_pack("zj-future-community-2019").parameters["cs.rate_per_100hh"]["value"] == 80
    rules = {r["id"]: r for r in hz.rules}
    assert rules["ZJ-FC-03"]["params"]["categories"] == ["balcony", "bay_window"]
    assert rules["HZ-FC-04"]["params"]["planted_only"] is True


def test_every_rule_cites_a_clause_and_defaults_are_switched_off_or_warnings():
    for pack_id in PACKS:
        pack = load_pack(pack_id)
        for rule in pack.rules:
            assert rule["clause"].strip(), rule["id"]
        for key, spec in pack.parameters.items():
            if spec.get("basis") == "D":
                # A default that no source fixes ships off, or feeds only a warning rule.
                users = [r for r in pack.rules if f"$param:{key}" in str(r.get("params"))]
                assert not spec.get("enabled", True) or all(
                    r["check"] in ("exempt_ratio_warning", "exempt_condition") for r in users), key


def test_registry_lists_the_kinds_packs_may_use():
    names = {k.name for k in registered_checks()}
    assert {"far_base", "far_exempt", "green_credit", "service_space", "limit"} <= names


def _pack(tmp_path, body: str, name: str = "pack.yaml"):
    folder = tmp_path / "xx" / "test"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


BASE = """\
pack: xx-test
version: "1"
title: Test
parameters:
  rate: {value: 80}
rules:
  - id: XX-01
    title: Service
    clause: "Test §1"
    check: service_space
    params: {rate_per_100hh: %s}
"""


@pytest.mark.parametrize("value,field,problem", [
    ('"eighty"', "params.rate_per_100hh", "expected number"),
    ('"$param:nope"', "params.rate_per_100hh", "parameter 'nope'"),
])
def test_bad_parameter_values_name_file_rule_and_field(tmp_path, value, field, problem):
    path = _pack(tmp_path, BASE % value)
    with pytest.raises(RulePackError) as info:
        load_pack("xx-test", root=tmp_path)
    message = str(info.value)
    assert str(path) in message and "rule XX-01" in message and field in message
    assert problem in message


def test_unknown_check_kind(tmp_path):
    _pack(tmp_path, (BASE % "80").replace("check: service_space", "check: magic"))
    with pytest.raises(RulePackError, match=r"rule XX-01, check: unknown check kind 'magic'"):
        load_pack("xx-test", root=tmp_path)


def test_missing_required_parameter(tmp_path):
    _pack(tmp_path, (BASE % "80").replace("    params: {rate_per_100hh: 80}\n", ""))
    with pytest.raises(RulePackError, match=r"params.rate_per_100hh: missing required"):
        load_pack("xx-test", root=tmp_path)


def test_unknown_parameter_name(tmp_path):
    _pack(tmp_path, (BASE % "80").replace("{rate_per_100hh: 80}", "{rate_per_100hh: 80, x: 1}"))
    with pytest.raises(RulePackError, match=r"params.x: 'service_space' takes no parameter"):
        load_pack("xx-test", root=tmp_path)


def test_schema_violation_points_at_the_field(tmp_path):
    _pack(tmp_path, (BASE % "80").replace("id: XX-01", "id: lower-case"))
    with pytest.raises(RulePackError, match=r"rule lower-case, id: .* does not match"):
        load_pack("xx-test", root=tmp_path)


def test_yaml_syntax_error_is_clear(tmp_path):
    _pack(tmp_path, "pack: [unclosed\n")
    with pytest.raises(RulePackError, match="cannot be read as YAML"):
        load_pack("xx-test", root=tmp_path)


def test_unknown_pack_lists_the_known_ones():
    with pytest.raises(RulePackError) as info:
        load_pack("nowhere-2030")
    assert "zj-future-community-2019" in str(info.value)
    assert "规则包" in info.value.localized("zh")


def test_extends_cycle(tmp_path):
    _pack(tmp_path, (BASE % "80").replace('title: Test', 'title: Test\nextends: xx-test'))
    with pytest.raises(RulePackError, match="extends itself"):
        load_pack("xx-test", root=tmp_path)


def test_project_file_round_trip(tmp_path):
    from cimcheck.engine.project import ProjectFile, load_project, save_project

    project = ProjectFile(pack="hz-future-community-2019", site_area_m2=1200.0,
                          limits={"max_plot_ratio": 2.5}, households=8,
                          parameters={"fc.balcony_max_depth": {"enabled": True}},
                          overrides={"0abc": ("disaster_passage", "审查确认")})
    path = save_project(project, tmp_path / "m.cimcheck.yaml")
    again = load_project(path)
    assert (again.pack, again.site_area_m2, again.limits, again.households) == (
        "hz-future-community-2019", 1200.0, {"max_plot_ratio": 2.5}, 8)
    assert again.overrides == {"0abc": ("disaster_passage", "审查确认")}
    assert again.parameters == {"fc.balcony_max_depth": {"enabled": True}}


def test_rules_readme_lists_the_registered_check_kinds():
    from cimcheck.engine.checks import check_kinds_markdown

    text = (REPO / "rules" / "README.md").read_text("utf-8")
    block = text.split("<!-- check-kinds:begin -->\n")[1].split("<!-- check-kinds:end -->")[0]
    assert block == check_kinds_markdown(), "run: python -m cimcheck.engine.checks"


def test_an_area_kind_without_an_order_of_its_own_is_refused_at_registration():
    from cimcheck.engine.checks import RegistrationError, register_check

    with pytest.raises(RegistrationError, match="needs an order"):
        register_check("mystery_area", phase="area", params={})
    with pytest.raises(RegistrationError, match="needs an order"):
        register_check("mystery_area", phase="area", params={}, order=10)  # far_base's
    with pytest.raises(RegistrationError, match="phase"):
        register_check("mystery", phase="later", params={})


def test_a_pack_file_is_validated_once_and_again_when_it_changes(tmp_path, monkeypatch):
    """The schema check of a pack file is remembered by its content (the import of
    jsonschema alone cost a twentieth of a small model's check); a file edited since is
    checked again, and an edit that breaks the schema still names the field."""
    import cimcheck.engine.pack as packs

    validated = []
    real = packs._validate
    monkeypatch.setattr(packs, "_validate", lambda path, data: validated.append(path)
                        or real(path, data))
    _pack(tmp_path, BASE % "80")
    load_pack("xx-test", root=tmp_path)
    first = len(validated)
    assert first >= 1
    load_pack("xx-test", root=tmp_path)
    assert len(validated) == first                  # known by its content: not again
    _pack(tmp_path, (BASE % "80").replace("id: XX-01", "id: lower-case"))
    with pytest.raises(RulePackError, match=r"rule lower-case, id: .* does not match"):
        load_pack("xx-test", root=tmp_path)
    with pytest.raises(RulePackError, match=r"rule lower-case, id: .* does not match"):
        load_pack("xx-test", root=tmp_path)        # an invalid file is never remembered


def test_a_pack_loaded_again_is_read_again_only_when_a_file_changed(tmp_path, monkeypatch):
    # A check asks for its pack up to four times (cache keys, verdict, texts); each load
    # read and parsed every pack file. Now the same files give the same pack without a
    # read, and an edited file is read again (the GUI runs for hours beside an editor).
    from cimcheck.engine import pack as pack_module

    path = _pack(tmp_path, BASE % "80")
    reads = []
    real_read = pack_module._read
    monkeypatch.setattr(pack_module, "_read", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    first = load_pack("xx-test", root=tmp_path)
    count = len(reads)
    assert count >= 1
    assert load_pack("xx-test", root=tmp_path) is first and len(reads) == count
    path.write_text((BASE % "90").replace("rate: {value: 80}", "rate: {value: 85}"), "utf-8")
    second = load_pack("xx-test", root=tmp_path)
    assert len(reads) > count
    assert second.parameters["rate"]["value"] == 85
    assert next(r for r in second.rules if r["id"] == "XX-01")["params"]["rate_per_100hh"] == 90
