"""Baseline for bench/run.py: a bare ifcopenshell.geom.iterator pass, default settings.

Opens the file and iterates every product's shape with the library defaults (opencascade,
local coordinates, openings subtracted), fetching each mesh's vertices; nothing else.
Usage: python bench/iterator_pass.py MODEL.ifc
"""

import json
import sys

import ifcopenshell
import ifcopenshell.geom

model = ifcopenshell.open(sys.argv[1])
iterator = ifcopenshell.geom.iterator(ifcopenshell.geom.settings(), model, 1)
shapes = floats = 0
if iterator.initialize():
    while True:
        floats += len(iterator.get().geometry.verts)
        shapes += 1
        if not iterator.next():
            break
print(json.dumps({"shapes": shapes, "floats": floats}))
