"""Build the bundled sample models with ifcopenshell.api (deterministic: rerun = same bytes).

Usage::

    .venv/bin/python sample_models/make_samples.py            # writes sample_models/*.ifc

The models are described in ``sample_models/README.md``. The area issue extends this
script with the golden models and their hand computations.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.builders import ModelBuilder  # noqa: E402

DEMO = "fc_block_demo_ifc4.ifc"


def build_demo() -> ModelBuilder:
    """A small future-community residential block (demo for the Quick start).

    24 m x 12 m, three storeys: a stilt ground floor (架空层, 4.5 m) with an enclosed lobby
    and a community service room; two residential floors (3.0 m) with two dwellings each,
    grouped as IfcZone units; a cantilevered balcony slab per dwelling; a flat roof.
    """
    b = ModelBuilder("IFC4", "mm", seed="fc-block-demo", name="未来社区示范地块")
    b.site.Name = "示范地块"
    b.building.Name = "1号楼"
    b.pset(b.site, "Pset_SiteCommon", {"TotalArea": ("area", 2400.0),
                                       "FloorAreaRatio": 2.0, "SiteCoverageRatio": 0.35,
                                       "BuildingHeightLimit": ("length", 24.0)})
    outline = [(0.0, 0.0), (24.0, 0.0), (24.0, 12.0), (0.0, 12.0)]
    corners = [(0.1, 0.1), (23.9, 0.1), (23.9, 11.9), (0.1, 11.9)]

    ground = b.storey("1F 架空层", 0.0)
    b.slab(ground, outline, 0.0, 0.3, name="1F 楼板", predefined_type="BASESLAB")
    for x in (0.2, 8.0, 16.0, 23.8):
        for y in (0.2, 11.8):
            b.column(ground, (x, y), 0.0, 4.5, 0.4, name="KZ1")
    lobby_corners = [(8.1, 0.1), (15.9, 0.1), (15.9, 5.9), (8.1, 5.9)]
    for i in range(4):
        b.wall(ground, lobby_corners[i], lobby_corners[(i + 1) % 4], 0.0, 4.5, 0.2,
               name="门厅外墙")
    b.space(ground, [(8.2, 0.2), (15.8, 0.2), (15.8, 5.8), (8.2, 5.8)], 0.0, 4.5,
            name="1F-01", long_name="门厅 Lobby", predefined_type="INTERNAL")
    service = b.space(ground, [(16.2, 6.2), (23.8, 6.2), (23.8, 11.8), (16.2, 11.8)], 0.0, 4.5,
                      name="1F-02", long_name="社区用房 Community room",
                      predefined_type="INTERNAL")
    b.pset(service, "CIMCheck_Area", {"AreaCategory": "COMMUNITY_SERVICE",
                                      "Use": "PUBLIC_SERVICE"})
    stilt = b.space(ground, [(0.2, 0.2), (8.0, 0.2), (8.0, 11.8), (0.2, 11.8)], 0.0, 4.5,
                    name="1F-03", long_name="架空空间 Stilt space", predefined_type="EXTERNAL")
    b.pset(stilt, "Pset_SpaceCommon", {"IsExternal": True, "PubliclyAccessible": True})

    for level, z in (("2F", 4.5), ("3F", 7.5)):
        storey = b.storey(level, z)
        b.slab(storey, outline, z, 0.2, name=f"{level} 楼板")
        for i in range(4):
            b.wall(storey, corners[i], corners[(i + 1) % 4], z, 3.0, 0.2, name="外墙")
        b.wall(storey, (12.0, 0.2), (12.0, 11.8), z, 3.0, 0.2, name="分户墙")
        units = []
        for n, (x0, x1) in enumerate(((0.2, 11.9), (12.1, 23.8)), start=1):
            room = b.space(storey, [(x0, 0.2), (x1, 0.2), (x1, 11.8), (x0, 11.8)], z, 3.0,
                           name=f"{level}-0{n}", long_name="住宅 Dwelling",
                           predefined_type="INTERNAL")
            b.pset(room, "CIMCheck_Area", {"AreaCategory": "DWELLING",
                                           "UnitId": f"1-{level[0]}0{n}"})
            balcony_x = (x0 + 2.0, x0 + 6.0)
            balcony = b.slab(storey, [(balcony_x[0], -1.5), (balcony_x[1], -1.5),
                                      (balcony_x[1], 0.0), (balcony_x[0], 0.0)], z, 0.15,
                             name="阳台 Balcony", predefined_type="FLOOR")
            b.pset(balcony, "CIMCheck_Area", {"AreaCategory": "BALCONY",
                                              "UnitId": f"1-{level[0]}0{n}",
                                              "InsideMainStructure": False,
                                              "Depth": ("length", 1.5)})
            units.append(b.zone(f"1-{level[0]}0{n}", [room], object_type="DWELLING"))
    roof = b.storey("屋面 Roof", 10.5)
    b.slab(roof, outline, 10.5, 0.2, name="屋面板", predefined_type="ROOF")
    return b


def main() -> int:
    build_demo().write(HERE / DEMO)
    print(f"wrote {HERE / DEMO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
