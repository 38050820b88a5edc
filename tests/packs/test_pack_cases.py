"""Run every rules/**/cases.yaml: small models described in data, checked under their pack.

Each case builds its model with tests/builders.py, computes areas, evaluates the pack and
compares the indicators (to 0.01, or 1e-4 for ratios) and finding statuses it states.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cimcheck.engine.evaluate import evaluate
from cimcheck.engine.pack import discover_packs, load_pack
from cimcheck.engine.project import ProjectFile
from cimcheck.facts.area import compute_areas
from cimcheck.pipeline import analyse
from tests.builders import ModelBuilder


def _cases():
    for pack_id, info in sorted(discover_packs().items()):
        path = info.path.with_name("cases.yaml")
        if not path.exists():
            continue
        for case in yaml.safe_load(path.read_text("utf-8"))["cases"]:
            yield pytest.param(pack_id, case, id=f"{pack_id}: {case['name']}")


def _rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _build(spec: dict, path: Path) -> None:
    b = ModelBuilder("IFC4", seed=str(path))
    if spec.get("site_area"):
        b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", float(spec["site_area"]))})
    for s in spec["storeys"]:
        z = float(s["elevation"])
        storey = b.storey(s["name"], z, gross_height=s.get("gross_height"))
        x0, y0, x1, y1 = s["box"]
        b.slab(storey, _rect(x0, y0, x1, y1), z)
        b.walls_around(storey, (x0, y0, x1, y1), z, s.get("wall_height", 3.0))
        for space in s.get("spaces", []):
            room = b.space(storey, _rect(*space["rect"]), z, 2.0, name="room")
            values = {"AreaCategory": space["category"]}
            if "unit" in space:
                values["UnitId"] = space["unit"]
            b.pset(room, "CIMCheck_Area", values)
        for window in s.get("windows", []):
            b.window(storey, tuple(window["rect"]), z + window["sill"],
                     z + window["sill"] + window["clear"], name="飘窗")
        for green in s.get("green", []):
            planting = b.space(storey, _rect(*green["rect"]), z, 0.3, name="绿化")
            values = {"GreeningKind": green["kind"]}
            if "soil" in green:
                values["SoilDepth"] = ("length", float(green["soil"]))
            b.pset(planting, "CIMCheck_Greening", values)
        for balcony in s.get("balconies", []):
            slab = b.slab(storey, _rect(*balcony["rect"]), z, 0.15, name="阳台")
            values = {"AreaCategory": "BALCONY", "Depth": ("length", float(balcony["depth"]))}
            if "unit" in balcony:
                values["UnitId"] = balcony["unit"]
            b.pset(slab, "CIMCheck_Area", values)
    b.write(path)


def _indicator(indicators: dict, key: str):
    value = indicators
    for part in key.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize("pack_id,case", list(_cases()))
def test_pack_case(tmp_path, pack_id, case):
    model = case["model"]
    path = tmp_path / "case.ifc"
    _build(model, path)
    project = ProjectFile(households=model.get("households"), limits=model.get("limits", {}),
                          parameters=model.get("parameters", {}))
    analysis = analyse(path)
    table = compute_areas(analysis)
    run = evaluate(analysis, table, load_pack(pack_id), project)
    for key, expected in case["expect"].get("indicators", {}).items():
        got = _indicator(run.indicators, key)
        if expected is None:
            assert got is None, key
        else:
            tolerance = 1e-4 if "ratio" in key else 0.01
            assert got == pytest.approx(expected, abs=tolerance), key
    statuses = {}
    for finding in run.findings:
        statuses.setdefault(finding.rule_id, str(finding.status))
    for rule_id, status in case["expect"].get("findings", {}).items():
        # null means the rule must say nothing (a default shipped off)
        assert statuses.get(rule_id) == status, (rule_id, [f.message("en") for f in run.findings
                                                           if f.rule_id == rule_id])
