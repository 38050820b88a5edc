"""PyInstaller hook for bcf-client (import name ``bcf``): its XML bindings load lazily."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("bcf")
datas = collect_data_files("bcf")
