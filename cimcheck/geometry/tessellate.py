"""Tessellate the elements the area rules need, with a fast kernel and per-element fallback.

Choices, each measured on the corpus (``bench/``, see the issue notes):

- **Only the indexed elements** (spaces, slabs, walls, columns, curtain walls and their
  panels, railings, windows, coverings, roofs, proxies, planting) are passed to the
  iterator as ``include``: furniture, MEP and reinforcement are never tessellated.
- **Opening subtraction is disabled.** GB/T 50353 measures to the outer face of the
  enclosing structure; a door opening must not notch a storey outline, and the Boolean
  subtraction is what makes tessellation slow (about 7x per wall, measured on the corpus).
- **World coordinates, welded vertices**, so meshes are closed and placed.
- **Plain extrusions are read, not tessellated** (``prism``): a wall, slab or space that
  is one ``IfcExtrudedAreaSolid`` of a straight-edged profile is a prism, written from
  its profile and placements in half the time the kernel takes for it (0.09 against
  0.17 ms a solid on the generated community; the same volume, bounds and plan areas
  as the kernel's to 1e-6 on every corpus file). Only the rest goes to the iterator.
- **Kernel:** ``manifold`` first (6-11x faster than opencascade, same volumes on the
  corpus); any element its iterator skips or returns empty is retried one by one
  (``create_shape``) with ``manifold`` itself, then ``opencascade``, then ``cgal``, and
  only then reported. (Which elements an iterator skips depends on what else it was
  given; what one element gives does not.) ``cgal-simple``
  is never used: it silently returns empty walls when openings are involved (P8).
- **One thread per iterator, one iterator per process:** two iterator threads were no
  faster on 2 cores (manifold: half as fast), but two processes, each with its own
  iterator over half the elements, are (``processes``; the 100-tower community's bulk
  pass went from 9.3 s to 5.9 s on 2 cores).
"""

from __future__ import annotations

import logging
import mmap
import struct
import time
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, cast

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.shape
import numpy as np

from cimcheck.forkmap import fork_map
from cimcheck.geometry.mesh import EXTRUSION, Mesh, make_mesh
from cimcheck.geometry.prism import VERSION as EXTRUSION_READER
from cimcheck.geometry.prism import PrismReader
from cimcheck.model.index import ModelIndex
from cimcheck.model.loader import LoadedModel
from cimcheck.model.records import ElementRecord
from cimcheck.progress import NullProgress, Progress
from cimcheck.results.diagnostic import Diagnostic, Severity

if TYPE_CHECKING:
    from ifcopenshell.geom.main import GEOMETRY_LIBRARY, SETTING
    from ifcopenshell.ifcopenshell_wrapper import triangulation_element

log = logging.getLogger(__name__)

__all__ = ["CONTEXT_SKIP", "DEFAULT_KERNEL", "EXTRUSION", "EXTRUSION_READER",
           "FALLBACK_KERNELS", "Tessellation", "context_products", "geometry_settings",
           "tessellate", "tessellate_context"]

DEFAULT_KERNEL: GEOMETRY_LIBRARY = "manifold"
FALLBACK_KERNELS: tuple[GEOMETRY_LIBRARY, ...] = ("opencascade", "cgal")

#: Fewest shapes worth a process of their own in the bulk pass. Each process starts its
#: own iterator (0.5 s on a 100 MB file) and sends its meshes back through a pipe.
MIN_SHAPES_PER_PROCESS = 2000

#: Elements the bulk pass skipped are retried one by one, by several processes from this
#: many each (a retry with a fallback kernel costs milliseconds, a fork about as much as a
#: few of them).
MIN_RETRIES_PER_PROCESS = 20

#: ifcopenshell's message for an attribute of the wrong type in the file itself (Renga 2.2
#: writes '*' in non-derived attributes): a data error, the same for every kernel.
_DATA_ERROR = "does not match actual type"

#: The ifcopenshell.geom settings used; part of the cache key.
SETTINGS: dict[SETTING, object] = {
    "use-world-coords": True,
    "weld-vertices": True,
    "disable-opening-subtractions": True,
}


@dataclass(frozen=True)
class Tessellation:
    """Meshes by GlobalId plus what went wrong and how the work was done.

    Attributes
    ----------
    meshes : dict of str to Mesh
    diagnostics : tuple of Diagnostic
    kernels : dict of str to int
        How many meshes each kernel produced.
    seconds : float
    """

    meshes: dict[str, Mesh]
    diagnostics: tuple[Diagnostic, ...] = ()
    kernels: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def geometry_settings() -> ifcopenshell.geom.settings:
    """Return the ifcopenshell.geom settings every tessellation uses."""
    settings = ifcopenshell.geom.settings()
    for key, value in SETTINGS.items():
        settings.set(key, value)
    return settings


def _arrays(shape: triangulation_element) -> tuple[np.ndarray, np.ndarray]:
    """Return a shape's (n, 3) vertices and (m, 3) faces, copied out of its buffers.

    Copied: a mesh must not depend on the lifetime of the shape object (an iterator reuses
    and frees them as it advances).
    """
    geometry = shape.geometry
    return (np.array(ifcopenshell.util.shape.get_vertices(geometry), dtype=np.float64,
                     copy=True).reshape(-1, 3),
            np.array(ifcopenshell.util.shape.get_faces(geometry), dtype=np.int32,
                     copy=True).reshape(-1, 3))


def _mesh_from_shape(shape: triangulation_element, global_id: str, ifc_class: str,
                     kernel: str) -> Mesh:
    return make_mesh(global_id, ifc_class, *_arrays(shape), kernel)


def _available(kernel: str) -> bool:
    try:
        return bool(ifcopenshell.geom.has_geometry_library(kernel))
    except (AttributeError, RuntimeError):
        return kernel == "opencascade"


class _Wanted(NamedTuple):
    """What tessellation needs to know of an element (an ElementRecord has the same)."""

    step_id: int
    global_id: str
    ifc_class: str


def _fallback(entity: ifcopenshell.entity_instance, record: _Wanted | ElementRecord,
              settings: ifcopenshell.geom.settings,
              fallbacks: Sequence[GEOMETRY_LIBRARY]) -> tuple[Mesh | None, str]:
    """Tessellate one element with each fallback kernel in turn; return (mesh, reason)."""
    reason = "no body geometry"
    for library in fallbacks:
        if not _available(library):
            continue
        try:
            # For a product, with these settings, the kernel returns a triangulation (its
            # stubs type the result as the union of every kind of output).
            shape = cast("triangulation_element", ifcopenshell.geom.create_shape(
                settings, entity, geometry_library=library))
        except (RuntimeError, ValueError, TypeError) as err:
            reason = str(err).splitlines()[0][:160] if str(err) else type(err).__name__
            if _DATA_ERROR in reason:
                break  # the file's data is wrong: no other kernel will read it either
            continue
        mesh = _mesh_from_shape(shape, record.global_id, record.ifc_class, library)
        if not mesh.is_empty:
            return mesh, ""
        reason = "empty mesh"
    return None, reason


def tessellate(
    model: LoadedModel,
    index: ModelIndex,
    *,
    progress: Progress | None = None,
    kernel: GEOMETRY_LIBRARY = DEFAULT_KERNEL,
    fallbacks: Sequence[GEOMETRY_LIBRARY] = FALLBACK_KERNELS,
    processes: int = 1,
    extrusions: bool = True,
) -> Tessellation:
    """Tessellate every indexed element that has a body.

    Parameters
    ----------
    model : LoadedModel
    index : ModelIndex
    progress : Progress, optional
        Called as ``progress(fraction, "tessellate")``; may raise OperationCancelled.
    kernel : str
        The geometry library for the bulk pass.
    fallbacks : sequence of str
        Libraries tried, in order, for elements the bulk pass skipped or left empty.
    processes : int
        Processes sharing the bulk pass (``forkmap.fork_map``), each with its own iterator
        over a run of the elements; at least ``MIN_SHAPES_PER_PROCESS`` shapes each. The
        meshes are the same, in the same order, whatever the count.
    extrusions : bool
        Mesh plain extrusions from their profile (``prism``; default) instead of with the
        kernel: the same solids, at about half the cost. False: the kernel meshes all.

    Returns
    -------
    Tessellation
        Elements that no kernel could tessellate are diagnostics, not exceptions.
    """
    # Elements whose placement loops are never handed to the kernel (endless recursion).
    wanted: dict[int, _Wanted | ElementRecord] = {
        e.step_id: e for e in index.elements if e.has_body and e.step_id not in index.unplaceable}
    return _tessellate(model.file, wanted, progress, kernel, fallbacks, processes,
                       model.units.length_to_m if extrusions else None)


#: Products with nothing to draw: spatial containers and spaces (spaces are indexed),
#: openings (voids), annotations, grids, virtual and proxy-less placeholders.
CONTEXT_SKIP = ("IfcSpatialStructureElement", "IfcSpatialElement", "IfcOpeningElement",
                "IfcAnnotation", "IfcGrid", "IfcVirtualElement", "IfcPort")


def context_products(model: LoadedModel, drawn: Collection[str]) -> dict[int, _Wanted]:
    """Return the products with a representation that are not in ``drawn`` (GlobalIds).

    ``drawn`` is what the area engine indexes (and so tessellates or reports itself).

    Beams, members, doors, furniture, accessories… are not needed to measure areas, but
    a reviewer looking at the model in 3D expects to see them. Those whose placement loops
    are left out (they would send the kernel into endless recursion).
    """
    from cimcheck.model.index import cyclic_placements

    file = model.file
    broken = cyclic_placements(file)
    schema = ifcopenshell.ifcopenshell_wrapper.schema_by_name(file.schema_identifier)
    known = {declaration.name() for declaration in schema.declarations()}
    skip = [kind for kind in CONTEXT_SKIP if kind in known]   # IfcSpatialElement: IFC4 only
    wanted: dict[int, _Wanted] = {}
    for product in file.by_type("IfcProduct"):
        if product.Representation is None or product.GlobalId in drawn:
            continue
        if any(product.is_a(kind) for kind in skip):
            continue
        placement = product.ObjectPlacement
        if isinstance(placement, ifcopenshell.entity_instance) and placement.id() in broken:
            continue
        wanted[product.id()] = _Wanted(product.id(), str(product.GlobalId), product.is_a())
    return wanted


def tessellate_context(model: LoadedModel, targets: Mapping[int, _Wanted], *,
                       progress: Progress | None = None) -> Tessellation:
    """Tessellate ``targets`` (from ``context_products``), for the 3D view only."""
    return _tessellate(model.file, targets, progress, DEFAULT_KERNEL, FALLBACK_KERNELS,
                       length_to_m=model.units.length_to_m)


class _Batch(NamedTuple):
    """A bulk pass's meshes as a few flat arrays: they pickle fast, from a child process.

    Mesh ``k`` is the element ``step_ids[k]``, with ``vertices[vertex_ends[k-1]:
    vertex_ends[k]]`` and ``faces[face_ends[k-1]:face_ends[k]]`` (face indices local to
    its own vertices). 35,000 meshes pickled one by one took 0.6 s, as a batch 0.02 s.
    """

    step_ids: list[int]
    vertex_ends: np.ndarray
    face_ends: np.ndarray
    vertices: np.ndarray
    faces: np.ndarray
    #: Step ids of the meshes read as extrusions (``prism``), not made by the kernel.
    extruded: frozenset[int] = frozenset()

    def meshes(self, wanted: Mapping[int, _Wanted | ElementRecord],
               kernel: str) -> Iterator[Mesh]:
        """Yield the meshes, as read-only views of the batch's arrays."""
        if not self.step_ids:       # np.split would give one empty part
            return
        vertices = np.split(self.vertices, self.vertex_ends[:-1])
        faces = np.split(self.faces, self.face_ends[:-1])
        for step_id, v, f in zip(self.step_ids, vertices, faces, strict=True):
            record = wanted[step_id]
            yield make_mesh(record.global_id, record.ifc_class, v, f,
                            EXTRUSION if step_id in self.extruded else kernel)


def _bulk_pass(file: ifcopenshell.file, step_ids: Sequence[int],
               settings: ifcopenshell.geom.settings, kernel: GEOMETRY_LIBRARY,
               progress: Progress, length_to_m: float | None = None) -> _Batch:
    """Mesh ``step_ids``: plain extrusions read directly, the rest with one iterator.

    ``length_to_m``: the file's length unit, for reading extrusions (``prism``); None
    hands everything to the kernel. The non-empty meshes come back in the order asked,
    not the iterator's own: whether the work was split over processes or not, the meshes
    come out in the same order.
    """
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    rest: list[int] = list(step_ids)
    if length_to_m is not None:
        reader = PrismReader(length_to_m)
        rest = []
        for count, step_id in enumerate(step_ids, 1):
            prism = reader.mesh(file.by_id(step_id))
            if prism is not None:
                found[step_id] = prism
            else:
                rest.append(step_id)
            if count % 500 == 0:
                progress(0.9 * count / len(step_ids), "tessellate")
    extruded = frozenset(found)
    share = len(rest) / len(step_ids) if step_ids else 0.0
    asked = set(rest)
    iterator = ifcopenshell.geom.iterator(
        settings, file, 1, include=[file.by_id(i) for i in rest], geometry_library=kernel) \
        if rest else None
    count = 0
    if iterator is not None and iterator.initialize():
        while True:
            shape = cast("triangulation_element", iterator.get())
            if shape.id in asked:
                vertices, faces = _arrays(shape)
                if len(faces):
                    found[shape.id] = (vertices, faces)
            count += 1
            if count % 50 == 0:
                progress(0.9 * (1.0 - share + share * iterator.progress() / 100.0),
                         "tessellate")
            if not iterator.next():
                break
    kept = [i for i in step_ids if i in found]
    parts = [found[i] for i in kept]
    return _Batch(
        kept,
        np.cumsum([len(v) for v, _ in parts], dtype=np.int64),
        np.cumsum([len(f) for _, f in parts], dtype=np.int64),
        np.concatenate([v for v, _ in parts]) if parts else np.zeros((0, 3)),
        np.concatenate([f for _, f in parts]) if parts else np.zeros((0, 3), np.int32),
        extruded)


def _tessellate(file: ifcopenshell.file, wanted: Mapping[int, _Wanted | ElementRecord],
                progress: Progress | None, kernel: GEOMETRY_LIBRARY,
                fallbacks: Sequence[GEOMETRY_LIBRARY], processes: int = 1,
                length_to_m: float | None = None) -> Tessellation:
    """Tessellate ``wanted`` (by STEP id): the bulk pass, then each fallback kernel.

    ``length_to_m``: read plain extrusions directly (``prism``); None: the kernel only.
    """
    progress = progress or NullProgress()
    started = time.perf_counter()
    meshes: dict[str, Mesh] = {}
    kernels: Counter[str] = Counter()
    settings = geometry_settings()
    progress(0.0, "tessellate")

    if wanted and _available(kernel):
        ids = list(wanted)
        n = max(1, min(processes, len(ids) // MIN_SHAPES_PER_PROCESS))
        cuts = [len(ids) * k // n for k in range(n + 1)]
        runs = [ids[cuts[k]:cuts[k + 1]] for k in range(n)]

        # Split, the runs go to children only: an iterator keeps caches of its own (a
        # half of the 100-tower community grew a process by 190 MB, for 12 MB of meshes),
        # which a child gives back when it ends. Each child writes how far it is into a
        # shared page; this process reports the mean while it waits (a child must not
        # write to the terminal).
        shared = mmap.mmap(-1, 8 * n)

        def bulk(k: int) -> _Batch:
            def report(fraction: float, stage: str) -> None:
                struct.pack_into("d", shared, 8 * k, fraction)

            return _bulk_pass(file, runs[k], settings, kernel,
                              progress if n == 1 else report, length_to_m)

        def waiting() -> None:
            done = sum(struct.unpack_from("d", shared, 8 * k)[0] for k in range(n))
            progress(done / n, "tessellate")

        for batch in fork_map(bulk, range(n), n, here=False, waiting=waiting):
            for mesh in batch.meshes(wanted, kernel):
                meshes[mesh.global_id] = mesh
                kernels[mesh.kernel] += 1

    missing = [r for r in wanted.values() if r.global_id not in meshes]
    diagnostics: list[Diagnostic] = []
    fallback_used: Counter[str] = Counter()
    first_fallback: dict[str, str] = {}

    def retry(record: _Wanted | ElementRecord) -> tuple[Mesh | None, str]:
        # The bulk kernel first, one element at a time: what an iterator skipped depends on
        # what else it was given (five Renga columns were skipped in a pass over the whole
        # model, not in a pass over a third of it), what one element gives does not.
        return _fallback(file.by_id(record.step_id), record, settings, (kernel, *fallbacks))

    progress(0.9, "tessellate")
    # Alone, each element gives the same mesh in any process: the retries are shared too
    # (the Tekla car wash's 100 elements for opencascade took a sixth of its check).
    retried_all = fork_map(retry, missing, processes, min_jobs=MIN_RETRIES_PER_PROCESS)
    for record, (retried, reason) in zip(missing, retried_all, strict=True):
        if retried is not None:
            retried.vertices.flags.writeable = False     # a child's arrays were pickled
            retried.faces.flags.writeable = False
            meshes[record.global_id] = retried
            kernels[retried.kernel] += 1
            if retried.kernel != kernel:
                fallback_used[retried.kernel] += 1
                first_fallback.setdefault(retried.kernel, record.global_id)
        else:
            diagnostics.append(
                Diagnostic.make(
                    "geometry.failed",
                    Severity.WARNING,
                    global_id=record.global_id,
                    ifc_class=record.ifc_class,
                    reason=reason,
                )
            )
    for library, n in fallback_used.items():
        diagnostics.append(
            Diagnostic.make(
                "geometry.fallback", Severity.INFO, global_id=first_fallback[library],
                count=n, kernel=library,
            )
        )
    # In the order asked, whichever pass made each mesh.
    meshes = {r.global_id: meshes[r.global_id] for r in wanted.values() if r.global_id in meshes}
    progress(1.0, "tessellate")
    seconds = time.perf_counter() - started
    log.info("tessellated %d of %d elements in %.2f s (%s)", len(meshes), len(wanted), seconds,
             dict(kernels))
    return Tessellation(meshes, tuple(diagnostics), dict(kernels), seconds)
