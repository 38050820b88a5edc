"""BCF: one issue (topic) per finding, that Revit, ArchiCAD, Solibri and BIMcollab open.

A design institute fixes problems in its authoring tool; a BCF file carries each finding
there with the elements it is about. Per finding of the chosen statuses (FAIL and WARN by
default):

- a topic whose GUID is stable for the same model, rule and elements (uuid5 over the
  model's sha256, the rule id and the sorted GlobalIds), so exporting after a re-check
  updates topics instead of duplicating them;
- title "rule id — rule title", a description with the sentence, measured and required
  values and the clause; type Error / Warning / Info, status Open, priority from the
  status, labels with the rule id and the pack id;
- one viewpoint (``viewpoint.bcfv`` and ``snapshot.png``, the names BIMcollab reads)
  whose components are the finding's elements, selected, and whose perspective camera
  frames them: from above for area items (a plan), isometric otherwise; a finding about
  the whole model (a missing site area) has no components and frames the model;
- a comment that refers to the viewpoint.

The snapshot is drawn with matplotlib (the core draws without a GPU or a display): the
storey's area items in their category colours, the finding's elements highlighted. BCF 2.1
and 3.0 are written with ``bcf-client`` (import name ``bcf``).
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np

from cimcheck.errors import ExportError
from cimcheck.results.finding import CheckRun, Finding
from cimcheck.text import Words, render, tr
from cimcheck.vocab import Status

if TYPE_CHECKING:
    from cimcheck.analysis import Analysis

__all__ = ["DEFAULT_STATUSES", "VERSIONS", "Topic", "finding_guid", "match_topics", "read_bcf",
           "topic_guid", "write_bcf"]

VERSIONS = ("2.1", "3.0")
DEFAULT_STATUSES = ("FAIL", "WARN")
#: The namespace of cimcheck's topic GUIDs (uuid5).
NAMESPACE = uuid.UUID("6f1d2c7e-3b7a-5c1e-9a52-6b0c2f3e8d41")
#: BCF topic type and priority of each status.
_TYPE = {Status.ERROR: "Error", Status.FAIL: "Error", Status.WARN: "Warning",
         Status.PASS: "Info", Status.NOT_APPLICABLE: "Info"}
_PRIORITY = {Status.ERROR: "Critical", Status.FAIL: "Major", Status.WARN: "Normal",
             Status.PASS: "Minor", Status.NOT_APPLICABLE: "Minor"}
#: Rules about areas are looked at in plan; the others from an isometric corner.
_PLAN_INDICATORS = {"plot_ratio", "far_area_m2", "site_area_m2", "building_density"}
_AUTHOR = "cimcheck"


def topic_guid(sha256: str, rule_id: str, global_ids: Iterable[str], subject: str = "") -> str:
    """Return the stable GUID of a finding's topic.

    ``subject`` tells apart findings of one rule on the same elements (the IDS pre-flight:
    one finding per specification); it is left out when empty, so other GUIDs don't move.

    Examples
    --------
    >>> topic_guid("ab", "XX-01", ["b", "a"]) == topic_guid("ab", "XX-01", "ab")
    True
    """
    parts = [sha256, rule_id, *sorted(global_ids)] + ([f"subject={subject}"] if subject else [])
    return str(uuid.uuid5(NAMESPACE, "|".join(parts)))


def finding_guid(sha256: str, finding: Finding) -> str:
    """Return the topic GUID of ``finding`` (its rule, elements and IDS specification)."""
    return topic_guid(sha256, finding.rule_id, finding.global_ids,
                      str(finding.text.param("spec", "") or ""))


def _bounds(analysis: Analysis | None, gids: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    meshes = [analysis.meshes[g] for g in gids if analysis is not None and g in analysis.meshes]
    if not meshes and analysis is not None:
        meshes = [m for m in analysis.meshes.values() if not m.is_empty]
    if not meshes:
        return np.zeros(3), np.ones(3)
    lo = np.min([m.bounds[0] for m in meshes], axis=0)
    hi = np.max([m.bounds[1] for m in meshes], axis=0)
    return lo, hi


def _camera(lo: np.ndarray, hi: np.ndarray, plan: bool) -> dict[str, tuple[float, ...]]:
    """Return a perspective camera (60°) framing the box lo–hi: from above, or isometric."""
    centre = (lo + hi) / 2
    radius = max(float(np.linalg.norm(hi - lo)) / 2, 2.0)
    distance = radius / np.tan(np.radians(30)) * 1.1
    direction = np.array([0.0, 0.0, -1.0]) if plan else np.array([-1.0, -1.0, -0.8])
    direction = direction / np.linalg.norm(direction)
    up = np.array([0.0, 1.0, 0.0]) if plan else np.array([0.0, 0.0, 1.0])
    if not plan:  # the up vector must be perpendicular to the direction
        up = up - direction * float(np.dot(up, direction))
        up = up / np.linalg.norm(up)
    position = centre - direction * distance
    return {"position": tuple(float(v) for v in position),
            "direction": tuple(float(v) for v in direction),
            "up": tuple(float(v) for v in up)}


def _snapshot(run: CheckRun, analysis: Analysis | None, gids: tuple[str, ...],
              lang: str) -> bytes:
    """Draw the finding's storey in plan with its elements highlighted (PNG bytes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch

    from cimcheck.geometry.footprint import footprint
    from cimcheck.present.diagrams import _patches
    from cimcheck.present.fonts import matplotlib_family
    from cimcheck.present.palette import AREA_CLASSES, DIAGRAM_CLASSES, area_classes

    table = run.table
    storey_of = {}
    if analysis is not None:
        storey_of = {e.global_id: e.storey_id for e in analysis.index.elements}
    wanted = {storey_of.get(g) for g in gids} - {None}
    storeys = [s for s in table.storeys if s.storey.global_id in wanted] if table else []
    if not storeys and table is not None:
        storeys = [s for s in table.storeys if s.items][:1]
    figure = Figure(figsize=(8, 6), dpi=100)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.02, 0.02, 0.96, 0.9))
    ax.set_aspect("equal")
    ax.axis("off")
    classes = area_classes(run)
    for storey in storeys:
        for item in storey.items:
            key = classes.get(item.id, "none")
            colour = AREA_CLASSES.get(key) or DIAGRAM_CLASSES.get(key.split(":")[0], "#DDDDDD")
            for path in _patches(item.polygon):
                ax.add_patch(PathPatch(path, facecolor=colour, edgecolor="#808080", lw=0.4,
                                       alpha=0.6))
        for path in _patches(storey.outline):
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor="black", lw=1.2))
    for gid in gids:
        mesh = analysis.meshes.get(gid) if analysis is not None else None
        if mesh is None or mesh.is_empty:
            continue
        for path in _patches(footprint(mesh)):
            ax.add_patch(PathPatch(path, facecolor="#FF00FF", edgecolor="#800080", lw=1.5,
                                   alpha=0.85, zorder=5))
    ax.autoscale_view()
    ax.relim()
    ax.autoscale()
    names = ", ".join(s.storey.name for s in storeys)
    figure.text(0.02, 0.95, f"{names}", fontsize=11, fontfamily=matplotlib_family(),
                parse_math=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _description(finding: Finding, lang: str) -> str:
    lines = [finding.message(lang)]
    if finding.measured is not None:
        lines.append(f"{tr('wb.findings.measured', lang)}: {finding.measured:.4g} {finding.unit}")
    if finding.required is not None:
        lines.append(f"{tr('wb.findings.required', lang)}: {finding.required:.4g} {finding.unit}")
    if finding.clause:
        lines.append(f"{tr('wb.col.clause', lang)}: {finding.clause}")
    return "\n".join(lines)


def _rule_titles(run: CheckRun) -> dict[str, Any]:
    from cimcheck.engine.pack import load_pack

    try:
        return {r["id"]: r.get("title", r["id"]) for r in load_pack(run.pack["id"]).rules}
    except Exception:  # noqa: BLE001 - a title is a nicety: the rule id stands in
        return {}


def write_bcf(run: CheckRun, path: str | Path, *, analysis: Analysis | None = None,
              version: str = "2.1", statuses: Iterable[str] = DEFAULT_STATUSES,
              lang: str = "zh") -> Path:
    """Write the findings of ``statuses`` as a BCF file (``version`` "2.1" or "3.0").

    Raises
    ------
    ExportError
        The version is unknown, bcf-client is missing, or the file cannot be written.
    """
    if version not in VERSIONS:
        raise ExportError("export.bcf_version", version=version, allowed=", ".join(VERSIONS))
    try:
        import bcf  # noqa: F401 - bcf-client
    except ImportError as err:
        raise ExportError("export.missing_library", library="bcf-client") from err
    wanted = {s.upper() for s in statuses}
    titles = _rule_titles(run)
    findings = [f for f in run.findings if str(f.status) in wanted]
    writer = _write_v2 if version == "2.1" else _write_v3
    target = Path(path)
    try:
        data = writer(run, analysis, findings, titles, lang)
    except OSError as err:
        raise ExportError("export.locked", path=str(target), reason=err.strerror or err) from err
    from cimcheck.atomic import write_atomic

    return write_atomic(target, data)


def _topic_fields(run: CheckRun, finding: Finding, titles: dict[str, Any],
                  lang: str) -> dict[str, Any]:
    title = titles.get(finding.rule_id, finding.rule_id)
    title = render(Words.of(title), lang)
    return {"guid": finding_guid(run.model.get("sha256", ""), finding),
            "title": f"{finding.rule_id} — {title}"[:250],
            "description": _description(finding, lang),
            "type": _TYPE.get(Status(finding.status), "Info"),
            "priority": _PRIORITY.get(Status(finding.status), "Normal"),
            "labels": [finding.rule_id, str(run.pack["id"])]}


def _xyz(kind: Any, values: tuple[float, ...]) -> Any:
    """Build a BCF Point or Direction from (x, y, z)."""
    return kind(x=values[0], y=values[1], z=values[2])


def _viewpoint_guid(topic: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"viewpoint|{topic}"))


def _write_v2(run: CheckRun, analysis: Analysis | None, findings: list[Finding],
              titles: dict[str, Any], lang: str) -> bytes:
    import datetime as dt
    import tempfile

    from bcf.v2 import model as mdl
    from bcf.v2.bcfxml import BcfXml
    from bcf.v2.topic import TopicHandler
    from bcf.v2.visinfo import VisualizationInfoHandler
    from xsdata.models.datatype import XmlDateTime

    now = XmlDateTime.from_datetime(dt.datetime.now(dt.UTC).replace(microsecond=0))
    project_name = str(run.project.get("name") or run.model.get("project")
                       or run.model.get("file", ""))
    book = BcfXml.create_new(project_name)
    for finding in findings:
        fields = _topic_fields(run, finding, titles, lang)
        topic = mdl.Topic(guid=fields["guid"], title=fields["title"],
                          description=fields["description"], creation_author=_AUTHOR,
                          creation_date=now, topic_type=fields["type"], topic_status="Open",
                          priority=fields["priority"], labels=fields["labels"])
        # bcf-client's own create_new passes a pathlib.Path too (only its name is used).
        handler = TopicHandler(topic_dir=cast(Any, Path(fields["guid"])),
                               xml_handler=cast(Any, book._xml_handler))
        markup = mdl.Markup(topic=topic)
        handler.markup = markup
        vp_guid = _viewpoint_guid(fields["guid"])
        lo, hi = _bounds(analysis, finding.global_ids)
        camera = _camera(lo, hi, finding.indicator in _PLAN_INDICATORS or not finding.global_ids
                         or _is_area_item(run, finding))
        components = mdl.Components(
            selection=mdl.ComponentSelection(component=[
                mdl.Component(ifc_guid=g) for g in finding.global_ids]) if finding.global_ids
            else None,
            visibility=mdl.ComponentVisibility(default_visibility=True))
        info = mdl.VisualizationInfo(
            guid=vp_guid, components=components,
            perspective_camera=mdl.PerspectiveCamera(
                camera_view_point=_xyz(mdl.Point, camera["position"]),
                camera_direction=_xyz(mdl.Direction, camera["direction"]),
                camera_up_vector=_xyz(mdl.Direction, camera["up"]), field_of_view=60.0))
        viewpoint = VisualizationInfoHandler(info, snapshot=_snapshot(
            run, analysis, finding.global_ids, lang))
        handler.viewpoints["viewpoint.bcfv"] = viewpoint
        markup.viewpoints.append(mdl.ViewPoint(
            viewpoint="viewpoint.bcfv", snapshot="snapshot.png", guid=vp_guid))
        markup.comment.append(mdl.Comment(
            date=now, author=_AUTHOR, comment=finding.message(lang),
            viewpoint=mdl.CommentViewpoint(guid=vp_guid),
            guid=str(uuid.uuid5(NAMESPACE, f"comment|{fields['guid']}"))))
        book.topics[fields["guid"]] = handler
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "issues.bcf"
        book.save(out)
        return out.read_bytes()


def _write_v3(run: CheckRun, analysis: Analysis | None, findings: list[Finding],
              titles: dict[str, Any], lang: str) -> bytes:
    import datetime as dt
    import tempfile

    from bcf.v3 import model as mdl
    from bcf.v3.bcfxml import BcfXml
    from bcf.v3.topic import TopicHandler
    from bcf.v3.visinfo import VisualizationInfoHandler
    from xsdata.models.datatype import XmlDateTime

    now = XmlDateTime.from_datetime(dt.datetime.now(dt.UTC).replace(microsecond=0))
    project_name = str(run.project.get("name") or run.model.get("project")
                       or run.model.get("file", ""))
    book = BcfXml.create_new(project_name)
    for finding in findings:
        fields = _topic_fields(run, finding, titles, lang)
        vp_guid = _viewpoint_guid(fields["guid"])
        topic = mdl.Topic(
            guid=fields["guid"], title=fields["title"], description=fields["description"],
            creation_author=_AUTHOR, creation_date=now, topic_type=fields["type"],
            topic_status="Open", priority=fields["priority"],
            labels=mdl.TopicLabels(label=fields["labels"]),
            comments=mdl.TopicComments(comment=[mdl.Comment(
                date=now, author=_AUTHOR, comment=finding.message(lang),
                viewpoint=mdl.CommentViewpoint(guid=vp_guid),
                guid=str(uuid.uuid5(NAMESPACE, f"comment|{fields['guid']}")))]),
            viewpoints=mdl.TopicViewpoints(view_point=[mdl.ViewPoint(
                viewpoint="viewpoint.bcfv", snapshot="snapshot.png", guid=vp_guid)]))
        handler = TopicHandler(topic_dir=cast(Any, Path(fields["guid"])),
                               xml_handler=cast(Any, book._xml_handler))
        handler.markup = mdl.Markup(topic=topic)
        lo, hi = _bounds(analysis, finding.global_ids)
        camera = _camera(lo, hi, finding.indicator in _PLAN_INDICATORS or not finding.global_ids
                         or _is_area_item(run, finding))
        selection = mdl.ComponentSelection(component=[
            mdl.Component(ifc_guid=g) for g in finding.global_ids]) \
            if finding.global_ids else None
        info = mdl.VisualizationInfo(
            guid=vp_guid,
            components=mdl.Components(selection=selection, visibility=mdl.ComponentVisibility(
                default_visibility=True)),
            perspective_camera=mdl.PerspectiveCamera(
                camera_view_point=_xyz(mdl.Point, camera["position"]),
                camera_direction=_xyz(mdl.Direction, camera["direction"]),
                camera_up_vector=_xyz(mdl.Direction, camera["up"]), field_of_view=60.0,
                aspect_ratio=4 / 3))
        handler.viewpoints["viewpoint.bcfv"] = VisualizationInfoHandler(
            info, snapshot=_snapshot(run, analysis, finding.global_ids, lang))
        book.topics[fields["guid"]] = handler
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "issues.bcf"
        book.save(out)
        return _with_extensions(out.read_bytes(), findings, run)


def _with_extensions(data: bytes, findings: list[Finding], run: CheckRun) -> bytes:
    """Rewrite BCF 3.0's extensions.xml and add an empty documents.xml.

    The extensions list the topic types, statuses, priorities and labels used: readers
    offer them and check topics against them.
    """
    import zipfile
    from xml.sax.saxutils import escape

    labels = sorted({f.rule_id for f in findings} | {str(run.pack["id"])})

    def block(tag: str, item: str, values: Iterable[str]) -> str:
        inner = "".join(f"<{item}>{escape(v)}</{item}>" for v in values)
        return f"<{tag}>{inner}</{tag}>"

    extensions = ('<?xml version="1.0" encoding="UTF-8"?>\n<Extensions>'
                  + block("TopicTypes", "TopicType", ("Error", "Warning", "Info"))
                  + block("TopicStatuses", "TopicStatus", ("Open", "In progress", "Resolved",
                                                           "Closed"))
                  + block("Priorities", "Priority", ("Critical", "Major", "Normal", "Minor"))
                  + block("TopicLabels", "TopicLabel", labels)
                  + "</Extensions>\n")
    documents = '<?xml version="1.0" encoding="UTF-8"?>\n<DocumentInfo/>\n'
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in ("extensions.xml", "documents.xml"):
                target.writestr(info, source.read(info.filename))
        target.writestr("extensions.xml", extensions)
        target.writestr("documents.xml", documents)
    return buffer.getvalue()


def _is_area_item(run: CheckRun, finding: Finding) -> bool:
    """Tell whether a finding is about area items (looked at in plan)."""
    if run.table is None or not finding.global_ids:
        return False
    item_gids = {g for i in run.table.items for g in i.global_ids}
    return all(g in item_gids for g in finding.global_ids)


class Topic(NamedTuple):
    """What a returned BCF says about one issue: its status and the reviewers' comments."""

    guid: str
    title: str
    status: str
    labels: tuple[str, ...]
    global_ids: tuple[str, ...]
    comments: tuple[tuple[str, str, str], ...]  # (date, author, text)

    @property
    def last_comment(self) -> str:
        """Return the newest comment's text ("" without comments).

        Newest by the instant its date names: BCF dates are ``xs:dateTime`` with any
        offset (BIMcollab and Revit write local time with ``+08:00``, bcf-client UTC with
        ``Z``), so the texts do not sort as the instants do.
        """
        if not self.comments:
            return ""
        return max(enumerate(self.comments),
                   key=lambda c: (_instant(c[1][0]), c[0]))[1][2]


def _instant(date: str) -> datetime.datetime:
    """Read an ``xs:dateTime``; no offset is read as UTC, an unreadable date as the oldest."""
    try:
        when = datetime.datetime.fromisoformat(date.strip())
    except ValueError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return when if when.tzinfo is not None else when.replace(tzinfo=datetime.UTC)


def read_bcf(path: str | Path) -> dict[str, Topic]:
    """Read a BCF 2.1 or 3.0 file: each topic's status, labels, elements and comments.

    Raises
    ------
    CimcheckError
        The file is not a BCF file (``open.not_bcf``).
    """
    import zipfile

    from cimcheck.errors import CimcheckError

    try:
        with zipfile.ZipFile(path) as archive:
            version_xml = archive.read("bcf.version").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile) as err:
        raise CimcheckError("open.not_bcf", path=str(path)) from err
    import importlib

    version = "3.0" if 'VersionId="3' in version_xml else "2.1"
    reader: Any = importlib.import_module(
        "bcf.v2.bcfxml" if version == "2.1" else "bcf.v3.bcfxml").BcfXml
    book: Any = reader.load(Path(path))
    if book is None:
        raise CimcheckError("open.not_bcf", path=str(path))
    topics: dict[str, Topic] = {}
    for guid, handler in book.topics.items():
        topic: Any = handler.topic
        if version == "2.1":
            labels = tuple(topic.labels)
            raw_comments = handler.comments
        else:
            labels = tuple(topic.labels.label) if topic.labels else ()
            raw_comments = topic.comments.comment if topic.comments else []
        comments = tuple((str(c.date), c.author, c.comment) for c in raw_comments)
        gids: list[str] = []
        for viewpoint in handler.viewpoints.values():
            components = viewpoint.visualization_info.components
            if components is not None and components.selection is not None:
                gids += [c.ifc_guid for c in components.selection.component if c.ifc_guid]
        topics[guid] = Topic(guid, topic.title, topic.topic_status or "", labels,
                             tuple(gids), comments)
    return topics


def match_topics(run: CheckRun, topics: dict[str, Topic]) -> dict[int, Topic]:
    """Match returned topics to the run's findings: by GUID, else by rule and elements.

    Returns the topic of each finding (by its index in ``run.findings``) that has one.
    """
    sha = run.model.get("sha256", "")
    by_rule = {(t.labels[0] if t.labels else "", tuple(sorted(t.global_ids))): t
               for t in topics.values()}
    out: dict[int, Topic] = {}
    for number, finding in enumerate(run.findings):
        topic = topics.get(finding_guid(sha, finding)) or by_rule.get(
            (finding.rule_id, tuple(sorted(finding.global_ids))))
        if topic is not None:
            out[number] = topic
    return out
