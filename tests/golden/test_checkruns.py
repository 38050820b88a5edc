"""Golden CheckRuns: every sample model under every pack, against the hand computations of
plot ratio, green ratio and service space in sample_models/README.md."""

from __future__ import annotations

import pytest

from cimcheck.pipeline import analyse, check
from tests.conftest import REPO

SAMPLES = REPO / "sample_models"
PACKS = ("cn-gbt50353-2013", "zj-future-community-2019", "hz-future-community-2019")

# (model, pack): far area, plot ratio, exempt total, green area, green ratio, service required
GOLDEN = {
    ("fc_residential_ifc4.ifc", "cn-gbt50353-2013"): (1842.88, 1842.88 / 1200, 0.00, 320.0,
                                                       320 / 1200, None),
    ("fc_residential_ifc4.ifc", "zj-future-community-2019"): (1524.00, 1524.00 / 1200, 318.88,
                                                              352.0, 352 / 1200, 7.0),
    ("fc_residential_ifc4.ifc", "hz-future-community-2019"): (1526.00, 1526.00 / 1200, 316.88,
                                                              352.0, 352 / 1200, 8.0),
    ("renewal_recessed_ifc2x3_mm.ifc", "cn-gbt50353-2013"): (600.00, 1.2, 0.0, 0.0, 0.0, None),
    ("renewal_recessed_ifc2x3_mm.ifc", "zj-future-community-2019"): (579.72, 579.72 / 500,
                                                                     20.28, 0.0, 0.0, 5.0),
    ("renewal_recessed_ifc2x3_mm.ifc", "hz-future-community-2019"): (579.72, 579.72 / 500,
                                                                     20.28, 0.0, 0.0, 6.0),
    ("tower_mixed_ifc4.ifc", "cn-gbt50353-2013"): (1318.40, None, 0.0, 0.0, None, None),
    ("tower_mixed_ifc4.ifc", "zj-future-community-2019"): (1318.40, None, 0.0, 0.0, None, None),
    ("tower_mixed_ifc4.ifc", "hz-future-community-2019"): (1318.40, None, 0.0, 0.0, None, None),
}
BELOW = {"fc_residential_ifc4.ifc": 0.0, "renewal_recessed_ifc2x3_mm.ifc": 0.0,
         "tower_mixed_ifc4.ifc": 256.0}  # B1 basement, not counted (far.count_below_ground)
STATUS = {
    ("fc_residential_ifc4.ifc", "zj-future-community-2019"): {
        "PLAN-FAR-01": "PASS", "PLAN-DEN-01": "PASS", "PLAN-HGT-01": "PASS",
        "PLAN-GRN-01": "NOT_APPLICABLE", "ZJ-FC-05": "PASS", "ZJ-FC-07": "WARN"},
    ("renewal_recessed_ifc2x3_mm.ifc", "hz-future-community-2019"): {
        "ZJ-FC-05": "FAIL", "GB-DECL-01": "WARN", "PLAN-FAR-01": "NOT_APPLICABLE"},
    ("tower_mixed_ifc4.ifc", "zj-future-community-2019"): {
        "PLAN-SITE-01": "FAIL", "ZJ-FC-05": "NOT_APPLICABLE"},
}


@pytest.fixture(scope="module")
def analyses():
    return {name: analyse(SAMPLES / name) for name in {m for m, _ in GOLDEN}}


@pytest.mark.parametrize("model,pack", sorted(GOLDEN))
def test_golden_checkrun(analyses, model, pack):
    far, ratio, exempt, green, green_ratio, required = GOLDEN[(model, pack)]
    run = check(analyses[model], pack)
    ind = run.indicators
    assert ind["far_area_m2"] == pytest.approx(far, abs=0.01)
    assert sum(ind["exempt_area_m2"].values()) == pytest.approx(exempt, abs=0.01)
    # Total building area is the GB measure: plot-ratio area + exempt + below ground.
    assert ind["total_building_area_m2"] == pytest.approx(far + exempt + BELOW[model], abs=0.01)
    assert ind["green_area_m2"] == pytest.approx(green, abs=0.01)
    for key, value in (("plot_ratio", ratio), ("green_ratio", green_ratio),
                       ("service_required_m2", required)):
        if value is None:
            assert ind[key] is None, key
        else:
            assert ind[key] == pytest.approx(value, abs=0.001), key
    statuses = {}
    for finding in run.findings:
        statuses.setdefault(finding.rule_id, str(finding.status))
    for rule_id, status in STATUS.get((model, pack), {}).items():
        assert statuses[rule_id] == status, rule_id


def test_switching_pack_or_project_never_retessellates(analyses, monkeypatch):
    import cimcheck.geometry.tessellate as tessellate
    from cimcheck.engine.project import ProjectFile

    def boom(*args, **kwargs):
        raise AssertionError("tessellated again")

    monkeypatch.setattr(tessellate, "tessellate", boom)
    analysis = analyses["fc_residential_ifc4.ifc"]
    zj = check(analysis, "zj-future-community-2019")
    cn = check(analysis, "cn-gbt50353-2013", ProjectFile(site_area_m2=2000.0))
    assert zj.indicators["plot_ratio"] != cn.indicators["plot_ratio"]
    assert cn.indicator_sources["site_area_m2"] == "project file"
    assert zj.indicator_sources["site_area_m2"] == "Pset_SiteCommon.TotalArea"


def test_exempt_breakdown_of_the_residential_block(analyses):
    run = check(analyses["fc_residential_ifc4.ifc"], "hz-future-community-2019")
    exempt = {k: round(v, 2) for k, v in run.indicators["exempt_area_m2"].items()}
    assert exempt == {"balcony": 24.0, "bay_window": 2.88, "stilt": 192.00,
                      "disaster_passage": 48.0, "public_open": 48.0, "sky_garden": 2.0}
    # The total building area is never shrunk by the pilot exemptions.
    assert run.indicators["total_building_area_m2"] == pytest.approx(1842.88, abs=0.01)


def test_gb_thresholds_come_from_the_pack_and_can_be_overridden(analyses):
    from cimcheck.engine.project import ProjectFile

    tower = analyse(SAMPLES / "tower_mixed_ifc4.ifc")
    table = check(tower, "cn-gbt50353-2013").table
    equipment = next(s for s in table.storeys if s.kind == "equipment")
    assert equipment.building_area_m2 == pytest.approx(128.0)   # 2.10 m < 2.20 m → ½
    # A project lowering the threshold to 2.10 m makes the equipment floor count in full.
    table = check(tower, "cn-gbt50353-2013",
                  ProjectFile(parameters={"gb.full_height": 2.1})).table
    equipment = next(s for s in table.storeys if s.kind == "equipment")
    assert equipment.building_area_m2 == pytest.approx(256.0)


@pytest.mark.parametrize("model,height,density", [
    # A: top of the 屋面 roof slab at +16.50 (the stair house above is excluded); 360 / 1200
    ("fc_residential_ifc4.ifc", 16.50, 0.30),
    # B: roof slab top at +9.00; footprint 200 / site 500
    ("renewal_recessed_ifc2x3_mm.ifc", 9.00, 0.40),
    # C: gable roof, GB 50352-2019 4.5.2: mean of eave and ridge. Floor +15.10; roof slab
    # 0.20 thick, underside 0.60 above the floor at the eaves and 3.60 at the ridge: eave top
    # 15.10 + 0.60 + 0.20 = 15.90, ridge top 15.10 + 3.60 + 0.20 = 18.90, mean 17.40; no site
    ("tower_mixed_ifc4.ifc", 17.40, None),
])
def test_building_height_and_density(analyses, model, height, density):
    run = check(analyses[model], "zj-future-community-2019")
    assert run.indicators["building_height_m"] == pytest.approx(height, abs=0.001)
    if density is None:
        assert run.indicators["building_density"] is None
    else:
        assert run.indicators["building_density"] == pytest.approx(density, abs=0.0001)


def test_the_verdicts_of_several_indicators_are_those_of_each_rule(analyses):
    # The dashboard asks for eight verdicts in one pass over the findings; each is what
    # the pack's rules decided: PLAN-FAR-01 judges the plot ratio (PASS, limit 2.5 from
    # the model's Pset_SiteCommon), PLAN-GRN-01 the green ratio (no limit: N/A).
    run = check(analyses["fc_residential_ifc4.ifc"], "zj-future-community-2019")
    verdicts = run.verdicts(("plot_ratio", "green_ratio", "no_such_indicator"))
    assert str(verdicts["plot_ratio"].status) == "PASS"
    assert verdicts["plot_ratio"].limit == pytest.approx(2.5)
    assert {f.rule_id for f in verdicts["plot_ratio"].findings} == {"PLAN-FAR-01"}
    assert str(verdicts["green_ratio"].status) == "NOT_APPLICABLE"
    assert verdicts["no_such_indicator"].status is None
    assert verdicts["no_such_indicator"].findings == ()
    for key in ("plot_ratio", "green_ratio"):
        assert run.verdict(key) == verdicts[key]
