"""PyInstaller hook for ifctester: its IDS 1.0 XSD and report templates are data files."""

from PyInstaller.utils.hooks import collect_data_files

# Its web app (32 MB of JavaScript) is left out: cimcheck runs IDS through the library.
datas = collect_data_files("ifctester", excludes=["webapp", "webapp/**"])
# The web reporter (flask) is not used: cimcheck writes its own workbook and BCF.
excludedimports = ["flask"]
