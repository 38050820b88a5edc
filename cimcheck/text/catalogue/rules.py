"""Rule packs, project files and their parameters; findings, statuses and indicators.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "severity.info": ("info", "提示"),
    "severity.warning": ("warning", "警告"),
    "severity.error": ("error", "错误"),
    "pack.unreadable": ("{path} cannot be read as YAML ({reason}). Fix the file's syntax.",
                        "{path} 无法按 YAML 读取（{reason}）。请修正文件语法。"),
    "pack.invalid": ("{path}, rule {rule_id}, {field}: {problem}",
                     "{path}，规则 {rule_id}，{field}：{problem}"),
    "pack.unknown": ("There is no rule pack '{pack}'. Known packs: {known}. Run "
                     "'cimcheck packs' to list them.",
                     "没有名为“{pack}”的规则包。已有：{known}。可运行“cimcheck packs”查看。"),
    "pack.ids_missing": ("{path}, ids: '{name}' is not a file beside the pack. Put the IDS "
                         "file in the pack's folder or fix the name.",
                         "{path}，ids：“{name}”不是规则包目录中的文件。请将 IDS 文件放入"
                         "规则包目录或修正文件名。"),
    "pack.cycle": ("Rule pack '{pack}' extends itself through {chain}. Fix 'extends'.",
                   "规则包“{pack}”经由 {chain} 继承了自身。请修改 extends。"),
    "pack.duplicate": ("Two packs are called '{pack}': {path} and {other}. Rename one.",
                       "有两个规则包都名为“{pack}”：{path} 与 {other}。请重命名其一。"),
    "project.unreadable": ("{path} cannot be read as a project file ({reason}). Fix its "
                           "YAML syntax, or remove it to use the model's own values.",
                           "{path} 无法作为项目文件读取（{reason}）。请修正 YAML 语法，"
                           "或删除该文件以使用模型自带的数值。"),
    "input.invalid": ("{flag}: {problem}", "{flag}：{problem}"),
    "project.not_utf8": (
        "{path} is not UTF-8 text (it looks saved as GBK/ANSI). Save it as UTF-8 in your "
        "editor and check again.",
        "{path} 不是 UTF-8 编码的文本（可能以 GBK/ANSI 保存）。"
        "请在编辑器中另存为 UTF-8 后重新检查。"),
    "project.too_large": (
        "{path} is larger than {limit_kb} KB: that is not a project file. Check the path.",
        "{path} 超过 {limit_kb} KB，不是项目文件。请检查路径。"),
    "project.yaml_syntax": (
        "{path}, line {line}, column {column}: {problem}. Fix the YAML there.",
        "{path}，第 {line} 行第 {column} 列：{problem}。请修正该处的 YAML。"),
    "problem.profile_crossing": ("self-intersecting", "自相交"),
    "problem.profile_empty": ("of zero area", "面积为零"),
    "problem.profile_points": ("unreadable or under 3 points", "点不可读或少于 3 个"),
    "problem.number": ("expected a number, got {value}", "应为数值，实际为 {value}"),
    "problem.finite": ("expected a finite number, got {value}", "应为有限数值，实际为 {value}"),
    "problem.positive": ("must be greater than 0, got {value}", "必须大于 0，实际为 {value}"),
    "problem.count": ("expected a whole number ≥ 0, got {value}",
                      "应为不小于 0 的整数，实际为 {value}"),
    "problem.mapping": ("expected a mapping (key: value), got {value}",
                        "应为“键: 值”映射，实际为 {value}"),
    "problem.list": ("expected a list (- item), got {value}",
                     "应为列表（- 项），实际为 {value}"),
    "problem.text": ("expected text, got {value}", "应为文本，实际为 {value}"),
    "problem.unknown_key": ("unknown key; allowed: {allowed}", "未知的键；可用：{allowed}"),
    "problem.override": ("each override needs global_id and category",
                         "每条改判都需要 global_id 和 category"),
    "problem.unknown_parameter": (
        "pack {pack} has no such parameter; it has: {allowed}",
        "规则包 {pack} 没有此参数；可用参数：{allowed}"),
    "problem.parameter_number": (
        "expected a number ≥ 0 like the pack's {default}, got {value}",
        "应为不小于 0 的数值（规则包默认 {default}），实际为 {value}"),
    "problem.parameter_bool": ("expected true or false, got {value}",
                               "应为 true 或 false，实际为 {value}"),
    "problem.parameter_list": ("expected a list like the pack's {default}, got {value}",
                               "应为列表（规则包默认 {default}），实际为 {value}"),
    "problem.parameter_table": (
        "expected rows of numbers like the pack's {default}, got {value}",
        "应为数值行（规则包默认 {default}），实际为 {value}"),
    "problem.category": ("unknown category {value}; allowed: {allowed}",
                         "未知类别 {value}；可用：{allowed}"),
    "project.invalid": ("{path}, {field}: {problem}", "{path}，{field}：{problem}"),
    "finding.limit": ("{title}: {measured:.3f} {op} {required:.3f} ({margin})",
                      "{title}：{measured:.3f} {op} {required:.3f}（{margin}）"),
    "finding.margin_within_m2": ("{amount:.2f} m² within the limit", "余量 {amount:.2f} m²"),
    "finding.margin_over_m2": ("{amount:.2f} m² over the limit", "超出 {amount:.2f} m²"),
    "finding.margin_within": ("{amount:g} within the limit", "余量 {amount:g}"),
    "finding.margin_over": ("{amount:g} over the limit", "超出 {amount:g}"),
    "finding.no_limit": (
        "{title}: no limit given ({limit}); add it to the project file to check it",
        "{title}：未给出限值（{limit}），请在项目文件中填写后再检查"),
    "finding.ids": ("{title}: {spec}: {count} elements do not meet it ({examples})",
                    "{title}：{spec}：{count} 个构件不符合（{examples}）"),
    "finding.ids_pass": ("{title}: the model meets all {count} data requirements",
                         "{title}：模型满足全部 {count} 项数据要求"),
    "ids.rule_title": ("Model data pre-flight (IDS)", "模型数据预检（IDS）"),
    "ids.unreadable": (
        "{path} cannot be read as IDS 1.0 ({reason}). Fix the file or remove it from the pack.",
        "{path} 不是有效的 IDS 1.0 文件（{reason}）。请修正该文件，或将其从规则包中移除。"),
    "finding.no_measure": ("{title}: the indicator {what} could not be computed",
                           "{title}：无法计算指标“{what}”"),
    "finding.no_site_area": (
        "{title}: the site area is unknown, so plot ratio, density and green ratio cannot "
        "be computed. Give site_area_m2 in the project file, --site-area, or "
        "Pset_SiteCommon.TotalArea in the model.",
        "{title}：用地面积未知，无法计算容积率、建筑密度和绿地率。请在项目文件中填写 "
        "site_area_m2、使用 --site-area 参数，或在模型的 Pset_SiteCommon.TotalArea 中给出。"),
    "finding.site_area": ("{title}: {measured:.2f} m²", "{title}：{measured:.2f} m²"),
    "finding.service": (
        "{title}: {measured:.2f} m² provided, {required:.0f} m² required "
        "({households} households × {rate:g} m² per 100)",
        "{title}：已配置 {measured:.2f} m²，应配置 {required:.0f} m²"
        "（{households} 户 × 每百户 {rate:g} m²）"),
    "finding.no_households": (
        "{title}: the number of households is unknown; give 'households' in the project "
        "file or model dwelling units (CIMCheck_Area.UnitId)",
        "{title}：户数未知；请在项目文件中填写 households，或在模型中标注住宅套"
        "（CIMCheck_Area.UnitId）"),
    "finding.exempt_ratio": (
        "{title}: exempted area is {measured:.1%} of the gross plot-ratio area "
        "(warning above {required:.0%}; a default, not law)",
        "{title}：不计容面积占计容总面积（含不计容部分）的 {measured:.1%}"
        "（超过 {required:.0%} 时提示；为默认值，非法定要求）"),
    "finding.inferred": ("{title}: {item} ({measured:.2f} m²) — {reason}",
                         "{title}：{item}（{measured:.2f} m²）— {reason}"),
    "finding.soil_invalid": (
        "{title}: {item}: CIMCheck_Greening.SoilDepth = {value} is not a soil depth in "
        "metres; this greening gets no credit until it is corrected",
        "{title}：{item}：CIMCheck_Greening.SoilDepth = {value} 不是以米计的覆土深度；"
        "更正前该绿化不计折算面积"),
    "finding.measurement": ("{title}: {detail}", "{title}：{detail}"),
    "finding.declared": (
        "{title}: {subject}: declared {quantity} {required:.3f} ({source}), derived "
        "{measured:.3f}",
        "{title}：{subject}：申报 {quantity} 为 {required:.3f}（{source}），"
        "计算值 {measured:.3f}"),
    "finding.condition_maximum": (
        "{title}: {item} {attribute} = {measured:.2f} {unit} exceeds {required:.2f} {unit}",
        "{title}：{item} 的 {attribute} = {measured:.2f} {unit}，超过 {required:.2f} {unit}"),
    "finding.condition_minimum": (
        "{title}: {item} {attribute} = {measured:.2f} {unit} is below {required:.2f} {unit}",
        "{title}：{item} 的 {attribute} = {measured:.2f} {unit}，低于 {required:.2f} {unit}"),
    "finding.cap": (
        "{title}: unit {dwelling} exempts {measured:.2f} m², above {ratio:.0%} of its area "
        "({required:.2f} m²)",
        "{title}：住宅 {dwelling} 不计容 {measured:.2f} m²，超过其面积的 {ratio:.0%}"
        "（{required:.2f} m²）"),
    "finding.height_multiplier": (
        "{title}: storey '{storey}' is {measured:.2f} m high: its plot-ratio area counts "
        "×{factor:g}",
        "{title}：楼层“{storey}”层高 {measured:.2f} m，计容面积按 ×{factor:g} 计算"),
    "finding.error": ("check '{kind}' failed: {error}. The other checks ran; report this.",
                      "检查“{kind}”出错：{error}。其他检查已完成；请反馈此问题。"),
    "ind.site_area_m2": ("Site area (m²)", "用地面积 (m²)"),
    "ind.total_building_area_m2": ("Total building area (m²)", "总建筑面积 (m²)"),
    "ind.far_area_m2": ("Plot-ratio area (m²)", "计容建筑面积 (m²)"),
    "ind.plot_ratio": ("Plot ratio", "容积率"),
    "ind.exempt_area_m2": ("Exempt area (m²)", "不计容面积 (m²)"),
    "ind.footprint_m2": ("Footprint (m²)", "建筑基底面积 (m²)"),
    "ind.building_density": ("Building density", "建筑密度"),
    "ind.green_area_m2": ("Green area (m²)", "绿地面积 (m²)"),
    "ind.green_credit_m2": ("of which 3D greening credit (m²)", "其中立体绿化折算 (m²)"),
    "ind.green_ratio": ("Green ratio", "绿地率"),
    "ind.households": ("Households", "户数"),
    "ind.service_area_m2": ("Community service space (m²)", "社区配套用房 (m²)"),
    "ind.service_required_m2": ("Required service space (m²)", "应配社区用房 (m²)"),
    "ind.building_height_m": ("Building height (m)", "建筑高度 (m)"),
    "ind.building_heights_m": ("Height of each building (m)", "各栋建筑高度 (m)"),
    "status.PASS": ("PASS", "通过"),
    "status.FAIL": ("FAIL", "不通过"),
    "status.WARN": ("WARN", "提示"),
    "status.NOT_APPLICABLE": ("N/A", "不适用"),
    "status.ERROR": ("ERROR", "错误"),
}
