"""The vocabulary every layer shares: statuses, area categories, storey kinds, indicators.

Codes only: the words for them are in the message catalogue (``status.*``, ``cat.*``,
``ind.*``), the colours in :mod:`cimcheck.present.palette`. Everything that needs one of
these lists imports it from here, so that a new category or indicator is added in one place
(and the catalogue test finds its missing words).

Examples
--------
>>> worst_status(["PASS", "WARN", "FAIL"])
<Status.FAIL: 'FAIL'>
>>> sorted(["PASS", "ERROR", "WARN"], key=severity_rank)
['ERROR', 'WARN', 'PASS']
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = [
    "AREA_CATEGORIES",
    "EXEMPT_CATEGORIES",
    "INDICATORS",
    "INPUT_INDICATORS",
    "RATIO_OF",
    "SEVERITY_ORDER",
    "STOREY_KINDS",
    "Indicator",
    "Status",
    "severity_rank",
    "worst_status",
]


class Status(StrEnum):
    """Outcome of one rule on one subject."""

    PASS = "PASS"
    FAIL = "FAIL"
    WARN = "WARN"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    ERROR = "ERROR"


#: Statuses from the most serious down: a run's verdict is the first one present, and
#: every list of findings is shown in this order.
SEVERITY_ORDER: tuple[Status, ...] = (Status.ERROR, Status.FAIL, Status.WARN, Status.PASS,
                                      Status.NOT_APPLICABLE)


def severity_rank(status: str) -> int:
    """Return the position of ``status`` in :data:`SEVERITY_ORDER` (unknown ones last)."""
    try:
        return SEVERITY_ORDER.index(Status(status))
    except ValueError:
        return len(SEVERITY_ORDER)


def worst_status(statuses: Iterable[str]) -> Status:
    """Return the most serious of ``statuses`` (PASS when there are none)."""
    present = {Status(s) for s in statuses}
    return next((s for s in SEVERITY_ORDER if s in present), Status.PASS)


#: Storey kinds (``StoreyAreas.kind``): how a storey is measured under GB/T 50353-2013;
#: "roof" is a level with no enclosed floor, "none" one with no building area at all.
STOREY_KINDS = ("storey", "sloped_roof", "basement", "semi_basement", "stilt", "refuge",
                "equipment", "roof_structure", "roof", "none")

#: Area categories an item can have (``AreaItem.category``): the lower-case values of
#: ``CIMCheck_Area.AreaCategory`` (the project's property set), plus "roof" and "gfa".
AREA_CATEGORIES = ("storey", "mezzanine", "sloped_roof", "basement", "semi_basement",
                   "stilt", "lobby_atrium", "bridge", "bay_window", "balcony", "ext_corridor",
                   "porch", "canopy_col", "canopy_nocol", "roof_structure", "shaft",
                   "ext_stair", "refuge", "equipment", "arcade_passage", "terrace",
                   "sky_garden", "public_open", "disaster_passage", "community_service",
                   "dwelling", "green", "other", "roof", "gfa")

#: Categories the pilot policies may exempt from plot ratio: always reported, zero when none
#: (浙江省未来社区试点：阳台、飘窗；架空空间、防灾安全通道、公共开敞空间；空中花园).
EXEMPT_CATEGORIES = ("balcony", "bay_window", "stilt", "disaster_passage", "public_open",
                     "sky_garden")


class Indicator(StrEnum):
    """The numbers a check run reports and its rules judge (``CheckRun.indicators``)."""

    SITE_AREA = "site_area_m2"
    TOTAL_BUILDING_AREA = "total_building_area_m2"
    FAR_AREA = "far_area_m2"
    PLOT_RATIO = "plot_ratio"
    EXEMPT_AREA = "exempt_area_m2"
    FOOTPRINT = "footprint_m2"
    BUILDING_DENSITY = "building_density"
    GREEN_AREA = "green_area_m2"
    GREEN_CREDIT = "green_credit_m2"
    GREEN_RATIO = "green_ratio"
    HOUSEHOLDS = "households"
    SERVICE_AREA = "service_area_m2"
    SERVICE_REQUIRED = "service_required_m2"
    BUILDING_HEIGHT = "building_height_m"
    BUILDING_HEIGHTS = "building_heights_m"


#: Ratios of an area to the site area: the area each is a ratio of. A limit on the ratio is
#: a limit on that area (cap × site area), and its margin reads in m².
RATIO_OF: dict[Indicator, Indicator] = {
    Indicator.PLOT_RATIO: Indicator.FAR_AREA,
    Indicator.BUILDING_DENSITY: Indicator.FOOTPRINT,
    Indicator.GREEN_RATIO: Indicator.GREEN_AREA,
}

#: Every indicator, in report order.
INDICATORS: tuple[Indicator, ...] = tuple(Indicator)
#: Indicators that are inputs (given by the project, the command line or the model's Psets).
INPUT_INDICATORS: tuple[Indicator, ...] = (Indicator.SITE_AREA, Indicator.HOUSEHOLDS)
