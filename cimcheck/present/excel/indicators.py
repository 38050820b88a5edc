"""经济技术指标表: the indicator table in the form planning bureaus use.

Numbered rows with 单位, 限值, 结论 and 备注 (GB 50180-2018 Appendix A and the usual
municipal tables). Inputs (site area, limits, households, persons per household, parking)
are shaded values an officer may edit; everything else is a formula over the item sheet
and the inputs. The 计容 chain reconciles as a formula::

    总建筑面积 = 计容建筑面积 + 不计容建筑面积合计
    不计容 = 地下及不计容楼层 + 层高折算调整 + Σ 豁免（阳台、飘窗、架空 …）

Verdicts compare unrounded values (a plot ratio is checked as 计容 ≤ 上限 × 用地面积), and
the remark states the margin in m². Unknown values read 未提供, never 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cimcheck.present.excel.book import Book
from cimcheck.present.excel.cells import AREA, PERCENT
from cimcheck.present.formats import describe_source
from cimcheck.text import MESSAGES, Text
from cimcheck.vocab import EXEMPT_CATEGORIES

__all__ = ["write"]

class Row(NamedTuple):
    """One row of the table; ``value`` is a number, text, None or a formula (``=…``)."""

    number: str
    label: str
    value: Any
    unit: str = ""
    fmt: str = AREA
    name: str | None = None
    limit: Any = None
    limit_name: str | None = None
    verdict: str | None = None
    result_name: str | None = None
    remark: str = ""
    input: bool = False


def _value(book: Book, value: Any) -> Any:
    """Return an input's value, or 未提供."""
    return book.missing if value is None else value


def exempt_label(book: Book, code: str) -> str:
    """Return "不计容：阳台" (the exempt area of one category)."""
    key = f"cat.{code}"
    return book.word("wb.exempt", category=Text(key) if key in MESSAGES else code)


def _limit_check(book: Book, measure: str, limit: str, op: str) -> tuple[str, str]:
    """Return the verdict and remark formulas for ``measure op limit × SiteArea``."""
    na, ok, ko = (book.status(s) for s in ("NOT_APPLICABLE", "PASS", "FAIL"))
    within, over = book.word("wb.margin.within"), book.word("wb.margin.over")
    allowed = f"{limit}*SiteArea"
    slack = f"({allowed}-{measure})" if op == "<=" else f"({measure}-{allowed})"
    verdict = (f'=IF(NOT(ISNUMBER({limit})),"{na}",IF(NOT(ISNUMBER(SiteArea)),"{ko}",'
               f'IF({slack}>=-0.000001,"{ok}","{ko}")))')
    remark = (f'=IF(AND(ISNUMBER({limit}),ISNUMBER(SiteArea)),IF({slack}>=-0.000001,"{within}",'
              f'"{over}")&" "&TEXT(ABS({slack}),"0.00")&" m²","")')
    return verdict, remark


def _rows(book: Book) -> list[Row]:
    run, w = book.run, book.word
    ind, project, sources = run.indicators, run.project, run.indicator_sources
    parking = project.get("parking") or {}
    na, ok, ko = (book.status(s) for s in ("NOT_APPLICABLE", "PASS", "FAIL"))
    missing = book.missing
    far_verdict, far_remark = _limit_check(book, "FarArea", "PlotRatioCap", "<=")
    density_verdict, density_remark = _limit_check(book, "Footprint", "DensityCap", "<=")
    green_verdict, green_remark = _limit_check(book, "GreenArea", "GreenMin", ">=")
    rows = [
        Row("1", w("wb.ind.site_area"), _value(book, ind.get("site_area_m2")), "m²",
            name="SiteArea", remark=describe_source(sources.get("site_area_m2", ""), book.lang),
            input=True, verdict=f'=IF(ISNUMBER(SiteArea),"{ok}","{ko}")',
            result_name="SiteResult"),
        Row("2", w("wb.ind.building_area"), "=SUM(ItemBuildingArea)", "m²",
            name="TotalBuildingArea", remark="GB/T 50353-2013"),
        Row("2.1", w("wb.ind.above"), "=SUMIF(ItemAbove,1,ItemBuildingArea)", "m²",
            name="AboveGroundArea"),
        Row("2.2", w("wb.ind.below"), "=SUMIF(ItemAbove,0,ItemBuildingArea)", "m²",
            name="BelowGroundArea"),
        Row("2.3", w("wb.ind.residential"), '=SUMIF(ItemCategory,"dwelling",ItemBuildingArea)',
            "m²", name="ResidentialArea"),
        Row("2.4", w("wb.ind.service_rooms"),
            '=SUMIF(ItemCategory,"community_service",ItemBuildingArea)', "m²",
            name="ServiceBuildingArea"),
        Row("2.5", w("wb.ind.other_use"),
            "=TotalBuildingArea-ResidentialArea-ServiceBuildingArea", "m²"),
        Row("3", w("wb.ind.far_area"), "=SUM(ItemFarArea)", "m²", name="FarArea",
            remark=f"{run.pack['id']} {run.pack['version']}"),
        Row("3.1", w("wb.ind.residential"), '=SUMIF(ItemCategory,"dwelling",ItemFarArea)', "m²"),
        Row("3.2", w("wb.ind.service_rooms"),
            '=SUMIF(ItemCategory,"community_service",ItemFarArea)', "m²"),
        Row("4", w("wb.ind.non_far"), None, "m²", name="NonFarTotal"),
        Row("4.1", w("wb.ind.non_far_below"), "=SUMIF(ItemMultiplier,0,ItemBuildingArea)", "m²",
            name="NonFarBelow"),
        Row("4.2", w("wb.ind.non_far_height"),
            "=SUMPRODUCT((ItemMultiplier<>0)*(ItemBuildingArea-ItemFarBase))", "m²",
            name="NonFarHeight", remark=w("wb.ind.non_far_height_note")),
    ]
    rows += [Row(f"4.{3 + i}", exempt_label(book, code),
                 f'=SUMIF(ItemCategory,"{code}",ItemExempt)', "m²", name=f"Exempt_{code}")
             for i, code in enumerate(EXEMPT_CATEGORIES)]
    rows += [
        Row(f"4.{3 + len(EXEMPT_CATEGORIES)}", w("wb.ind.exempt_other"),
            "=SUM(ItemExempt)-" + "-".join(f"Exempt_{c}" for c in EXEMPT_CATEGORIES), "m²",
            name="ExemptOther"),
        Row("", w("wb.ind.reconciliation"),
            "=ROUND(TotalBuildingArea-FarArea-NonFarTotal,2)", "m²", name="Reconciliation",
            verdict=f'=IF(ABS(Reconciliation)<0.005,"{w("wb.consistent")}",'
                    f'"{w("wb.inconsistent")}")',
            remark=w("wb.ind.reconciliation_note")),
        Row("5", w("ind.plot_ratio"), f'=IF(ISNUMBER(SiteArea),FarArea/SiteArea,"{missing}")',
            "", "0.000", name="PlotRatio", limit=project.get("max_plot_ratio"),
            limit_name="PlotRatioCap", verdict=far_verdict, result_name="PlotRatioResult",
            remark=far_remark),
        Row("6", w("wb.ind.footprint"), ind.get("footprint_m2"), "m²", name="Footprint",
            remark=describe_source("geometry", book.lang)),
        Row("7", w("ind.building_density"),
            f'=IF(ISNUMBER(SiteArea),Footprint/SiteArea,"{missing}")', "", PERCENT,
            name="BuildingDensity", limit=project.get("max_building_density"),
            limit_name="DensityCap", verdict=density_verdict, result_name="DensityResult",
            remark=density_remark),
        Row("8", w("wb.ind.green_area"), "=GreenGround+GreenCredit", "m²", name="GreenArea"),
        Row("8.1", w("wb.ind.green_ground"), "=GreenGround", "m²"),
        Row("8.2", w("wb.ind.green_credit"), "=GreenCredit", "m²",
            remark=w("wb.ind.green_credit_note")),
        Row("9", w("ind.green_ratio"), f'=IF(ISNUMBER(SiteArea),GreenArea/SiteArea,"{missing}")',
            "", PERCENT, name="GreenRatio", limit=project.get("min_green_ratio"),
            limit_name="GreenMin", verdict=green_verdict, result_name="GreenResult",
            remark=green_remark),
        Row("10", w("wb.ind.height"), _value(book, ind.get("building_height_m")), "m", "0.00",
            name="BuildingHeight", limit=project.get("max_height_m"), limit_name="HeightCap",
            verdict=f'=IF(NOT(ISNUMBER(HeightCap)),"{na}",IF(NOT(ISNUMBER(BuildingHeight)),'
                    f'"{ko}",IF(BuildingHeight<=HeightCap+0.000001,"{ok}","{ko}")))',
            result_name="HeightResult", remark=w("wb.ind.height_note")),
        *(Row(f"10.{i}", w("wb.ind.height_of", name=name), h, "m", "0.00")
          for i, (name, h) in enumerate(sorted(ind.get("building_heights_m", {}).items()),
                                        start=1) if len(ind.get("building_heights_m", {})) > 1),
        Row("11", w("ind.households"), _value(book, ind.get("households")),
            w("wb.unit.households"), "0", name="Households",
            remark=describe_source(sources.get("households", ""), book.lang), input=True),
        Row("12", w("wb.ind.per_household"),
            f'=IF(AND(ISNUMBER(Households),Households>0),ResidentialArea/Households,"{missing}")',
            "m²", name="AreaPerHousehold"),
        Row("13", w("wb.ind.persons"), _value(book, project.get("persons_per_household")),
            w("wb.unit.persons_per_household"), "0.0", name="PersonsPerHousehold", input=True,
            remark=w("input_source.project_file")),
        Row("14", w("wb.ind.residents"),
            f'=IF(AND(ISNUMBER(Households),ISNUMBER(PersonsPerHousehold)),'
            f'Households*PersonsPerHousehold,"{missing}")', w("wb.unit.persons"), "0",
            name="Residents"),
        Row("15", w("wb.ind.parking"),
            f'=IF(COUNT(ParkingGround,ParkingUnderground,ParkingMechanical)=0,"{missing}",'
            "SUM(ParkingGround,ParkingUnderground,ParkingMechanical))",
            w("wb.unit.spaces"), "0", name="ParkingTotal"),
    ]
    for i, kind in enumerate(("ground", "underground", "mechanical"), start=1):
        rows.append(Row(f"15.{i}", w(f"wb.ind.parking_{kind}"),
                        _value(book, parking.get(kind)), w("wb.unit.spaces"), "0",
                        name=f"Parking{kind.capitalize()}", input=True))
    rows += [
        Row("16", w("wb.ind.service"), "=ServiceProvided", "m²",
            limit="=ServiceRequired", verdict="=ServiceResult",
            remark=w("wb.ind.service_note")),
    ]
    return rows


def write(book: Book) -> None:
    """Write the table, the signature block, and define the names the rows hold."""
    sheet = book.sheets["indicators"]
    sheet.header(1, ["wb.ind.number", "wb.ind.item", "wb.indicator.value", "wb.col.unit",
                     "wb.indicator.limit", "wb.col.result", "wb.ind.remark"])
    rows = _rows(book)
    non_far = [r.name for r in rows if r.number.startswith("4.") and r.name]
    for at, r in enumerate(rows, start=2):
        sheet.text(at, 1, r.number, bold="." not in r.number)
        sheet.text(at, 2, r.label, bold="." not in r.number)
        value = r.value if r.name != "NonFarTotal" else "=" + "+".join(non_far)
        if isinstance(value, str) and value.startswith("="):
            sheet.formula(at, 3, value, r.fmt, width=14)
        else:
            sheet.put(at, 3, value, r.fmt)
        if r.input:
            sheet.shade(at, 3, 3, "input")
        sheet.text(at, 4, r.unit)
        if isinstance(r.limit, str) and r.limit.startswith("="):
            sheet.formula(at, 5, r.limit, r.fmt)
        else:
            sheet.put(at, 5, r.limit if r.limit is not None or r.limit_name is None else "",
                      r.fmt)
        if r.limit_name is not None:
            sheet.shade(at, 5, 5, "input")
            book.names.define(r.limit_name, sheet.title, f"$E${at}")
        if r.verdict is not None:
            sheet.formula(at, 6, r.verdict, width=10)
            if r.result_name is not None:
                book.names.define(r.result_name, sheet.title, f"$F${at}")
        if r.remark.startswith("="):
            sheet.formula(at, 7, r.remark, width=20)
        else:
            sheet.text(at, 7, r.remark)
        if r.name is not None:
            book.names.define(r.name, sheet.title, f"$C${at}")
    last = len(rows) + 1
    sheet.rule(1, last, 7)
    sheet.status_colours(f"F2:F{last}")
    sheet.note(last + 1, book.word("wb.ind.legend"), 7, 78)
    sheet.signatures(last + 3, label=2, sign=(3, 5), date=(6, 7))
    # Portrait A4 holds 78 characters at 100 %.
    sheet.finish(landscape=False, fixed_widths={1: 4, 2: 24, 3: 11, 4: 6, 5: 8, 6: 7, 7: 18})
