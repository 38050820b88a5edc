"""What one storey's measurement reads (the model, its neighbours) and writes (its items).

The area engine decides a storey in three steps, each a module of its own, around one
:class:`StoreyContext`:

=================  ======================================================================
``storey_shape``   the outline (what encloses the floor), the storey's kind and the
                   coefficient of its height (GB/T 50353-2013 3.0.1–3.0.7)
``inside``         special spaces carved out of the outline (lobbies, service rooms,
                   recessed balconies, the open part of a stilt storey), then the rest
``outside``        balconies and sky gardens beyond the outline (½), bay windows (½ or 0),
                   terraces and roofs (0), greening (measured for the green ratio)
=================  ======================================================================

:class:`ModelContext` holds what every storey shares (classifications, footprints, the
enclosing elements of each building, what covers each height), built once per model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from cimcheck.facts.classify import Classification
from cimcheck.facts.enclosure import BuildingEnclosers, Covers
from cimcheck.facts.items import AreaItem, Evidence
from cimcheck.facts.params import AreaParams
from cimcheck.geometry.footprint import clean
from cimcheck.geometry.mesh import Mesh
from cimcheck.model.index import ModelIndex
from cimcheck.model.records import ElementRecord, StoreyRecord
from cimcheck.results.diagnostic import Diagnostic, Severity

__all__ = ["BALCONY_LIKE", "CLAUSE", "FLOOR_TYPES", "OPEN", "ZERO", "ModelContext",
           "StoreyContext"]

GB = "GB/T 50353-2013"
#: The clause each kind of item is measured under.
CLAUSE = {
    "storey": f"{GB} 3.0.1", "basement": f"{GB} 3.0.5", "semi_basement": f"{GB} 3.0.5",
    "stilt": f"{GB} 3.0.7", "lobby_atrium": f"{GB} 3.0.8", "sloped_roof": f"{GB} 3.0.3",
    "bay_window": f"{GB} 3.0.13", "bay_window_zero": f"{GB} 3.0.27-7",
    "roof_structure": f"{GB} 3.0.17", "balcony_outside": f"{GB} 3.0.21",
    "balcony_inside": f"{GB} 3.0.21", "refuge": f"{GB} 3.0.26", "equipment": f"{GB} 3.0.26",
    "terrace": f"{GB} 3.0.27-4", "roof": f"{GB} 3.0.27-4", "green": "GB 50180-2018 A.0.2",
    "arcade_passage": f"{GB} 3.0.27-2",
}
#: Space categories that are not enclosed floor: they do not make the outline.
OPEN = frozenset({"stilt", "public_open", "disaster_passage", "terrace", "roof", "green", "gfa",
                  "bay_window", "balcony", "sky_garden", "arcade_passage", "ext_corridor",
                  "porch"})
#: Categories measured outside the outline like a balcony (GB-18, 3.0.21).
BALCONY_LIKE = frozenset({"balcony", "sky_garden"})
#: Categories with no building area that are still shown (3.0.27-4).
ZERO = frozenset({"terrace", "roof"})
#: Slab types that are a floor (IfcSlabTypeEnum; exporters leave many untyped).
FLOOR_TYPES = frozenset({"FLOOR", "BASESLAB", "", "NOTDEFINED", "USERDEFINED"})

Footprint = Callable[[str], BaseGeometry]
#: An item made of more elements than this is named after the first ones and a count.
NAMED_AT_MOST = 3


@dataclass
class ModelContext:
    """What every storey of a model shares; built once by ``compute_areas``.

    Attributes
    ----------
    index : ModelIndex
    meshes : dict of GlobalId to Mesh
        Far outliers already left out.
    classes : dict of GlobalId to Classification
        Spaces, slabs, windows, proxies, geographic elements, coverings.
    fp : callable
        GlobalId → plan footprint (cached).
    params : AreaParams
    roofs : list of Mesh
        Roof construction, for clear heights under sloped roofs.
    enclosers : dict of building id to BuildingEnclosers
    covers : Covers
        Slabs and roofs by height, for what covers a storey from above.
    partial : bool
        Nothing closes anywhere in the model: do not guess stilt floors from geometry.
    """

    index: ModelIndex
    meshes: dict[str, Mesh]
    classes: dict[str, Classification]
    fp: Footprint
    params: AreaParams
    roofs: list[Mesh]
    enclosers: dict[str | None, BuildingEnclosers]
    covers: Covers
    partial: bool = False

    def category(self, record: ElementRecord) -> str | None:
        """Return the area category an element was classified as (None: unclassified)."""
        c = self.classes.get(record.global_id)
        return c.category if c else None

    def curtain_wall_of(self, record: ElementRecord) -> str | None:
        """Return the GlobalId of the curtain wall a plate or mullion belongs to, if any."""
        whole = self.index.by_id.get(record.parent_id or "")
        return whole.global_id if whole is not None and whole.group == "curtain_walls" \
            else None

    def names_of(self, global_ids: Iterable[str]) -> str:
        """Name what a set of elements is called in the model (the first three, and a count)."""
        names = list(dict.fromkeys(
            n for gid in global_ids for record in [self.index.by_id.get(gid)]
            if record is not None for n in [record.long_name or record.name] if n))
        if len(names) > NAMED_AT_MOST:
            return "、".join(names[:NAMED_AT_MOST]) + f" (+{len(names) - NAMED_AT_MOST})"
        return "、".join(names)

    def storey_elements(self, storey_id: str) -> dict[str, list[ElementRecord]]:
        """Return a storey's elements by index group."""
        groups: dict[str, list[ElementRecord]] = defaultdict(list)
        for record in self.index.elements_by_storey.get(storey_id, ()):
            groups[record.group].append(record)
        return groups


@dataclass
class StoreyContext:
    """One storey being measured: its neighbours and elements, and what was decided so far.

    ``items``, ``notes`` and ``diagnostics`` are written by the steps; ``compute_areas``
    freezes them into a :class:`~cimcheck.facts.items.StoreyAreas`.
    """

    model: ModelContext
    number: int
    storey: StoreyRecord
    above: StoreyRecord | None
    below: StoreyRecord | None
    els: dict[str, list[ElementRecord]]
    spaces: list[ElementRecord]
    floor_slabs: list[ElementRecord]
    items: list[AreaItem] = field(default_factory=list)
    notes: list[Evidence] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def of(cls, model: ModelContext, number: int, storey: StoreyRecord,
           above: StoreyRecord | None, below: StoreyRecord | None) -> StoreyContext:
        """Gather a storey's elements: its spaces with geometry and its floor slabs."""
        els = model.storey_elements(storey.global_id)
        spaces = [e for e in els["spaces"] if e.global_id in model.meshes]
        floor_slabs = [e for e in els["slabs"] if e.global_id in model.meshes
                       and e.predefined_type.upper() in FLOOR_TYPES
                       and model.category(e) not in BALCONY_LIKE | {"roof", "terrace", "green"}]
        return cls(model, number, storey, above, below, els, spaces, floor_slabs)

    @property
    def params(self) -> AreaParams:
        """The area engine's thresholds."""
        return self.model.params

    def category(self, record: ElementRecord) -> str | None:
        """Return an element's area category (None: unclassified)."""
        return self.model.category(record)

    def cls(self, record: ElementRecord) -> Classification:
        """Return an element's classification."""
        return self.model.classes[record.global_id]

    def fp(self, gid: str) -> BaseGeometry:
        """Return an element's plan footprint."""
        return self.model.fp(gid)

    def warn(self, code: str, **params: Any) -> None:
        """Record a warning about this storey's measurement."""
        self.diagnostics.append(Diagnostic.make(code, Severity.WARNING,
                                                global_id=self.storey.global_id,
                                                storey=self.storey.name, **params))

    def add(self, category: str, polygon: BaseGeometry, coefficient: float, clause: str,  # noqa: PLR0913 - an item's fields
            evidence: Iterable[Evidence], cls: Classification | None,
            global_ids: Iterable[str] = (), attributes: dict[str, Any] | None = None,
            inferred: bool | None = None) -> None:
        """Add an area item (nothing when its polygon is empty after cleaning)."""
        polygon = clean(polygon)
        if polygon.is_empty:
            return
        global_ids = tuple(global_ids)
        self.items.append(AreaItem(
            id=f"S{self.number:02d}-{len(self.items) + 1:02d}",
            global_ids=tuple(global_ids),
            storey_id=self.storey.global_id,
            storey=self.storey.name,
            category=category,
            polygon=polygon,
            area_m2=float(polygon.area),
            area_coefficient=float(coefficient),
            clause=clause,
            evidence=tuple((cls.evidence if cls else ()) + tuple(evidence)),
            inferred=bool(cls.inferred if inferred is None and cls else inferred or False),
            source=cls.source if cls else "geometry",
            attributes=dict(attributes or {}),
            name=self.model.names_of(global_ids),
        ))
