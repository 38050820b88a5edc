"""Opening a model, indexing it and tessellating it: what can go wrong with a file.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "open.not_bcf": (
        "{path} is not a BCF file (a zip with bcf.version). Choose the .bcf (.bcfzip) the "
        "reviewer returned.",
        "{path} 不是 BCF 文件（缺少 bcf.version 的 zip 包）。请选择审查方返回的 .bcf 文件。"),
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
    "open.no_working_copy": (
        "Could not write a working copy of {path} to the temporary folder ({reason}). "
        "Check that the temporary folder has room (or set TMPDIR to one that has) and try "
        "again.",
        "无法在临时文件夹中写入 {path} 的工作副本（{reason}）。请检查临时文件夹是否有足够空间"
        "（或将 TMPDIR 设为有空间的文件夹），然后重试。",
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
    "run.cancelled": (
        "Cancelled by the user during: {stage}.",
        "用户已取消（当时正在：{stage}）。",
    ),
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
