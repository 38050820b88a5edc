"""Labels and lines of the command-line reports.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.model": ("Model", "模型"),
    "cli.schema": ("IFC schema", "IFC 版本"),
    "cli.application": ("Authoring application", "建模软件"),
    "cli.units": ("Units", "单位"),
    "cli.units_line": (
        "length 1 {unit} = {length} m; area 1 unit = {area} m²{inferred}",
        "长度 1 {unit} = {length} m；面积 1 单位 = {area} m²{inferred}",
    ),
    "cli.area_inferred": (" (no area unit declared: assumed)", "（未声明面积单位，按推定）"),
    "cli.storeys": ("Storeys", "楼层"),
    "cli.no_storeys": ("(none)", "（无）"),
    "cli.col_name": ("Name", "名称"),
    "cli.col_elevation": ("Elevation (m)", "标高 (m)"),
    "cli.col_height": ("Height (m)", "层高 (m)"),
    "cli.col_source": ("Height from", "层高来源"),
    "cli.col_spaces": ("Spaces", "空间数"),
    "cli.counts": ("Elements by class", "各类构件数量"),
    "cli.geometry": ("Geometry", "几何"),
    "cli.geometry_line": (
        "{meshes} meshes, {how} in {seconds:.2f} s ({kernels})",
        "{meshes} 个网格，{how}，用时 {seconds:.2f} 秒（{kernels}）",
    ),
    "cli.from_cache": ("read from the cache", "读取自缓存"),
    "cli.tessellated": ("tessellated", "新生成"),
    "cli.diagnostics": ("Diagnostics", "诊断信息"),
    "cli.no_diagnostics": ("none", "无"),
    "cli.error": ("Error", "错误"),
    "cli.internal_error": (
        "Internal error: {reason}. Details are in {log}; please report it with that file "
        "and the model if you can (or run again with --debug).",
        "内部错误：{reason}。详情见 {log}；请尽可能连同该文件和模型一起反馈"
        "（或加 --debug 参数重新运行）。",
    ),
    "cli.output_failed": (
        "could not write the output ({reason}). Free some disk space or write the "
        "report to a file with --json PATH.",
        "无法写出结果（{reason}）。请释放磁盘空间，或用 --json PATH 写入文件。"),
    "cli.interrupted": ("Interrupted.", "已中断。"),
    "cli.written": ("Written: {path}", "已写入：{path}"),
    "cli.ids_line": ("applies to {applicable}, {failed} failing",
                     "适用 {applicable} 个构件，{failed} 个不符合"),
    "cli.bcf_still": ("(still found)", "（仍存在）"),
    "cli.bcf_gone": ("(no longer found: fixed?)", "（已不存在：可能已修改）"),
    "cli.bcf_count": ("{count} topics", "共 {count} 条问题"),
    "cli.batch_empty": ("no model found in the inputs (.ifc or .ifczip files, folders, or "
                        "text files listing paths)",
                        "输入中没有找到模型（.ifc 或 .ifczip 文件、文件夹，或列出路径的文本文件）"),
    "cli.batch_skipped": ("done before (same file, pack and project file): skipped",
                          "此前已完成（文件、规则包与项目文件均未变）：跳过"),
    "cli.col_area": ("Building area (m²)", "建筑面积 (m²)"),
    "cli.col_rooms": ("Rooms (m²)", "房间合计 (m²)"),
    "cli.col_ratio": ("÷ rooms", "÷ 房间"),
    "cli.col_authored": ("Authored (m²)", "模型申报 (m²)"),
    "cli.col_check": ("Check", "核对"),
    "cli.check_ok": ("ok", "正常"),
    "cli.check_warn": ("see warning", "见警告"),
    "cli.col_kind": ("Kind", "类别"),
    "cli.col_category": ("Category", "类别"),
    "cli.col_count": ("Items", "项数"),
    "cli.col_measured": ("Measured (m²)", "测量面积 (m²)"),
    "cli.items_by_category": ("Area items by category", "按类别汇总的面积项"),
    "cli.totals_line": (
        "building area {total:.2f} m² (above ground {above:.2f}, below ground {below:.2f}); "
        "footprint {footprint:.2f} m²; households {households} ({household_source})",
        "总建筑面积 {total:.2f} m²（地上 {above:.2f}，地下 {below:.2f}）；基底面积 "
        "{footprint:.2f} m²；户数 {households}（来源：{household_source}）"),
    "cli.inferred": ("Please confirm (decided by name or geometry only)",
                     "请确认（仅按名称或几何推定）"),
    "cli.pack": ("Rule pack", "规则包"),
    "cli.indicators": ("Indicators", "技术指标"),
    "cli.col_indicator": ("Indicator", "指标"),
    "cli.col_value": ("Value", "数值"),
    "cli.col_from": ("From", "来源"),
    "cli.findings": ("Findings", "检查结果"),
    "cli.findings_more": (
        "… and {count} more of this rule (all of them: --json or --xlsx)",
        "… 本条另有 {count} 项（完整列表见 --json 或 --xlsx 工作簿）"),
    "cli.items_more": ("… and {count} more (all of them: --json)",
                       "… 另有 {count} 项（完整列表见 --json）"),
    "cli.cell_more": (", … ({total} in all)", "…（共 {total} 项）"),     # the largest shown
    "cli.list_separator": (", ", "、"),
    "cli.of_which": ("  of which {part}", "  其中{part}"),
    "cli.result": ("Result", "结论"),
    "cli.packs_header": ("Rule packs", "规则包"),
    "cli.cache_folder": ("Cache folder: {path}", "缓存文件夹：{path}"),
    "cli.cache_results": ("  results: {entries} entries, {mb:.1f} MB",
                          "  审查结果：{entries} 项，{mb:.1f} MB"),
    "cli.cache_geometry": ("  geometry: {entries} entries, {mb:.1f} MB",
                           "  几何数据：{entries} 项，{mb:.1f} MB"),
    "cli.cache_total": ("  total: {entries} entries, {mb:.1f} MB",
                        "  合计：{entries} 项，{mb:.1f} MB"),
    "cli.cache_bound": (
        "Bound: {mb} MB (CIMCHECK_CACHE_LIMIT_MB); the entries used least recently go "
        "first",
        "上限：{mb} MB（CIMCHECK_CACHE_LIMIT_MB），超出时先删除最久未使用的缓存项"),
    "cli.cache_over": (
        "Over the bound: trimmed after the next check that writes to it, or now with "
        "'cimcheck cache --trim'",
        "已超出上限：将在下次写入缓存的审查后清理，或立即运行 cimcheck cache --trim"),
    "cli.cache_trimmed": ("Removed {removed} of {entries} entries ({mb:.1f} MB)",
                          "已删除 {entries} 项中的 {removed} 项（{mb:.1f} MB）"),
    "cli.cache_not_folder": (
        "the cache folder {path} is not a folder: point CIMCHECK_CACHE_DIR at a folder",
        "缓存文件夹 {path} 不是文件夹：请将 CIMCHECK_CACHE_DIR 设为一个文件夹"),
    "cli.cache_not_removed": (
        "{failed} of {entries} cache entries could not be removed ({reason}): check the "
        "permissions of {path}",
        "缓存中有 {failed} 项（共 {entries} 项）无法删除（{reason}）：请检查 {path} 的权限"),
    "cli.cache_unreadable": (
        "the cache could not be read ({reason}): check the folder's permissions",
        "无法读取缓存（{reason}）：请检查该文件夹的权限"),
    "cli.cache_unbounded": ("Bound: none (CIMCHECK_CACHE_LIMIT_MB=0)",
                            "上限：无（CIMCHECK_CACHE_LIMIT_MB=0）"),
    "cli.cache_cleared": (
        "Removed {removed} of {entries} entries ({mb:.1f} MB); the next check of each model "
        "computes everything again",
        "已删除 {entries} 项中的 {removed} 项（{mb:.1f} MB）；各模型下次审查时将重新计算"),
}
