"""Message catalogue: every sentence the core shows a user, in English and 简体中文.

Keys are dotted and stable; values are ``(english, chinese)`` format strings whose fields
are filled from the error's or report's parameters. The module is data only and imports
nothing, so that ``errors`` (the bottom layer) and ``i18n`` can both read it.

Error messages say what is wrong *and* what to do about it.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- opening a model ---------------------------------------------------------------------
    "open.not_found": (
        "File not found: {path}. Check the path and the file name (including .ifc or .ifczip).",
        "找不到文件：{path}。请检查路径和文件名（包括 .ifc 或 .ifczip 扩展名）。",
    ),
    "open.is_directory": (
        "{path} is a folder, not a file. Choose an .ifc or .ifczip file inside it.",
        "{path} 是文件夹而不是文件。请选择其中的 .ifc 或 .ifczip 文件。",
    ),
    "open.no_permission": (
        "No permission to read {path}. Ask the owner for read access or copy the file to a "
        "folder you can read.",
        "没有读取 {path} 的权限。请向文件所有者申请读取权限，或将文件复制到您可以读取的文件夹。",
    ),
    "open.io_error": (
        "Could not read {path}: {reason}. Check that the disk or network share is available "
        "and try again.",
        "无法读取 {path}：{reason}。请检查磁盘或网络共享是否可用，然后重试。",
    ),
    "open.no_data": (
        "{path} has a header but no model data (its DATA section is empty). The export "
        "stopped early: export the model again.",
        "{path} 只有文件头，没有模型数据（DATA 段为空）。导出未完成，请重新导出模型。"),
    "open.no_project": (
        "{path} has no IfcProject: it is a fragment of a model, not a model. Export the whole "
        "project from the authoring tool.",
        "{path} 中没有 IfcProject：这是模型片段而非完整模型。请从建模软件导出完整项目。"),
    "open.bad_units": (
        "{path}: the model's units are damaged ({reason}), so no length or area in it can be "
        "trusted. Export the model again.",
        "{path}：模型的单位定义已损坏（{reason}），其中的长度和面积均不可信。请重新导出模型。"),
    "open.damaged": (
        "{path} is damaged ({count} problems, first: {first}) beyond what can be read "
        "({reason}). Export the model again.",
        "{path} 已损坏（{count} 处问题，首个：{first}），无法读取（{reason}）。请重新导出模型。"),
    "open.not_regular": (
        "{path} is not a regular file (a pipe, a device or a socket): cimcheck reads models "
        "from files only. Save the model to a file and open that.",
        "{path} 不是普通文件（管道、设备或套接字）：cimcheck 只从文件读取模型。"
        "请先将模型保存为文件，再打开该文件。"),
    "open.too_large": (
        "{path} is {size_mb:.0f} MB, above the limit of {limit_mb:.0f} MB. If this really is "
        "one model, raise the limit with the environment variable CIMCHECK_MAX_MODEL_MB.",
        "{path} 大小为 {size_mb:.0f} MB，超过上限 {limit_mb:.0f} MB。"
        "如确为单个模型，请用环境变量 CIMCHECK_MAX_MODEL_MB 调高上限。"),
    "open.empty": (
        "{path} is empty (0 bytes). The export probably failed: export the IFC again from "
        "the authoring tool.",
        "{path} 是空文件（0 字节）。导出可能失败了，请从建模软件重新导出 IFC。",
    ),
    "open.not_ifc": (
        "{path} is not an IFC file: it does not start with the STEP header 'ISO-10303-21;'. "
        "Export the model as IFC (.ifc, STEP physical file) or .ifczip and open that.",
        "{path} 不是 IFC 文件：文件开头没有 STEP 文件头“ISO-10303-21;”。"
        "请将模型导出为 IFC（.ifc）或 .ifczip 后再打开。",
    ),
    "open.ifcxml": (
        "{path} is an ifcXML file; cimcheck reads IFC STEP files (.ifc) and .ifczip. Export "
        "the model as .ifc from the authoring tool.",
        "{path} 是 ifcXML 文件；cimcheck 读取 IFC STEP 文件（.ifc）和 .ifczip。"
        "请从建模软件导出 .ifc 文件。",
    ),
    "open.truncated": (
        "{path} is incomplete: it ends before 'END-ISO-10303-21;' (the file was cut off, "
        "perhaps by an interrupted copy or export). Copy or export the file again.",
        "{path} 不完整：文件在“END-ISO-10303-21;”之前就结束了（可能是复制或导出被中断）。"
        "请重新复制或导出该文件。",
    ),
    "open.bad_header": (
        "{path} has a damaged IFC header ({reason}). Export the model again from the "
        "authoring tool.",
        "{path} 的 IFC 文件头已损坏（{reason}）。请从建模软件重新导出模型。",
    ),
    "open.parse_error": (
        "{path} could not be parsed as IFC ({reason}). The file is damaged or not a valid "
        "IFC export: export it again, or check it with an IFC validator.",
        "{path} 无法按 IFC 解析（{reason}）。文件已损坏或不是有效的 IFC 导出文件："
        "请重新导出，或用 IFC 校验工具检查。",
    ),
    "open.unsupported_schema": (
        "{path} uses the IFC schema {schema}, which cimcheck does not support. Supported: "
        "IFC2X3, IFC4 and IFC4X3. Export the model as IFC4 (or IFC2X3 Coordination View).",
        "{path} 使用的 IFC 版本 {schema} 不受支持。支持的版本：IFC2X3、IFC4 和 IFC4X3。"
        "请将模型导出为 IFC4（或 IFC2X3 Coordination View）。",
    ),
    "open.schema_mismatch": (
        "{path} declares the schema {schema} in its header, but contains entities that "
        "{schema} does not define ({entities}){hint}. The exporter wrote the wrong "
        "FILE_SCHEMA: export again with the matching IFC version.",
        "{path} 的文件头声明为 {schema}，但文件中含有 {schema} 未定义的实体（{entities}）"
        "{hint_zh}。导出程序写错了 FILE_SCHEMA：请用匹配的 IFC 版本重新导出。",
    ),
    "open.zip_no_ifc": (
        "{path} is an .ifczip archive with no .ifc file inside. Check that the right file "
        "was zipped, or export the model as .ifc.",
        "{path} 是 .ifczip 压缩包，但其中没有 .ifc 文件。请检查压缩的是否为正确的文件，"
        "或直接导出 .ifc。",
    ),
    "open.zip_bad": (
        "{path} is not a readable zip archive ({reason}). Export the .ifczip again, or "
        "export as .ifc.",
        "{path} 不是可读取的 zip 压缩包（{reason}）。请重新导出 .ifczip，或导出为 .ifc。",
    ),
    "open.zip_too_large": (
        "{path} would inflate to {size_mb:.0f} MB, above the limit of {limit_mb:.0f} MB "
        "(compression ratio {ratio:.0f}:1). It may be a zip bomb or a damaged archive; if "
        "the model is genuine, unzip it and open the .ifc directly.",
        "{path} 解压后将达到 {size_mb:.0f} MB，超过 {limit_mb:.0f} MB 的上限（压缩比 "
        "{ratio:.0f}:1）。这可能是恶意压缩包或损坏的文件；如果模型确实如此之大，"
        "请先解压再直接打开 .ifc 文件。",
    ),
    "open.zip_several_ifc": (
        "{path} contains several .ifc files ({names}); cimcheck opens one model at a time. "
        "Unzip it and open the model you want.",
        "{path} 含有多个 .ifc 文件（{names}）；cimcheck 每次只打开一个模型。"
        "请解压后打开需要检查的模型。",
    ),
    # -- running -------------------------------------------------------------------------------
    "run.cancelled": (
        "Cancelled by the user during: {stage}.",
        "用户已取消（当时正在：{stage}）。",
    ),
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
}

MESSAGES.update(
    {
        # -- index diagnostics ---------------------------------------------------------------
        "index.area_unit_missing": (
            "The file declares no area unit; quantities were read as {unit} squared. Check "
            "authored areas, or declare AREAUNIT in the exporter's unit settings.",
            "文件未声明面积单位，面积量值按 {unit} 的平方读取。请核对模型自带的面积，"
            "或在导出设置中声明面积单位（AREAUNIT）。",
        ),
        "index.no_storeys": (
            "The model has no building storeys (IfcBuildingStorey): storey areas cannot be "
            "measured. Assign the elements to levels/storeys in the authoring tool and export "
            "again.",
            "模型中没有楼层（IfcBuildingStorey），无法按层计算面积。请在建模软件中将构件"
            "指定到楼层后重新导出。",
        ),
        "index.no_storey_elements": (
            "{count} {ifc_class} element(s) belong to no storey (e.g. {global_id}); they are "
            "left out of storey areas. Assign them to a storey in the authoring tool.",
            "有 {count} 个 {ifc_class} 构件不属于任何楼层（如 {global_id}），不计入楼层面积。"
            "请在建模软件中将其指定到楼层。",
        ),
        "index.elevation_invalid": (
            "Storey {storey}: its Elevation is {value}, not a number; its placement's height is "
            "used instead. Check the storey in the authoring tool.",
            "楼层 {storey}：其标高（Elevation）为 {value}，不是数值，改用其定位高度。"
            "请在建模软件中检查该楼层。"),
        "index.damaged": (
            "The file is damaged: {message}. It touches {count} elements (e.g. {global_id}); "
            "their storeys are marked unreliable. Export the model again.",
            "文件已损坏：{message}。涉及 {count} 个构件（如 {global_id}），"
            "其所在楼层标记为不可靠。请重新导出模型。"),
        "index.damaged_unused": (
            "The file is damaged: {message}. No element found uses the damaged instance; "
            "check the results, and export the model again.",
            "文件已损坏：{message}。未发现使用该损坏实例的构件；请核对结果，并重新导出模型。"),
        "index.storey_height_absurd": (
            "Storey {storey}: a height of {value} m (from {source}) is not a storey height "
            "(0 to {limit:g} m); it is not used, so the storey's height counts as unknown. "
            "Check the storey's quantities and elevations in the authoring tool.",
            "楼层 {storey}：高度 {value} m（来自 {source}）不是合理层高（0–{limit:g} m），未采用，"
            "本层层高按未知处理。请在建模软件中检查该楼层的工程量和标高。"),
        "index.profile_invalid": (
            "{ifc_class} {name} ({global_id}): its plan profile is {problem}, so its area "
            "cannot be trusted; its storey is marked unreliable. Redraw its boundary in the "
            "authoring tool.",
            "{ifc_class} {name}（{global_id}）：平面轮廓{problem}，其面积不可信，"
            "所在楼层标记为不可靠。请在建模软件中重新绘制其边界。"),
        "index.placement_cycle": (
            "{placements} object placements refer to themselves in a loop (a placement cycle); "
            "{count} elements placed by them (e.g. {global_id}) cannot be located and are left "
            "out of areas and the 3D view, and their storeys are marked unreliable. Repair the "
            "placements in the authoring tool and export again.",
            "{placements} 个对象定位循环引用自身（定位环）；由其定位的 {count} 个构件"
            "（如 {global_id}）无法确定位置，不计入面积，也不在三维视图中显示，"
            "所在楼层标记为不可靠。请在建模软件中修复定位后重新导出。"),
        "index.duplicate_global_id": (
            "GlobalId {global_id} is used by {count} objects; results for it are ambiguous. "
            "Regenerate GlobalIds in the authoring tool or with an IFC repair tool.",
            "GlobalId {global_id} 被 {count} 个对象重复使用，其结果可能混淆。"
            "请在建模软件或 IFC 修复工具中重新生成 GlobalId。",
        ),
        "index.storey_height_implausible": (
            "Level '{next}' is only {height} m above storey '{storey}': it was taken as a "
            "reference level, not the next floor, when deriving the storey height. Check the "
            "levels in the model.",
            "标高“{next}”仅比楼层“{storey}”高 {height} m：推算层高时将其视为参照标高而非上一层。"
            "请检查模型中的楼层设置。",
        ),
        "index.storey_height_unknown": (
            "The height of storey '{storey}' is unknown (no GrossHeight quantity, no storey "
            "above, no geometry). Height rules (2.20 m) cannot be applied to it.",
            "无法确定楼层“{storey}”的层高（无 GrossHeight 量值、无上层、无几何）。"
            "层高规则（2.20 m）无法用于该层。",
        ),
        # -- geometry diagnostics ------------------------------------------------------------
        "geometry.failed": (
            "{ifc_class} {global_id} could not be tessellated ({reason}); it is left out of "
            "areas and the 3D view. Check its geometry in the authoring tool.",
            "{ifc_class} {global_id} 无法生成几何（{reason}），不计入面积，也不在三维视图中显示。"
            "请在建模软件中检查该构件的几何。",
        ),
        "geometry.fallback": (
            "{count} element(s) were tessellated with the slower '{kernel}' geometry kernel "
            "after the fast kernel returned nothing for them (e.g. {global_id}).",
            "有 {count} 个构件在快速几何内核无结果后改用较慢的“{kernel}”内核生成"
            "（如 {global_id}）。",
        ),
        "geometry.cache_corrupt": (
            "The geometry cache entry for this model was unreadable and has been rebuilt.",
            "该模型的几何缓存已损坏，已重新生成。",
        ),
        "geometry.cache_unwritable": (
            "The geometry cache could not be written ({reason}); the next opening will "
            "tessellate again.",
            "无法写入几何缓存（{reason}），下次打开时将重新生成几何。",
        ),
    }
)

MESSAGES.update(
    {
        # -- command-line labels -------------------------------------------------------------
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
        "height.Qto_BuildingStoreyBaseQuantities.GrossHeight": (
            "authored GrossHeight", "模型量值 GrossHeight"),
        "height.BaseQuantities.GrossHeight": ("authored GrossHeight", "模型量值 GrossHeight"),
        "height.next storey elevation": ("next storey's elevation", "上层标高差"),
        "height.geometry": ("measured from geometry", "几何实测"),
        "height.unknown": ("unknown", "未知"),
        "severity.info": ("info", "提示"),
        "severity.warning": ("warning", "警告"),
        "severity.error": ("error", "错误"),
    }
)

MESSAGES.update(
    {
        # -- area evidence (rendered per item) ------------------------------------------------
        "ev.override": ("reviewer override in the project file: {category} ({comment})",
                        "项目文件中的审查人员改判：{category}（{comment}）"),
        "ev.pset": ("{pset}.{prop} = {value}", "{pset}.{prop} = {value}"),
        "ev.gfa": ("a GFA area object ({value}): a declaration, compared, not measured",
                   "GFA 面积对象（{value}）：作为申报值比对，不作为测量对象"),
        "ev.predefined": ("{ifc_class} PredefinedType = {value}",
                          "{ifc_class} 预定义类型 = {value}"),
        "ev.external": ("{ifc_class} is EXTERNAL (IsExternal): not enclosed floor",
                        "{ifc_class} 为室外空间（EXTERNAL / IsExternal），不属于围合楼面"),
        "ev.name": ("name '{text}' reads as {category}: inferred, please confirm",
                    "名称“{text}”判定为 {category}：推定，请确认"),
        "ev.storey_name": ("storey name '{text}' reads as {category}",
                           "楼层名称“{text}”判定为 {category}"),
        "ev.height_full": (
            "structural storey height {height:.2f} m ≥ {limit:.2f} m → full area ({source})",
            "结构层高 {height:.2f} m ≥ {limit:.2f} m → 计全面积（{source}）"),
        "ev.height_half": (
            "structural storey height {height:.2f} m < {limit:.2f} m → half area ({source})",
            "结构层高 {height:.2f} m < {limit:.2f} m → 计 1/2 面积（{source}）"),
        "ev.height_unknown": (
            "storey height unknown: counted in full; check the {limit:.2f} m rule by hand",
            "层高未知：按全面积计，请人工核对 {limit:.2f} m 规则"),
        "ev.outline": (
            "outline: section of {walls} enclosing elements at +{cut:.2f} m with {spaces} "
            "enclosed spaces; {filled} inner gaps filled, {kept} open voids kept; "
            "{area:.2f} m²",
            "外轮廓：在楼面以上 {cut:.2f} m 处剖切 {walls} 个围护构件并合并 {spaces} 个围合空间；"
            "填充内部缝隙 {filled} 处，保留开敞空洞 {kept} 处；{area:.2f} m²"),
        "ev.stilt_projection": (
            "stilt storey: measured by the projection of the slab above ({area:.2f} m²)",
            "架空层：按顶板水平投影面积计算（{area:.2f} m²）"),
        "ev.stilt_geometry": (
            "{share:.0%} of the slab above is not enclosed: an overhead (stilt) storey by "
            "geometry, please confirm",
            "上层楼板下 {share:.0%} 的面积无围护：按几何推定为架空层，请确认"),
        "ev.reference_level": (
            "only {gap:.2f} m above storey '{below}': a reference level, not a floor; no "
            "building area (it would count the same floor twice)",
            "仅高于楼层“{below}” {gap:.2f} m：为参照标高而非楼层，不计建筑面积"
            "（否则同一楼层会重复计算）"),
        "ev.floor_level_slab": (
            "floor found {z:+.2f} m from the storey elevation (top of its floor slab); walls "
            "cut above it",
            "实际楼面距楼层标高 {z:+.2f} m（楼板顶面），在其上剖切墙体"),
        "ev.floor_level_walls": (
            "floor found {z:+.2f} m from the storey elevation (base of its walls); walls cut "
            "above it",
            "实际楼面距楼层标高 {z:+.2f} m（墙底），在其上剖切墙体"),
        "ev.holes_shafts": (
            "{count} enclosed openings (stair, lift or pipe shafts, rooms without a slab) "
            "counted as floor area (GB/T 50353-2013 3.0.19)",
            "{count} 处围合洞口（楼梯间、电梯井、管道井或无楼板的房间）计入建筑面积"
            "（GB/T 50353-2013 第3.0.19条）"),
        "ev.floor_void": (
            "{area:.2f} m² with no floor and open through the storey above (an atrium or "
            "double-height void): not floor area on this storey (GB/T 50353-2013 3.0.8)",
            "{area:.2f} m² 无楼板且向上层贯通（中庭或挑空）：不计入本层建筑面积"
            "（GB/T 50353-2013 第3.0.8条）"),
        "ev.holes_unknown": (
            "{count} enclosed openings counted as floor area: the model has no slab or roof "
            "above this storey, so nothing shows them open to the sky (GB/T 50353-2013 3.0.19)",
            "{count} 处围合洞口计入建筑面积：模型中本层以上没有楼板或屋面，"
            "无法判定其露天（GB/T 50353-2013 第3.0.19条）"),
        "ev.slab_edges": (
            "no enclosure: measured at the floor slab edges ({area:.2f} m²), inferred",
            "无围护结构：按楼板边缘计算（{area:.2f} m²），推定值"),
        "ev.no_floor": ("no floor slab and no spaces: no building area on this level",
                        "本层无楼板、无空间：不计建筑面积"),
        "ev.sloped": (
            "sloped roof: clear height ≥ 2.10 m {full:.2f} m², 1.20–2.10 m {half:.2f} m², "
            "< 1.20 m {zero:.2f} m²",
            "坡屋顶：净高 ≥ 2.10 m 部分 {full:.2f} m²，1.20–2.10 m 部分 {half:.2f} m²，"
            "< 1.20 m 部分 {zero:.2f} m²"),
        "ev.band_full": ("clear height ≥ {full:.2f} m under the sloped roof → full area",
                         "坡屋顶下净高 ≥ {full:.2f} m → 计全面积"),
        "ev.band_half": ("clear height {half:.2f}–{full:.2f} m under the sloped roof → half",
                         "坡屋顶下净高 {half:.2f}–{full:.2f} m → 计 1/2 面积"),
        "ev.band_zero": ("clear height < {half:.2f} m under the sloped roof → not counted",
                         "坡屋顶下净高 < {half:.2f} m → 不计面积"),
        "ev.outside_structure": (
            "{area:.2f} m² outside the main structure → half of the slab projection",
            "主体结构外 {area:.2f} m² → 按底板水平投影面积的 1/2 计算"),
        "ev.slab_outside": (
            "floor slab reaches {area:.2f} m² beyond the storey outline: taken as an outside "
            "balcony (geometry), please confirm",
            "楼板超出楼层外轮廓 {area:.2f} m²：按几何推定为主体结构外阳台，请确认"),
        "ev.bay": (
            "sill step {sill:.2f} m (limit < {sill_max:.2f}), clear height {clear:.2f} m "
            "(limit ≥ {clear_min:.2f}) → {coeff}",
            "窗台与室内楼地面高差 {sill:.2f} m（需 < {sill_max:.2f}），结构净高 {clear:.2f} m"
            "（需 ≥ {clear_min:.2f}）→ {coeff}"),
        "ev.inside_geometry": (
            "structure runs along {share:.0%} of its edge: recessed, inside the main "
            "structure → full area (geometry), please confirm",
            "其边线 {share:.0%} 与主体结构相接：凹阳台，位于主体结构内 → 计全面积"
            "（几何推定），请确认"),
        "ev.zero_terrace": ("terrace: not building area", "露台：不计建筑面积"),
        "ev.zero_roof": ("roof zone: not floor area", "屋面区域：不属于楼面面积"),
        "ev.zero_green": ("greening: not building area; measured for the green ratio",
                          "绿化：不计建筑面积，计入绿地率计算"),
        "ev.rooftop": (
            "on top of the main roof and small ({area:.2f} m² against {below:.2f} m² below): "
            "rooftop structure",
            "位于主屋面之上且面积较小（{area:.2f} m²，下层 {below:.2f} m²）：屋顶局部结构"),
        "areas.partial_model": (
            "No storey of this model has walls or curtain walls that close around a floor: "
            "it looks like a structural or partial model. Building areas cannot be measured "
            "from it (GB/T 50353-2013 3.0.1 measures at the outer face of the enclosure). "
            "Export the architectural model, or declare the areas (GFA spaces or "
            "CIMCheck_Area).",
            "本模型没有任何楼层的墙体或幕墙围合出楼面："
            "看起来是结构模型或局部模型，无法据此计算建筑面积"
            "（GB/T 50353-2013 第3.0.1条按围护结构外围计算）。"
            "请导出建筑专业模型，或申报面积（GFA 空间或 CIMCheck_Area）。"),
        "areas.no_enclosure": (
            "{storey}: no walls, curtain walls or columns stand at the floor (cut at "
            "+{cut:.2f} m): building area 0 (GB/T 50353-2013 3.0.1). Export the "
            "architectural model with its walls, or declare the storey's areas.",
            "{storey}：楼面以上 {cut:.2f} m 处没有墙、幕墙或柱：建筑面积按 0 计"
            "（GB/T 50353-2013 第3.0.1条）。"
            "请导出含墙体的建筑专业模型，或申报本层面积。"),
        "areas.enclosure_open": (
            "{storey}: {walls} walls/columns stand at the floor (cut at +{cut:.2f} m) but do "
            "not close around any floor; their cross-sections ({dropped:.2f} m²) are not "
            "floor area, so the building area is 0 (GB/T 50353-2013 3.0.1). Check that the "
            "walls join (gaps over {gap:.2f} m stay open) or export the architectural model.",
            "{storey}：楼面以上 {cut:.2f} m 处有 {walls} 个墙/柱，但未围合出楼面；"
            "其截面（{dropped:.2f} m²）不是楼面面积，本层建筑面积按 0 计"
            "（GB/T 50353-2013 第3.0.1条）。"
            "请检查墙体是否闭合（大于 {gap:.2f} m 的缝隙不会自动封闭），"
            "或导出建筑专业模型。"),
        "areas.geometry_missing": (
            "{storey}: {count} elements of this storey or of the floor and roof over it "
            "have no geometry ({classes}: no body, not tessellated, or misplaced). Floor "
            "openings and the clear-height bands under a sloped roof (GB/T 50353-2013 3.0.3) "
            "may be wrong. Check those elements in the authoring tool and export again.",
            "{storey}：本层或其上楼板、屋面中有 {count} 个构件无几何"
            "（{classes}：无几何表达、无法生成几何或定位错误）。"
            "楼板洞口及坡屋面净高分区（GB/T 50353-2013 第3.0.3条）可能有误。"
            "请在建模软件中检查这些构件后重新导出。"),
        "areas.damaged_elements": (
            "{storey}: {count} of its elements are damaged in the file or malformed (e.g. "
            "{example}; the diagnostics say how), so this storey's area may be wrong. Repair "
            "them in the authoring tool and export again.",
            "{storey}：本层有 {count} 个构件在文件中已损坏或形状有误"
            "（如 {example}，详见诊断信息），本层面积可能有误。请在建模软件中修复后重新导出。"),
        "areas.far_away": (
            "{global_id} lies {distance_km:,.0f} km from the rest of the model: it is misplaced "
            "and left out of the areas (its storey says so). Fix its placement in the "
            "authoring tool.",
            "{global_id} 距模型其余部分 {distance_km:,.0f} km：定位有误，"
            "不计入面积（所在楼层另有提示）。请在建模软件中修正其定位。"),
        "areas.slab_edges": (
            "{storey}: no enclosing walls at all; measured at the edges of {slabs} floor slabs "
            "({area:.2f} m²), inferred: please confirm. This looks like a structural model "
            "(GB/T 50353-2013 3.0.1 measures at the enclosure).",
            "{storey}：本层没有任何围护墙体，按 {slabs} 块楼板边缘计算（{area:.2f} m²），为推定值，"
            "请确认。看起来是结构模型（GB/T 50353-2013 第3.0.1条按围护结构计算）。"),
        "areas.storey_implausible": (
            "{storey}: building area measured {area} m² against {rooms} m² of rooms (×{ratio}; "
            "expected ×1.00–1.35) and {authored} m² authored. Likely causes: {causes}. "
            "Check the storey in the area diagram before relying on it.",
            "{storey}：实测面积 {area} m²，房间合计 {rooms} m²（×{ratio}，合理范围 ×1.00–1.35），"
            "模型申报 {authored} m²。可能原因：{causes}。"
            "请先在面积简图中核对本层，再采用该数值。"),
        "plaus.cause.walls_missed": (
            "rooms reach beyond the measured outline: walls were not cut (they start above "
            "the cut height, or are exported as another element class)",
            "房间超出实测外轮廓：墙体未被剖切到（墙底高于剖切高度，或以其他构件类型导出）"),
        "plaus.cause.cut_height": (
            "the floor is not where the storey's elevation says",
            "实际楼面与楼层标高不一致"),
        "plaus.cause.void_taken": (
            "an opening in the floor was taken for an atrium void",
            "楼板洞口被判定为中庭挑空"),
        "plaus.cause.shafts_without_rooms": (
            "stair or lift shafts are counted (GB/T 50353-2013 3.0.19) but have no rooms",
            "楼梯间或电梯井按 GB/T 50353-2013 第3.0.19条计入，但模型中无对应房间"),
        "plaus.cause.slab_beyond_walls": (
            "floor slabs reaching beyond the walls (an apron, a terrace) were measured",
            "超出墙体的楼板（散水、露台）被计入"),
        "plaus.cause.rooms_partial": (
            "rooms are not modelled over the whole storey",
            "房间未覆盖整层"),
        "plaus.cause.rooms_without_area": (
            "the storey has rooms but no enclosure was measured",
            "本层有房间但未测得围护结构"),
        "plaus.cause.enclosure_open": (
            "the walls standing on the floor do not close around it",
            "楼面上的墙体未闭合"),
        "plaus.cause.no_enclosure": ("no walls stand on this floor", "本层楼面上没有墙体"),
        "plaus.cause.slab_edges": (
            "no walls: measured at the slab edges", "无墙体：按楼板边缘计算"),
        "plaus.cause.geometry_missing": (
            "elements of this storey or the roof over it have no geometry",
            "本层或其上屋面的部分构件无几何"),
        "plaus.cause.damaged": ("the file is damaged at elements of this storey",
                                "文件在本层构件处损坏"),
        "plaus.cause.authored_gross": (
            "the authoring tool's own gross floor area differs by more than 5 %",
            "与建模软件自身的楼层总建筑面积相差超过 5%"),
        "areas.override_unknown": (
            "The project file reclassifies {global_id} as {category}, but the model has no "
            "such element (it was deleted or its GlobalId changed). Update or remove the "
            "override.",
            "项目文件将 {global_id} 改判为 {category}，"
            "但模型中没有该构件（已删除或 GlobalId 已变）。请更新或删除该改判。"),
        "areas.unknown_category": (
            "{ifc_class} {global_id}: CIMCheck_Area.AreaCategory = {value!r} is not a known "
            "category, so it was not used (the element is classified by its name and "
            "geometry). Use one of: {allowed}.",
            "{ifc_class} {global_id}：CIMCheck_Area.AreaCategory = {value!r} 不是已知类别，"
            "未采用（该构件按名称和几何分类）。可用类别：{allowed}。"),
        "areas.declared_mismatch": (
            "{subject}: declared {quantity} {declared} ({source}) differs from the derived "
            "{derived}. Check the model's area objects or the geometry.",
            "{subject}：申报的 {quantity} 为 {declared}（{source}），与计算值 {derived} 不符。"
            "请核对模型中的面积对象或几何。"),
    }
)

# Category and storey-kind names, for tables and legends.
_CATEGORY_NAMES = {
    "storey": ("storey", "普通楼层"), "mezzanine": ("mezzanine", "夹层"),
    "sloped_roof": ("sloped-roof space", "坡屋顶空间"), "basement": ("basement", "地下室"),
    "semi_basement": ("semi-basement", "半地下室"), "stilt": ("stilt space", "架空空间"),
    "lobby_atrium": ("lobby / atrium", "门厅、大厅"), "bridge": ("bridge", "架空走廊"),
    "bay_window": ("bay window", "飘窗"), "balcony": ("balcony", "阳台"),
    "ext_corridor": ("external corridor", "挑廊、檐廊"), "porch": ("porch", "门廊"),
    "canopy_col": ("canopy with columns", "有柱雨篷"),
    "canopy_nocol": ("canopy without columns", "无柱雨篷"),
    "roof_structure": ("rooftop structure", "屋顶局部结构"), "shaft": ("shaft", "竖井"),
    "ext_stair": ("external stair", "室外楼梯"), "refuge": ("refuge floor", "避难层"),
    "equipment": ("equipment floor", "设备层"),
    "arcade_passage": ("arcade passage", "骑楼、过街楼通道"),
    "terrace": ("terrace", "露台"), "sky_garden": ("sky garden", "空中花园"),
    "public_open": ("public open space", "公共开敞空间"),
    "disaster_passage": ("disaster-safety passage", "防灾安全通道"),
    "community_service": ("community service space", "社区配套用房"),
    "dwelling": ("dwelling", "住宅套内"), "green": ("greening", "绿化"), "other": ("other", "其他"),
    "roof": ("roof", "屋面"), "gfa": ("GFA area object", "GFA 面积对象"),
    "none": ("no building area", "不计面积"),
}
MESSAGES.update({f"cat.{k}": v for k, v in _CATEGORY_NAMES.items()})
MESSAGES.update(
    {
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
    }
)

MESSAGES.update(
    {
        # -- rule packs and project files ------------------------------------------------------
        "pack.unreadable": ("{path} cannot be read as YAML ({reason}). Fix the file's syntax.",
                            "{path} 无法按 YAML 读取（{reason}）。请修正文件语法。"),
        "pack.invalid": ("{path}, rule {rule_id}, {field}: {problem}",
                         "{path}，规则 {rule_id}，{field}：{problem}"),
        "pack.unknown": ("There is no rule pack '{pack}'. Known packs: {known}. Run "
                         "'cimcheck packs' to list them.",
                         "没有名为“{pack}”的规则包。已有：{known}。可运行“cimcheck packs”查看。"),
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
    }
)

MESSAGES.update(
    {
        # -- findings (fields: title, measured, required, unit, ...) ----------------------------
        "finding.limit": ("{title}: {measured:.3f} {op} {required:.3f}",
                          "{title}：{measured:.3f} {op} {required:.3f}"),
        "finding.no_limit": (
            "{title}: no limit given ({limit}); add it to the project file to check it",
            "{title}：未给出限值（{limit}），请在项目文件中填写后再检查"),
        "finding.no_measure": ("{title}: the indicator {indicator} could not be computed",
                               "{title}：无法计算指标 {indicator}"),
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
    }
)

MESSAGES.update(
    {
        "cli.pack": ("Rule pack", "规则包"),
        "cli.indicators": ("Indicators", "技术指标"),
        "cli.col_indicator": ("Indicator", "指标"),
        "cli.col_value": ("Value", "数值"),
        "cli.col_from": ("From", "来源"),
        "cli.findings": ("Findings", "检查结果"),
        "cli.result": ("Result", "结论"),
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
        "status.PASS": ("PASS", "通过"),
        "status.FAIL": ("FAIL", "不通过"),
        "status.WARN": ("WARN", "提示"),
        "status.NOT_APPLICABLE": ("N/A", "不适用"),
        "status.ERROR": ("ERROR", "错误"),
        "cli.packs_header": ("Rule packs", "规则包"),
    }
)
