"""PyInstaller hook for the shipped Noto Sans SC font (the diagrams and the app use it)."""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("pylopdf_fonts_zh_cn")
