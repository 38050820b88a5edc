"""Shipped pack and IDS files validated at release are not validated again at each check.

``rules/validated.json`` records the sha256 of each shipped ``pack.yaml`` and IDS file
as ``rules/make_validated.py`` validated them; a file with that content skips its schema
(jsonschema and the IDS XSD: 0.05–0.1 s of every check with a cold cache), anything else
is validated as before.
"""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from cimcheck.engine import pack
from cimcheck.engine.pack import packs_root, validated_at_release


def test_the_manifest_lists_every_shipped_file_as_it_is_now():
    # Fails after a pack or IDS edit: run .venv/bin/python rules/make_validated.py, which
    # validates the files before it records them.
    import cimcheck_rules.make_validated as make_validated

    manifest = json.loads((packs_root() / pack.RELEASE_MANIFEST).read_text("utf-8"))
    recorded = manifest["files"]
    # Validated with this pack schema (after a schema change: run the script again).
    now_validators = pack.release_validators()
    assert manifest["validators"]["rulepack.schema.json"] == now_validators[
        "rulepack.schema.json"]
    same_tools = all(manifest["validators"][k] == now_validators[k]
                     for k in ("ifctester", "xmlschema"))
    now = {p.relative_to(packs_root()).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in make_validated.shipped_files()}
    assert recorded == now
    assert {"cimcheck.ids", "zj/future_community_2019/pack.yaml"} <= set(now)
    # Each IDS file's decoded form is the one ifctester reads from it now; under other
    # versions of the IDS tools than the release's, it is not used at all.
    decoded = manifest["ids"]
    assert set(decoded) == {name for name in now if name.endswith(".ids")}
    for name, content in decoded.items():
        path = packs_root() / name
        if same_tools:
            assert content == make_validated.decoded_ids(path)
        else:
            assert pack.ids_at_release(path, path.read_bytes()) is None


def test_only_a_shipped_file_byte_for_byte_counts_as_validated(tmp_path):
    shipped = packs_root() / "zj" / "future_community_2019" / "pack.yaml"
    content = shipped.read_bytes()
    assert validated_at_release(shipped, content)
    assert not validated_at_release(shipped, content + b"\n# edited\n")
    copy = tmp_path / "pack.yaml"
    shutil.copy(shipped, copy)
    assert not validated_at_release(copy, content)        # not under the shipped folder


def test_a_pack_file_outside_the_release_is_validated_and_a_shipped_one_is_not(
        tmp_path, monkeypatch):
    validated = []
    real = pack._validate
    monkeypatch.setattr(pack, "_validate", lambda path, data: validated.append(path)
                        or real(path, data))
    shipped = packs_root() / "cn" / "gbt50353_2013" / "pack.yaml"
    assert pack._read(shipped)["pack"]
    assert validated == []
    copy = tmp_path / "pack.yaml"
    copy.write_bytes(shipped.read_bytes().replace(b"\n", b"\n\n", 1))   # same data, edited
    assert pack._read(copy)["pack"] == pack._read(shipped)["pack"]
    assert validated == [copy]


@pytest.mark.parametrize("shipped", [True, False], ids=["shipped", "copied"])
def test_an_ids_file_is_read_against_the_xsd_unless_shipped_as_validated(
        tmp_path, monkeypatch, shipped):
    import ifcopenshell
    from ifctester import ids

    from cimcheck.engine.preflight import run_ids

    asked = []
    real_open = ids.open
    monkeypatch.setattr(ids, "open", lambda path, validate=False: asked.append(validate)
                        or real_open(path, validate=validate))
    path = packs_root() / "cimcheck.ids"
    if not shipped:
        path = tmp_path / "cimcheck.ids"
        shutil.copy(packs_root() / "cimcheck.ids", path)
    sample = packs_root().parent / "sample_models" / "fc_residential_ifc4.ifc"
    results = run_ids(ifcopenshell.open(str(sample)), [path])
    # Shipped: decoded at release, no XSD (unless the IDS tools are not the release's).
    assert asked == ([] if shipped and pack._validators_unchanged("ids") else [True])
    reference = run_ids(ifcopenshell.open(str(sample)), [path]) if shipped else results
    assert results == reference and len(results) > 3
    # The same specifications as the file read through the XSD today.
    shipped_ids = packs_root() / "cimcheck.ids"
    decoded = pack.ids_at_release(shipped_ids, shipped_ids.read_bytes())
    if decoded is not None:
        assert ids.Ids().parse(decoded).to_string() == real_open(str(shipped_ids)).to_string()


def test_a_changed_pack_schema_validates_the_shipped_packs_again(monkeypatch):
    # The manifest holds the schema's hash: a stricter schema must not be skipped.
    shipped = packs_root() / "zj" / "future_community_2019" / "pack.yaml"
    manifest = dict(pack._release_manifest())
    manifest["validators"] = {**manifest["validators"], "rulepack.schema.json": "0" * 64}
    monkeypatch.setattr(pack, "_release_manifest", lambda: manifest)
    pack._validators_unchanged.cache_clear()
    try:
        assert not validated_at_release(shipped, shipped.read_bytes())
    finally:
        pack._validators_unchanged.cache_clear()
