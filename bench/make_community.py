"""Write a generated future-community submission: residential towers on one site.

The scale series of ``bench/run.py`` (issue 10) is made of these: what a submission looks
like, at any size. Each tower is an IfcBuilding of a 24 x 12 m plan:

- a basement garage (B1): slab, outer walls, 8 columns, one space;
- a podium (1F, 4.5 m): a curtain wall on the south face (an IfcCurtainWall of plates and
  mullions), three walls with two doors, one shop space;
- ``storeys`` residential storeys (3.0 m): a slab; outer walls with windows in openings
  (IfcOpeningElement voiding the wall, IfcWindow filling it, as exporters write them); a
  party wall and interior walls with doors; two dwellings and a stair core; per dwelling
  a balcony (slab, railing and balcony space) on the south and a bay window on the north.

About 40 products per residential storey: 22 storeys make a tower of about 950 products,
so ``--towers N`` gives roughly N thousand. Towers stand on a grid 40 m x 30 m apart.

Usage: python bench/make_community.py OUT.ifc [--towers 25] [--storeys 22]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.builders import ModelBuilder

WIDTH, DEPTH = 24.0, 12.0   # tower plan, m
T = 0.2                     # wall thickness
PODIUM_H, STOREY_H = 4.5, 3.0
BASEMENT_H = 3.6


def _rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _basement(b: ModelBuilder, ox: float, oy: float, tower: int) -> None:
    z = -BASEMENT_H
    storey = b.storey("B1", z)
    b.slab(storey, _rect(ox, oy, ox + WIDTH, oy + DEPTH), z, 0.3, name="地下室底板")
    b.walls_around(storey, (ox, oy, ox + WIDTH, oy + DEPTH), z, BASEMENT_H - 0.1, name="地下室外墙")
    for i in range(4):
        for j in (1, 2):
            b.column(storey, (ox + 3.0 + 6.0 * i, oy + 4.0 * j), z, BASEMENT_H - 0.1)
    b.space(storey, _rect(ox + T, oy + T, ox + WIDTH - T, oy + DEPTH - T), z, BASEMENT_H - 0.1,
            name=f"T{tower}-B1-01", long_name="地下车库")


def _podium(b: ModelBuilder, ox: float, oy: float, tower: int) -> None:
    z = 0.0
    storey = b.storey("1F", z)
    b.slab(storey, _rect(ox, oy, ox + WIDTH, oy + DEPTH), z, 0.2, name="首层楼板")
    h = PODIUM_H - 0.1
    # South face: a curtain wall of six glass plates between seven mullions.
    cw = b.bodiless("IfcCurtainWall", storey, name="幕墙")
    bay = WIDTH / 6
    for i in range(7):
        x = ox + bay * i
        b.element("IfcMember", storey, (max(ox, x - 0.05), oy, min(ox + WIDTH, x + 0.05),
                                        oy + T), z, z + h, name="竖梃", part_of=cw)
    for i in range(6):
        x0, x1 = ox + bay * i + 0.05, ox + bay * (i + 1) - 0.05
        b.element("IfcPlate", storey, (x0, oy + 0.08, x1, oy + 0.12), z, z + h, name="玻璃板",
                  part_of=cw)
    north = b.wall_box(storey, (ox, oy + DEPTH - T, ox + WIDTH, oy + DEPTH), z, h, name="外墙")
    b.wall_box(storey, (ox, oy + T, ox + T, oy + DEPTH - T), z, h, name="外墙")
    b.wall_box(storey, (ox + WIDTH - T, oy + T, ox + WIDTH, oy + DEPTH - T), z, h, name="外墙")
    for x in (ox + 4.0, ox + WIDTH - 5.0):
        b.opening(storey, north, (x, oy + DEPTH - T - 0.01, x + 1.0, oy + DEPTH + 0.01), z,
                  z + 2.2, fill="IfcDoor", name="门")
    b.space(storey, _rect(ox + T, oy + T, ox + WIDTH - T, oy + DEPTH - T), z, h,
            name=f"T{tower}-1F-01", long_name="商业")


def _residential(b: ModelBuilder, ox: float, oy: float, tower: int, level: int) -> None:
    z = PODIUM_H + STOREY_H * (level - 2)
    storey = b.storey(f"{level}F", z)
    h = STOREY_H - 0.1
    b.slab(storey, _rect(ox, oy, ox + WIDTH, oy + DEPTH), z, 0.15, name="楼板")
    south, north, west, east = b.walls_around(storey, (ox, oy, ox + WIDTH, oy + DEPTH), z, h)
    # Windows: four in the south wall (two per dwelling), four in the north wall.
    for wall, y0, y1 in ((south, oy - 0.01, oy + T + 0.01),
                         (north, oy + DEPTH - T - 0.01, oy + DEPTH + 0.01)):
        for x in (1.5, 7.5, 14.5, 20.5):
            b.opening(storey, wall, (ox + x, y0, ox + x + 1.8, y1), z + 0.9, z + 2.4,
                      name="窗")
    # Party wall between the dwellings and the stair core's walls.
    b.wall_box(storey, (ox + 11.9, oy + T, ox + 12.1, oy + DEPTH - T), z, h, name="分户墙")
    core = (ox + 10.0, oy + 7.0, ox + 14.0, oy + DEPTH - T)
    b.wall_box(storey, (core[0] - 0.1, core[1], core[0] + 0.1, core[3]), z, h, name="内墙")
    b.wall_box(storey, (core[2] - 0.1, core[1], core[2] + 0.1, core[3]), z, h, name="内墙")
    core_front = b.wall_box(storey, (core[0] - 0.1, core[1] - 0.2, core[2] + 0.1, core[1]), z, h,
                            name="内墙")
    for unit, (x0, x1) in enumerate(((ox + T, ox + 11.9), (ox + 12.1, ox + WIDTH - T))):
        # An interior wall with a door splits each dwelling into living and bedrooms.
        xm = (x0 + x1) / 2 + (-1.0 if unit == 0 else 1.0)
        inner = b.wall_box(storey, (xm - 0.05, oy + T, xm + 0.05, oy + 6.8), z, h, name="内墙")
        b.opening(storey, inner, (xm - 0.06, oy + 3.0, xm + 0.06, oy + 3.9), z, z + 2.1,
                  fill="IfcDoor", name="户内门")
        b.space(storey, [(x0, oy + T), (x1, oy + T), (x1, oy + DEPTH - T), (x0, oy + DEPTH - T)],
                z, h, name=f"T{tower}-{level}-{unit + 1:02d}", long_name="住宅")
        # Balcony on the south, outside the outer wall: slab, railing, balcony space.
        bx0, bx1 = (ox + 3.0, ox + 9.0) if unit == 0 else (ox + 15.0, ox + 21.0)
        b.slab(storey, _rect(bx0, oy - 1.5, bx1, oy), z, 0.15, name="阳台板")
        b.element("IfcRailing", storey, (bx0, oy - 1.5, bx1, oy - 1.4), z, z + 1.1,
                  name="阳台栏杆")
        b.space(storey, _rect(bx0, oy - 1.4, bx1, oy), z, h, name=f"T{tower}-{level}-B{unit}",
                long_name="阳台")
        # Bay window on the north: a 0.6 m deep bay from 0.5 m to 2.6 m above the floor.
        wx0 = ox + (3.0 if unit == 0 else 17.0)
        b.window(storey, (wx0, oy + DEPTH, wx0 + 2.4, oy + DEPTH + 0.6), z + 0.5, z + 2.6,
                 name="飘窗")
    b.opening(storey, core_front, (core[0] + 1.5, core[1] - 0.21, core[0] + 2.5, core[1] + 0.01),
              z, z + 2.1, fill="IfcDoor", name="户门")
    b.space(storey, _rect(core[0] + 0.1, core[1], core[2] - 0.1, core[3]), z, h,
            name=f"T{tower}-{level}-C", long_name="楼梯间")


def build(towers: int = 25, storeys: int = 22) -> ModelBuilder:
    """A community of ``towers`` towers of ``storeys`` residential storeys each."""
    b = ModelBuilder("IFC4", "mm", seed=f"bench-community-{towers}-{storeys}",
                     name=f"Bench community {towers} towers")
    columns = max(1, round(towers ** 0.5))
    for tower in range(towers):
        ox, oy = 40.0 * (tower % columns), 30.0 * (tower // columns)
        if tower == 0:
            b.building.Name = "T1"
        else:
            b.add_building(f"T{tower + 1}")
        _basement(b, ox, oy, tower + 1)
        _podium(b, ox, oy, tower + 1)
        for level in range(2, storeys + 2):
            _residential(b, ox, oy, tower + 1, level)
    return b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--towers", type=int, default=25)
    parser.add_argument("--storeys", type=int, default=22)
    args = parser.parse_args()
    build(args.towers, args.storeys).write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
