"""Write a generated model with thousands of elements for bench/run.py.

40 storeys of a 60 x 24 m slab block: outer walls, 24 party walls, 25 spaces and a slab
per storey (about 2,200 elements). Usage: python bench/make_large.py OUT.ifc
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.builders import ModelBuilder


def build(storeys: int = 40) -> ModelBuilder:
    b = ModelBuilder("IFC4", "mm", seed="bench-large", name="Bench block")
    for n in range(storeys):
        z = 3.0 * n
        storey = b.storey(f"{n + 1}F", z)
        b.slab(storey, [(0, 0), (60, 0), (60, 24), (0, 24)], z, 0.2)
        b.walls_around(storey, (0.0, 0.0, 60.0, 24.0), z, 2.9)
        for i in range(1, 25):
            x = 2.4 * i
            b.wall_box(storey, (x - 0.1, 0.2, x + 0.1, 23.8), z, 2.9, name="分户墙")
        for i in range(25):
            x0 = 0.2 if i == 0 else 2.4 * i + 0.1
            x1 = 59.8 if i == 24 else 2.4 * (i + 1) - 0.1
            b.space(storey, [(x0, 0.2), (x1, 0.2), (x1, 23.8), (x0, 23.8)], z, 2.9,
                    name=f"{n + 1}-{i + 1:02d}", long_name="住宅")
    return b


if __name__ == "__main__":
    build().write(sys.argv[1])
