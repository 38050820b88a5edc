"""Analysis: everything cimcheck knows about a model that does not depend on rules.

An ``Analysis`` is built once per file (``pipeline.analyse``) and then evaluated under any
rule pack and project file without touching the geometry again. It is immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # a cached re-check unpickles an Analysis without the IFC library
    from cimcheck.geometry.mesh import Mesh
    from cimcheck.model.loader import LoadedModel
    from cimcheck.model.records import ModelIndex
    from cimcheck.results.diagnostic import Diagnostic

__all__ = ["Analysis", "GeometryInfo"]


@dataclass(frozen=True, slots=True)
class GeometryInfo:
    """How the meshes of an Analysis were obtained.

    Attributes
    ----------
    source : str
        ``"tessellated"`` or ``"cache"``.
    tessellated : int
        Number of elements tessellated in this run (0 when read from the cache).
    kernels : dict of str to int
        Meshes per geometry library (as recorded when they were made).
    seconds : float
        Time spent obtaining the meshes.
    cache_key : str
    """

    source: str
    tessellated: int
    kernels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cache_key: str = ""


@dataclass(frozen=True)
class Analysis:
    """A model, its index, its meshes and its diagnostics.

    Attributes
    ----------
    model : LoadedModel
        Keeps the ifcopenshell file alive for as long as the Analysis is used.
    index : ModelIndex
    meshes : dict of str to Mesh
        By GlobalId, world coordinates in metres.
    diagnostics : tuple of Diagnostic
        From indexing and geometry, in that order.
    geometry : GeometryInfo
    """

    model: LoadedModel
    index: ModelIndex
    meshes: dict[str, Mesh]
    diagnostics: tuple[Diagnostic, ...]
    geometry: GeometryInfo
