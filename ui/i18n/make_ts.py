"""Write cimcheck_zh_CN.ts from the table below (the translations' single source).

Run after adding UI strings: ``.venv/bin/python ui/i18n/make_ts.py``. The .ts is committed;
the .qm is built from it by ``python -m cimcheck_ui.translations`` (the install step).
tests/ui/test_translations.py fails when a UI string has no translation here.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

ZH = {
    "&File": "文件(&F)", "&View": "视图(&V)", "&Review": "审查(&R)", "&Language": "语言(&L)",
    "All": "全部", "All storeys": "全部楼层", "Area (m²)": "面积 (m²)",
    "Area diagram": "面积简图", "Area item": "面积项", "Attributes": "属性",
    "Building area (m²)": "建筑面积 (m²)", "Building density": "建筑密度",
    "Building height (m)": "建筑高度 (m)", "Cancel": "取消", "Cancelled": "已取消",
    "Cannot open the model": "无法打开模型",
    "Cannot check the model again": "无法重新检查模型", "Cannot write the file": "无法写入文件",
    "Internal error": "内部错误",
    "The same internal error occurred again ({n} times); see the log":
        "同一内部错误再次发生（共 {n} 次），详见日志",
    "An internal error occurred: {error}. What is on screen may be incomplete: open the model "
    "again. The details were written to {path}; please send that file to the cimcheck "
    "developers.":
        "发生内部错误：{error}。当前显示的内容可能不完整，请重新打开模型。详细信息已写入 {path}，"
        "请将该文件发送给 cimcheck 开发者。", "Category": "类别", "Checked with": "检查规则包：",
    "Class": "类型", "Clause": "依据条款", "Coefficient": "面积系数",
    "Colour by area category": "按面积类别着色", "Colour by finding status": "按检查结论着色",
    "Comment": "说明", "Community service space (m²)": "社区配套用房 (m²)",
    "Counted at half": "计 1/2 面积", "Counted in full": "计全面积", "Decided by": "判定依据",
    "Declared": "申报/明确", "ERROR": "错误", "Elevation (m)": "标高 (m)", "Evidence": "判定说明",
    "Exempt (m²)": "不计容 (m²)", "Exempt area (m²)": "不计容面积 (m²)",
    "Exempt: balcony": "不计容：阳台", "Exempt: bay window": "不计容：飘窗",
    "Exempt: disaster passage": "不计容：防灾安全通道",
    "Exempt: public open space": "不计容：公共开敞空间", "Exempt: sky garden": "不计容：空中花园",
    "Exempt: stilt space": "不计容：架空空间", "Exempt: other": "不计容：其他",
    "Exemption rule": "豁免规则",
    "Export JSON": "导出 JSON",
    "Export JSON…": "导出 JSON…", "Export area diagrams…": "导出面积简图…",
    "Export diagrams": "导出面积简图", "Export workbook": "导出计算书",
    "Export workbook…": "导出 Excel 计算书…", "FAIL": "不通过",
    "Search name, class or GlobalId…": "搜索名称、类型或 GlobalId…",
    "Enter selects every element found": "按回车键选中搜索到的全部构件", "{n} found": "找到 {n} 个",
    "{n} products could not be drawn": "{n} 个构件无法显示",
    "No geometry could be made for:": "以下构件无法生成几何：",
    "Shown for context: not used by the area rules": "仅供显示：不参与面积计算",
    "context": "其余构件",
    "Filter findings…": "筛选检查结果…", "{n} findings": "{n} 项",
    "{n} reviewed": "已有意见 {n} 项",
    "Click to select the elements of all {n} findings": "单击选中这 {n} 项涉及的全部构件",
    "Findings": "检查结果", "Fit view": "适应窗口",
    "Front view": "前视图", "Green ratio": "绿地率", "Greening": "绿化", "Height (m)": "层高 (m)",
    "Height from": "层高来源", "Height limit (m)": "建筑限高 (m)",
    "Horizontal section height (m)": "水平剖切高度 (m)", "Households": "户数",
    "IFC models (*.ifc *.ifczip);;All files (*)": "IFC 模型 (*.ifc *.ifczip);;所有文件 (*)",
    "In no storey": "不属于任何楼层", "Indicator": "指标", "Indicators": "技术指标",
    "Inferred, please confirm": "推定，请确认", "Isometric view": "轴测图", "Item": "编号",
    "Kind": "类别", "Rooms (m²)": "房间合计 (m²)", "÷ rooms": "÷ 房间", "Check": "核对",
    "ok": "正常", "see warning": "见警告", "In effect": "当前采用",
    "Limit": "限值", "Maximum building density": "建筑密度上限",
    "Maximum plot ratio": "容积率上限", "Measured": "实测值", "Message": "说明",
    "Minimum green ratio": "绿地率下限", "Model tree": "模型结构", "N/A": "不适用",
    "Name": "名称", "No finding": "无检查结论", "Not building area": "不计面积",
    "Open IFC model": "打开 IFC 模型", "Open…": "打开…", "PASS": "通过",
    "Plot ratio": "容积率", "Plot-ratio area (m²)": "计容建筑面积 (m²)",
    "Project settings": "项目设置", "Project settings…": "项目设置…", "Properties": "属性",
    "Property": "属性名", "Quit": "退出", "Ready": "就绪", "Recent files": "最近打开",
    "Reclassify": "改判类别", "Reclassify selection…": "改判所选构件…", "Required": "要求值",
    "Result": "结论", "Rule": "规则", "Rule pack": "规则包", "Section at ": "剖切高度 ",
    "Site": "场地", "Site area (m²)": "用地面积 (m²)", "Status": "结论", "Storey": "楼层",
    "Storeys": "分层面积", "Structure": "结构构件", "Top view": "俯视图",
    "Total building area (m²)": "总建筑面积 (m²)", "Undo last change": "撤销上次修改",
    "Value": "数值", "WARN": "提示", "Working…": "正在处理…", "Written": "已写入",
    "cimcheck — future-community model checker": "cimcheck — 未来社区模型审查",
    "open": "打开文件", "index": "建立索引", "tessellate": "生成几何", "cache": "读取缓存",
    "check": "规则检查", "done": "完成",
    # the dashboard
    "Margin": "余量", "Overall result": "总体结论",
    "Click to select these elements": "点击选中这些构件",
    "of which above ground": "其中：地上",
    "of which below ground": "其中：地下", "Not counted (m²)": "不计容建筑面积 (m²)",
    "basements and storeys not counted": "地下室及不计容楼层",
    "storey-height adjustment": "层高计容调整", "Footprint (m²)": "建筑基底面积 (m²)",
    "Green area (m²)": "绿地面积 (m²)",
    "Redo last change": "重做上次修改", "Checking again…": "正在重新检查…",
    "See the selection through the model": "透视所选（其余半透明）",
    "Isolate selection": "隔离所选", "Show all": "显示全部", "Hide by class": "按类型隐藏",
    "IFC class": "IFC 类型", "Long name": "长名称", "Object type": "对象类型",
    "Predefined type": "预定义类型",
    "Review record": "审查记录", "Element": "构件",
    "Remove the selected classification": "撤销所选改判",
    "Export BCF…": "导出 BCF…", "Export BCF": "导出 BCF",
    "Open the sample model": "打开示例模型", "About cimcheck": "关于 cimcheck",
    "&Help": "帮助(&H)", "Built on": "基于", "Font": "字体",
    "Future-community model checker: building area (GB/T 50353-2013), plot-ratio area and the "
    "Zhejiang pilot rules.": "未来社区模型审查：建筑面积（GB/T 50353-2013）、计容建筑面积及浙江省"
                             "未来社区试点规则。",
    "Import BCF…": "导入 BCF…", "Import BCF": "导入 BCF",
    "Review status / comment": "状态/意见",
}


def main() -> None:
    """Write the .ts file."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="zh_CN" sourcelanguage="en">', "<context>",
             "    <name>cimcheck</name>"]
    for source, translation in sorted(ZH.items()):
        lines += ["    <message>", f"        <source>{escape(source)}</source>",
                  f"        <translation>{escape(translation)}</translation>", "    </message>"]
    lines += ["</context>", "</TS>", ""]
    Path(__file__).with_name("cimcheck_zh_CN.ts").write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    main()
