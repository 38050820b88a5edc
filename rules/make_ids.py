"""Write ``rules/cimcheck.ids``: the data the checks need, as IDS 1.0 specifications.

    .venv/bin/python rules/make_ids.py

The file is generated with ifctester (so it is valid IDS 1.0) and committed; a test keeps
the two in step. Names and descriptions are Chinese, then English (IDS has one text each).
Each specification's description says, in Chinese and English, which rule needs the data.
A specification with ``minOccurs=1`` is required (its failures are
FAIL findings); one with ``minOccurs=0`` applies where the elements exist (WARN).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from cimcheck.vocab import AREA_CATEGORIES  # noqa: E402

VERSIONS = ["IFC2X3", "IFC4"]
GREENING_KINDS = ["GROUND", "ROOF", "OVER_BASEMENT", "VERTICAL", "SKY_GARDEN"]


def build():
    """Build the specifications (ifctester objects)."""
    from ifctester import ids

    book = ids.Ids(title="cimcheck: data the future-community checks need",
                   description="未来社区模型审查所需的模型数据 / data the cimcheck rules read",
                   author="cimcheck@example.org", version="1.0",
                   purpose="未来社区建筑面积及技术指标审查 / future-community area checks")

    def spec(name: str, description: str, required: bool):
        specification = ids.Specification(name=name, ifcVersion=VERSIONS,
                                          description=description,
                                          minOccurs=1 if required else 0)
        book.specifications.append(specification)
        return specification

    storeys = spec("楼层有名称和标高 / Storeys have a name and an elevation",
                   "楼层须有名称和标高：分层面积及层高系数（GB/T 50353-2013 3.0.1）需要 / "
                   "storeys need a name and an elevation: storey areas and the storey-height "
                   "rule (GB/T 50353-2013 3.0.1)", True)
    storeys.applicability.append(ids.Entity(name="IFCBUILDINGSTOREY"))
    storeys.requirements.append(ids.Attribute(name="Name"))
    storeys.requirements.append(ids.Attribute(name="Elevation"))

    spaces = spec("房间有名称 / Spaces have a name",
                  "房间须有名称：按名称判定面积类别（须经确认）/ spaces need a name: "
                  "classification by name (to be confirmed)", False)
    spaces.applicability.append(ids.Entity(name="IFCSPACE"))
    spaces.requirements.append(ids.Attribute(name="Name"))

    site = spec("场地给出用地面积 / The site states its area",
                "场地宜给出用地面积（Pset_SiteCommon.TotalArea），否则须在项目文件中给出："
                "容积率、建筑密度、绿地率需要 / the site should state its area, else the "
                "project file gives it: plot ratio, density and green ratio need it", False)
    site.applicability.append(ids.Entity(name="IFCSITE"))
    site.requirements.append(ids.Property(propertySet="Pset_SiteCommon", baseName="TotalArea",
                                          dataType="IFCAREAMEASURE"))

    categories = spec("面积类别取值有效 / CIMCheck_Area.AreaCategory takes a known value",
                      "面积类别须为规定取值：计容及豁免规则据此判定（浙政发〔2019〕8号）/ "
                      "the area category must be a known value: the plot-ratio and "
                      "exemption rules read it", False)
    categories.applicability.append(ids.Property(propertySet="CIMCheck_Area",
                                                 baseName="AreaCategory"))
    categories.requirements.append(ids.Property(
        propertySet="CIMCheck_Area", baseName="AreaCategory",
        value=ids.Restriction(options={"enumeration": [c.upper() for c in AREA_CATEGORIES
                                                       if c not in ("roof", "gfa")]},
                              base="string")))

    units = spec("住宅有户号 / Dwellings have a unit id",
                 "住宅套内空间须有户号（CIMCheck_Area.UnitId）：户数及社区配套用房指标需要 / "
                 "dwellings need a unit id: households and the service-space rule count them",
                 False)
    units.applicability.append(ids.Entity(name="IFCSPACE"))
    units.applicability.append(ids.Property(
        propertySet="CIMCheck_Area", baseName="AreaCategory",
        value=ids.Restriction(options={"enumeration": ["DWELLING"]}, base="string")))
    units.requirements.append(ids.Property(propertySet="CIMCheck_Area", baseName="UnitId"))

    values = spec("面积属性取值合理 / CIMCheck_Area values in range",
                  "面积属性如填写须取值合理：进深、净高、层高、飘窗窗台高差为长度且大于 0"
                  "（窗台高差不小于 0），声明面积系数在 0～1 之间，声明计容系数不小于 0："
                  "阳台、飘窗、坡屋顶及层高规则（GB/T 50353-2013 3.0.2、3.0.13、3.0.21）据此"
                  "判定并与计算值比对 / where given, CIMCheck_Area values must be in range: depth, "
                  "clear and structural height (lengths over 0), sill step (a length, 0 or more), "
                  "declared area coefficient 0 to 1, declared plot-ratio multiplier 0 or more: "
                  "the balcony, bay-window, sloped-roof and storey-height rules read them and "
                  "compare them with the computed values", False)
    values.applicability.append(ids.Property(propertySet="CIMCheck_Area",
                                             baseName="AreaCategory"))
    for name, bound in (("Depth", "minExclusive"), ("ClearHeight", "minExclusive"),
                        ("StructHeight", "minExclusive"), ("SillStep", "minInclusive")):
        values.requirements.append(ids.Property(
            propertySet="CIMCheck_Area", baseName=name, cardinality="optional",
            dataType="IFCLENGTHMEASURE",
            value=ids.Restriction(options={bound: 0}, base="double")))
    values.requirements.append(ids.Property(
        propertySet="CIMCheck_Area", baseName="DeclaredAreaCoeff", cardinality="optional",
        value=ids.Restriction(options={"minInclusive": 0, "maxInclusive": 1}, base="double")))
    values.requirements.append(ids.Property(
        propertySet="CIMCheck_Area", baseName="DeclaredFARCoeff", cardinality="optional",
        value=ids.Restriction(options={"minInclusive": 0}, base="double")))

    greening = spec("绿化类型有效、覆土深度大于 0 / CIMCheck_Greening.GreeningKind known, "
                    "soil depth > 0",
                    "绿化须注明类型，覆土深度须大于 0：立体绿化折算（绿地率）需要 / greening "
                    "needs its kind, and a soil depth over 0: the 3D-greening credit reads "
                    "them", False)
    greening.applicability.append(ids.Property(propertySet="CIMCheck_Greening",
                                               baseName="GreeningKind"))
    greening.requirements.append(ids.Property(
        propertySet="CIMCheck_Greening", baseName="GreeningKind",
        value=ids.Restriction(options={"enumeration": GREENING_KINDS}, base="string")))
    greening.requirements.append(ids.Property(
        propertySet="CIMCheck_Greening", baseName="SoilDepth", cardinality="optional",
        dataType="IFCLENGTHMEASURE",
        value=ids.Restriction(options={"minExclusive": 0}, base="double")))
    return book


def main() -> None:
    """Write the file."""
    target = HERE / "cimcheck.ids"
    target.write_text(build().to_string(), encoding="utf-8")
    sys.stdout.write(f"{target}\n")


if __name__ == "__main__":
    main()
