"""The workbook's defined names: the documented table its formulas are written against.

The engine fills the measured values and the inputs; every derived figure is a formula
over these names, so Python and Excel agree by construction. Where a name is a figure the
engine also computes, ``indicator`` says which (``CheckRun.indicators``), and the tests
recalculate the workbook in LibreOffice and compare the two, name by name.

A sheet defines a name with :meth:`Names.define`; a name not in :data:`NAMES` is a
programming error, so the table stays complete.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cimcheck.vocab import EXEMPT_CATEGORIES

__all__ = ["NAMES", "RESULT_OF", "Name", "Names"]


class Name(NamedTuple):
    """One defined name: what it holds, and the engine indicator it equals (if any)."""

    description: str
    indicator: str | None = None
    key: str | None = None


#: Every defined name of the workbook. Ranges are columns of the 面积计算书 (one row per
#: area item) and of the storey sheet; the rest are single cells.
NAMES: dict[str, Name] = {
    # -- inputs (editable, shaded) ---------------------------------------------------------
    "SiteArea": Name("site area (m²), an input", "site_area_m2"),
    "PlotRatioCap": Name("plot-ratio limit, an input"),
    "DensityCap": Name("building-density limit, an input"),
    "GreenMin": Name("minimum green ratio, an input"),
    "HeightCap": Name("height limit (m), an input"),
    "Households": Name("households, an input or counted in the model", "households"),
    "PersonsPerHousehold": Name("persons per household, a project input"),
    "ParkingGround": Name("ground parking spaces, a project input"),
    "ParkingUnderground": Name("underground parking spaces, a project input"),
    "ParkingMechanical": Name("mechanical parking spaces, a project input"),
    # -- parameters of the pack (计算参数) -------------------------------------------------
    "FullHeight": Name("structural height counted in full, GB/T 50353-2013 3.0.1 (m)"),
    "ServiceRate": Name("community service space per 100 households (m²)"),
    "VerticalCoefficient": Name("share of vertical greening credited"),
    "SoilTable": Name("soil depth → coefficient of 3D greening (two columns)"),
    # -- the storey sheet (分层面积) --------------------------------------------------------
    "StoreyKeys": Name("storey keys S01, S02 … (column)"),
    "StoreyHeights": Name("structural storey heights (m), editable (column)"),
    "StoreyAbove": Name("1 above ground, 0 below (column)"),
    # -- the item sheet (面积计算书), one row per area item ----------------------------------
    "ItemStorey": Name("storey key of each item (column)"),
    "ItemCategory": Name("category code of each item (column)"),
    "ItemAbove": Name("1 when the item's storey is above ground (column)"),
    "ItemBuildingArea": Name("building area = area × coefficient (column)"),
    "ItemMultiplier": Name("plot-ratio multiplier of each item (column)"),
    "ItemFarBase": Name("building area × multiplier (column)"),
    "ItemExempt": Name("exempt area = base × exempt share (column)"),
    "ItemFarArea": Name("plot-ratio area = base − exempt (column)"),
    # -- the indicator table (经济技术指标) --------------------------------------------------
    "TotalBuildingArea": Name("total building area (m²)", "total_building_area_m2"),
    "AboveGroundArea": Name("building area above ground (m²)"),
    "BelowGroundArea": Name("building area below ground (m²)"),
    "ResidentialArea": Name("building area of dwellings (m²)"),
    "ServiceBuildingArea": Name("building area of community service rooms (m²)"),
    "FarArea": Name("plot-ratio area 计容建筑面积 (m²)", "far_area_m2"),
    "NonFarBelow": Name("building area with multiplier 0: basements (m²)"),
    "NonFarHeight": Name("building area − plot-ratio base where a multiplier ≠ 0, 1 (m²)"),
    **{f"Exempt_{code}": Name(f"exempt area: {code} (m²)", "exempt_area_m2", code)
       for code in EXEMPT_CATEGORIES},
    "ExemptOther": Name("exempt area of other categories (m²)"),
    "NonFarTotal": Name("不计容建筑面积合计: everything in the building area not in 计容 (m²)"),
    "Reconciliation": Name("total − 计容 − 不计容合计, must be 0.00"),
    "PlotRatio": Name("plot ratio", "plot_ratio"),
    "PlotRatioResult": Name("verdict on the plot ratio"),
    "Footprint": Name("building footprint (m²)", "footprint_m2"),
    "BuildingDensity": Name("building density", "building_density"),
    "DensityResult": Name("verdict on the building density"),
    "GreenGround": Name("ground greening (m²)"),
    "GreenCredit": Name("3D greening credit (m²)", "green_credit_m2"),
    "GreenArea": Name("green area (m²)", "green_area_m2"),
    "GreenRatio": Name("green ratio", "green_ratio"),
    "GreenResult": Name("verdict on the green ratio"),
    "BuildingHeight": Name("building height (m)", "building_height_m"),
    "HeightResult": Name("verdict on the building height"),
    "AreaPerHousehold": Name("dwelling building area per household (m²)"),
    "Residents": Name("residents = households × persons per household"),
    "ParkingTotal": Name("parking spaces"),
    "ServiceProvided": Name("community service space provided (m²)", "service_area_m2"),
    "ServiceRequired": Name("community service space required (m²)", "service_required_m2"),
    "ServiceResult": Name("verdict on the community service space"),
    "SiteResult": Name("verdict on the site area being known"),
    # -- the cover -----------------------------------------------------------------------------
    "Result": Name("overall verdict: the most serious status of the findings"),
}

#: The verdict cell of each indicator a finding may judge (``Finding.indicator``).
RESULT_OF = {"plot_ratio": "PlotRatioResult", "building_density": "DensityResult",
             "green_ratio": "GreenResult", "building_height_m": "HeightResult",
             "service_area_m2": "ServiceResult", "site_area_m2": "SiteResult"}


class Names:
    """The names a workbook defines, as sheets write their cells."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}

    def define(self, name: str, sheet: str, ref: str) -> None:
        """Define ``name`` as ``ref`` (``"$C$5"`` or ``"$A$2:$A$9"``) on sheet ``sheet``."""
        if name not in NAMES:
            message = f"workbook name {name!r} is not in the table of names (names.py)"
            raise KeyError(message)
        quoted = "'" + sheet.replace("'", "''") + "'"
        self.targets[name] = f"{quoted}!{ref}"

    def apply(self, book: Any) -> None:
        """Add the names to an openpyxl workbook."""
        from openpyxl.workbook.defined_name import DefinedName

        for name, target in self.targets.items():
            book.defined_names[name] = DefinedName(name, attr_text=target)
