"""PyInstaller hook for ifcopenshell (pyinstaller-hooks-contrib has none).

ifcopenshell loads its compiled wrapper, geometry-mapping plugins and EXPRESS schema data
at run time by path; collect them all (platform-notes b6). The runtime hook
``pyi_rth_cimcheck`` points the plugin loader at the bundled folder (P10).
"""

from PyInstaller.utils.hooks import collect_all

datas, binaries, hiddenimports = collect_all("ifcopenshell")
# Parts of ifcopenshell cimcheck never imports: its Blender, web-server and BIM-authoring
# extras would only pull heavy optional dependencies into the analysis.
excludedimports = ["ifcopenshell.bimfinder", "ifcopenshell.draw", "ifcopenshell.sql"]
