"""Writing outputs: workbooks, JSON, diagrams.

Values are ``(english, chinese)`` format strings; see :mod:`cimcheck.text`.
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
}
