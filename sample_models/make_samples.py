"""Build the bundled sample models with ifcopenshell.api (deterministic: rerun = same bytes).

Usage::

    .venv/bin/python sample_models/make_samples.py            # writes sample_models/*.ifc

The models and the hand computation of every area they contain are described in
``sample_models/README.md``; ``tests/core/test_golden_areas.py`` asserts them.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.builders import ModelBuilder  # noqa: E402

RESIDENTIAL = "fc_residential_ifc4.ifc"
RENEWAL = "renewal_recessed_ifc2x3_mm.ifc"
TOWER = "tower_mixed_ifc4.ifc"


def build_residential() -> ModelBuilder:
    """Golden model A: a future-community residential block (IFC4, metres).

    30 x 12 m. 1F stilt floor (4.5 m) with an enclosed lobby and community room, a
    disaster-safety passage, a public open space and open stilt space; 2F-5F residential
    (3.0 m), two dwellings per floor, a cantilevered balcony per dwelling, two bay windows
    per floor (one counting, one not), a sky garden on 4F; a rooftop stair house of 2.1 m
    with a roof garden beside it; ground greening on the site. Hand computation in
    README.md.
    """
    b = ModelBuilder("IFC4", "m", seed="fc-residential", name="未来社区住宅组团")
    b.site.Name = "未来社区A地块"
    b.building.Name = "1号住宅楼"
    b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", 1200.0), "FloorAreaRatio": 2.5,
                                       "SiteCoverageRatio": 0.35,
                                       "BuildingHeightLimit": ("length", 24.0)})
    box = [(0.0, 0.0), (30.0, 0.0), (30.0, 12.0), (0.0, 12.0)]

    ground = b.storey("1F 架空层", 0.0)
    b.slab(ground, box, 0.0, 0.3, name="1F 底板", predefined_type="BASESLAB")
    b.walls_around(ground, (10.0, 0.0, 16.0, 6.0), 0.0, 4.5, name="门厅墙")
    b.walls_around(ground, (16.0, 0.0, 22.0, 6.0), 0.0, 4.5, name="社区用房墙")
    b.space(ground, _rect(10.2, 0.2, 15.8, 5.8), 0.0, 4.5, name="1F-01", long_name="门厅",
            predefined_type="INTERNAL")
    room = b.space(ground, _rect(16.2, 0.2, 21.8, 5.8), 0.0, 4.5, name="1F-02",
                   long_name="社区用房", predefined_type="INTERNAL")
    b.pset(room, "CIMCheck_Area", {"AreaCategory": "COMMUNITY_SERVICE",
                                   "Use": "PUBLIC_SERVICE"})
    passage = b.space(ground, _rect(22.0, 0.0, 26.0, 12.0), 0.0, 4.5, name="1F-03",
                      long_name="防灾安全通道", predefined_type="EXTERNAL")
    b.pset(passage, "CIMCheck_Area", {"AreaCategory": "DISASTER_PASSAGE"})
    plaza = b.space(ground, _rect(26.0, 0.0, 30.0, 12.0), 0.0, 4.5, name="1F-04",
                    long_name="公共开敞空间", predefined_type="EXTERNAL")
    b.pset(plaza, "CIMCheck_Area", {"AreaCategory": "PUBLIC_OPEN"})
    b.pset(plaza, "Pset_SpaceCommon", {"IsExternal": True, "PubliclyAccessible": True})
    stilt = b.space(ground, _rect(0.0, 0.0, 10.0, 12.0), 0.0, 4.5, name="1F-05",
                    long_name="架空空间", predefined_type="EXTERNAL")
    b.pset(stilt, "Pset_SpaceCommon", {"IsExternal": True, "PubliclyAccessible": True})
    for y in (3.0, 9.0):
        b.column(ground, (5.0, y), 0.0, 4.5, 0.4, name="KZ1")

    for n, z in enumerate((4.5, 7.5, 10.5, 13.5), start=2):
        storey = b.storey(f"{n}F", z)
        b.slab(storey, box, z, 0.2, name=f"{n}F 楼板")
        b.walls_around(storey, (0.0, 0.0, 30.0, 12.0), z, 3.0)
        b.wall_box(storey, (14.9, 0.2, 15.1, 11.8), z, 3.0, name="分户墙")
        for u, (x0, x1, bx) in enumerate(((0.2, 14.9, 2.0), (15.1, 29.8, 17.0)), start=1):
            unit = f"{n}-0{u}"
            flat = b.space(storey, _rect(x0, 0.2, x1, 11.8), z, 3.0, name=f"{n}F-0{u}",
                           long_name="住宅套内", predefined_type="INTERNAL")
            b.pset(flat, "CIMCheck_Area", {"AreaCategory": "DWELLING", "UnitId": unit})
            balcony = b.slab(storey, _rect(bx, -1.5, bx + 4.0, 0.0), z, 0.15,
                             name="阳台")
            b.pset(balcony, "CIMCheck_Area", {"AreaCategory": "BALCONY", "UnitId": unit,
                                              "InsideMainStructure": False,
                                              "Depth": ("length", 1.5)})
        # Bay windows on the north face: sill 0.30 m and 2.20 m clear (counts at half), and
        # sill 0.60 m (does not count).
        b.window(storey, (8.0, 12.0, 10.4, 12.6), z + 0.3, z + 2.5, name="飘窗 BW1")
        b.window(storey, (20.0, 12.0, 22.4, 12.6), z + 0.6, z + 2.5, name="飘窗 BW2")
        if n == 4:
            garden = b.space(storey, _rect(24.0, -2.0, 28.0, 0.0), z, 3.0, name="4F-SG",
                             long_name="空中花园", predefined_type="EXTERNAL")
            b.pset(garden, "CIMCheck_Area", {"AreaCategory": "SKY_GARDEN", "UnitId": "4-02",
                                             "Depth": ("length", 2.0)})
            b.slab(storey, _rect(24.0, -2.0, 28.0, 0.0), z, 0.2, name="空中花园板")
            planted = b.space(storey, _rect(24.0, -2.0, 28.0, -1.0), z, 0.6,
                              name="4F-SG-P", long_name="空中花园种植区",
                              predefined_type="EXTERNAL")
            b.pset(planted, "CIMCheck_Greening", {"GreeningKind": "SKY_GARDEN",
                                                  "SoilDepth": ("length", 0.6)})

    roof = b.storey("屋面", 16.5)
    b.slab(roof, box, 16.5, 0.2, name="屋面板", predefined_type="ROOF")
    b.walls_around(roof, (12.0, 4.0, 18.0, 8.0), 16.5, 2.1, name="楼梯间墙")
    b.space(roof, _rect(12.2, 4.2, 17.8, 7.8), 16.5, 2.1, name="R-01",
            long_name="屋顶楼梯间", predefined_type="INTERNAL")
    garden = b.space(roof, _rect(2.0, 2.0, 10.0, 10.0), 16.5, 0.8, name="R-02",
                     long_name="屋顶花园", predefined_type="EXTERNAL")
    b.pset(garden, "CIMCheck_Greening", {"GreeningKind": "ROOF",
                                         "SoilDepth": ("length", 0.8)})
    for x0, x1 in ((-10.0, -2.0), (32.0, 40.0)):
        green = b.planting(_rect(x0, 0.0, x1, 20.0), 0.0, name="宅旁绿地")
        b.pset(green, "CIMCheck_Greening", {"GreeningKind": "GROUND",
                                            "SoilDepth": ("length", 1.5)})
    return b


def build_renewal() -> ModelBuilder:
    """Golden model B: a renewal (旧改) block in IFC2X3, millimetres, recessed balconies.

    20 x 10 m, three residential storeys of 3.0 m and a roof level. Each storey has two
    dwellings (IfcZone DWELLING, no UnitId) and two recessed balconies (凹阳台) enclosed by
    structure on three sides: one declared ``InsideMainStructure``, one known only by its
    name. 1F carries an authored storey GrossFloorArea (right) and one space with a wrong
    authored GrossFloorArea (to be flagged).
    """
    b = ModelBuilder("IFC2X3", "mm", seed="renewal", name="老旧小区改造")
    b.site.Name = "旧改B地块"
    b.building.Name = "3号楼"
    b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", 500.0)})
    walls = [
        (0.2, 0.0, 4.0, 0.2), (4.0, 0.0, 4.2, 1.5), (4.2, 1.3, 6.8, 1.5), (6.8, 0.0, 7.0, 1.5),
        (7.0, 0.0, 13.0, 0.2), (13.0, 0.0, 13.2, 1.5), (13.2, 1.3, 15.8, 1.5),
        (15.8, 0.0, 16.0, 1.5), (16.0, 0.0, 19.8, 0.2), (0.0, 0.0, 0.2, 9.8),
        (19.8, 0.0, 20.0, 9.8), (0.0, 9.8, 20.0, 10.0), (9.9, 0.2, 10.1, 9.8),
    ]
    unit_a = [(0.2, 0.2), (4.0, 0.2), (4.0, 1.5), (7.0, 1.5), (7.0, 0.2), (9.9, 0.2),
              (9.9, 9.8), (0.2, 9.8)]
    unit_b = [(10.1, 0.2), (13.0, 0.2), (13.0, 1.5), (16.0, 1.5), (16.0, 0.2), (19.8, 0.2),
              (19.8, 9.8), (10.1, 9.8)]
    for n, z in enumerate((0.0, 3.0, 6.0), start=1):
        storey = b.storey(f"{n}F", z)
        if n == 1:
            b.quantities(storey, "BaseQuantities", {"GrossFloorArea": ("area", 200.0)})
        b.slab(storey, _rect(0.0, 0.0, 20.0, 10.0), z, 0.15, name=f"{n}F 楼板")
        for rect in walls:
            b.wall_box(storey, rect, z, 2.9, name="墙")
        flats = []
        for u, outline in enumerate((unit_a, unit_b), start=1):
            flat = b.space(storey, outline, z, 2.8, name=f"{n}0{u}", long_name="住宅",
                           predefined_type="INTERNAL")
            flats.append(flat)
            if n == 1 and u == 1:
                b.quantities(flat, "BaseQuantities", {"GrossFloorArea": ("area", 95.0)})
            b.zone(f"{n}-0{u}", [flat], object_type="DWELLING")
        declared = b.space(storey, _rect(4.2, 0.0, 6.8, 1.3), z, 2.8, name=f"{n}01-B",
                           long_name="阳台", predefined_type="EXTERNAL")
        b.pset(declared, "CIMCheck_Area", {"AreaCategory": "BALCONY",
                                           "InsideMainStructure": True})
        b.space(storey, _rect(13.2, 0.0, 15.8, 1.3), z, 2.8, name=f"{n}02-B",
                long_name="阳台", predefined_type="EXTERNAL")
    roof = b.storey("屋面", 9.0)
    b.slab(roof, _rect(0.0, 0.0, 20.0, 10.0), 9.0, 0.15, name="屋面板", predefined_type="ROOF")
    return b


def build_tower() -> ModelBuilder:
    """Golden model C: a tower with basement, equipment and refuge floors and an attic.

    16 x 16 m. B1 basement (4.0 m, below grade), 1F (4.0 m), 2F (3.0 m), 3F equipment
    floor of 2.1 m (设备层), 4F refuge floor (避难层, 3.0 m), 5F (3.0 m) and a 6F attic under
    a gable roof whose underside rises from 0.6 m at the eaves to 3.6 m at the ridge.
    """
    b = ModelBuilder("IFC4", "m", seed="tower", name="综合楼")
    b.site.Name = "塔楼C地块"
    b.building.Name = "综合楼"
    box = _rect(0.0, 0.0, 16.0, 16.0)
    levels = [("B1 地下室", -4.0, 4.0), ("1F", 0.0, 4.0), ("2F", 4.0, 3.0),
              ("3F 设备层", 7.0, 2.1), ("4F 避难层", 9.1, 3.0), ("5F", 12.1, 3.0)]
    for name, z, height in levels:
        storey = b.storey(name, z)
        b.slab(storey, box, z, 0.2, name=f"{name} 楼板",
               predefined_type="BASESLAB" if z < 0 else "FLOOR")
        b.walls_around(storey, (0.0, 0.0, 16.0, 16.0), z, height - 0.2)
        b.space(storey, _rect(0.2, 0.2, 15.8, 15.8), z, height - 0.2, name=f"{name}-01",
                long_name=name.split(" ")[-1], predefined_type="INTERNAL")
    attic = b.storey("6F 阁楼", 15.1)
    b.slab(attic, box, 15.1, 0.2, name="6F 楼板")
    b.walls_around(attic, (0.0, 0.0, 16.0, 16.0), 15.1, 1.6, name="檐墙")
    b.space(attic, _rect(0.2, 0.2, 15.8, 15.8), 15.1, 1.6, name="6F-01", long_name="阁楼",
            predefined_type="INTERNAL")
    b.gable_roof(attic, (0.0, 16.0), (0.0, 16.0), 15.1 + 0.6, 15.1 + 3.6)
    return b


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


BUILDERS = {RESIDENTIAL: build_residential, RENEWAL: build_renewal,
            TOWER: build_tower}


def main() -> int:
    for name, build in BUILDERS.items():
        build().write(HERE / name)
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
