"""Building height (建筑高度) as GB 50352-2019 4.5.2 measures it, per building.

From the outdoor ground at the main entrance (室外设计地面; the model's ±0.00 unless the
project says otherwise):

- a flat roof (平屋顶) to its roof surface (屋面面层): the top of the roof;
- a sloped roof (坡屋顶) to the mean height of eave and ridge (屋檐和屋脊的平均高度);
- a building with several roof forms: the highest of them;
- rooftop structures (stair houses, lift machine rooms, water tanks) whose area is at most
  a quarter of the roof area are not counted.

A roof is a roof element (IfcRoof and its parts, ``ROOF`` slabs, items classified as roof)
of a storey that is not such a rooftop structure. Its upper surface is the set of faces
whose normal points up; it is sloped when that surface spans more than
``SLOPED_RISE_M`` in height, and then its eave is the lowest and its ridge the highest
point of that surface. Only roofs that top the building count: a roof whose highest point
is more than ``PARAPET_M`` under the top of the structure (walls, slabs, columns, curtain
walls) is a canopy or a lower wing. A building with no such roof is measured to the top
of its structure ("structure"): a flat roof modelled as a floor slab, or no roof at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from cimcheck.analysis import Analysis
from cimcheck.facts.items import AreaTable, StoreyAreas
from cimcheck.geometry.mesh import Mesh

__all__ = ["BuildingHeight", "building_heights"]

#: An upper roof surface rising more than this is sloped (m).
SLOPED_RISE_M = 0.3
#: Rooftop structures up to this share of the roof area are left out (GB 50352 4.5.2).
ROOFTOP_SHARE = 0.25
#: A roof whose top is more than this below the top of the structure is not the main roof
#: (parapets and gable walls rise up to this much above it) (m).
PARAPET_M = 1.5
#: Faces whose normal has at least this upward component are the roof's upper surface.
UPWARD = 0.2
_STRUCTURE = frozenset({"walls", "slabs", "roofs", "columns", "curtain_walls"})


@dataclass(frozen=True, slots=True)
class BuildingHeight:
    """One building's height and how it was measured.

    ``how`` is "flat" (roof surface), "sloped" (mean of eave and ridge) or "structure"
    (no roof element: the top of the structure).
    """

    building_id: str | None
    height_m: float
    how: str
    eave_z: float | None = None
    ridge_z: float | None = None


def _upper_surface(mesh: Mesh) -> np.ndarray:
    """Return the z values of the vertices of the faces that look up."""
    triangles = mesh.triangles
    if len(triangles) == 0:
        return np.empty(0)
    normals = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
    lengths = np.linalg.norm(normals, axis=1)
    up = (lengths > 1e-12) & (normals[:, 2] >= UPWARD * np.maximum(lengths, 1e-12))
    return triangles[up][:, :, 2].ravel()


def _excluded(storeys: list[StoreyAreas]) -> set[str]:
    """Rooftop-structure storeys small enough (≤ ¼ of the roof) to leave out."""
    largest = max((s.outline.area for s in storeys), default=0.0)
    return {s.storey.global_id for s in storeys if s.kind == "roof_structure"
            and s.outline.area <= ROOFTOP_SHARE * largest + 1e-9}


def building_heights(analysis: Analysis, table: AreaTable,
                     grade_z: float = 0.0) -> list[BuildingHeight]:
    """Measure the height of every building with storeys (GB 50352-2019 4.5.2)."""
    index, meshes = analysis.index, analysis.meshes
    by_building: dict[str | None, list[StoreyAreas]] = defaultdict(list)
    for storey in table.storeys:
        by_building[storey.storey.building_id].append(storey)
    roof_ids = {i.global_id for i in index.elements if i.group == "roofs"}
    out = []
    for building_id, storeys in by_building.items():
        kept = {s.storey.global_id for s in storeys} - _excluded(storeys)
        elements = [e for e in index.elements if e.storey_id in kept
                    and e.global_id in meshes and not meshes[e.global_id].is_empty]
        roofs = [e for e in elements if e.group == "roofs" or e.parent_id in roof_ids
                 or (e.group == "slabs" and e.predefined_type.upper() == "ROOF")]
        tops = [float(meshes[e.global_id].vertices[:, 2].max()) for e in elements
                if e.group in _STRUCTURE]
        structure_top = max(tops) if tops else None
        candidates: list[BuildingHeight] = []
        for e in roofs:
            top = _upper_surface(meshes[e.global_id])
            if top.size == 0:
                continue
            eave, ridge = float(top.min()), float(top.max())
            if structure_top is not None and ridge < structure_top - PARAPET_M:
                continue  # a canopy or a lower roof, not the building's roof
            if ridge - eave > SLOPED_RISE_M:
                candidates.append(BuildingHeight(building_id, (eave + ridge) / 2 - grade_z,
                                                 "sloped", eave, ridge))
            else:
                candidates.append(BuildingHeight(building_id, ridge - grade_z, "flat"))
        if not candidates and structure_top is not None:
            candidates.append(BuildingHeight(building_id, structure_top - grade_z, "structure"))
        if candidates:
            out.append(max(candidates, key=lambda c: c.height_m))
    return out
