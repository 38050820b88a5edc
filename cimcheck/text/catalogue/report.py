"""Writing outputs: workbooks, JSON, diagrams.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`. The workbook's
words are ``wb.*``; it also says ``status.*``, ``cat.*`` and ``ind.*`` (domain ``rules`` and
``areas``), which are not repeated here.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- area diagrams (面积计算简图): the classes of the legend and the title ---------------
    "class.counted": ("counted in full", "计全面积"),
    "class.half": ("counted at half", "计 1/2 面积"),
    "class.exempt": ("exempt from plot ratio", "不计容（试点豁免）"),
    "class.none": ("not building area", "不计面积"),
    "class.green": ("greening", "绿化"),
    "diagram.title": ("{storey}  area diagram  building area {area:.2f} m²",
                      "{storey}  面积计算简图  建筑面积 {area:.2f} m²"),
    "export.missing_library": (
        "Writing this output needs the Python package '{library}'. Install it with "
        "'pip install {library}'.",
        "生成该输出需要 Python 包“{library}”。请用“pip install {library}”安装。",
    ),
    "export.no_table": (
        "Cannot write {path}: the check run carries no area table. Run the check again.",
        "无法写入 {path}：检查结果中没有面积表。请重新运行检查。",
    ),
    "export.overwrites_model": (
        "{flag} {path} is the model file: writing there would destroy it. Choose another "
        "output file.",
        "{flag} {path} 是输入的模型文件，写入会将其覆盖。请另选输出文件。"),
    "export.overwrites_project": (
        "{flag} {path} is the project file: writing there would destroy it. Choose another "
        "output file.",
        "{flag} {path} 是项目文件，写入会将其覆盖。请另选输出文件。"),
    "export.same_output": (
        "{flag} and {other} both point to {path}: choose a different file for each output.",
        "{flag} 与 {other} 指向同一文件 {path}：请为每个输出选择不同的文件。"),
    "export.locked": (
        "Could not write {path}: {reason}. Close the file if it is open in another program, "
        "or choose another location.",
        "无法写入 {path}：{reason}。如果该文件已在其他程序中打开，请先关闭，或选择其他位置。",
    ),
    # -- workbook (面积计算书): sheet names, also the page-header title of most sheets -----
    "wb.sheet.cover": ("Cover", "封面"),
    "wb.sheet.indicators": ("Indicators", "经济技术指标"),
    "wb.sheet.storeys": ("Storeys", "分层面积"),
    "wb.sheet.ledger": ("Exemptions", "不计容明细"),
    "wb.sheet.green": ("Green", "绿地"),
    "wb.sheet.service": ("Service space", "配套用房"),
    "wb.sheet.findings": ("Findings", "检查结果"),
    "wb.sheet.diagrams": ("Diagrams", "面积简图"),
    # page-header titles that say more than the sheet name
    "wb.title.ledger": ("Exemption ledger", "不计容明细"),
    "wb.title.storeys": ("Storey areas", "分层面积"),
    # -- workbook: column headings and labels shared by several sheets -----------------------
    "wb.col.item": ("Item", "编号"),
    "wb.col.storey": ("Storey", "楼层"),
    "wb.col.area": ("Area (m²)", "面积 (m²)"),
    "wb.col.building_area": ("Building area (m²)", "建筑面积 (m²)"),
    "wb.col.rule": ("Rule", "规则"),
    "wb.col.clause": ("Clause", "依据条款"),
    "wb.col.unit": ("Unit", "单位"),
    "wb.col.result": ("Result", "结论"),
    "wb.total": ("Total", "合计"),
    # the exempt area of one category (a storey column, an indicator row)
    "wb.exempt": ("Exempt: {category}", "不计容：{category}"),
    # -- workbook, exemption ledger (不计容明细): one row per exempted item ------------------
    "wb.ledger.storey_key": ("Storey key", "楼层编号"),
    "wb.ledger.category_code": ("Category code", "类别代码"),
    "wb.ledger.category": ("Category", "类别"),
    "wb.ledger.coefficient": ("Coefficient", "面积系数"),
    "wb.ledger.multiplier": ("FAR multiplier", "计容倍数"),
    "wb.ledger.share": ("Exempt share", "豁免比例"),
    "wb.ledger.evidence": ("Evidence", "判定依据"),
    "wb.ledger.how": ("Inferred or declared", "推定/申报"),
    "wb.ledger.inferred": ("inferred, please confirm", "推定，请确认"),
    "wb.ledger.declared": ("declared", "申报/明确"),
    # -- workbook, storey areas (分层面积): one row per storey, then its plausibility check ---
    "wb.storeys.key": ("Key", "编号"),
    "wb.storeys.elevation": ("Elevation (m)", "标高 (m)"),
    "wb.storeys.height": ("Structural height (m)", "结构层高 (m)"),
    "wb.storeys.above": ("Above ground (1/0)", "地上(1)/地下(0)"),
    "wb.storeys.far_base": ("FAR base (m²)", "计容基数 (m²)"),
    "wb.storeys.far_area": ("FAR area (m²)", "计容面积 (m²)"),
    "wb.storeys.notes": ("Coefficient notes", "系数说明"),
    "wb.storeys.gross": ("Check: gross (m²)", "核对：毛面积 (m²)"),
    "wb.storeys.rooms": ("Check: rooms (m²)", "核对：房间合计 (m²)"),
    "wb.storeys.ratio": ("Check: gross ÷ rooms", "核对：毛面积 ÷ 房间"),
    "wb.storeys.authored": ("Check: authored (m²)", "核对：模型申报 (m²)"),
    "wb.storeys.check": ("Check (expected ×1.00–1.35 rooms, ±5 % authored)",
                         "核对结论（房间合计 ×1.00–1.35，申报值 ±5%）"),
    "wb.storeys.ok": ("ok", "正常"),
    # causes: a tuple of plaus.cause.* keys, read as a list
    "wb.storeys.warning": ("Warning: {causes}", "警告：{causes}"),
    # -- workbook, green (绿地): greening items and the soil-depth coefficient table ---------
    "wb.green.kind": ("Kind", "绿化类型"),
    "wb.green.depth": ("Soil depth (m)", "覆土深度 (m)"),
    "wb.green.coefficient": ("Coefficient", "折算系数"),
    "wb.green.credited": ("Credited area (m²)", "计入绿地面积 (m²)"),
    "wb.green.site": ("site", "场地"),
    "wb.green.ground": ("Ground", "地面绿地"),
    "wb.green.credit": ("3D greening credit", "立体绿化折算"),
    "wb.green.min_depth": ("Soil depth ≥ (m)", "覆土深度 ≥ (m)"),
    "wb.green.vertical": ("Vertical", "垂直绿化"),
    # -- workbook, service space (配套用房): provided against required -----------------------
    "wb.service.provided": ("Provided (m²)", "已配置 (m²)"),
    "wb.service.rate": ("Rate (m² per 100 households)", "配置标准（m²/百户）"),
    "wb.service.required": ("Required (m²)", "应配置 (m²)"),
    # -- workbook, indicators (经济技术指标): headings and the rows not named by ind.* -------
    "wb.indicator.name": ("Indicator", "指标"),
    "wb.indicator.value": ("Value", "数值"),
    "wb.indicator.limit": ("Limit", "限值"),
    "wb.indicator.source": ("Source / basis", "来源/依据"),
    "wb.indicator.site_area": ("Site area", "用地面积"),
    "wb.indicator.building_area": ("Total building area", "总建筑面积"),
    "wb.indicator.above": ("  above ground", "  其中：地上"),
    "wb.indicator.below": ("  below ground", "  其中：地下"),
    "wb.indicator.far_area": ("Plot-ratio area (计容)", "计容建筑面积"),
    "wb.indicator.footprint": ("Footprint", "建筑基底面积"),
    "wb.indicator.green_ground": ("Ground greening", "地面绿地面积"),
    "wb.indicator.green_credit": ("3D greening credit", "立体绿化折算面积"),
    "wb.indicator.green_area": ("Green area", "绿地面积"),
    "wb.indicator.service": ("Community service space", "社区配套用房面积"),
    "wb.indicator.service_required": ("Required service space", "应配社区配套用房"),
    "wb.indicator.height": ("Building height", "建筑高度"),
    # -- workbook, findings (检查结果): headings ---------------------------------------------
    "wb.findings.status": ("Status", "结论"),
    "wb.findings.measured": ("Measured", "实测值"),
    "wb.findings.required": ("Required", "要求值"),
    "wb.findings.message": ("Message", "说明"),
    # -- workbook, cover (封面): the run, then each input and where it came from -------------
    "wb.cover.title": ("Compliance workbook", "未来社区模型审查 · 面积计算书"),
    "wb.cover.project": ("Project", "项目"),
    "wb.cover.model": ("Model file", "模型文件"),
    "wb.cover.schema": ("IFC schema", "IFC 版本"),
    "wb.cover.application": ("Authoring application", "建模软件"),
    "wb.cover.pack": ("Rule pack", "规则包"),
    "wb.cover.project_file": ("Project file", "项目文件"),
    "wb.cover.date": ("Date", "日期"),
    "wb.cover.version": ("cimcheck version", "cimcheck 版本"),
    "wb.cover.result": ("Overall result", "总体结论"),
    "wb.cover.inputs": ("Inputs and where they came from", "输入值及来源"),
    # limits an input may set (other inputs are named by ind.*)
    "wb.limit.max_plot_ratio": ("Plot ratio limit", "容积率上限"),
    "wb.limit.max_building_density": ("Building density limit", "建筑密度上限"),
    "wb.limit.min_green_ratio": ("Minimum green ratio", "绿地率下限"),
    "wb.limit.max_height_m": ("Height limit (m)", "建筑限高 (m)"),
    # where an input came from (other sources, Pset properties, are shown as they are)
    "wb.source.project_file": ("project file", "项目文件"),
    "wb.source.command_line": ("command line", "命令行"),
    "wb.source.missing": ("missing", "未提供"),
    "wb.source.geometry": ("geometry", "几何计算"),
    # detail: what follows "model", e.g. " (CIMCheck_Area.UnitId)"
    "wb.source.model": ("model{detail}", "模型{detail}"),
    # -- workbook, diagrams (面积简图) -------------------------------------------------------
    "wb.diagrams.title": ("Area diagrams per storey", "各层面积计算简图"),
}
