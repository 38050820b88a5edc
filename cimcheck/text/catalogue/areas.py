"""Building areas: categories, storey kinds, evidence, storey-height sources, plausibility.

The words of GB/T 50353-2013 measurements as the reports show them.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "height.Qto_BuildingStoreyBaseQuantities.GrossHeight": (
        "authored GrossHeight", "模型量值 GrossHeight"),
    "height.BaseQuantities.GrossHeight": ("authored GrossHeight", "模型量值 GrossHeight"),
    "height.next storey elevation": ("next storey's elevation", "上层标高差"),
    "height.geometry": ("measured from geometry", "几何实测"),
    "height.unknown": ("unknown", "未知"),
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
    # which classification step decided an item's category (AreaItem.source)
    "source.override": ("reviewer override (project file)", "审查人员改判（项目文件）"),
    "source.property": ("property set (CIMCheck_Area)", "属性集（CIMCheck_Area）"),
    "source.ifc": ("IFC class or predefined type", "IFC 类型或预定义类型"),
    "source.name": ("name (please confirm)", "名称（请确认）"),
    "source.geometry": ("geometry (please confirm)", "几何判定（请确认）"),
    "source.default": ("default", "默认"),
    "cat.storey": ("storey", "普通楼层"),
    "cat.mezzanine": ("mezzanine", "夹层"),
    "cat.sloped_roof": ("sloped-roof space", "坡屋顶空间"),
    "cat.basement": ("basement", "地下室"),
    "cat.semi_basement": ("semi-basement", "半地下室"),
    "cat.stilt": ("stilt space", "架空空间"),
    "cat.lobby_atrium": ("lobby / atrium", "门厅、大厅"),
    "cat.bridge": ("bridge", "架空走廊"),
    "cat.bay_window": ("bay window", "飘窗"),
    "cat.balcony": ("balcony", "阳台"),
    "cat.ext_corridor": ("external corridor", "挑廊、檐廊"),
    "cat.porch": ("porch", "门廊"),
    "cat.canopy_col": ("canopy with columns", "有柱雨篷"),
    "cat.canopy_nocol": ("canopy without columns", "无柱雨篷"),
    "cat.roof_structure": ("rooftop structure", "屋顶局部结构"),
    "cat.shaft": ("shaft", "竖井"),
    "cat.ext_stair": ("external stair", "室外楼梯"),
    "cat.refuge": ("refuge floor", "避难层"),
    "cat.equipment": ("equipment floor", "设备层"),
    "cat.arcade_passage": ("arcade passage", "骑楼、过街楼通道"),
    "cat.terrace": ("terrace", "露台"),
    "cat.sky_garden": ("sky garden", "空中花园"),
    "cat.public_open": ("public open space", "公共开敞空间"),
    "cat.disaster_passage": ("disaster-safety passage", "防灾安全通道"),
    "cat.community_service": ("community service space", "社区配套用房"),
    "cat.dwelling": ("dwelling", "住宅套内"),
    "cat.green": ("greening", "绿化"),
    "cat.other": ("other", "其他"),
    "cat.roof": ("roof", "屋面"),
    "cat.gfa": ("GFA area object", "GFA 面积对象"),
    "cat.none": ("no building area", "不计面积"),
}
